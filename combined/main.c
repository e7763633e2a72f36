/* bin/minirunc: the five chapters chained into an OCI runtime, with runc
 * 1.1's command line so that higher-level tools can drive it. */
#include "cgroups.h"
#include "commands.h"
#include "container.h"
#include "error.h"
#include "usage.h"
#include "sealed_exe.h"
#include "spec.h"
#include "state.h"
#include "trace.h"
#include "tty.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROG "minirunc"
#define VERSION MINIRUNC_VERSION
#ifndef MINIRUNC_COMMIT
#define MINIRUNC_COMMIT "unknown"
#endif

static const char usage[] =
    "Usage: minirunc [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "An OCI runtime built from the five chapters of minirunc, with runc's command line.\n"
    "\n"
    "Commands:\n"
    "  spec [--bundle DIR]                write a default config.json\n"
    "  create [--bundle DIR] [--pid-file FILE] ID\n"
    "                                     set the container up; its process waits\n"
    "  start ID                           let the created container's process run\n"
    "  run [--bundle DIR] [--pid-file FILE] [--detach] ID\n"
    "                                     create and start; wait unless --detach\n"
    "  state ID                           the OCI state as JSON\n"
    "  kill [--all] ID [SIGNAL]           send a signal (name or number; default TERM)\n"
    "  delete [--force] ID                remove a stopped (or, with --force, any) container\n"
    "  list [--format table|json]         the containers under --root\n"
    "  pause ID | resume ID               freeze and thaw the container's cgroup\n"
    "  ps [--format table|json] ID        the processes in the container's cgroup\n"
    "  update [--memory SIZE] [--cpu-quota US] [--pids-limit N] ... [-r FILE] ID\n"
    "                                     change the container's resources\n"
    "  features                           what minirunc implements (OCI features JSON)\n"
    "  exec [--process FILE] [--env K=V] [--cwd DIR] [--user UID[:GID]] [--cap CAP]\n"
    "       [--detach] [--pid-file FILE] ID [CMD...]\n"
    "                                     a new process in the running container\n"
    "\n"
    "Global options:\n"
    "  --root DIR          state directory (default /run/minirunc)\n"
    "  --log FILE          also write errors to FILE\n"
    "  --log-format FMT    text or json\n"
    "  --debug             trace every step (like --trace)\n"
    "  --systemd-cgroup    not supported: minirunc manages cgroupfs itself\n"
    "  --trace             print every step of every chapter, tagged with its chapter\n"
    "  --upto N            apply only chapters 1..N (1 rootfs, 2 namespaces, 3 cgroups,\n"
    "                      4 capabilities and seccomp, 5 process environment)\n"
    "  -v, --version       print the version\n"
    "  -h, --help          show this help\n";

static const char *log_file, *log_format = "text";

/* One error, printed once: on stderr, and to --log as runc writes it. */
static int fail(void)
{
    if (log_file) {
        FILE *f = fopen(log_file, "ae");
        if (f) {
            char when[40];
            time_t t = time(NULL);
            strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
            if (!strcmp(log_format, "json")) {
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

/* Bad usage: "PROG: message", a hint, exit status 2. */
#define bad_usage(...) usage_error(PROG, __VA_ARGS__)

static int parse_signal(const char *s)
{
    static const struct { const char *name; int sig; } names[] = {
        { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "KILL", SIGKILL },
        { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "TERM", SIGTERM }, { "CONT", SIGCONT },
        { "STOP", SIGSTOP }, { "WINCH", SIGWINCH }, { "ALRM", SIGALRM }, { "PIPE", SIGPIPE },
    };
    char *end;
    long n = strtol(s, &end, 10);

    if (*s && !*end)
        return n > 0 && n < 65 ? (int)n : -1;
    if (!strncmp(s, "SIG", 3))
        s += 3;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcasecmp(s, names[i].name))
            return names[i].sig;
    return -1;
}

enum { O_BUNDLE = 256, O_PIDFILE, O_CONSOLE, O_NOPIVOT, O_PRESERVE, O_DETACH, O_FORCE, O_ALL,
       O_FORMAT };

static const struct option cmd_opts[] = {
    { "bundle", required_argument, NULL, O_BUNDLE }, { "pid-file", required_argument, NULL, O_PIDFILE },
    { "console-socket", required_argument, NULL, O_CONSOLE }, { "no-pivot", no_argument, NULL, O_NOPIVOT },
    { "preserve-fds", required_argument, NULL, O_PRESERVE }, { "detach", no_argument, NULL, O_DETACH },
    { "force", no_argument, NULL, O_FORCE }, { "all", no_argument, NULL, O_ALL },
    { "format", required_argument, NULL, O_FORMAT }, { "help", no_argument, NULL, 'h' },
    { 0 },
};

struct cmd_args {
    bool detach, force, all;
    const char *format;
};

static int parse_cmd(int argc, char **argv, struct runtime_opts *o, struct cmd_args *c)
{
    int opt;

    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "b:dfah", cmd_opts, NULL)) != -1) {
        switch (opt) {
        case 'b': case O_BUNDLE: o->bundle = optarg; break;
        case O_PIDFILE: o->pid_file = optarg; break;
        case O_CONSOLE: o->console_socket = optarg; break;
        case O_NOPIVOT: o->no_pivot = true; break;
        case O_PRESERVE: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 0 || v > 1000)
                return bad_usage("--preserve-fds %s: expected a number of fds from 0", optarg), -1;
            o->preserve_fds = (int)v;
            break;
        }
        case 'd': case O_DETACH: c->detach = true; break;
        case 'f': case O_FORCE: c->force = true; break;
        case 'a': case O_ALL: c->all = true; break;
        case O_FORMAT: c->format = optarg; break;
        case 'h': fputs(usage, stdout); exit(0);
        default: return bad_usage("unknown option '%s'", argv[optind - 1]), -1;
        }
    }
    return optind;
}

