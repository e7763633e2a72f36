/* 2.2: id maps, flag names, and what bad maps are told. */
#include "cmocka_all.h"
#include "idmap.h"
#include "nsflags.h"

#include <sched.h>

static void test_idmap_parse(void **state)
{
    struct idmaps m = { 0 };
    char text[128];
    (void)state;
    assert_int_equal(idmap_add(&m, "0:100000:65536", "--uid-map"), 0);
    assert_int_equal(idmap_add(&m, "65536:1000:1", "--uid-map"), 0);
    idmap_format(&m, text, sizeof(text));
    assert_string_equal(text, "0 100000 65536\n65536 1000 1\n");
    assert_true(idmap_has_inside(&m, 0));
    assert_true(idmap_has_inside(&m, 65536));
    assert_false(idmap_has_inside(&m, 65537));
}

static void test_idmap_bad(void **state)
{
    struct idmaps m = { 0 };
    (void)state;
    assert_int_equal(idmap_add(&m, "0:100000", "--uid-map"), -1);
    assert_error_mentions("--uid-map 0:100000: expected INSIDE:OUTSIDE:COUNT");
    assert_int_equal(idmap_add(&m, "0:1:0", "--gid-map"), -1);
    assert_error_mentions("count must be at least 1");
    assert_int_equal(idmap_add(&m, "a:1:1", "--uid-map"), -1);
    assert_int_equal(idmap_add(&m, "0:1:1x", "--uid-map"), -1);
    assert_int_equal(idmap_add(&m, "-1:1:1", "--uid-map"), -1);
    assert_int_equal(idmap_add(&m, "4294967295:0:2", "--uid-map"), -1);
    assert_error_mentions("passes 2^32");
    assert_int_equal(idmap_add(&m, "0:1000:10", "--uid-map"), 0);
    assert_int_equal(idmap_add(&m, "5:2000:10", "--uid-map"), -1);
    assert_error_mentions("inside range overlaps");
    assert_int_equal(idmap_add(&m, "100:1005:1", "--uid-map"), -1);
    assert_error_mentions("outside range overlaps");
}

static void test_map_root(void **state)
{
    struct idmaps u = { 0 }, g = { 0 };
    (void)state;
    idmap_map_root(&u, &g, 0, 0);
    assert_int_equal(u.m[0].inside, 0);
    assert_int_equal(u.m[0].outside, 100000);
    assert_int_equal(u.m[0].count, 65536);
    idmap_map_root(&u, &g, 1000, 1001);
    assert_int_equal(u.m[0].outside, 1000);
    assert_int_equal(g.m[0].outside, 1001);
    assert_int_equal(g.m[0].count, 1);
}

/* Which maps a user without root may write alone, and which go through
 * newuidmap: one line, one id, its own, and nothing else. */
static void test_idmap_is_self(void **state)
{
    struct idmaps m = { 0 };
    (void)state;
    assert_false(idmap_is_self(&m, 1000));
    assert_int_equal(idmap_add(&m, "0:1000:1", "--uid-map"), 0);
    assert_true(idmap_is_self(&m, 1000));
    assert_false(idmap_is_self(&m, 1001));
    assert_int_equal(idmap_add(&m, "1:400000:65536", "--uid-map"), 0);
    assert_false(idmap_is_self(&m, 1000));
    struct idmaps wide = { 0 };
    assert_int_equal(idmap_add(&wide, "0:1000:2", "--uid-map"), 0);
    assert_false(idmap_is_self(&wide, 1000));
}

static void test_flags(void **state)
{
    char buf[256];
    (void)state;
    ns_flags_str(CLONE_NEWUTS | CLONE_NEWPID, buf, sizeof(buf));
    assert_string_equal(buf, "CLONE_NEWUTS|CLONE_NEWPID");
    ns_flags_str(0, buf, sizeof(buf));
    assert_string_equal(buf, "");
    assert_int_equal(ns_by_name("net")->flag, CLONE_NEWNET);
    assert_null(ns_by_name("bogus"));
    assert_string_equal(ns_by_flag(CLONE_NEWNS)->name, "mnt");
    /* user must be joined first. */
    assert_string_equal(ns_kinds[0].name, "user");
    assert_int_equal(ns_kinds_count, 8);
    assert_int_equal(ns_all_flags() & (CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWCGROUP),
                     CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWCGROUP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idmap_parse),
        cmocka_unit_test(test_idmap_bad),
        cmocka_unit_test(test_map_root),
        cmocka_unit_test(test_idmap_is_self),
        cmocka_unit_test(test_flags),
    };
    return cmocka_run_group_tests_name("02-namespace id maps and flags", tests, NULL, NULL);
}
