/* 2.1.2: the options column of the mount table, split for mount(2). */
#include "cmocka_all.h"
#include "mount_opts.h"
#include "mount_table.h"

#include <sys/mount.h>

static void test_chapter_dev_row(void **state)
{
    struct mount_opts mo;
    (void)state;
    assert_int_equal(mount_opts_parse("rw,nosuid,strictatime,size=65536k,mode=755", &mo), 0);
    assert_int_equal(mo.flags, MS_NOSUID | MS_STRICTATIME);
    assert_string_equal(mo.data, "size=65536k,mode=755");
    assert_int_equal(mo.propagation, 0);
}

static void test_sysfs_row_is_readonly(void **state)
{
    struct mount_opts mo;
    (void)state;
    assert_int_equal(mount_opts_parse("ro,nosuid,nodev,noexec,relatime", &mo), 0);
    assert_int_equal(mo.flags, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME);
    assert_string_equal(mo.data, "");
}

static void test_later_word_wins(void **state)
{
    struct mount_opts mo;
    (void)state;
    assert_int_equal(mount_opts_parse("ro,nosuid,rw,suid", &mo), 0);
    assert_int_equal(mo.flags, 0);
}

static void test_bind_and_propagation(void **state)
{
    struct mount_opts mo;
    (void)state;
    assert_int_equal(mount_opts_parse("rbind,ro,rprivate", &mo), 0);
    assert_int_equal(mo.flags, MS_BIND | MS_REC | MS_RDONLY);
    assert_int_equal(mo.propagation, MS_PRIVATE | MS_REC);
    assert_int_equal(mount_opts_parse("bind,slave", &mo), 0);
    assert_int_equal(mo.propagation, MS_SLAVE);
}

static void test_filesystem_options_pass_through(void **state)
{
    struct mount_opts mo;
    (void)state;
    assert_int_equal(mount_opts_parse("nosuid,noexec,newinstance,gid=5,mode=620,ptmxmode=666", &mo), 0);
    assert_int_equal(mo.flags, MS_NOSUID | MS_NOEXEC);
    assert_string_equal(mo.data, "newinstance,gid=5,mode=620,ptmxmode=666");
}

static void test_tmpcopyup_is_ours_not_the_kernels(void **state)
{
    struct mount_opts mo;
    (void)state;
    assert_int_equal(mount_opts_parse("rw,rprivate,nosuid,nodev,tmpcopyup,size=64k", &mo), 0);
    assert_true(mo.tmpcopyup);
    assert_string_equal(mo.data, "size=64k");
    assert_int_equal(mount_opts_parse("nosuid", &mo), 0);
    assert_false(mo.tmpcopyup);
}

static void test_empty_option_rejected(void **state)
{
    struct mount_opts mo;
    (void)state;
    assert_int_equal(mount_opts_parse("ro,,nosuid", &mo), -1);
    assert_error_mentions("empty option");
    assert_error_mentions("ro,,nosuid");
}

static void test_overlong_data_rejected(void **state)
{
    struct mount_opts mo;
    char opts[2000];
    (void)state;
    memset(opts, 0, sizeof(opts));
    for (int i = 0; i < 60; i++)
        strcat(opts, i ? ",lowerdir=/aaaaaaaaaaaaa" : "lowerdir=/aaaaaaaaaaaaa");
    assert_int_equal(mount_opts_parse(opts, &mo), -1);
    assert_error_mentions("longer than");
}

static void test_flags_back_to_words(void **state)
{
    char buf[128];
    (void)state;
    mount_opts_flags_str(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, buf, sizeof(buf));
    assert_string_equal(buf, "ro,nosuid,nodev,noexec");
    mount_opts_flags_str(0, buf, sizeof(buf));
    assert_string_equal(buf, "");
}

/* Every row of the chapter's table parses, in the chapter's order. */
static void test_chapter_table_parses(void **state)
{
    static const char *const targets[] = { "/proc", "/dev", "/dev/pts", "/dev/shm",
                                           "/dev/mqueue", "/sys", "/sys/fs/cgroup",
                                           "/dev/console" };
    struct mount_opts mo;
    (void)state;
    assert_int_equal(chapter_mounts_count, sizeof(targets) / sizeof(targets[0]));
    for (size_t i = 0; i < chapter_mounts_count; i++) {
        assert_string_equal(chapter_mounts[i].target, targets[i]);
        assert_int_equal(mount_opts_parse(chapter_mounts[i].options, &mo), 0);
    }
    assert_int_equal(chapter_cgroup_rows_count, 12);
    assert_string_equal(chapter_masked_paths[0], "/proc/kcore");
    assert_string_equal(chapter_readonly_paths[chapter_readonly_paths_count - 1],
                        "/proc/sysrq-trigger");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chapter_dev_row),
        cmocka_unit_test(test_sysfs_row_is_readonly),
        cmocka_unit_test(test_later_word_wins),
        cmocka_unit_test(test_bind_and_propagation),
        cmocka_unit_test(test_filesystem_options_pass_through),
        cmocka_unit_test(test_tmpcopyup_is_ours_not_the_kernels),
        cmocka_unit_test(test_empty_option_rejected),
        cmocka_unit_test(test_overlong_data_rejected),
        cmocka_unit_test(test_flags_back_to_words),
        cmocka_unit_test(test_chapter_table_parses),
    };
    return cmocka_run_group_tests_name("01-rootfs mount options", tests, NULL, NULL);
}