static volatile sig_atomic_t forward_to;

static void forward(int sig)
{
    if (forward_to > 0)
        kill(forward_to, sig);
}

static int cmd_run(struct runtime_opts *o, const char *id, struct cmd_args *c)
{
    static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH };
    pid_t pid;
    int master, status = 0, code;

    o->detach = c->detach;
    if (container_create(o, id, true, &pid, &master) < 0)
        return fail();
    if (container_start(o, id) < 0) {
        int r = fail();
        container_delete(o, id, true);
        return r;
    }
    if (c->detach)
        return 0;
    /* The init is our child: wait for it, passing signals on. */
    forward_to = pid;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction sa = { .sa_handler = forward };
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
    if (master >= 0) {
        status = tty_relay(master, pid);
        close(master);
    } else {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (container_delete(o, id, true) < 0)
        fail();
    return code;
}

static int cmd_state(const struct runtime_opts *o, const char *id)
{
    struct container_state st;
    char *text;
    json_t *j;

    if (state_open(o->root, id, &st) < 0)
        return fail();
    text = state_json(&st, state_status(&st));
    j = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    if (text)
        printf("%s\n", text);
    free(text);
    json_decref(j);
    state_close(&st);
    return 0;
}

static int cmd_kill(const struct runtime_opts *o, const char *id, const char *signame, bool all)
{
    struct container_state st;
    int sig = parse_signal(signame ? signame : "TERM");

    if (sig < 0)
        return err_set("unknown signal \"%s\"", signame), fail();
    if (state_open(o->root, id, &st) < 0)
        return fail();
    if (!strcmp(state_status(&st), "stopped")) {
        state_close(&st);
        return err_set("container \"%s\" is not running", id), fail();
    }
    bool paused = !strcmp(state_status(&st), "paused");
    trace("minirunc", "kill -%d %d", sig, (int)st.pid);
    if (kill(st.pid, sig) < 0) {
        state_close(&st);
        return err_sys("kill %d", (int)st.pid), fail();
    }
    /* A frozen process gets its SIGKILL only once thawed (cgroup v1):
     * thaw, as runc does, or kill would seem to do nothing. */
    if (paused && sig == SIGKILL) {
        struct cg_host host;
        struct cgroup cg;
        trace_note("03-cgroups", "paused: thaw it, or the SIGKILL waits for a thaw");
        if (cg_detect(NULL, &host) < 0 || cg_open(&cg, &host, st.cgroup) < 0 ||
            cg_freeze(&cg, false) < 0) {
            state_close(&st);
            return fail();
        }
    }
    /* --all: every other process in the container's cgroup too. */
    if (all && st.cgroup[0]) {
        struct cg_host host;
        struct cgroup cg;
        pid_t pids[4096];
        int n;
        if (cg_detect(NULL, &host) == 0 && cg_open(&cg, &host, st.cgroup) == 0) {
            n = cg_procs(&cg, pids, sizeof(pids) / sizeof(pids[0]));
            for (int k = 0; k < n; k++)
                kill(pids[k], sig);
        }
    } else if (all) {
        state_close(&st);
        return err_set("kill --all: container \"%s\" has no cgroup (no linux.resources)", id), fail();
    }
    state_close(&st);
    return 0;
}

