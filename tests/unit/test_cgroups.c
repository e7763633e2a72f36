/* 2.3: parsing, unit conversions, host detection from mount tables, and the
 * v1/v2 file mapping written into fake cgroupfs trees of both layouts. */
#include "cgroups.h"
#include "cmocka_all.h"
#include "inroot.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_sizes(void **state)
{
    int64_t v;
    (void)state;
    assert_int_equal(cg_parse_size("32M", &v, "--memory"), 0);
    assert_int_equal(v, 32 << 20);
    assert_int_equal(cg_parse_size("1g", &v, "--memory"), 0);
    assert_int_equal(v, 1LL << 30);
    assert_int_equal(cg_parse_size("512KiB", &v, "--memory"), 0);
    assert_int_equal(v, 512 << 10);
    assert_int_equal(cg_parse_size("4096", &v, "--memory"), 0);
    assert_int_equal(v, 4096);
    assert_int_equal(cg_parse_size("max", &v, "--memory"), 0);
    assert_int_equal(v, CG_UNLIMITED);
    assert_int_equal(cg_parse_size("32X", &v, "--memory"), -1);
    assert_error_mentions("--memory 32X: unknown unit 'X'");
    assert_int_equal(cg_parse_size("lots", &v, "--memory"), -1);
    assert_int_equal(cg_parse_size("0", &v, "--memory"), -1);
    assert_int_equal(cg_parse_size("99999999999T", &v, "--memory"), -1);
}

static void test_cpus_and_ints(void **state)
{
    int64_t q, p, v;
    (void)state;
    assert_int_equal(cg_parse_cpus("0.5", &q, &p), 0);
    assert_int_equal(q, 50000);
    assert_int_equal(p, 100000);
    assert_int_equal(cg_parse_cpus("2", &q, &p), 0);
    assert_int_equal(q, 200000);
    assert_int_equal(cg_parse_cpus("0", &q, &p), -1);
    assert_int_equal(cg_parse_cpus("half", &q, &p), -1);
    assert_int_equal(cg_parse_cpus("0.001", &q, &p), -1);
    assert_int_equal(cg_parse_int("20", 1, INT64_MAX, &v, "--pids"), 0);
    assert_int_equal(cg_parse_int("max", 1, INT64_MAX, &v, "--pids"), 0);
    assert_int_equal(v, CG_UNLIMITED);
    assert_int_equal(cg_parse_int("1", 2, 262144, &v, "--cpu-shares"), -1);
    assert_error_mentions("--cpu-shares 1: expected a whole number from 2 to 262144");
}

static void test_io_max_and_hugetlb(void **state)
{
    struct cg_limits l;
    struct cg_hugetlb_limit h;
    (void)state;
    cg_limits_init(&l);
    assert_int_equal(cg_parse_io_max("8:16 rbps=1048576 wiops=max", &l, "--io-max"), 0);
    assert_int_equal(l.io_limits_count, 2);
    assert_int_equal(l.io_limits[0].major, 8);
    assert_int_equal(l.io_limits[0].minor, 16);
    assert_int_equal(l.io_limits[0].kind, CG_IO_RBPS);
    assert_int_equal(l.io_limits[0].rate, 1048576);
    assert_int_equal(l.io_limits[1].kind, CG_IO_WIOPS);
    assert_int_equal(l.io_limits[1].rate, CG_UNLIMITED);
    assert_false(cg_limits_empty(&l));
    assert_int_equal(cg_parse_io_max("8:0", &l, "--io-max"), -1);
    assert_error_mentions("expected MAJOR:MINOR KEY=VALUE");
    assert_int_equal(cg_parse_io_max("8:0 speed=3", &l, "--io-max"), -1);
    assert_error_mentions("keys are rbps, wbps, riops and wiops");
    assert_int_equal(cg_parse_io_max("8:0 rbps=-1", &l, "--io-max"), -1);
    assert_int_equal(cg_parse_io_max("*:0 rbps=1", &l, "--io-max"), -1);
    assert_int_equal(cg_parse_hugetlb("1GB=2G", &h, "--hugetlb"), 0);
    assert_string_equal(h.pagesize, "1GB");
    assert_int_equal(h.limit, 2LL << 30);
    assert_int_equal(cg_parse_hugetlb("2M=64M", &h, "--hugetlb"), -1);
    assert_error_mentions("expected PAGESIZE=LIMIT");
    assert_int_equal(cg_parse_hugetlb("2MB", &h, "--hugetlb"), -1);
    assert_int_equal(cg_parse_hugetlb("../MB=1", &h, "--hugetlb"), -1);
    {
        struct cg_net_prio np;
        assert_int_equal(cg_parse_net_prio("lo=0", &np, "--net-prio"), 0);
        assert_string_equal(np.ifname, "lo");
        assert_int_equal(cg_parse_net_prio("eth/0=1", &np, "--net-prio"), -1);
        assert_int_equal(cg_parse_net_prio("eth0", &np, "--net-prio"), -1);
        assert_error_mentions("expected IFNAME=PRIORITY");
        assert_int_equal(cg_parse_net_prio("averyveryverylongname=1", &np, "--net-prio"), -1);
    }
}

