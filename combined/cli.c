/* The command table: each command's synopsis, its options, its help, and
 * the one parser the simple commands share (cli.h). */
#include "cli.h"

#include "commands.h"
#include "error.h"
#include "trace.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#define CREATE_OPTIONS \
    "  -b, --bundle DIR        the bundle: config.json and its root (default: .)\n" \
    "  --pid-file FILE         write the container's init PID to FILE\n" \
    "  --console-socket PATH   an AF_UNIX socket that gets the pty's master (process.terminal)\n" \
    "  --no-pivot              chroot instead of pivot_root (a root on a ramfs)\n" \
    "  --preserve-fds N        pass N more fds (3 .. 3+N-1) into the container\n"

static const struct command commands[] = {
    { "spec", "[--bundle DIR] [--rootless]", "write a default config.json into the bundle",
      "  -b, --bundle DIR        where to write it (default: .)\n"
      "  --rootless              for a container run without root: a user namespace mapping\n"
      "                          your uid and gid to 0, no network namespace, /sys bound,\n"
      "                          no uid=/gid= mount options, no cgroup resources (as runc's)\n",
      CLI_BUNDLE | CLI_ROOTLESS, cmd_spec, false },
    { "create", "[OPTIONS] ID", "set the container up; its process waits for 'start'",
      CREATE_OPTIONS, CLI_BUNDLE | CLI_PID_FILE | CLI_CONSOLE_SOCKET | CLI_NO_PIVOT | CLI_PRESERVE_FDS,
      cmd_create, true },
    { "start", "ID", "let a created container's process run its program", "", 0, cmd_start, false },
    { "run", "[OPTIONS] ID", "create and start; wait for the process unless --detach",
      CREATE_OPTIONS "  -d, --detach            do not wait: return once it runs\n",
      CLI_BUNDLE | CLI_PID_FILE | CLI_CONSOLE_SOCKET | CLI_NO_PIVOT | CLI_PRESERVE_FDS | CLI_DETACH,
      cmd_run, true },
    { "state", "ID", "the container's OCI state, as JSON", "", 0, cmd_state, false },
    { "kill", "[--all] ID [SIGNAL]", "send SIGNAL (a name or a number; default TERM) to the init",
      "  -a, --all               to every process in the container's cgroup\n", CLI_ALL, cmd_kill, false },
    { "delete", "[--force] ID", "remove a stopped container: its cgroup, its state",
      "  -f, --force             any container: kill it first\n", CLI_FORCE, cmd_delete, false },
    { "list", "[--format table|json]", "the containers under --root",
      "  -f, --format FORMAT     table (default) or json\n", CLI_FORMAT, cmd_list, false },
    { "pause", "ID", "freeze every process of the container (its cgroup's freezer)", "", 0, cmd_pause,
      false },
    { "resume", "ID", "thaw a paused container", "", 0, cmd_resume, false },
    { "ps", "[--format table|json] ID", "the processes in the container's cgroup",
      "  -f, --format FORMAT     table (default) or json (the PIDs)\n", CLI_FORMAT, cmd_ps, false },
    { "exec", "[OPTIONS] ID COMMAND [ARG...]\n       minirunc exec [OPTIONS] --process FILE ID",
      "a new process in a running container, set up as its init was",
      "  -p, --process FILE      the process, as OCI process JSON (instead of COMMAND)\n"
      "  -e, --env K=V           one more environment variable (repeatable)\n"
      "  --cwd DIR               the working directory inside the container\n"
      "  -u, --user UID[:GID]    run as this user\n"
      "  -c, --cap CAP           keep this capability too (repeatable)\n"
      "  --no-new-privs          set no_new_privs\n"
      "  -t, --tty               a pty of the container's own\n"
      "  --console-socket PATH   send the pty's master over this AF_UNIX socket\n"
      "  -d, --detach            do not wait for the process\n"
      "  --pid-file FILE         write the process's PID to FILE\n",
      0, cmd_exec, true },
    { "update", "[OPTIONS] ID", "change a running container's resources (its cgroup)",
      "  --memory SIZE           memory limit (bytes, or k/m/g)\n"
      "  --memory-swap SIZE      memory + swap limit\n"
      "  --memory-reservation SIZE  the soft limit\n"
      "  --cpu-quota US          CPU time per period (-1: none)\n"
      "  --cpu-period US         the period\n"
      "  --cpu-share N           the relative weight (v1 shares)\n"
      "  --cpuset-cpus LIST      the CPUs it may use\n"
      "  --cpuset-mems LIST      the memory nodes it may use\n"
      "  --pids-limit N          at most N tasks (-1: none)\n"
      "  --blkio-weight N        the I/O weight, 10 to 1000\n"
      "  -r, --resources FILE    OCI linux.resources JSON (- for stdin)\n",
      0, cmd_update, false },
    { "features", "", "what minirunc implements, as the OCI features JSON", "", 0, cmd_features,
      false },
};

