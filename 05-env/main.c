/* bin/procenv: chapter 2.5, the process a container finally runs. */
#include "error.h"
#include "usage.h"
#include "procenv.h"
#include "trace.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "procenv"

static const char usage[] =
    "Usage: procenv [OPTIONS] -- CMD [ARG...]\n"
    "\n"
    "Chapter 2.5 (process environment): set up the process itself the way an OCI\n"
    "runtime does from config.json's \"process\", then exec CMD.\n"
    "\n"
    "  --env K=V            add a variable (the host's environment is never passed on)\n"
    "  --env-file FILE      add K=V lines from FILE ('#' starts a comment)\n"
    "  --clear-env          exactly the given variables: no PATH, HOSTNAME, TERM or HOME\n"
    "                       filled in when absent\n"
    "  --root DIR           the container's root: users, groups and CMD are looked up\n"
    "                       there, and the process is chrooted into it\n"
    "  --cwd DIR            working directory (default: / with --root)\n"
    "  --user U[:G]         user and group, by name (from the root's /etc/passwd and\n"
    "                       /etc/group) or number\n"
    "  --groups G,...       additional groups, by name or number\n"
    "  --rlimit N=S[:H]     a resource limit: NOFILE, NPROC, CORE, ... (repeatable);\n"
    "                       S and H are numbers or \"unlimited\"\n"
    "  --umask MODE         octal umask, e.g. 027\n"
    "  --oom-score-adj N    -1000..1000\n"
    "  --tty                run CMD on a new pseudo-terminal, as its controlling\n"
    "                       terminal, and relay it to ours\n"
    "  --trace              print each step, tagged [05-env], and the final environment\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: CMD's own; 127 when CMD is not found on the container's PATH, 126\n"
    "when it is a directory or not executable; 1 for any other error; 2 for bad usage.\n"
    "\n"
    "The guide: docs/05-env.md; in Chinese: docs/zh/05-env.md.\n";

/* Bad usage: "PROG: message", a hint, exit status 2. */
#define bad_usage(...) usage_error(PROG, __VA_ARGS__)

static int parse_int(const char *arg, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(arg, &end, 10);

    if (!*arg || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* The options into SPEC.  Returns the index of CMD; or, with *DONE set,
 * the exit status to end with (help shown, bad usage, an error printed). */
static int parse_options(int argc, char **argv, struct procenv_spec *spec, bool *done)
{
    static const struct option longopts[] = {
        { "env", required_argument, NULL, 'e' },     { "env-file", required_argument, NULL, 'E' },
        { "clear-env", no_argument, NULL, 'c' },     { "root", required_argument, NULL, 'r' },
        { "cwd", required_argument, NULL, 'w' },     { "user", required_argument, NULL, 'u' },
        { "groups", required_argument, NULL, 'g' },  { "rlimit", required_argument, NULL, 'l' },
        { "umask", required_argument, NULL, 'm' },   { "oom-score-adj", required_argument, NULL, 'o' },
        { "tty", no_argument, NULL, 't' },           { "trace", no_argument, NULL, 'T' },
        { "help", no_argument, NULL, 'h' },          { 0 },
    };
    int c;

    *done = true;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (env_put(&spec->env, optarg) < 0) {
                err_context("--env");
                goto fail;
            }
            break;
        case 'E':
            if (env_read_file(&spec->env, optarg) < 0)
                goto fail;
            break;
        case 'c': spec->no_defaults = true; break;
        case 'r': spec->root = optarg; break;
        case 'w': spec->cwd = optarg; break;
        case 'u': spec->user = optarg; break;
        case 'g': spec->groups = optarg; break;
        case 'l':
            if (spec->rlimits_count == PROCENV_MAX_RLIMITS)
                return bad_usage("at most %d --rlimit options", PROCENV_MAX_RLIMITS);
            if (rlimit_parse(optarg, &spec->rlimits[spec->rlimits_count++]) < 0)
                goto fail;
            break;
        case 'm':
            if (umask_parse(optarg, &spec->umask) < 0)
                goto fail;
            spec->set_umask = true;
            break;
        case 'o':
            if (parse_int(optarg, -1000, 1000, &spec->oom_score_adj) < 0) {
                return bad_usage("--oom-score-adj %s: expected a number from -1000 to 1000", optarg);
            }
            spec->set_oom_score_adj = true;
            break;
        case 't': spec->tty = true; break;
        case 'T': trace_enable(true); break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            return bad_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc && !strcmp(argv[optind], "--"))
        optind++;
    if (optind >= argc)
        return bad_usage("a command to run is needed");
    *done = false;
    return optind;
fail:
    err_print(PROG);
    return 1;
}

int main(int argc, char **argv)
{
    struct procenv_spec spec = { 0 };
    bool done;
    int i = parse_options(argc, argv, &spec, &done), code;

    if (done) {
        env_free(&spec.env);
        return i;
    }
    spec.argv = argv + i;
    code = procenv_run(&spec);
    /* With --tty the command ran in a child, which reported its own errors. */
    if (err_get()[0])
        err_print(PROG);
    env_free(&spec.env);
    return code < 0 ? 1 : code;
}
