/* Digests of OCI blobs: the format is checked before it is used as a path. */
#include "cmocka_all.h"
#include "digest.h"

#define ABC_SHA256 "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static void test_parse_valid(void **state)
{
    char hex[SHA256_HEX_LEN + 1];
    (void)state;
    assert_int_equal(digest_parse(ABC_SHA256, hex), 0);
    assert_string_equal(hex, ABC_SHA256 + 7);
}

static void test_parse_invalid(void **state)
{
    char hex[SHA256_HEX_LEN + 1];
    (void)state;
    assert_int_equal(digest_parse("sha512:abcd", hex), -1);
    assert_error_mentions("only sha256");
    assert_int_equal(digest_parse("sha256:abcd", hex), -1);
    assert_error_mentions("64 hex digits");
    assert_int_equal(digest_parse("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", hex), -1);
    assert_error_mentions("not lowercase hex");
    assert_int_equal(digest_parse("sha256:../../../../etc/passwd/../../../../../../../../../../../../x", hex), -1);
    assert_int_equal(digest_parse("ba7816bf", hex), -1);
    assert_error_mentions("ALGORITHM:HEX");
}

static void test_check(void **state)
{
    (void)state;
    assert_int_equal(digest_check(ABC_SHA256, "abc", 3, "blob"), 0);
    assert_int_equal(digest_check(ABC_SHA256, "abd", 3, "blobs/sha256/x"), -1);
    assert_error_mentions("blobs/sha256/x: digest mismatch");
    assert_error_mentions("expected " ABC_SHA256);
}

static void test_streaming_equals_whole(void **state)
{
    struct sha256 *s = sha256_new();
    char out[80];
    (void)state;
    sha256_update(s, "a", 1);
    sha256_update(s, "bc", 2);
    sha256_finish(s, out);
    assert_string_equal(out, ABC_SHA256);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_streaming_equals_whole),
    };
    return cmocka_run_group_tests_name("01-rootfs digests", tests, NULL, NULL);
}
