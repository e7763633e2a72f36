/* 2.4: capability names, masks and the runtime's default set. */
#include "capnames.h"
#include "cmocka_all.h"

#include <stdlib.h>
#include <sys/capability.h>

static void test_default_set_is_a80425fb(void **state)
{
    (void)state;
    assert_int_equal(cap_default_set(), 0xa80425fbULL);
}

static void test_names_any_case_with_or_without_prefix(void **state)
{
    (void)state;
    assert_int_equal(cap_parse_name("CAP_NET_RAW"), CAP_NET_RAW);
    assert_int_equal(cap_parse_name("net_raw"), CAP_NET_RAW);
    assert_int_equal(cap_parse_name("Cap_Sys_Admin"), CAP_SYS_ADMIN);
    assert_int_equal(cap_parse_name("chown"), CAP_CHOWN);
}

static void test_unknown_names_rejected(void **state)
{
    (void)state;
    assert_int_equal(cap_parse_name("CAP_FLY"), -1);
    assert_error_mentions("unknown capability \"CAP_FLY\"");
    assert_int_equal(cap_parse_name(""), -1);
    assert_int_equal(cap_parse_name("12"), -1);
    assert_int_equal(cap_parse_name("cap_cap_chown"), -1);
}

static void test_lists(void **state)
{
    capmask_t m;
    (void)state;
    assert_int_equal(cap_parse_list("CHOWN,cap_kill,Net_Bind_Service", &m), 0);
    assert_int_equal(m, CAPMASK(CAP_CHOWN) | CAPMASK(CAP_KILL) | CAPMASK(CAP_NET_BIND_SERVICE));
    assert_int_equal(cap_parse_list("", &m), 0);
    assert_int_equal(m, 0);
    assert_int_equal(cap_parse_list("all", &m), 0);
    assert_int_equal(m, cap_all());
    assert_int_equal(cap_parse_list("chown,bogus", &m), -1);
    assert_error_mentions("\"bogus\"");
}

static void test_decode(void **state)
{
    capmask_t m;
    char *names;
    (void)state;
    assert_int_equal(cap_parse_hex("00000000a80425fb", &m), 0);
    assert_int_equal(m, cap_default_set());
    names = cap_mask_names(m);
    assert_string_equal(names, "cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,"
                               "cap_setgid,cap_setuid,cap_setpcap,cap_net_bind_service,"
                               "cap_net_raw,cap_sys_chroot,cap_mknod,cap_audit_write,cap_setfcap");
    free(names);
    assert_int_equal(cap_parse_hex("0x1", &m), 0);
    assert_int_equal(m, 1);
    names = cap_mask_names(0);
    assert_string_equal(names, "");
    free(names);
    assert_int_equal(cap_parse_hex("xyz", &m), -1);
    assert_error_mentions("not hexadecimal");
    assert_int_equal(cap_parse_hex("00000000000000000", &m), -1);
}

static void test_unknown_bits_named_by_number(void **state)
{
    char *names = cap_mask_names(CAPMASK(62));
    (void)state;
    assert_string_equal(names, "cap_62");
    free(names);
}

static void test_set_arithmetic(void **state)
{
    capmask_t drop, all = cap_all();
    (void)state;
    /* --drop LIST keeps all but LIST; --drop ALL keeps nothing. */
    assert_int_equal(cap_parse_list("sys_admin,net_admin", &drop), 0);
    assert_int_equal(all & ~drop & CAPMASK(CAP_SYS_ADMIN), 0);
    assert_true(all & ~drop & CAPMASK(CAP_CHOWN));
    assert_int_equal(cap_parse_list("ALL", &drop), 0);
    assert_int_equal(all & ~drop, 0);
    assert_int_equal(all, CAPMASK(cap_last_cap() + 1) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_set_is_a80425fb),
        cmocka_unit_test(test_names_any_case_with_or_without_prefix),
        cmocka_unit_test(test_unknown_names_rejected),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_unknown_bits_named_by_number),
        cmocka_unit_test(test_set_arithmetic),
    };
    return cmocka_run_group_tests_name("04-capability names and sets", tests, NULL, NULL);
}