static void test_device_rules(void **state)
{
    struct cg_device_rule r;
    char buf[64];
    (void)state;
    assert_int_equal(cg_parse_device_rule("c 1:3 w", false, &r), 0);
    cg_device_rule_str(&r, buf, sizeof(buf));
    assert_string_equal(buf, "c 1:3 w");
    assert_int_equal(cg_parse_device_rule("b *:* m", true, &r), 0);
    cg_device_rule_str(&r, buf, sizeof(buf));
    assert_string_equal(buf, "b *:* m");
    assert_int_equal(cg_parse_device_rule("a", true, &r), 0);
    cg_device_rule_str(&r, buf, sizeof(buf));
    assert_string_equal(buf, "a *:* rwm");
    assert_int_equal(cg_parse_device_rule("x 1:3", true, &r), -1);
    assert_error_mentions("TYPE a, b or c");
    assert_int_equal(cg_parse_device_rule("c 1-3", true, &r), -1);
    assert_int_equal(cg_parse_device_rule("c 1:3 rwx", true, &r), -1);
    assert_error_mentions("r, w and m");
}

static void test_conversions(void **state)
{
    (void)state;
    /* runc's formulas: the v1 default 1024 shares is v2 weight 39. */
    assert_int_equal(cg_shares_to_weight(1024), 39);
    assert_int_equal(cg_shares_to_weight(2), 1);
    assert_int_equal(cg_shares_to_weight(262144), 10000);
    assert_int_equal(cg_weight_to_shares(1), 2);
    assert_int_equal(cg_weight_to_shares(10000), 262144);
    assert_int_equal(cg_blkio_to_io_weight(10), 1);
    assert_int_equal(cg_blkio_to_io_weight(1000), 10000);
    assert_int_equal(cg_blkio_to_io_weight(500), 4950);
    assert_int_equal(cg_swap_v2(32 << 20, 64 << 20), 32 << 20);
    assert_int_equal(cg_swap_v2(32 << 20, CG_UNLIMITED), CG_UNLIMITED);
}

static void parse(const char *text, struct mountinfo *mi)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    assert_int_equal(mountinfo_parse(f, mi), 0);
    fclose(f);
}

static void test_detect_from_mount_tables(void **state)
{
    struct mountinfo mi;
    struct cg_host h;
    const char *mount;
    (void)state;
    parse("30 22 0:27 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755\n"
          "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
          "32 30 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
          "33 30 0:30 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n", &mi);
    assert_int_equal(cg_detect_mountinfo(&mi, "/sys/fs/cgroup", &h), 0);
    assert_int_equal(cg_mode(&h), CG_MODE_V1);
    assert_int_equal(cg_where(&h, "cpuacct", &mount), 1);
    assert_string_equal(mount, "/sys/fs/cgroup/cpu,cpuacct");
    assert_int_equal(cg_where(&h, "pids", &mount), 0);
    mountinfo_free(&mi);

    parse("35 24 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n"
          "36 24 0:31 / /mnt/elsewhere rw - cgroup2 cgroup2 rw\n", &mi);
    assert_int_equal(cg_detect_mountinfo(&mi, "/sys/fs/cgroup", &h), 0);
    assert_int_equal(cg_mode(&h), CG_MODE_V2);
    assert_string_equal(h.v2, "/sys/fs/cgroup");
    strcpy(h.v2_controllers, "cpuset cpu io memory pids");
    assert_int_equal(cg_where(&h, "memory", &mount), 2);
    mountinfo_free(&mi);

    parse("31 30 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
          "40 30 0:37 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n", &mi);
    assert_int_equal(cg_detect_mountinfo(&mi, "/sys/fs/cgroup", &h), 0);
    assert_int_equal(cg_mode(&h), CG_MODE_HYBRID);
    assert_string_equal(h.v2, "/sys/fs/cgroup/unified");
    /* Bound to v1: memory is not available in v2 even if listed there. */
    strcpy(h.v2_controllers, "memory hugetlb");
    assert_int_equal(cg_where(&h, "memory", &mount), 1);
    assert_int_equal(cg_where(&h, "hugetlb", &mount), 2);
    mountinfo_free(&mi);
}

