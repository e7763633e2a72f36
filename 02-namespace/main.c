/* bin/namespace: chapter 2.2, every namespace the kernel has.
 *
 *   namespace [NAMESPACES] [OPTIONS] -- CMD    clone CMD into new namespaces
 *   namespace show [PID]                       namespaces of PID vs ours
 *   namespace join PID [NAMESPACES] -- CMD     setns into PID's, run CMD
 */
#include "error.h"
#include "usage.h"
#include "namespace.h"
#include "trace.h"

#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "namespace"

static const char usage[] =
    "Usage: namespace [NAMESPACES] [OPTIONS] -- CMD [ARG...]\n"
    "       namespace show [PID]\n"
    "       namespace join PID [NAMESPACES] -- CMD [ARG...]\n"
    "\n"
    "Chapter 2.2 (namespace): clone CMD into new namespaces (or join a process's).\n"
    "\n"
    "Namespaces:\n"
    "  --mnt           mount points (and / made private)\n"
    "  --uts           hostname and domain name\n"
    "  --ipc           System V IPC and POSIX message queues\n"
    "  --pid           process ids: the new namespace's PID 1 is a minimal init that\n"
    "                  forwards signals to CMD and reaps orphans (with --mnt, /proc is\n"
    "                  remounted so ps shows only the container)\n"
    "  --net           network stack: only lo, brought up\n"
    "  --user          user and group ids (give maps: --map-root or --uid-map/--gid-map)\n"
    "  --cgroup        the cgroup root\n"
    "  --time          CLOCK_MONOTONIC / CLOCK_BOOTTIME offsets\n"
    "  --all           all of them\n"
    "\n"
    "Options:\n"
    "  --hostname NAME               (needs --uts)\n"
    "  --domainname NAME             (needs --uts)\n"
    "  --time-offset monotonic=SECS  or boottime=SECS (needs --time; repeatable)\n"
    "  --map-root                    uid/gid 0 inside; outside: your uid, or\n"
    "                                100000-165535 when you are root\n"
    "  --uid-map C:H:N               map N uids from C inside to H outside (repeatable)\n"
    "  --gid-map C:H:N               the same for gids\n"
    "  --no-init                     with --pid, CMD itself is PID 1\n"
    "  --trace                       print each clone/unshare/setns/map step, tagged\n"
    "                                [02-namespace]\n"
    "  -h, --help                    show this help\n"
    "\n"
    "Exit status: CMD's own (128+N when killed by signal N); 127/126 when CMD is not\n"
    "found / cannot run; 1 for any other error; 2 for bad usage.\n"
    "\n"
    "The guide: docs/02-namespace.md; in Chinese: docs/zh/02-namespace.md.\n";

/* Bad usage: "PROG: message", a hint, exit status 2. */
#define bad_usage(...) usage_error(PROG, __VA_ARGS__)

enum { OPT_HOSTNAME = 256, OPT_DOMAINNAME, OPT_TIME_OFFSET, OPT_MAP_ROOT, OPT_UID_MAP,
       OPT_GID_MAP, OPT_NO_INIT, OPT_TRACE, OPT_ALL };

static const struct option longopts[] = {
    { "mnt", no_argument, NULL, 'm' },        { "uts", no_argument, NULL, 'u' },
    { "ipc", no_argument, NULL, 'i' },        { "pid", no_argument, NULL, 'p' },
    { "net", no_argument, NULL, 'n' },        { "user", no_argument, NULL, 'U' },
    { "cgroup", no_argument, NULL, 'C' },     { "time", no_argument, NULL, 'T' },
    { "all", no_argument, NULL, OPT_ALL },
    { "hostname", required_argument, NULL, OPT_HOSTNAME },
    { "domainname", required_argument, NULL, OPT_DOMAINNAME },
    { "time-offset", required_argument, NULL, OPT_TIME_OFFSET },
    { "map-root", no_argument, NULL, OPT_MAP_ROOT },
    { "uid-map", required_argument, NULL, OPT_UID_MAP },
    { "gid-map", required_argument, NULL, OPT_GID_MAP },
    { "no-init", no_argument, NULL, OPT_NO_INIT },
    { "trace", no_argument, NULL, OPT_TRACE }, { "help", no_argument, NULL, 'h' },
    { 0 },
};

static unsigned long flag_of_option(int c)
{
    switch (c) {
    case 'm': return CLONE_NEWNS;
    case 'u': return CLONE_NEWUTS;
    case 'i': return CLONE_NEWIPC;
    case 'p': return CLONE_NEWPID;
    case 'n': return CLONE_NEWNET;
    case 'U': return CLONE_NEWUSER;
    case 'C': return CLONE_NEWCGROUP;
    case 'T': return ns_by_name("time")->flag;
    case OPT_ALL: return ns_all_flags();
    }
    return 0;
}

