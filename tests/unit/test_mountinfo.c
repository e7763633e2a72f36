/* mountinfo parsing, and the host's cgroup hierarchies on v1, hybrid and
 * pure v2 hosts (what 2.1.2's /sys/fs/cgroup rows are made from). */
#include "cgroup_tree.h"
#include "cmocka_all.h"
#include "mountinfo.h"

#include <stdio.h>

static const char v1_host[] =
    "30 22 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
    "31 30 0:28 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd\n"
    "34 30 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct\n"
    "35 30 0:32 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory\n"
    "36 30 0:32 / /mnt/memory-again rw,relatime - cgroup cgroup rw,memory\n";

static const char hybrid_host[] =
    "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

static const char v2_host[] =
    "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";

static void parse(const char *text, struct mountinfo *mi)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(f);
    assert_int_equal(mountinfo_parse(f, mi), 0);
    fclose(f);
}

static void test_fields_and_optional_fields(void **state)
{
    struct mountinfo mi;
    (void)state;
    parse(v1_host, &mi);
    assert_int_equal(mi.count, 5);
    assert_int_equal(mi.entries[1].id, 31);
    assert_int_equal(mi.entries[1].parent, 30);
    assert_string_equal(mi.entries[1].mount_point, "/sys/fs/cgroup/systemd");
    assert_string_equal(mi.entries[1].fstype, "cgroup");
    assert_string_equal(mi.entries[0].super_opts, "ro,mode=755");
    assert_string_equal(mountinfo_find(&mi, "/sys/fs/cgroup/memory")->mount_opts,
                        "rw,nosuid,nodev,noexec,relatime");
    assert_null(mountinfo_find(&mi, "/nope"));
    mountinfo_free(&mi);
}

static void test_escapes(void **state)
{
    struct mountinfo mi;
    (void)state;
    parse("50 1 0:1 / /mnt/with\\040space rw - tmpfs my\\011src rw\n", &mi);
    assert_string_equal(mi.entries[0].mount_point, "/mnt/with space");
    assert_string_equal(mi.entries[0].source, "my\tsrc");
    mountinfo_free(&mi);
}

static void test_malformed(void **state)
{
    struct mountinfo mi;
    FILE *f = fmemopen((void *)"1 2 3 4\n", 8, "r");
    (void)state;
    assert_int_equal(mountinfo_parse(f, &mi), -1);
    assert_error_mentions("line 1");
    fclose(f);
}

static void test_v1_hierarchies(void **state)
{
    struct mountinfo mi;
    struct cgroup_hierarchy h[8];
    (void)state;
    parse(v1_host, &mi);
    /* The memory hierarchy mounted twice counts once; release_agent and
     * xattr do not name a hierarchy. */
    assert_int_equal(cgroup_hierarchies(&mi, h, 8), 3);
    assert_string_equal(h[0].name, "systemd");
    assert_string_equal(h[0].controllers, "name=systemd");
    assert_string_equal(h[1].name, "cpu,cpuacct");
    assert_string_equal(h[1].controllers, "cpu,cpuacct");
    assert_string_equal(h[2].name, "memory");
    assert_false(h[2].v2);
    mountinfo_free(&mi);
}

static void test_hybrid_hierarchies(void **state)
{
    struct mountinfo mi;
    struct cgroup_hierarchy h[8];
    (void)state;
    parse(hybrid_host, &mi);
    assert_int_equal(cgroup_hierarchies(&mi, h, 8), 3);
    assert_string_equal(h[2].name, "unified");
    assert_true(h[2].v2);
    mountinfo_free(&mi);
}

static void test_v2_hierarchy(void **state)
{
    struct mountinfo mi;
    struct cgroup_hierarchy h[8];
    (void)state;
    parse(v2_host, &mi);
    assert_int_equal(cgroup_hierarchies(&mi, h, 8), 1);
    assert_true(h[0].v2);
    assert_string_equal(h[0].controllers, "");
    mountinfo_free(&mi);
}

static const char self_cgroup[] = "9:name=systemd:/\n"
                                  "4:cpu,cpuacct:/minirunc/c1\n"
                                  "3:memory:/minirunc/c1\n"
                                  "0::/minirunc/c1\n";

static void test_self_path_per_hierarchy(void **state)
{
    struct cgroup_hierarchy cpu = { .controllers = "cpu,cpuacct" };
    struct cgroup_hierarchy v2 = { .v2 = 1 };
    struct cgroup_hierarchy pids = { .controllers = "pids" };
    struct cgroup_hierarchy cpuonly = { .controllers = "cpu" };
    char out[256];
    (void)state;
    assert_int_equal(cgroup_self_path(self_cgroup, &cpu, out, sizeof(out)), 0);
    assert_string_equal(out, "/minirunc/c1");
    assert_int_equal(cgroup_self_path(self_cgroup, &v2, out, sizeof(out)), 0);
    assert_string_equal(out, "/minirunc/c1");
    /* not listed, and "cpu" is not "cpu,cpuacct" */
    assert_int_equal(cgroup_self_path(self_cgroup, &pids, out, sizeof(out)), -1);
    assert_int_equal(cgroup_self_path(self_cgroup, &cpuonly, out, sizeof(out)), -1);
}

static void test_own_dir_binds_only_below_the_root(void **state)
{
    struct mountinfo mi;
    struct cgroup_hierarchy h[8];
    char out[1024];
    (void)state;
    parse(v1_host, &mi);
    assert_int_equal(cgroup_hierarchies(&mi, h, 8), 3);
    /* In its own cgroup below the root: bind the host's directory. */
    cgroup_own_dir(self_cgroup, &h[2], out, sizeof(out));
    assert_string_equal(out, "/sys/fs/cgroup/memory/minirunc/c1");
    /* At the root of what it sees (a cgroup namespace): a fresh mount. */
    cgroup_own_dir(self_cgroup, &h[0], out, sizeof(out));
    assert_string_equal(out, "");
    /* A host mount that itself shows a subdirectory: paths are relative to it. */
    snprintf(h[1].host_root, sizeof(h[1].host_root), "/minirunc");
    cgroup_own_dir(self_cgroup, &h[1], out, sizeof(out));
    assert_string_equal(out, "/sys/fs/cgroup/cpu,cpuacct/c1");
    snprintf(h[1].host_root, sizeof(h[1].host_root), "/elsewhere");
    cgroup_own_dir(self_cgroup, &h[1], out, sizeof(out));
    assert_string_equal(out, "");
    /* A path that climbs out of the namespace's root is never followed. */
    cgroup_own_dir("3:memory:/../../other\n", &h[2], out, sizeof(out));
    assert_string_equal(out, "");
    mountinfo_free(&mi);
}

static void test_opt_list_has(void **state)
{
    (void)state;
    assert_true(opt_list_has("rw,cpu,cpuacct", "cpu"));
    assert_true(opt_list_has("rw,cpu,cpuacct", "cpuacct"));
    assert_false(opt_list_has("rw,cpuacct", "cpu"));
    assert_false(opt_list_has("", "cpu"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_and_optional_fields),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_v1_hierarchies),
        cmocka_unit_test(test_hybrid_hierarchies),
        cmocka_unit_test(test_v2_hierarchy),
        cmocka_unit_test(test_self_path_per_hierarchy),
        cmocka_unit_test(test_own_dir_binds_only_below_the_root),
        cmocka_unit_test(test_opt_list_has),
    };
    return cmocka_run_group_tests_name("common mountinfo + cgroup hierarchies", tests, NULL, NULL);
}
