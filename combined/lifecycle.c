/* start and delete: a created container's process let go, and a
 * container's remains removed (chapter 2.3's cgroup, the state, the
 * poststop hooks). */
#include "cgroups.h"
#include "container.h"
#include "error.h"
#include "hooks.h"
#include "state.h"
#include "systemd_scope.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG "minirunc"

int container_start(const struct runtime_opts *o, const char *id)
{
    struct container_state st;
    struct oci_config cfg;
    char fifo[PATH_MAX + 16], path[PATH_MAX + 16], byte, *state;
    const char *status;
    int fd, ret = -1;

    if (state_open(o->root, id, &st) < 0)
        return -1;
    status = state_status(&st);
    if (strcmp(status, "created")) {
        err_set("container \"%s\" is %s: only a created container can be started", id, status);
        state_close(&st);
        return -1;
    }
    snprintf(fifo, sizeof(fifo), "%s/exec.fifo", st.dir);
    trace(TAG, "cat %s   # release the init: it execs the process", fifo);
    fd = open(fifo, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, &byte, 1) != 1) {
        err_sys("open %s", fifo);
        if (fd >= 0)
            close(fd);
        state_close(&st);
        return -1;
    }
    /* EOF once the init has exec'd the process (or died): only then
     * is the process started, and poststart may run. */
    for (;;) {
        ssize_t n = read(fd, &byte, 1);
        if (n == 0 || (n < 0 && errno != EINTR))
            break;
    }
    close(fd);
    unlink(fifo);
    snprintf(path, sizeof(path), "%s/config.json", st.bundle);
    ret = 0;
    if (config_load(path, &cfg) == 0) {
        state = state_json(&st, "running");
        if (hooks_run(&cfg, HOOK_POSTSTART, state) < 0)
            ret = -1;
        free(state);
        config_free(&cfg);
    }
    state_close(&st);
    return ret;
}

int container_delete(const struct runtime_opts *o, const char *id, bool force)
{
    struct container_state st;
    struct oci_config cfg;
    char path[PATH_MAX + 16], *state;
    const char *status;
    bool have_cfg;
    int ret = 0;

    bool partial;

    /* An unreadable state.json (a runtime killed mid-write, a hand):
     * --force still ends what ROOT/ID/init names, and removes it all. */
    if (force ? state_open_any(o->root, id, &st, &partial) < 0 : state_open(o->root, id, &st) < 0) {
        /* As runc: --force on a container that is already gone succeeds,
         * so a caller cleaning up after a failed create need not care. */
        if (force && errno == ENOENT) {
            err_clear();
            return 0;
        }
        return -1;
    }
    if (force && partial)
        trace_note(TAG, "%s: state.json unreadable; cleaning up from %s/init", id, st.dir);
    status = state_status(&st);
    if ((!strcmp(status, "running") || !strcmp(status, "paused")) && !force) {
        state_close(&st);
        return err_set("container \"%s\" is %s: stop it first, or delete --force", id, status);
    }
    if (strcmp(status, "stopped")) {
        bool paused = !strcmp(status, "paused");
        trace(TAG, "kill -KILL %d", (int)st.pid);
        kill(st.pid, SIGKILL);
        /* Frozen, it would get the signal only once thawed. */
        if (paused) {
            struct cg_host host;
            struct cgroup cg;
            if (cg_detect(NULL, &host) == 0 && state_cgroup_open(&st, &host, &cg) == 0)
                cg_freeze(&cg, false);
        }
        for (int i = 0; i < 500 && !strcmp(state_status(&st), "running"); i++)
            usleep(10000);
        for (int i = 0; i < 500 && strcmp(state_status(&st), "stopped"); i++)
            usleep(10000);
    }
    if (st.cgroup[0]) {
        struct cg_host host;
        struct cgroup cg;
        const char *unit = systemd_scope_unit(st.cgroup);
        if (cg_detect(NULL, &host) < 0 || state_cgroup_open(&st, &host, &cg) < 0 ||
            cg_destroy(&cg, true) < 0)
            ret = -1;
        /* --systemd-cgroup: the unit goes too (empty, it is stopping). */
        if (unit && systemd_scope_stop(unit) < 0)
            ret = -1;
    }
    snprintf(path, sizeof(path), "%s/config.json", st.bundle);
    have_cfg = config_load(path, &cfg) == 0;
    state = state_json(&st, "stopped");
    if (state_remove(&st) < 0)
        ret = -1;
    if (have_cfg) {
        /* poststop failures are reported but do not undo the delete. */
        if (hooks_run(&cfg, HOOK_POSTSTOP, state) < 0)
            ret = -1;
        config_free(&cfg);
    }
    free(state);
    state_close(&st);
    return ret;
}
