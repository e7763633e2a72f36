/* bin/capability: chapter 2.4, the five capability sets.
 *
 *   capability show [PID]          the sets of a process, by name
 *   capability decode HEX          a mask from /proc/PID/status, by name
 *   capability run [...] -- CMD    trim the sets as a runtime does, exec CMD
 */
#include "capability.h"
#include "error.h"
#include "exitcode.h"
#include "usage.h"
#include "trace.h"
#include "userns_self.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#define PROG "capability"

static const char usage[] =
    "Usage: capability [--trace] COMMAND ...\n"
    "\n"
    "Chapter 2.4 (capability): the five capability sets, and what a container keeps.\n"
    "\n"
    "Commands:\n"
    "  show [PID]           the effective, permitted, inheritable, bounding and ambient\n"
    "                       sets of PID (default: this process) by name, with\n"
    "                       NoNewPrivs and the securebits\n"
    "  decode HEX           a mask such as 00000000a80425fb, by name\n"
    "  run [OPTIONS] -- CMD [ARG...]\n"
    "                       set the sets the way a container runtime does, then exec CMD\n"
    "\n"
    "Options of run:\n"
    "  --default            keep only the runtime's default set (CHOWN, DAC_OVERRIDE,\n"
    "                       FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP,\n"
    "                       SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE)\n"
    "  --keep LIST          keep only LIST (bounding, permitted and effective sets)\n"
    "  --drop LIST          keep everything but LIST (\"ALL\" drops everything)\n"
    "  --ambient LIST       raise LIST into the ambient set (kept across --user)\n"
    "  --no-new-privs       set no_new_privs: exec can never gain privileges\n"
    "  --user UID:GID       switch to UID and GID (numeric), keeping capabilities\n"
    "  --trace              print each prctl/capset/setuid step, tagged [04-capability]\n"
    "  -h, --help           show this help\n"
    "\n"
    "LIST is comma separated capability names, with or without CAP_, any case.\n"
    "Exit status: CMD's own; 127 when CMD is not found, 126 when it cannot be\n"
    "executed; 1 for any other error; 2 for bad usage.\n"
    "\n"
    "The guide: docs/04-capability.md; in Chinese: docs/zh/04-capability.md.\n";

/* Bad usage: "PROG: message", a hint, exit status 2. */
#define bad_usage(...) usage_error(PROG, __VA_ARGS__)

static void print_set(const char *label, capmask_t mask)
{
    char *names = cap_mask_names(mask);
    printf("%-12s %016llx  %s\n", label, (unsigned long long)mask,
           names && *names ? names : "(none)");
    free(names);
}

static int cmd_show(int argc, char **argv)
{
    struct cap_state st;
    pid_t pid = getpid();

    if (argc > 2)
        return bad_usage("show takes at most one PID");
    if (argc == 2) {
        char *end;
        long v = strtol(argv[1], &end, 10);
        if (*end || v <= 0)
            return bad_usage("show: \"%s\" is not a process id", argv[1]);
        pid = (pid_t)v;
    }
    if (cap_state_read(pid, &st) < 0) {
        err_print(PROG);
        return 1;
    }
    printf("pid %d\n", (int)pid);
    print_set("Effective", st.effective);
    print_set("Permitted", st.permitted);
    print_set("Inheritable", st.inheritable);
    print_set("Bounding", st.bounding);
    print_set("Ambient", st.ambient);
    printf("%-12s %d\n", "NoNewPrivs", st.no_new_privs);
    if (st.securebits < 0)
        printf("%-12s unknown (a process can only read its own)\n", "Securebits");
    else
        printf("%-12s 0x%x (keep-caps=%d no-setuid-fixup=%d noroot=%d no-ambient-raise=%d)\n",
               "Securebits", (unsigned)st.securebits, !!(st.securebits & (1 << 4)),
               !!(st.securebits & (1 << 2)), !!(st.securebits & (1 << 0)),
               !!(st.securebits & (1 << 6)));
    return 0;
}

static int cmd_decode(int argc, char **argv)
{
    capmask_t mask;
    char *names;

    if (argc != 2)
        return bad_usage("decode takes one mask");
    if (cap_parse_hex(argv[1], &mask) < 0) {
        err_print(PROG);
        return 1;
    }
    names = cap_mask_names(mask);
    printf("0x%016llx=%s\n", (unsigned long long)mask, names && *names ? names : "(none)");
    if (mask & ~cap_all())
        fprintf(stderr, PROG ": note: bits above cap_last_cap=%d are capabilities this kernel "
                        "does not have\n", cap_last_cap());
    free(names);
    return 0;
}