static int parse_offset(const char *arg, struct ns_spec *spec)
{
    const char *eq = strchr(arg, '=');
    char *end;
    long long v;

    if (!eq)
        return err_set("--time-offset %s: expected monotonic=SECONDS or boottime=SECONDS", arg);
    v = strtoll(eq + 1, &end, 10);
    if (!eq[1] || *end)
        return err_set("--time-offset %s: SECONDS must be a whole number", arg);
    if (!strncmp(arg, "monotonic=", 10)) {
        spec->set_monotonic = true;
        spec->monotonic = v;
    } else if (!strncmp(arg, "boottime=", 9)) {
        spec->set_boottime = true;
        spec->boottime = v;
    } else {
        return err_set("--time-offset %s: the clock is monotonic or boottime", arg);
    }
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    struct ns_spec spec = { 0 };
    bool map_root = false;
    int c;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        unsigned long f = flag_of_option(c);
        if (f) {
            spec.flags |= f;
            continue;
        }
        switch (c) {
        case OPT_HOSTNAME:
            spec.hostname = optarg;
            break;
        case OPT_DOMAINNAME:
            spec.domainname = optarg;
            break;
        case OPT_TIME_OFFSET:
            if (parse_offset(optarg, &spec) < 0)
                goto fail;
            break;
        case OPT_MAP_ROOT:
            map_root = true;
            break;
        case OPT_UID_MAP:
            if (idmap_add(&spec.uids, optarg, "--uid-map") < 0)
                goto fail;
            break;
        case OPT_GID_MAP:
            if (idmap_add(&spec.gids, optarg, "--gid-map") < 0)
                goto fail;
            break;
        case OPT_NO_INIT:
            spec.no_init = true;
            break;
        case OPT_TRACE:
            trace_enable(true);
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            return bad_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    if ((spec.hostname || spec.domainname) && !(spec.flags & CLONE_NEWUTS))
        return bad_usage("--hostname and --domainname need --uts");
    if ((spec.set_monotonic || spec.set_boottime) && !(spec.flags & ns_by_name("time")->flag))
        return bad_usage("--time-offset needs --time");
    if ((map_root || spec.uids.count || spec.gids.count) && !(spec.flags & CLONE_NEWUSER))
        return bad_usage("id maps need --user");
    if (map_root && (spec.uids.count || spec.gids.count))
        return bad_usage("--map-root and --uid-map/--gid-map exclude each other");
    if (spec.no_init && !(spec.flags & CLONE_NEWPID))
        return bad_usage("--no-init only applies with --pid");
    if ((spec.flags & CLONE_NEWUSER) && !map_root && !spec.uids.count && !spec.gids.count)
        return bad_usage("--user needs --map-root or --uid-map/--gid-map");
    if (spec.uids.count != 0 && spec.gids.count == 0)
        return bad_usage("--uid-map needs a --gid-map too");
    if (map_root)
        idmap_map_root(&spec.uids, &spec.gids, geteuid(), getegid());
    if (optind < argc && !strcmp(argv[optind], "--"))
        optind++;
    if (optind >= argc)
        return bad_usage("a command to run is needed");
    spec.argv = argv + optind;
    c = ns_run(&spec);
    if (c < 0)
        err_print(PROG);
    return c < 0 ? 1 : c;
fail:
    err_print(PROG);
    return 1;
}

static int parse_pid(const char *arg, pid_t *pid)
{
    char *end;
    long v = strtol(arg, &end, 10);

    if (!*arg || *end || v <= 0 || v > 0x3fffffff)
        return -1;
    *pid = (pid_t)v;
    return 0;
}

static int cmd_show(int argc, char **argv)
{
    pid_t pid = getpid();

    if (argc > 2 || (argc == 2 && parse_pid(argv[1], &pid) < 0))
        return bad_usage("show takes at most one PID");
    if (ns_show(pid) < 0) {
        err_print(PROG);
        return 1;
    }
    return 0;
}

static int cmd_join(int argc, char **argv)
{
    unsigned long flags = 0;
    pid_t pid;
    int c;

    if (argc < 2 || parse_pid(argv[1], &pid) < 0)
        return bad_usage("join needs the PID of a running process");
    opterr = 0;
    optind = 2;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        unsigned long f = flag_of_option(c);
        if (f)
            flags |= f;
        else if (c == OPT_TRACE)
            trace_enable(true);
        else
            return bad_usage("join: unknown option '%s'", argv[optind - 1]);
    }
    if (optind < argc && !strcmp(argv[optind], "--"))
        optind++;
    if (optind >= argc)
        return bad_usage("a command to run is needed");
    c = ns_join(pid, flags, argv + optind);
    if (c < 0)
        err_print(PROG);
    return c < 0 ? 1 : c;
}

int main(int argc, char **argv)
{
    /* --trace may come before the command word too. */
    if (argc > 2 && !strcmp(argv[1], "--trace") &&
        (!strcmp(argv[2], "show") || !strcmp(argv[2], "join"))) {
        trace_enable(true);
        argv[1] = argv[0];
        argc--;
        argv++;
    }
    if (argc > 1 && !strcmp(argv[1], "show"))
        return cmd_show(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "join"))
        return cmd_join(argc - 1, argv + 1);
    if (argc < 2)
        return fputs(usage, stderr), 2;
    return cmd_run(argc, argv);
}