/* The container's cgroup, for pause/resume/ps (chapter 2.3). */
static int open_container_cgroup(const struct runtime_opts *o, const char *id,
                                 struct container_state *st, struct cg_host *host,
                                 struct cgroup *cg)
{
    if (state_open(o->root, id, st) < 0)
        return -1;
    if (!st->cgroup[0]) {
        state_close(st);
        return err_set("container \"%s\" has no cgroup (its config has no linux.resources)", id);
    }
    if (cg_detect(NULL, host) < 0 || cg_open(cg, host, st->cgroup) < 0) {
        state_close(st);
        return -1;
    }
    return 0;
}

/* pause/resume: the cgroup freezer. */
static int cmd_freeze(const struct runtime_opts *o, const char *id, bool frozen)
{
    struct container_state st;
    struct cg_host host;
    struct cgroup cg;
    int ret;

    if (open_container_cgroup(o, id, &st, &host, &cg) < 0)
        return fail();
    /* As runc: pause a running container, resume a paused one. */
    if (strcmp(state_status(&st), frozen ? "running" : "paused")) {
        err_set("container \"%s\" is %s, not %s", id, state_status(&st),
                frozen ? "running" : "paused");
        state_close(&st);
        return fail();
    }
    ret = cg_freeze(&cg, frozen);
    state_close(&st);
    return ret < 0 ? fail() : 0;
}

/* ps: the processes in the container's cgroup. */
static int cmd_ps(const struct runtime_opts *o, const char *id, const char *format)
{
    struct container_state st;
    struct cg_host host;
    struct cgroup cg;
    pid_t pids[4096];
    int n;

    if (format && strcmp(format, "json") && strcmp(format, "table"))
        return bad_usage("--format %s: table or json", format);
    if (open_container_cgroup(o, id, &st, &host, &cg) < 0)
        return fail();
    n = cg_procs(&cg, pids, sizeof(pids) / sizeof(pids[0]));
    state_close(&st);
    if (format && !strcmp(format, "json")) {
        printf("[");
        for (int i = 0; i < n; i++)
            printf("%s%d", i ? "," : "", (int)pids[i]);
        printf("]\n");
        return 0;
    }
    printf("PID\tCMD\n");
    for (int i = 0; i < n; i++) {
        char path[64], cmd[256] = "";
        FILE *f;
        snprintf(path, sizeof(path), "/proc/%d/comm", (int)pids[i]);
        if ((f = fopen(path, "re")) != NULL) {
            if (fgets(cmd, sizeof(cmd), f))
                cmd[strcspn(cmd, "\n")] = '\0';
            fclose(f);
        }
        printf("%d\t%s\n", (int)pids[i], cmd);
    }
    return 0;
}