/* Fake trees. */
static char tree[64];

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_text(const char *rel)
{
    static char buf[256];
    char path[512];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", tree, rel);
    f = fopen(path, "r");
    if (!f)
        return NULL;
    buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
    fclose(f);
    return buf;
}

static int setup_tree(void **state)
{
    (void)state;
    strcpy(tree, "/tmp/minirunc-unit-cg.XXXXXX");
    return mkdtemp(tree) ? 0 : -1;
}

static int teardown_tree(void **state)
{
    int tmp = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    (void)state;
    remove_tree_at(tmp, strrchr(tree, '/') + 1);
    close(tmp);
    return 0;
}

static void limits_for_test(struct cg_limits *l)
{
    cg_limits_init(l);
    l->memory = 32 << 20;
    l->memory_swap = 64 << 20;
    l->cpu_quota = 50000;
    l->cpu_period = 100000;
    l->cpu_shares = 1024;
    l->pids = 20;
    l->io_weight = 500;
    strcpy(l->cpuset_cpus, "0");
    l->memory_reservation = 16 << 20;
    assert_int_equal(cg_parse_io_max("8:0 wiops=300", l, "--io-max"), 0);
    assert_int_equal(cg_parse_hugetlb("2MB=64M", &l->hugetlb[l->hugetlb_count++], "--hugetlb"), 0);
}

