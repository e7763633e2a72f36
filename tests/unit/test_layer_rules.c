/* 2.1.1 step 1: which layer entries are refused, and whiteouts/path safety
 * on a real (temporary) directory. */
#include "cmocka_all.h"
#include "inroot.h"
#include "layer.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_clean_names(void **state)
{
    char buf[PATH_MAX];
    (void)state;
    assert_string_equal(layer_clean_name("./etc/passwd", buf, sizeof(buf)), "etc/passwd");
    assert_string_equal(layer_clean_name("././usr/bin/", buf, sizeof(buf)), "usr/bin");
    assert_string_equal(layer_clean_name("./", buf, sizeof(buf)), "");
    assert_string_equal(layer_clean_name("a/..b/c", buf, sizeof(buf)), "a/..b/c");
}

static void test_absolute_and_dotdot_refused(void **state)
{
    char buf[PATH_MAX];
    (void)state;
    assert_null(layer_clean_name("/etc/passwd", buf, sizeof(buf)));
    assert_error_mentions("absolute path");
    assert_null(layer_clean_name("../evil", buf, sizeof(buf)));
    assert_error_mentions("would leave the root");
    assert_null(layer_clean_name("a/b/../../../evil", buf, sizeof(buf)));
    assert_null(layer_clean_name("./..", buf, sizeof(buf)));
}

static void test_symlink_targets(void **state)
{
    (void)state;
    assert_true(symlink_stays_inside("bin/sh", "busybox"));
    assert_true(symlink_stays_inside("bin/sh", "/bin/busybox"));      /* inside the container */
    assert_true(symlink_stays_inside("usr/lib/x", "../../lib/x"));    /* to lib/x */
    assert_false(symlink_stays_inside("usr/lib/x", "../../../lib/x")); /* above the root */
    assert_false(symlink_stays_inside("evil", ".."));
    assert_true(symlink_stays_inside("a/b", "c/../../d"));
    assert_false(symlink_stays_inside("a/b", "c/../../../d"));
}

/* A fixture: a fresh directory to unpack into. */
struct fixture {
    char dir[64];
    int fd;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    strcpy(f->dir, "/tmp/minirunc-unit.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    f->fd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *state = f;
    return f->fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char *slash = strrchr(f->dir, '/');
    int tmp = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    remove_tree_at(tmp, slash + 1);
    close(tmp);
    close(f->fd);
    free(f);
    return 0;
}

/* Build an in-memory tar from "f:path", "d:path", "l:path=target" specs. */
static size_t make_tar(char *buf, size_t cap, const char *const *specs)
{
    struct archive *a = archive_write_new();
    size_t used = 0;

    archive_write_set_format_pax_restricted(a);
    archive_write_open_memory(a, buf, cap, &used);
    for (; *specs; specs++) {
        struct archive_entry *e = archive_entry_new();
        char *spec = strdup(*specs), *eq = strchr(spec, '=');
        if (eq)
            *eq++ = '\0';
        archive_entry_set_pathname(e, spec + 2);
        archive_entry_set_perm(e, 0755);
        if (spec[0] == 'd') {
            archive_entry_set_filetype(e, AE_IFDIR);
        } else if (spec[0] == 'l') {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, eq);
        } else {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, 2);
        }
        archive_write_header(a, e);
        if (spec[0] == 'f')
            archive_write_data(a, "x\n", 2);
        archive_entry_free(e);
        free(spec);
    }
    archive_write_close(a);
    archive_write_free(a);
    return used;
}

static int apply(struct fixture *f, const char *const *specs)
{
    static char buf[1 << 20];
    struct layer_stats st;
    size_t len = make_tar(buf, sizeof(buf), specs);
    struct archive *a = archive_read_new();
    int ret;

    archive_read_support_format_tar(a);
    archive_read_open_memory(a, buf, len);
    ret = layer_apply(a, f->fd, &st);
    archive_read_free(a);
    return ret;
}

static int exists(struct fixture *f, const char *path)
{
    struct stat st;
    return fstatat(f->fd, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static void test_whiteouts(void **state)
{
    struct fixture *f = *state;
    const char *lower[] = { "d:a", "f:a/keep", "f:a/gone", "d:b", "d:b/inner", "f:b/inner/x",
                            "f:b/old", "f:c", NULL };
    const char *upper[] = { "f:a/.wh.gone", "f:b/new", "f:b/.wh..wh..opq", "f:.wh.c", "f:.wh.never",
                            NULL };

    assert_int_equal(apply(f, lower), 0);
    assert_int_equal(apply(f, upper), 0);
    assert_true(exists(f, "a/keep"));
    assert_false(exists(f, "a/gone"));
    assert_false(exists(f, "a/.wh.gone"));
    /* Opaque: lower content gone, this layer's own (written before the marker) kept. */
    assert_true(exists(f, "b/new"));
    assert_false(exists(f, "b/old"));
    assert_false(exists(f, "b/inner"));
    assert_false(exists(f, "b/.wh..wh..opq"));
    assert_false(exists(f, "c"));
}

static void test_write_through_symlink_stays_inside(void **state)
{
    struct fixture *f = *state;
    char host[96];
    struct stat st;
    const char *layer[] = { "d:tmp", "l:link=/tmp", "f:link/minirunc-unit-pwned", NULL };

    /* "link -> /tmp" means the rootfs's /tmp: the write lands there. */
    assert_int_equal(apply(f, layer), 0);
    assert_true(exists(f, "tmp/minirunc-unit-pwned"));
    snprintf(host, sizeof(host), "/tmp/minirunc-unit-pwned");
    assert_int_equal(stat(host, &st), -1);
}

static void test_dangling_symlink_parent_fails_clearly(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(symlinkat("/nowhere", f->fd, "proc"), 0);
    assert_int_equal(inroot_mkdir_p(f->fd, "/proc/sub", 0755), -1);
    assert_error_mentions("dangling symlink");
    assert_false(exists(f, "nowhere"));
}

static void test_escaping_symlink_refused(void **state)
{
    struct fixture *f = *state;
    const char *layer[] = { "d:a", "l:a/up=../../../../../../tmp", NULL };

    assert_int_equal(apply(f, layer), -1);
    assert_error_mentions("points outside the root");
    assert_false(exists(f, "a/up"));
}

static void test_mkdir_p_through_symlink_stays_inside(void **state)
{
    struct fixture *f = *state;
    int fd;

    assert_int_equal(mkdirat(f->fd, "tmp", 0755), 0);
    assert_int_equal(mkdirat(f->fd, "tmp/minirunc-unit-nope", 0755), 0);
    assert_int_equal(symlinkat("/../../../../tmp/minirunc-unit-nope", f->fd, "proc"), 0);
    fd = inroot_mkdir_p(f->fd, "/proc/sub", 0755);
    assert_true(fd >= 0);
    close(fd);
    assert_true(exists(f, "tmp/minirunc-unit-nope/sub"));
    assert_int_equal(access("/tmp/minirunc-unit-nope", F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_names),
        cmocka_unit_test(test_absolute_and_dotdot_refused),
        cmocka_unit_test(test_symlink_targets),
        cmocka_unit_test_setup_teardown(test_whiteouts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_through_symlink_stays_inside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escaping_symlink_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dangling_symlink_parent_fails_clearly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mkdir_p_through_symlink_stays_inside, setup, teardown),
    };
    return cmocka_run_group_tests_name("01-rootfs layer rules", tests, NULL, NULL);
}
