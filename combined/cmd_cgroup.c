/* The commands that reach a running container through its init and its
 * cgroup (chapter 2.3): kill, pause, resume and ps. */
#include "cli.h"

#include "cgroups.h"
#include "error.h"
#include "state.h"
#include "trace.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* A signal by name (KILL, SIGKILL, kill) or number. */
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

/* The container's state and its cgroup; closes the state on failure. */
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
    if (cg_detect(NULL, host) < 0 || state_cgroup_open(st, host, cg) < 0) {
        state_close(st);
        return -1;
    }
    return 0;
}

/* kill --all: every process in the cgroup, not only the init. */
static int kill_all(const struct container_state *st, int sig)
{
    struct cg_host host;
    struct cgroup cg;
    pid_t pids[4096];
    int n;

    if (!st->cgroup[0])
        return err_set("kill --all: container \"%s\" has no cgroup (no linux.resources)", st->id);
    if (cg_detect(NULL, &host) < 0 || state_cgroup_open(st, &host, &cg) < 0)
        return -1;
    if ((n = cg_procs(&cg, pids, sizeof(pids) / sizeof(pids[0]))) < 0)
        return -1;
    for (int k = 0; k < n; k++)
        kill(pids[k], sig);
    return 0;
}

/* A frozen process gets its SIGKILL only once thawed (cgroup v1): thaw,
 * as runc does, or kill would seem to do nothing. */
static int thaw_for_kill(const struct container_state *st)
{
    struct cg_host host;
    struct cgroup cg;

    trace_note("03-cgroups", "paused: thaw it, or the SIGKILL waits for a thaw");
    if (cg_detect(NULL, &host) < 0 || state_cgroup_open(st, &host, &cg) < 0)
        return -1;
    return cg_freeze(&cg, false);
}

int cmd_kill(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    struct container_state st;
    const char *signame;
    bool paused, partial;
    int sig, ret = 0, r = cli_parse("kill", argc, argv, o, &a, 1, 2);

    if (r)
        return r == 1 ? 0 : r;
    signame = a.argc > 1 ? a.argv[1] : "TERM";
    if ((sig = parse_signal(signame)) < 0)
        return err_set("unknown signal \"%s\"", signame);
    /* From whatever is left of the state: a container must stay killable. */
    if (state_open_any(o->root, a.argv[0], &st, &partial) < 0)
        return -1;
    if (!strcmp(state_status(&st), "stopped")) {
        err_set("container \"%s\" is not running", st.id);
        state_close(&st);
        return -1;
    }
    paused = !strcmp(state_status(&st), "paused");
    trace("minirunc", "kill -%d %d", sig, (int)st.pid);
    if (kill(st.pid, sig) < 0)
        ret = err_sys("kill %d", (int)st.pid);
    else if (paused && sig == SIGKILL && thaw_for_kill(&st) < 0)
        ret = -1;
    else if (a.all && kill_all(&st, sig) < 0)
        ret = -1;
    state_close(&st);
    return ret;
}

/* pause/resume: the cgroup freezer, as runc: pause a running container,
 * resume a paused one. */
static int freeze(const char *name, struct runtime_opts *o, int argc, char **argv, bool frozen)
{
    struct cli_args a = { 0 };
    struct container_state st;
    struct cg_host host;
    struct cgroup cg;
    int ret, r = cli_parse(name, argc, argv, o, &a, 1, 1);

    if (r)
        return r == 1 ? 0 : r;
    if (open_container_cgroup(o, a.argv[0], &st, &host, &cg) < 0)
        return -1;
    if (strcmp(state_status(&st), frozen ? "running" : "paused")) {
        err_set("container \"%s\" is %s, not %s", st.id, state_status(&st),
                frozen ? "running" : "paused");
        state_close(&st);
        return -1;
    }
    ret = cg_freeze(&cg, frozen);
    state_close(&st);
    return ret;
}

int cmd_pause(struct runtime_opts *o, int argc, char **argv)
{
    return freeze("pause", o, argc, argv, true);
}

int cmd_resume(struct runtime_opts *o, int argc, char **argv)
{
    return freeze("resume", o, argc, argv, false);
}

/* Without a cgroup (a rootless container, no linux.resources): the
 * processes of the init's PID namespace, when it has one of its own. */
static int pidns_procs(const struct container_state *st, pid_t *out, size_t max)
{
    char path[64];
    struct stat init_ns, ours, other;
    struct dirent *e;
    DIR *d;
    int n = 0;

    snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)st->pid);
    if (st->pid <= 0 || !strcmp(state_status(st), "stopped") || stat(path, &init_ns) < 0)
        return 0;
    if (stat("/proc/self/ns/pid", &ours) == 0 && ours.st_ino == init_ns.st_ino)
        return err_set("container \"%s\" has no cgroup (its config has no linux.resources) and "
                       "no PID namespace of its own: its processes cannot be told apart",
                       st->id);
    if (!(d = opendir("/proc")))
        return err_sys("open /proc");
    while ((e = readdir(d)) != NULL && (size_t)n < max) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof(path), "/proc/%s/ns/pid", e->d_name);
        if (stat(path, &other) == 0 && other.st_ino == init_ns.st_ino &&
            other.st_dev == init_ns.st_dev)
            out[n++] = (pid_t)atoi(e->d_name);
    }
    closedir(d);
    return n;
}

/* ps: the processes in the container's cgroup (or PID namespace), with
 * their names. */
int cmd_ps(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    struct container_state st;
    struct cg_host host;
    struct cgroup cg;
    pid_t pids[4096];
    int n, r = cli_parse("ps", argc, argv, o, &a, 1, 1);

    if (r)
        return r == 1 ? 0 : r;
    if (state_open(o->root, a.argv[0], &st) < 0)
        return -1;
    if (!st.cgroup[0]) {
        trace_note("minirunc", "no cgroup: the processes of the init's PID namespace");
        n = pidns_procs(&st, pids, sizeof(pids) / sizeof(pids[0]));
        state_close(&st);
    } else {
        state_close(&st);
        if (open_container_cgroup(o, a.argv[0], &st, &host, &cg) < 0)
            return -1;
        n = cg_procs(&cg, pids, sizeof(pids) / sizeof(pids[0]));
        state_close(&st);
    }
    if (n < 0)
        return -1;
    if (a.format && !strcmp(a.format, "json")) {
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