static void test_fake_v1_mapping(void **state)
{
    static const char *const ctl[] = { "memory", "cpu,cpuacct", "cpuset", "pids", "blkio",
                                       "devices", "freezer", "hugetlb", "net_cls", "net_prio" };
    struct cg_host h;
    struct cgroup cg;
    struct cg_limits l;
    char path[512];
    (void)state;

    for (size_t i = 0; i < sizeof(ctl) / sizeof(ctl[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", tree, ctl[i]);
        mkdir(path, 0755);
    }
    assert_int_equal(cg_detect_dir(tree, &h), 0);
    assert_true(h.fake);
    assert_int_equal(cg_mode(&h), CG_MODE_V1);
    assert_int_equal(cg_open(&cg, &h, "t1"), 0);
    assert_int_equal(cg_create(&cg), 0);
    limits_for_test(&l);
    l.devices[l.devices_count++] = (struct cg_device_rule){ false, 'c', 1, 3, "w" };
    assert_int_equal(cg_set(&cg, &l), 0);
    assert_string_equal(read_text("memory/minirunc/t1/memory.limit_in_bytes"), "33554432");
    assert_string_equal(read_text("memory/minirunc/t1/memory.memsw.limit_in_bytes"), "67108864");
    assert_string_equal(read_text("cpu,cpuacct/minirunc/t1/cpu.cfs_quota_us"), "50000");
    assert_string_equal(read_text("cpu,cpuacct/minirunc/t1/cpu.cfs_period_us"), "100000");
    assert_string_equal(read_text("cpu,cpuacct/minirunc/t1/cpu.shares"), "1024");
    assert_string_equal(read_text("cpuset/minirunc/t1/cpuset.cpus"), "0");
    assert_string_equal(read_text("pids/minirunc/t1/pids.max"), "20");
    assert_string_equal(read_text("blkio/minirunc/t1/blkio.weight"), "500");
    assert_string_equal(read_text("memory/minirunc/t1/memory.soft_limit_in_bytes"), "16777216");
    assert_string_equal(read_text("blkio/minirunc/t1/blkio.throttle.write_iops_device"), "8:0 300");
    assert_string_equal(read_text("hugetlb/minirunc/t1/hugetlb.2MB.limit_in_bytes"), "67108864");
    /* v1 only: the network controllers; and a device's own I/O weight. */
    cg_limits_init(&l);
    assert_int_equal(cg_parse_io_weight_device("8:16=300", &l.io_weights[l.io_weights_count++],
                                               "--io-weight-device"), 0);
    l.net_classid = 0x100001;
    assert_int_equal(cg_parse_net_prio("eth0=5", &l.net_prio[l.net_prio_count++], "--net-prio"), 0);
    assert_int_equal(cg_set(&cg, &l), 0);
    assert_string_equal(read_text("net_cls/minirunc/t1/net_cls.classid"), "1048577");
    assert_string_equal(read_text("net_prio/minirunc/t1/net_prio.ifpriomap"), "eth0 5");
    assert_string_equal(read_text("blkio/minirunc/t1/blkio.weight_device"), "8:16 300");
    cg_limits_init(&l);
    l.swappiness = 10;
    l.disable_oom_killer = true;
    assert_int_equal(cg_set(&cg, &l), 0);
    assert_string_equal(read_text("memory/minirunc/t1/memory.swappiness"), "10");
    assert_string_equal(read_text("memory/minirunc/t1/memory.oom_control"), "1");
    assert_string_equal(read_text("devices/minirunc/t1/devices.deny"), "c 1:3 w");
    assert_int_equal(cg_freeze(&cg, true), 0);
    assert_string_equal(read_text("freezer/minirunc/t1/freezer.state"), "FROZEN");
    assert_int_equal(cg_destroy(&cg, false), 0);
    assert_null(read_text("memory/minirunc/t1/memory.limit_in_bytes"));
    snprintf(path, sizeof(path), "%s/memory/minirunc", tree);
    assert_int_equal(access(path, F_OK), -1); /* our parent went too */
}

static void test_fake_v2_mapping(void **state)
{
    struct cg_host h;
    struct cgroup cg;
    struct cg_limits l;
    char path[512];
    (void)state;

    snprintf(path, sizeof(path), "%s/cgroup.controllers", tree);
    write_text(path, "cpuset cpu io memory pids hugetlb\n");
    assert_int_equal(cg_detect_dir(tree, &h), 0);
    assert_int_equal(cg_mode(&h), CG_MODE_V2);
    assert_int_equal(cg_open(&cg, &h, "pod/t2"), 0);
    assert_int_equal(cg_create(&cg), 0);
    /* The root and our parent delegate the controllers down. */
    assert_non_null(strstr(read_text("minirunc/cgroup.subtree_control"), "+"));
    /* and so does every level of a nested name (containerd's
     * minirunc/ctr-NS/ID): without it t2 has no cpu.weight */
    assert_non_null(strstr(read_text("minirunc/pod/cgroup.subtree_control"), "+"));
    assert_null(read_text("minirunc/pod/t2/cgroup.subtree_control"));
    limits_for_test(&l);
    assert_int_equal(cg_set(&cg, &l), 0);
    assert_string_equal(read_text("minirunc/pod/t2/memory.max"), "33554432");
    assert_string_equal(read_text("minirunc/pod/t2/memory.swap.max"), "33554432");
    assert_string_equal(read_text("minirunc/pod/t2/cpu.max"), "50000 100000");
    assert_string_equal(read_text("minirunc/pod/t2/cpu.weight"), "39");
    assert_string_equal(read_text("minirunc/pod/t2/pids.max"), "20");
    assert_string_equal(read_text("minirunc/pod/t2/io.weight"), "default 4950");
    assert_string_equal(read_text("minirunc/pod/t2/memory.low"), "16777216");
    assert_string_equal(read_text("minirunc/pod/t2/io.max"), "8:0 wiops=300");
    assert_string_equal(read_text("minirunc/pod/t2/hugetlb.2MB.max"), "67108864");
    assert_int_equal(cg_freeze(&cg, true), 0);
    assert_string_equal(read_text("minirunc/pod/t2/cgroup.freeze"), "1");

    /* Device rules on v2 are a program on the cgroup, never a file (the
     * program itself: test_devprog.c; a fake tree cannot load one). */
    cg_limits_init(&l);
    l.devices[l.devices_count++] = (struct cg_device_rule){ false, 'c', 1, 3, "w" };
    assert_int_equal(cg_set(&cg, &l), 0);
    assert_null(read_text("minirunc/pod/t2/devices.deny"));
    /* A device's weight on v2: io.weight again, converted. */
    cg_limits_init(&l);
    assert_int_equal(cg_parse_io_weight_device("8:16=500", &l.io_weights[l.io_weights_count++],
                                               "--io-weight-device"), 0);
    assert_int_equal(cg_set(&cg, &l), 0);
    assert_string_equal(read_text("minirunc/pod/t2/io.weight"), "8:16 4950");
    assert_int_equal(cg_parse_io_weight_device("8:16=5", &l.io_weights[0], "--io-weight-device"), -1);
    assert_int_equal(cg_parse_io_weight_device("8:16", &l.io_weights[0], "--io-weight-device"), -1);
    assert_error_mentions("expected MAJOR:MINOR=WEIGHT");
    cg_limits_init(&l);
    l.swappiness = 10;
    assert_int_equal(cg_set(&cg, &l), -1);
    assert_error_mentions("--swappiness: cgroup v2 has no memory.swappiness");
    /* cgroup v2 has no net_cls or net_prio: refused, by name. */
    cg_limits_init(&l);
    l.net_classid = 1;
    assert_int_equal(cg_set(&cg, &l), -1);
    assert_error_mentions("--net-classid: this host has no cgroup v1 net_cls hierarchy");
    /* --memory-swap alone, and below --memory, are errors. */
    cg_limits_init(&l);
    l.memory_swap = 1 << 20;
    assert_int_equal(cg_set(&cg, &l), -1);
    assert_error_mentions("--memory-swap needs --memory");
    assert_int_equal(cg_destroy(&cg, false), 0);
    assert_null(read_text("minirunc/pod/t2/memory.max"));
}

/* cg_procs: the PIDs listed; none once the cgroup is gone; an error,
 * naming the file, when cgroup.procs cannot be read (it used to say 0). */
/* The root's subtree_control lists "cpuset" only: "cpu" is not on, and
 * "+cpu" must be written (a substring test once took cpuset for cpu). */
static void test_cpu_is_not_cpuset(void **state)
{
    struct cg_host h;
    struct cgroup cg;
    char path[512];
    (void)state;

    snprintf(path, sizeof(path), "%s/cgroup.controllers", tree);
    write_text(path, "cpuset cpu\n");
    snprintf(path, sizeof(path), "%s/cgroup.subtree_control", tree);
    write_text(path, "cpuset\n");
    assert_int_equal(cg_detect_dir(tree, &h), 0);
    assert_int_equal(cg_open(&cg, &h, "c1"), 0);
    assert_int_equal(cg_create(&cg), 0);
    /* (a fake tree's files keep the last value written) */
    assert_string_equal(read_text("cgroup.subtree_control"), "+cpu");
    assert_int_equal(cg_destroy(&cg, false), 0);
}

static void test_procs(void **state)
{
    struct cg_host h;
    struct cgroup cg;
    pid_t pids[8];
    char path[512];
    (void)state;

    snprintf(path, sizeof(path), "%s/cgroup.controllers", tree);
    write_text(path, "pids\n");
    assert_int_equal(cg_detect_dir(tree, &h), 0);
    assert_int_equal(cg_open(&cg, &h, "p1"), 0);
    assert_int_equal(cg_create(&cg), 0);
    snprintf(path, sizeof(path), "%s/minirunc/p1/cgroup.procs", tree);
    write_text(path, "12\n34\n");
    assert_int_equal(cg_procs(&cg, pids, 8), 2);
    assert_int_equal(pids[0], 12);
    assert_int_equal(pids[1], 34);
    unlink(path);
    assert_int_equal(mkdir(path, 0755), 0);    /* read() fails: EISDIR */
    assert_int_equal(cg_procs(&cg, pids, 8), -1);
    assert_error_mentions("minirunc/p1/cgroup.procs");
    rmdir(path);
    assert_int_equal(cg_destroy(&cg, false), 0);
    assert_int_equal(cg_procs(&cg, pids, 8), 0);
}

/* --systemd-cgroup on a v1 host: systemd made the scope in the hierarchies
 * it manages (memory, pids); the runtime makes it in the others and moves
 * the init in, and on delete removes its own slice directories there, not
 * systemd's. */
static void test_fake_v1_systemd_scope(void **state)
{
    /* systemd made the scope in memory and pids, not in devices (no unit
     * in its slice has DevicePolicy=), and never does in cpuset, freezer */
    static const char *const ctl[] = { "memory", "pids", "cpuset", "freezer", "devices" };
    struct cg_host h;
    struct cgroup cg;
    char path[512];
    (void)state;

    for (size_t i = 0; i < sizeof(ctl) / sizeof(ctl[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", tree, ctl[i]);
        mkdir(path, 0755);
    }
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s/system.slice", tree, ctl[i]);
        mkdir(path, 0755);
        snprintf(path, sizeof(path), "%s/%s/system.slice/minirunc-s.scope", tree, ctl[i]);
        mkdir(path, 0755);
    }
    assert_int_equal(cg_detect_dir(tree, &h), 0);
    assert_int_equal(cg_open_systemd(&cg, &h, "/system.slice/minirunc-s.scope"), 0);
    assert_int_equal(cg_complete_scope(&cg, 4242), 0);
    assert_string_equal(read_text("cpuset/system.slice/minirunc-s.scope/cgroup.procs"), "4242");
    assert_string_equal(read_text("freezer/system.slice/minirunc-s.scope/cgroup.procs"), "4242");
    assert_null(read_text("memory/system.slice/minirunc-s.scope/cgroup.procs"));
    assert_null(read_text("pids/system.slice/minirunc-s.scope/cgroup.procs"));
    assert_string_equal(read_text("devices/system.slice/minirunc-s.scope/cgroup.procs"), "4242");
    assert_int_equal(cg_destroy(&cg, false), 0);
    snprintf(path, sizeof(path), "%s/devices/system.slice/minirunc-s.scope", tree);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof(path), "%s/cpuset/system.slice", tree);
    assert_int_equal(access(path, F_OK), -1); /* the slice we made */
    snprintf(path, sizeof(path), "%s/memory/system.slice", tree);
    assert_int_equal(access(path, F_OK), 0); /* systemd's */
    snprintf(path, sizeof(path), "%s/memory/system.slice/minirunc-s.scope", tree);
    assert_int_equal(access(path, F_OK), -1);
}

static void test_names(void **state)
{
    struct cg_host h = { 0 };
    struct cgroup cg;
    (void)state;
    strcpy(h.v2, "/nonexistent");
    assert_int_equal(cg_open(&cg, &h, "ok-name_1.2"), 0);
    assert_string_equal(cg.dirs[0], "/nonexistent/minirunc/ok-name_1.2");
    assert_int_equal(cg_open(&cg, &h, "../escape"), -1);
    assert_error_mentions("no \"..\"");
    assert_int_equal(cg_open(&cg, &h, "a//b"), -1);
    assert_int_equal(cg_open(&cg, &h, "/abs"), -1);
    /* A scope systemd made: from the root, never below minirunc/. */
    assert_int_equal(cg_open_systemd(&cg, &h, "/system.slice/minirunc-x.scope"), 0);
    assert_string_equal(cg.dirs[0], "/nonexistent/system.slice/minirunc-x.scope");
    assert_true(cg.systemd);
    assert_int_equal(cg_open_systemd(&cg, &h, "/abs"), -1);
    assert_int_equal(cg_open_systemd(&cg, &h, "x.scope"), -1);
    assert_int_equal(cg_open_systemd(&cg, &h, "/../x.scope"), -1);
    assert_int_equal(cg_open(&cg, &h, "sp ace"), -1);
    assert_int_equal(cg_open(&cg, &h, ""), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_cpus_and_ints),
        cmocka_unit_test(test_io_max_and_hugetlb),
        cmocka_unit_test(test_device_rules),
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_detect_from_mount_tables),
        cmocka_unit_test_setup_teardown(test_fake_v1_mapping, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_fake_v2_mapping, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_fake_v1_systemd_scope, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_procs, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_cpu_is_not_cpuset, setup_tree, teardown_tree),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("03-cgroups parsing, conversions, detection, mapping", tests,
                                       NULL, NULL);
}
