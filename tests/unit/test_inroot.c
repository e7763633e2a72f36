/* inroot_walk, the fallback for kernels (or seccomp profiles) without
 * openat2, checked against openat2 itself: for hostile paths in a real
 * tree, both must open the same file or fail with the same errno. */
#include "cmocka_all.h"
#include "inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static char tree[64];
static int rootfd = -1;

static void make(const char *rel, const char *link_to)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", tree, rel);
    if (link_to)
        assert_int_equal(symlink(link_to, path), 0);
    else if (rel[strlen(rel) - 1] == '/')
        assert_int_equal(mkdir(path, 0755), 0);
    else
        assert_int_equal(close(open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)), 0);
}

static int setup_tree(void **state)
{
    (void)state;
    strcpy(tree, "/tmp/minirunc-unit-inroot.XXXXXX");
    if (!mkdtemp(tree))
        return -1;
    make("etc/", NULL);
    make("etc/passwd", NULL);
    make("a/", NULL);
    make("a/b/", NULL);
    make("f", NULL);
    make("abs", "/etc");                         /* absolute: from the root */
    make("up", "../../..");                      /* climbs: stops at the root */
    make("a/rel", "../etc");
    make("a/b/esc", "../../../../../etc/passwd"); /* the classic escape */
    make("loop", "loop");
    make("dang", "/nonexistent");
    make("s1", "s2");
    make("s2", "abs/passwd");
    make("hostroot", "/proc/self/root");          /* a plain symlink: its text, in the root */
    rootfd = open(tree, O_PATH | O_DIRECTORY | O_CLOEXEC);
    return rootfd < 0 ? -1 : 0;
}

static int teardown_tree(void **state)
{
    int tmp = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    (void)state;
    close(rootfd);
    remove_tree_at(tmp, strrchr(tree, '/') + 1);
    close(tmp);
    return 0;
}

/* openat2 and inroot_walk agree on PATH with FLAGS below DIRFD. */
static void agree(int dirfd, const char *path, int flags)
{
    struct open_how how = { .flags = (unsigned long long)(flags | O_CLOEXEC),
                            .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
    int a = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how)), ea = errno;
    int b = inroot_walk(dirfd, path, flags, 0), eb = errno;
    struct stat sa, sb;

    if (a < 0 || b < 0) {
        if (a >= 0 || b >= 0 || ea != eb)
            fail_msg("%s (flags 0x%x): openat2 %s, inroot_walk %s", path, (unsigned)flags,
                     a < 0 ? strerror(ea) : "opened it", b < 0 ? strerror(eb) : "opened it");
    } else {
        assert_int_equal(fstat(a, &sa), 0);
        assert_int_equal(fstat(b, &sb), 0);
        if (sa.st_ino != sb.st_ino || sa.st_dev != sb.st_dev)
            fail_msg("%s (flags 0x%x): openat2 and inroot_walk opened different files", path,
                     (unsigned)flags);
    }
    if (a >= 0)
        close(a);
    if (b >= 0)
        close(b);
}

static void test_agrees_with_openat2(void **state)
{
    static const char *const paths[] = {
        "", ".", "/", "etc/passwd", "/etc/passwd", "abs/passwd", "up/etc/passwd", "up/up/abs",
        "a/rel/passwd", "a/b/esc", "a/b/../../etc/passwd", "../../../etc/passwd", "a/./b/../rel",
        "loop", "loop/x", "dang", "dang/x", "s1", "f/x", "f/", "etc/", "abs/", "nosuch",
        "a/nosuch/x", "hostroot", "hostroot/etc/passwd", "a//b///esc", "abs/..", "up/",
        "a/rel/../a/b/esc", "s1/", "dang/", "a/b/esc/", "./a/../abs/./passwd",
    };
    static const int flags[] = { O_PATH, O_PATH | O_NOFOLLOW, O_RDONLY, O_PATH | O_DIRECTORY,
                                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW };
    (void)state;

    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
            agree(rootfd, paths[i], flags[k]);
}

/* Through the host's real /proc: "self" is a plain symlink, fd/N and exe
 * are magic ones, refused by both. */
static void test_magic_links_refused(void **state)
{
    int slash = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    (void)state;

    agree(slash, "proc/self/status", O_RDONLY);
    agree(slash, "proc/self/exe", O_PATH);
    agree(slash, "proc/self/fd/0", O_RDONLY);
    agree(slash, "proc/self/root/etc", O_PATH);
    close(slash);
}

static void test_create_lands_inside(void **state)
{
    char path[256];
    struct stat st;
    int fd;
    (void)state;

    /* Through an absolute symlink: created in the root's etc/, not /etc. */
    fd = inroot_walk(rootfd, "abs/made-by-walk", O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    close(fd);
    snprintf(path, sizeof(path), "%s/etc/made-by-walk", tree);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(stat("/etc/made-by-walk", &st), -1);
}

/* inroot_mkdir_p(PATH) returns an fd on the directory REL of the tree. */
static void assert_made_at(const char *path, const char *rel)
{
    char where[256];
    struct stat st, got;
    int fd = inroot_mkdir_p(rootfd, path, 0755);

    assert_true(fd >= 0);
    snprintf(where, sizeof(where), "%s/%s", tree, rel);
    assert_int_equal(stat(where, &st), 0);
    assert_int_equal(fstat(fd, &got), 0);
    assert_true(got.st_ino == st.st_ino);
    close(fd);
}

/* mkdir -p inside the root: what is there is opened as is, what is not
 * is made below the root, through symlinks as the container sees them;
 * the fd returned is the directory itself, trailing slashes or not. */
static void test_mkdir_p(void **state)
{
    struct stat st;
    (void)state;

    assert_made_at("a/b", "a/b");
    assert_made_at("abs/new/deeper//", "etc/new/deeper");
    assert_int_equal(stat("/etc/new", &st), -1);
    assert_made_at("up/made", "made");
    assert_made_at("a/rel/x/y/z", "etc/x/y/z");
    assert_int_equal(stat("/etc/x", &st), -1);
    assert_int_equal(inroot_mkdir_p(rootfd, "dang/x", 0755), -1);
    assert_int_equal(inroot_mkdir_p(rootfd, "f/x", 0755), -1);
    assert_error_mentions("f");
}

/* A path found missing a moment ago may exist by now, as a directory or
 * as a symlink planted meanwhile: made or not, it is resolved inside the
 * root, never followed from its parent's fd. */
static void test_mkdir_missing_raced(void **state)
{
    struct stat st, got;
    char where[256];
    int fd;
    (void)state;

    fd = inroot_mkdir_missing(rootfd, "abs", 0755);
    assert_true(fd >= 0);
    snprintf(where, sizeof(where), "%s/etc", tree);
    assert_int_equal(stat(where, &st), 0);
    assert_int_equal(fstat(fd, &got), 0);
    assert_true(got.st_ino == st.st_ino);
    close(fd);
    fd = inroot_mkdir_missing(rootfd, "a/b", 0755);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(inroot_mkdir_missing(rootfd, "dang", 0755), -1);
    assert_error_mentions("dang");
    assert_int_equal(stat("/nonexistent", &st), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_agrees_with_openat2, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_magic_links_refused, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_create_lands_inside, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_mkdir_p, setup_tree, teardown_tree),
        cmocka_unit_test_setup_teardown(test_mkdir_missing_raced, setup_tree, teardown_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
