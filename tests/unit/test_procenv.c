/* 2.5: environment merging and defaults, passwd/group parsing, PATH lookup
 * in a fake root, rlimit and umask parsing. */
#include "cmocka_all.h"
#include "envlist.h"
#include "inroot.h"
#include "lookup.h"
#include "passwd.h"
#include "procenv.h"
#include "rlimits.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_env_merge_keeps_order_later_wins(void **state)
{
    struct envlist env = { 0 };
    (void)state;
    assert_int_equal(env_put(&env, "A=1"), 0);
    assert_int_equal(env_put(&env, "B=2"), 0);
    assert_int_equal(env_put(&env, "A=3"), 0);
    assert_int_equal(env_put(&env, "EMPTY="), 0);
    assert_int_equal(env.count, 3);
    assert_string_equal(env.vars[0], "A=3");
    assert_string_equal(env.vars[1], "B=2");
    assert_string_equal(env_get(&env, "EMPTY"), "");
    assert_null(env_get(&env, "C"));
    assert_null(env.vars[3]);
    env_free(&env);
}

static void test_env_bad_input(void **state)
{
    struct envlist env = { 0 };
    (void)state;
    assert_int_equal(env_put(&env, "NOEQUALS"), -1);
    assert_error_mentions("expected KEY=VALUE");
    assert_int_equal(env_put(&env, "=value"), -1);
    assert_error_mentions("empty name");
    env_free(&env);
}

static void test_env_defaults_fill_only_what_is_absent(void **state)
{
    struct envlist env = { 0 };
    struct identity id = { 0 };
    (void)state;
    snprintf(id.home, sizeof(id.home), "/home/user");
    env_put(&env, "PATH=/opt/bin");
    assert_int_equal(env_fill_defaults(&env, &id, true), 0);
    assert_string_equal(env_get(&env, "PATH"), "/opt/bin");
    assert_string_equal(env_get(&env, "HOME"), "/home/user");
    assert_string_equal(env_get(&env, "TERM"), "xterm");
    assert_non_null(env_get(&env, "HOSTNAME"));
    env_free(&env);
    assert_int_equal(env_fill_defaults(&env, &id, false), 0);
    assert_null(env_get(&env, "TERM"));
    assert_string_equal(env_get(&env, "PATH"), DEFAULT_PATH);
    env_free(&env);
}

static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
                             "# a comment\n"
                             "broken line\n"
                             "user:x:1000:1000:A User:/home/user:/bin/sh\n"
                             "nohome:x:1001:100:::/bin/sh\n";
static const char group[] = "root:x:0:\n"
                            "tty:x:5:user,other\n"
                            "users:x:100:\n"
                            "audio:x:29:other,user\n";

static void test_passwd(void **state)
{
    struct user_entry e;
    (void)state;
    assert_int_equal(passwd_find(passwd, "user", 0, &e), 1);
    assert_int_equal(e.uid, 1000);
    assert_int_equal(e.gid, 1000);
    assert_string_equal(e.home, "/home/user");
    assert_int_equal(passwd_find(passwd, NULL, 0, &e), 1);
    assert_string_equal(e.name, "root");
    assert_int_equal(passwd_find(passwd, NULL, 1001, &e), 1);
    assert_string_equal(e.home, "");
    assert_int_equal(passwd_find(passwd, "broken line", 0, &e), 0);
    assert_int_equal(passwd_find(passwd, "ghost", 0, &e), 0);
}

static void test_group(void **state)
{
    gid_t g, member[8];
    (void)state;
    assert_int_equal(group_find(group, "tty", &g), 1);
    assert_int_equal(g, 5);
    assert_int_equal(group_find(group, "ghost", &g), 0);
    assert_int_equal(group_memberships(group, "user", member, 8), 2);
    assert_int_equal(member[0], 5);
    assert_int_equal(member[1], 29);
    assert_int_equal(group_memberships(group, "root", member, 8), 0);
}

static void test_rlimits(void **state)
{
    struct rlimit_req r;
    (void)state;
    assert_int_equal(rlimit_parse("NOFILE=1024:2048", &r), 0);
    assert_int_equal(r.resource, RLIMIT_NOFILE);
    assert_int_equal(r.limit.rlim_cur, 1024);
    assert_int_equal(r.limit.rlim_max, 2048);
    assert_int_equal(rlimit_parse("rlimit_core=0", &r), 0);
    assert_int_equal(r.resource, RLIMIT_CORE);
    assert_int_equal(r.limit.rlim_max, 0);
    assert_int_equal(rlimit_parse("nproc=unlimited", &r), 0);
    assert_true(r.limit.rlim_cur == RLIM_INFINITY && r.limit.rlim_max == RLIM_INFINITY);
    assert_int_equal(rlimit_parse("NOFILE=10:unlimited", &r), 0);
    assert_int_equal(rlimit_parse("FLY=1", &r), -1);
    assert_error_mentions("unknown limit \"FLY\"");
    assert_int_equal(rlimit_parse("NOFILE", &r), -1);
    assert_error_mentions("NAME=SOFT[:HARD]");
    assert_int_equal(rlimit_parse("NOFILE=2048:1024", &r), -1);
    assert_error_mentions("soft limit is above the hard limit");
    assert_int_equal(rlimit_parse("NOFILE=-5", &r), -1);
    assert_int_equal(rlimit_parse("NOFILE=12abc", &r), -1);
}

