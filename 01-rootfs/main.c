/* bin/rootfs: chapter 2.1 of the chapter text, one step at a time.
 *
 *   rootfs busybox DIR                      make the default busybox rootfs
 *   rootfs unpack SOURCE DIR                2.1.1 step 1: image -> rootfs
 *   rootfs run [--readonly] DIR -- CMD...   2.1.1 steps 2-4, then exec CMD
 */
#include "busybox.h"
#include "error.h"
#include "exitcode.h"
#include "usage.h"
#include "root_ctx.h"
#include "rootfs.h"
#include "trace.h"
#include "userns_self.h"
#include "unpack.h"

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "rootfs"

static const char usage[] =
    "Usage: rootfs [--trace] COMMAND [OPTIONS] ARGS\n"
    "\n"
    "Chapter 2.1 (rootfs): from an image to a pivot_root'ed OCI rootfs.\n"
    "\n"
    "Commands:\n"
    "  busybox DIR                 make the default rootfs in DIR (a new or empty\n"
    "                              directory) from the host's static /bin/busybox:\n"
    "                              applet links, /etc/passwd and /etc/group with root\n"
    "                              and an unprivileged user, empty mount points\n"
    "  unpack SOURCE DIR           2.1.1 step 1: unpack an image into DIR (a new or\n"
    "                              empty directory).  SOURCE is an OCI image layout\n"
    "                              (directory or tar), a `docker save` tar, or a flat\n"
    "                              rootfs tar or tar.gz (`docker export`).  Layers\n"
    "                              apply in order with their whiteouts; digests are\n"
    "                              verified; on any error DIR is left as it was\n"
    "  run [--readonly] DIR -- CMD [ARG...]\n"
    "                              2.1.1 steps 2-4 in a new mount namespace: bind\n"
    "                              DIR onto itself, mount the table of 2.1.2 into it\n"
    "                              (proc, /dev, devpts, shm, mqueue, sysfs, cgroups,\n"
    "                              /dev/console, masked and read-only paths),\n"
    "                              pivot_root into it, then exec CMD there\n"
    "\n"
    "Options:\n"
    "  --trace        print every step as the command or syscall it is, tagged\n"
    "                 [01-rootfs], on stderr\n"
    "  --readonly     (run) make the rootfs itself read-only, last\n"
    "  -h, --help     show this help\n"
    "\n"
    "Exit status: CMD's own status after `run`; 127 when CMD is not found in the\n"
    "rootfs, 126 when it cannot be executed; 1 for any other error; 2 for bad usage.\n"
    "\n"
    "The guide: docs/01-rootfs.md; in Chinese: docs/zh/01-rootfs.md.\n";

/* Bad usage: "PROG: message", a hint, exit status 2. */
#define bad_usage(...) usage_error(PROG, __VA_ARGS__)

/* Parse the options every command takes; returns optind, or -1 (exit 2). */
static int parse_options(int argc, char **argv, bool *readonly, bool allow_readonly)
{
    static const struct option longopts[] = {
        { "trace", no_argument, NULL, 't' },
        { "readonly", no_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { 0 },
    };
    int c;

    opterr = 0;
    optind = 1;
    /* "+": stop at the first non-option, so CMD's own options stay CMD's. */
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            trace_enable(true);
            break;
        case 'r':
            if (!allow_readonly)
                return bad_usage("--readonly only applies to 'run'"), -1;
            *readonly = true;
            break;
        case 'h':
            fputs(usage, stdout);
            exit(0);
        default:
            bad_usage("unknown option '%s'", argv[optind - 1]);
            return -1;
        }
    }
    return optind;
}

static int cmd_busybox(int argc, char **argv)
{
    int i = parse_options(argc, argv, NULL, false);

    if (i < 0)
        return 2;
    if (argc - i != 1)
        return bad_usage("busybox takes one argument, the rootfs directory");
    if (busybox_rootfs(argv[i]) < 0) {
        err_print(PROG);
        return 1;
    }
    return 0;
}

/* Layers at least this big show a meter, when stderr is a terminal. */
#define PROGRESS_MIN (8ll << 20)

static void show_progress(int index, int count, long long done, long long total, bool final)
{
    if (total < PROGRESS_MIN)
        return;
    fprintf(stderr, "\r" PROG ": layer %d/%d: %3d%% of %.1f MiB%s", index, count,
            total > 0 ? (int)(done * 100 / total) : 0, (double)total / (1 << 20), final ? "\n" : "");
}

static int cmd_unpack(int argc, char **argv)
{
    int i = parse_options(argc, argv, NULL, false);

    if (i < 0)
        return 2;
    if (argc - i != 2)
        return bad_usage("unpack takes two arguments, SOURCE and DIR");
    if (isatty(STDERR_FILENO))
        unpack_set_progress(show_progress);
    if (unpack_image(argv[i], argv[i + 1]) < 0) {
        err_print(PROG);
        return 1;
    }
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    struct rootfs_spec spec;
    bool readonly = false;
    const char *dir;
    int i = parse_options(argc, argv, &readonly, true);

    if (i < 0)
        return 2;
    if (i >= argc)
        return bad_usage("run needs a rootfs directory");
    dir = argv[i++];
    if (i < argc && !strcmp(argv[i], "--"))
        i++;
    if (i >= argc)
        return bad_usage("run needs a command to run inside %s", dir);

    /* Without root, a user namespace first (2.2): in it we may make a
     * mount namespace and mount what it owns; the table then binds what
     * belongs to the host's other namespaces. */
    int as_user = userns_enter_as_root(TAG);
    if (as_user < 0) {
        err_print(PROG);
        return 1;
    }
    /* The chapter's tool unshares only what 2.1 needs: a mount namespace,
     * so the table is mounted for this process alone and disappears with
     * it.  PID, UTS, ... namespaces are chapter 2.2. */
    trace(TAG, "unshare --mount");
    if (unshare(CLONE_NEWNS) < 0) {
        err_sys("unshare --mount");
        err_print(PROG);
        return 1;
    }
    if (as_user == 0)
        rootfs_spec_chapter_userns(&spec, dir, readonly);
    else
        rootfs_spec_chapter(&spec, dir, readonly);
    if (rootfs_enter(&spec) < 0) {
        err_print(PROG);
        return 1;
    }
    if (!getenv("PATH"))
        setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
    trace(TAG, "exec %s", shq(argv[i]));
    execvp(argv[i], argv + i);
    int code = exec_failure_status(errno);
    err_sys("exec %s inside %s", argv[i], dir);
    if (code == 127)
        err_context("command not found");
    err_print(PROG);
    return code;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        { "busybox", cmd_busybox },
        { "unpack", cmd_unpack },
        { "run", cmd_run },
    };
    int i = 1;

    /* Global options before the command: only --trace and --help. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--trace"))
            trace_enable(true);
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return fputs(usage, stdout), 0;
        else
            return bad_usage("unknown option '%s'", argv[i]);
    }
    if (i >= argc)
        return fputs(usage, stderr), 2;
    for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
        if (!strcmp(argv[i], commands[c].name))
            return commands[c].run(argc - i, argv + i);
    if (!strcmp(argv[i], "help"))
        return fputs(usage, stdout), 0;
    return bad_usage("unknown command '%s'", argv[i]);
}