const struct command *cli_command(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

void cli_list_commands(FILE *out)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int cli_help(const char *name)
{
    const struct command *c = cli_command(name);

    printf("Usage: minirunc [GLOBAL OPTIONS] %s%s%s\n\n%s\n", c->name, c->synopsis[0] ? " " : "",
           c->synopsis, c->summary);
    if (c->options[0])
        printf("\nOptions:\n%s", c->options);
    printf("  -h, --help              show this help\n");
    return 0;
}

int cli_usage(const char *name, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, PROG ": %s: ", name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '" PROG " %s --help'.\n", name);
    return 2;
}

enum { O_BUNDLE = 256, O_PIDFILE, O_CONSOLE, O_NOPIVOT, O_PRESERVE, O_DETACH, O_FORCE, O_ALL,
       O_FORMAT, O_ROOTLESS };

/* Every shared option with the bit that lets a command take it. */
static const struct {
    struct option opt;
    unsigned bit;
    char short_name;
} shared_opts[] = {
    { { "bundle", required_argument, NULL, O_BUNDLE }, CLI_BUNDLE, 'b' },
    { { "pid-file", required_argument, NULL, O_PIDFILE }, CLI_PID_FILE, 0 },
    { { "console-socket", required_argument, NULL, O_CONSOLE }, CLI_CONSOLE_SOCKET, 0 },
    { { "no-pivot", no_argument, NULL, O_NOPIVOT }, CLI_NO_PIVOT, 0 },
    { { "preserve-fds", required_argument, NULL, O_PRESERVE }, CLI_PRESERVE_FDS, 0 },
    { { "detach", no_argument, NULL, O_DETACH }, CLI_DETACH, 'd' },
    { { "force", no_argument, NULL, O_FORCE }, CLI_FORCE, 'f' },
    { { "all", no_argument, NULL, O_ALL }, CLI_ALL, 'a' },
    { { "format", required_argument, NULL, O_FORMAT }, CLI_FORMAT, 'f' },
    { { "rootless", no_argument, NULL, O_ROOTLESS }, CLI_ROOTLESS, 0 },
};
#define N_SHARED (sizeof(shared_opts) / sizeof(shared_opts[0]))

static int take_option(const char *name, int opt, struct runtime_opts *o, struct cli_args *a)
{
    switch (opt) {
    case O_BUNDLE: o->bundle = optarg; break;
    case O_PIDFILE: o->pid_file = optarg; break;
    case O_CONSOLE: o->console_socket = optarg; break;
    case O_NOPIVOT: o->no_pivot = true; break;
    case O_PRESERVE: {
        char *end;
        long v = strtol(optarg, &end, 10);
        if (!*optarg || *end || v < 0 || v > 1000)
            return cli_usage(name, "--preserve-fds %s: expected a number of fds from 0", optarg);
        o->preserve_fds = (int)v;
        break;
    }
    case O_DETACH: a->detach = true; break;
    case O_FORCE: a->force = true; break;
    case O_ALL: a->all = true; break;
    case O_ROOTLESS: a->rootless = true; break;
    case O_FORMAT:
        if (strcmp(optarg, "table") && strcmp(optarg, "json"))
            return cli_usage(name, "--format %s: table or json", optarg);
        a->format = optarg;
        break;
    }
    return 0;
}

int cli_parse(const char *name, int argc, char **argv, struct runtime_opts *o, struct cli_args *a,
              int min, int max)
{
    const struct command *c = cli_command(name);
    struct option longs[N_SHARED + 2];
    char shorts[2 * N_SHARED + 4] = "h";
    size_t n = 0;
    int opt, r;

    /* This command's options only, long and short. */
    for (size_t i = 0; i < N_SHARED; i++) {
        if (!(c->takes & shared_opts[i].bit))
            continue;
        longs[n++] = shared_opts[i].opt;
        if (shared_opts[i].short_name) {
            size_t len = strlen(shorts);
            shorts[len] = shared_opts[i].short_name;
            shorts[len + 1] = shared_opts[i].opt.has_arg ? ':' : '\0';
            shorts[len + 2] = '\0';
        }
    }
    longs[n++] = (struct option){ "help", no_argument, NULL, 'h' };
    longs[n] = (struct option){ 0 };
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (opt == 'h')
            return cli_help(name), 1;
        if (opt == '?' || opt == ':')
            return cli_usage(name, "unknown option '%s'", argv[optind - 1]);
        /* A short option stands for the long one of the same letter. */
        for (size_t i = 0; i < N_SHARED; i++)
            if (opt == shared_opts[i].short_name && (c->takes & shared_opts[i].bit))
                opt = shared_opts[i].opt.val;
        if ((r = take_option(name, opt, o, a)) != 0)
            return r;
    }
    a->argc = argc - optind;
    a->argv = argv + optind;
    if (a->argc < min)
        return cli_usage(name, min == 1 ? "needs a container ID" : "needs %d arguments", min);
    if (a->argc > max)
        return cli_usage(name, "takes at most %d argument%s, got %d", max, max == 1 ? "" : "s",
                         a->argc);
    return 0;
}

/* --log FILE and --log-format: set by main. */
const char *cli_log_file, *cli_log_format = "text";

int cli_report(void)
{
    if (cli_log_file) {
        FILE *f = fopen(cli_log_file, "ae");
        if (f) {
            char when[40];
            time_t t = time(NULL);
            strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
            if (!strcmp(cli_log_format, "json")) {
                json_t *j = json_pack("{s:s, s:s, s:s}", "level", "error", "msg", err_get(), "time", when);
                char *text = json_dumps(j, JSON_COMPACT);
                fprintf(f, "%s\n", text ? text : "");
                free(text);
                json_decref(j);
            } else {
                fprintf(f, "time=\"%s\" level=error msg=\"%s\"\n", when, err_get());
            }
            fclose(f);
        }
    }
    err_print(PROG);
    return 1;
}