static void test_umask(void **state)
{
    mode_t m;
    (void)state;
    assert_int_equal(umask_parse("027", &m), 0);
    assert_int_equal(m, 027);
    assert_int_equal(umask_parse("0", &m), 0);
    assert_int_equal(umask_parse("99", &m), -1);
    assert_error_mentions("octal");
    assert_int_equal(umask_parse("1777", &m), -1);
}

/* A fake root: /bin/tool (executable), /bin/data (not), /opt/tool, /dir. */
struct fake_root {
    char path[64];
    int fd;
};

static void touch(int dirfd, const char *name, mode_t mode)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_CLOEXEC, mode);
    assert_true(fd >= 0);
    fchmod(fd, mode);
    close(fd);
}

static int setup_root(void **state)
{
    struct fake_root *r = calloc(1, sizeof(*r));
    strcpy(r->path, "/tmp/minirunc-unit-root.XXXXXX");
    if (!mkdtemp(r->path))
        return -1;
    r->fd = open(r->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    mkdirat(r->fd, "bin", 0755);
    mkdirat(r->fd, "opt", 0755);
    mkdirat(r->fd, "bin/dir", 0755);
    touch(r->fd, "bin/tool", 0755);
    touch(r->fd, "bin/data", 0644);
    touch(r->fd, "opt/only-here", 0755);
    symlinkat("/../../../../bin/tool", r->fd, "opt/escape");
    *state = r;
    return 0;
}

static int teardown_root(void **state)
{
    struct fake_root *r = *state;
    int tmp = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    remove_tree_at(tmp, strrchr(r->path, '/') + 1);
    close(tmp);
    close(r->fd);
    free(r);
    return 0;
}

static void test_lookup_on_the_container_path(void **state)
{
    struct fake_root *r = *state;
    char out[256];

    assert_int_equal(cmd_lookup(r->fd, "/", "/opt:/bin", "tool", out, sizeof(out)), 0);
    assert_string_equal(out, "/bin/tool");
    assert_int_equal(cmd_lookup(r->fd, "/", "/bin:/opt", "only-here", out, sizeof(out)), 0);
    assert_string_equal(out, "/opt/only-here");
    /* "ls" is on the host's PATH, not in this root. */
    assert_int_equal(cmd_lookup(r->fd, "/", "/bin", "ls", out, sizeof(out)), EXIT_NOT_FOUND);
    assert_error_mentions("ls: command not found");
    assert_int_equal(cmd_lookup(r->fd, "/", "/bin", "data", out, sizeof(out)), EXIT_CANNOT_EXEC);
    assert_error_mentions("not executable");
    assert_int_equal(cmd_lookup(r->fd, "/", "/bin", "dir", out, sizeof(out)), EXIT_CANNOT_EXEC);
    assert_error_mentions("directory");
    assert_int_equal(cmd_lookup(r->fd, "/", "/bin", "/bin/dir", out, sizeof(out)), EXIT_CANNOT_EXEC);
    assert_int_equal(cmd_lookup(r->fd, "/bin", "", "./tool", out, sizeof(out)), 0);
    assert_string_equal(out, "/bin/./tool");
    /* A symlink climbing out of the root resolves inside it. */
    assert_int_equal(cmd_lookup(r->fd, "/", "/opt", "escape", out, sizeof(out)), 0);
    assert_int_equal(cmd_lookup(r->fd, "/", "/bin", "", out, sizeof(out)), EXIT_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_merge_keeps_order_later_wins),
        cmocka_unit_test(test_env_bad_input),
        cmocka_unit_test(test_env_defaults_fill_only_what_is_absent),
        cmocka_unit_test(test_passwd),
        cmocka_unit_test(test_group),
        cmocka_unit_test(test_rlimits),
        cmocka_unit_test(test_umask),
        cmocka_unit_test_setup_teardown(test_lookup_on_the_container_path, setup_root, teardown_root),
    };
    return cmocka_run_group_tests_name("05-env environment, users, lookup, limits", tests, NULL, NULL);
}