/* Capabilities this kernel lacks are reported and left out, not fatal: a
 * config written for a newer kernel should still run on this one. */
static capmask_t only_known(capmask_t mask, const char *option)
{
    capmask_t unknown = mask & ~cap_all();

    if (unknown) {
        char *names = cap_mask_names(unknown);
        fprintf(stderr, PROG ": note: %s: this kernel has no %s (cap_last_cap=%d); ignored\n",
                option, names ? names : "?", cap_last_cap());
        free(names);
    }
    return mask & cap_all();
}

static int parse_user(const char *arg, struct cap_plan *plan)
{
    char *end;
    unsigned long uid, gid;

    errno = 0;
    uid = strtoul(arg, &end, 10);
    if (errno || end == arg || *end != ':')
        return err_set("--user %s: expected UID:GID (numbers)", arg);
    gid = strtoul(end + 1, &end, 10);
    if (errno || *end || uid > 0xfffffffeUL || gid > 0xfffffffeUL)
        return err_set("--user %s: expected UID:GID (numbers)", arg);
    plan->change_user = true;
    plan->uid = (uid_t)uid;
    plan->gid = (gid_t)gid;
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "default", no_argument, NULL, 'd' },  { "keep", required_argument, NULL, 'k' },
        { "drop", required_argument, NULL, 'D' }, { "ambient", required_argument, NULL, 'a' },
        { "no-new-privs", no_argument, NULL, 'n' }, { "user", required_argument, NULL, 'u' },
        { "trace", no_argument, NULL, 't' },    { "help", no_argument, NULL, 'h' },
        { 0 },
    };
    struct cap_plan plan = { 0 };
    capmask_t mask;
    int c, modes = 0;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            plan.set_caps = true;
            plan.keep = cap_default_set();
            modes++;
            break;
        case 'k':
        case 'D':
            if (cap_parse_list(optarg, &mask) < 0)
                goto fail;
            mask = only_known(mask, c == 'k' ? "--keep" : "--drop");
            plan.set_caps = true;
            plan.keep = c == 'k' ? mask : cap_all() & ~mask;
            modes++;
            break;
        case 'a':
            if (cap_parse_list(optarg, &mask) < 0)
                goto fail;
            plan.ambient |= only_known(mask, "--ambient");
            break;
        case 'n':
            plan.no_new_privs = true;
            break;
        case 'u':
            if (parse_user(optarg, &plan) < 0)
                goto fail;
            break;
        case 't':
            trace_enable(true);
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            return bad_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (modes > 1)
        return bad_usage("--default, --keep and --drop exclude each other");
    if (optind < argc && !strcmp(argv[optind], "--"))
        optind++;
    if (optind >= argc)
        return bad_usage("run needs a command");
    /* Without root the sets can only be trimmed where we are root: in a
     * user namespace of our own (2.2), which maps only our own uid, as 0. */
    c = userns_enter_as_root("04-capability");
    if (c < 0)
        goto fail;
    if (c == 0 && plan.change_user && (plan.uid != 0 || plan.gid != 0)) {
        err_set("--user %u:%u: a user namespace made without root maps only your own uid and "
                "gid, as 0 (more need root, or newuidmap and /etc/subuid)",
                (unsigned)plan.uid, (unsigned)plan.gid);
        goto fail;
    }
    if (cap_plan_apply(&plan) < 0)
        goto fail;
    /* The syscalls above, as one command of util-linux: type it and
     * compare (tests/bats/04-capability.bats does). */
    if (trace_enabled()) {
        char *same = cap_plan_setpriv(&plan, argv + optind);
        if (same)
            trace_note("04-capability", "the same as one command: %s", same);
        free(same);
    }
    trace("04-capability", "exec %s", shq(argv[optind]));
    execvp(argv[optind], argv + optind);
    c = exec_failure_status(errno);
    err_sys("exec %s", argv[optind]);
    err_print(PROG);
    return c;
fail:
    err_print(PROG);
    return 1;
}

int main(int argc, char **argv)
{
    int i = 1;

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
    if (!strcmp(argv[i], "show"))
        return cmd_show(argc - i, argv + i);
    if (!strcmp(argv[i], "decode"))
        return cmd_decode(argc - i, argv + i);
    if (!strcmp(argv[i], "run"))
        return cmd_run(argc - i, argv + i);
    if (!strcmp(argv[i], "help"))
        return fputs(usage, stdout), 0;
    return bad_usage("unknown command '%s'", argv[i]);
}
