/* --systemd-cgroup's names (combined/systemd_scope.c): cgroupsPath
 * "slice:prefix:name" read as runc reads it, and a slice's place in the
 * tree.  The D-Bus calls themselves run in the systemd guest
 * (tests/bats/systemd.bats). */
#include "cmocka_all.h"

#include "error.h"
#include "systemd_scope.h"

#include <string.h>

static void test_parse_forms(void **state)
{
    struct systemd_scope s;
    (void)state;

    assert_int_equal(systemd_scope_parse("machine.slice:libpod:abc", "id", false, &s), 0);
    assert_string_equal(s.slice, "machine.slice");
    assert_string_equal(s.unit, "libpod-abc.scope");
    assert_string_equal(s.path, "/machine.slice/libpod-abc.scope");

    /* Empty: the runtime's own default, user.slice without root. */
    assert_int_equal(systemd_scope_parse(NULL, "web", false, &s), 0);
    assert_string_equal(s.path, "/system.slice/minirunc-web.scope");
    assert_int_equal(systemd_scope_parse("", "web", true, &s), 0);
    assert_string_equal(s.path, "/user.slice/minirunc-web.scope");

    /* An empty slice is the default one; an empty prefix, no "-". */
    assert_int_equal(systemd_scope_parse(":p:n", "id", false, &s), 0);
    assert_string_equal(s.path, "/system.slice/p-n.scope");
    assert_int_equal(systemd_scope_parse("system.slice::n", "id", false, &s), 0);
    assert_string_equal(s.unit, "n.scope");

    /* Nested slices, and the root slice. */
    assert_int_equal(systemd_scope_parse("a-b-c.slice:p:n", "id", false, &s), 0);
    assert_string_equal(s.path, "/a.slice/a-b.slice/a-b-c.slice/p-n.scope");
    assert_int_equal(systemd_scope_parse("-.slice:p:n", "id", false, &s), 0);
    assert_string_equal(s.path, "/p-n.scope");
}

static void test_parse_refused(void **state)
{
    static const struct {
        const char *path, *says;
    } bad[] = {
        { "/minirunc/x", "\"slice:prefix:name\"" },
        { "a:b", "\"slice:prefix:name\"" },
        { "a.slice:b:c:d", "\"slice:prefix:name\"" },
        { "system.slice:p:", "the name (after the second ':') is empty" },
        { "system.slice:p:x.slice", "a slice as the container's own unit" },
        { "system:p:n", "systemd slice \"system\"" },
        { "a--b.slice:p:n", "an empty part" },
        { "-a.slice:p:n", "an empty part" },
        { "a-.slice:p:n", "an empty part" },
        { "a/b.slice:p:n", "systemd slice \"a/b.slice\"" },
        { "system.slice:p:../../x", "is not a unit name systemd takes" },
        { "system.slice:p:a b", "is not a unit name systemd takes" },
    };
    struct systemd_scope s;
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err_clear();
        assert_int_equal(systemd_scope_parse(bad[i].path, "id", false, &s), -1);
        if (!strstr(err_get(), bad[i].says))
            fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].path, err_get(), bad[i].says);
    }
}

static void test_scope_unit(void **state)
{
    (void)state;
    assert_string_equal(systemd_scope_unit("/system.slice/minirunc-x.scope"), "minirunc-x.scope");
    assert_null(systemd_scope_unit("x"));
    assert_null(systemd_scope_unit("pod/x"));
    assert_null(systemd_scope_unit("/system.slice/x.service"));
}

/* Device rules as systemd's DeviceAllow entries, the way runc's driver
 * writes them; a whole major by its /proc/devices name. */
static void test_device_paths(void **state)
{
    static const char proc_devices[] = "Character devices:\n  1 mem\n136 pts\n\n"
                                       "Block devices:\n  8 sd\n";
    struct cg_device_rule r = { .allow = true, .type = 'c', .major = 1, .minor = 3, .access = "rwm" };
    struct cg_device_rule rules[3] = { { .allow = false, .type = 'a', .major = -1, .minor = -1 } };
    char out[2][64];
    (void)state;

    assert_int_equal(systemd_device_paths(&r, proc_devices, out), 1);
    assert_string_equal(out[0], "/dev/char/1:3");
    r.type = 'b', r.major = 8, r.minor = -1;
    assert_int_equal(systemd_device_paths(&r, proc_devices, out), 1);
    assert_string_equal(out[0], "block-sd");
    r.type = 'c', r.major = 136;
    assert_int_equal(systemd_device_paths(&r, proc_devices, out), 1);
    assert_string_equal(out[0], "char-pts");
    r.major = 8; /* 8 is a block name only: no char device of that major */
    assert_int_equal(systemd_device_paths(&r, proc_devices, out), 0);
    r.major = -1;
    assert_int_equal(systemd_device_paths(&r, proc_devices, out), 1);
    assert_string_equal(out[0], "char-*");
    r.type = 'a';
    assert_int_equal(systemd_device_paths(&r, proc_devices, out), 2);
    assert_string_equal(out[1], "block-*");
    /* deny all, then allows: systemd's kind; a later deny is not */
    rules[1] = r;
    assert_true(systemd_devices_expressible(rules, 2));
    rules[2] = rules[0];
    assert_false(systemd_devices_expressible(rules, 3));
    assert_false(systemd_devices_expressible(rules + 1, 1));
    assert_false(systemd_devices_expressible(rules, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_refused),
        cmocka_unit_test(test_scope_unit),
        cmocka_unit_test(test_device_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