static int cmd_list(const struct runtime_opts *o, const char *format)
{
    DIR *d = opendir(o->root);
    struct dirent *e;
    json_t *arr = json_array();
    bool json = format && !strcmp(format, "json");

    if (format && !json && strcmp(format, "table"))
        return json_decref(arr), bad_usage("--format %s: table or json", format);
    if (!json)
        printf("%-12s %-8s %-10s %-40s %-32s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
    while (d && (e = readdir(d)) != NULL) {
        struct container_state st;
        const char *status;
        char *text;

        if (e->d_name[0] == '.' || state_open(o->root, e->d_name, &st) < 0)
            continue;
        status = state_status(&st);
        if (json) {
            text = state_json(&st, status);
            json_array_append_new(arr, json_loads(text, 0, NULL));
            free(text);
        } else {
            printf("%-12s %-8d %-10s %-40s %-32s %s\n", st.id, strcmp(status, "stopped") ? (int)st.pid : 0,
                   status, st.bundle, st.created, "root");
        }
        state_close(&st);
    }
    if (d)
        closedir(d);
    if (json) {
        char *text = json_dumps(arr, JSON_COMPACT);
        printf("%s\n", text);
        free(text);
    }
    json_decref(arr);
    err_clear();
    return 0;
}

int main(int argc, char **argv)
{
    struct runtime_opts o = { .root = "/run/minirunc", .upto = 5 };
    struct cmd_args c = { 0 };
    char **full_argv = argv;
    const char *cmd;
    int i = 1, n;

    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--root") && i + 1 < argc) o.root = argv[++i];
        else if (!strncmp(a, "--root=", 7)) o.root = a + 7;
        else if (!strcmp(a, "--log") && i + 1 < argc) log_file = argv[++i];
        else if (!strncmp(a, "--log=", 6)) log_file = a + 6;
        else if (!strcmp(a, "--log-format") && i + 1 < argc) log_format = argv[++i];
        else if (!strncmp(a, "--log-format=", 13)) log_format = a + 13;
        else if (!strcmp(a, "--debug") || !strcmp(a, "--trace")) trace_enable(true);
        else if (!strcmp(a, "--systemd-cgroup"))
            return err_set("--systemd-cgroup: not supported (minirunc manages cgroups through cgroupfs)"), fail();
        else if (!strcmp(a, "--upto") && i + 1 < argc) {
            o.upto = atoi(argv[++i]);
            if (o.upto < 1 || o.upto > 5)
                return bad_usage("--upto %s: a chapter from 1 to 5", argv[i]);
        } else if (!strcmp(a, "-v") || !strcmp(a, "--version")) {
            printf("minirunc version " VERSION "\ncommit: " MINIRUNC_COMMIT "\nspec: 1.0.2\n"
                   "libseccomp: %u.%u.%u\n", seccomp_version()->major, seccomp_version()->minor,
                   seccomp_version()->micro);
            return 0;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            return fputs(usage, stdout), 0;
        } else {
            return bad_usage("unknown global option '%s'", a);
        }
    }
    if (strcmp(log_format, "text") && strcmp(log_format, "json"))
        return bad_usage("--log-format %s: text or json", log_format);
    if (i >= argc)
        return fputs(usage, stderr), 2;
    cmd = argv[i];
    argc -= i;
    argv += i;
    /* The commands whose processes enter a container run from a sealed
     * copy of this binary (sealed_exe.h: CVE-2019-5736). */
    if ((!strcmp(cmd, "create") || !strcmp(cmd, "run") || !strcmp(cmd, "exec")) &&
        exe_reexec_sealed(full_argv) < 0)
        return fail();
    if (!strcmp(cmd, "update")) {
        int r = cmd_update(&o, argc, argv);
        return r < 0 ? fail() : r;
    }
    if (!strcmp(cmd, "exec")) {
        int r = cmd_exec(&o, argc, argv);
        return r < 0 ? fail() : r;
    }
    n = parse_cmd(argc, argv, &o, &c);
    if (n < 0)
        return 2;
    if (!strcmp(cmd, "spec"))
        return spec_write(o.bundle) < 0 ? fail() : 0;
    if (!strcmp(cmd, "list"))
        return cmd_list(&o, c.format);
    if (!strcmp(cmd, "features"))
        return cmd_features();
    if (strcmp(cmd, "create") && strcmp(cmd, "start") && strcmp(cmd, "run") &&
        strcmp(cmd, "state") && strcmp(cmd, "kill") && strcmp(cmd, "delete") &&
        strcmp(cmd, "pause") && strcmp(cmd, "resume") && strcmp(cmd, "ps"))
        return bad_usage("unknown command '%s'", cmd);
    if (n >= argc)
        return bad_usage("%s needs a container ID", cmd);
    const char *id = argv[n];
    if (!strcmp(cmd, "create")) {
        pid_t pid;
        int master;
        return container_create(&o, id, false, &pid, &master) < 0 ? fail() : 0;
    }
    if (!strcmp(cmd, "start"))
        return container_start(&o, id) < 0 ? fail() : 0;
    if (!strcmp(cmd, "run"))
        return cmd_run(&o, id, &c);
    if (!strcmp(cmd, "state"))
        return cmd_state(&o, id);
    if (!strcmp(cmd, "pause") || !strcmp(cmd, "resume"))
        return cmd_freeze(&o, id, !strcmp(cmd, "pause"));
    if (!strcmp(cmd, "ps"))
        return cmd_ps(&o, id, c.format);
    if (!strcmp(cmd, "kill"))
        return cmd_kill(&o, id, n + 1 < argc ? argv[n + 1] : NULL, c.all);
    return container_delete(&o, id, c.force) < 0 ? fail() : 0;
}
