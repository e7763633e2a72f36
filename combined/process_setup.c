/* One process set-up for the init and for exec (process_setup.h). */
#include "process_setup.h"

#include "container.h"
#include "error.h"
#include "lsm.h"
#include "procattrs.h"
#include "trace.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

void process_cap_plan(const struct cfg_process *p, struct cap_plan *out)
{
    memset(out, 0, sizeof(*out));
    out->set_caps = p->has_caps;
    out->separate_sets = true;
    out->keep = p->bounding;
    out->effective = p->effective;
    out->permitted = p->permitted;
    out->inheritable = p->inheritable;
    out->ambient = p->ambient;
    out->no_new_privs = p->no_new_privileges;
}

int process_identity(const struct cfg_process *p, struct identity *out)
{
    char user[64], groups[64 * 12] = "";
    size_t used = 0;
    int rootfd, ret;

    snprintf(user, sizeof(user), "%u:%u", (unsigned)p->uid, (unsigned)p->gid);
    for (size_t i = 0; i < p->additional_gids_count; i++)
        used += (size_t)snprintf(groups + used, sizeof(groups) - used, "%s%u", i ? "," : "",
                                 (unsigned)p->additional_gids[i]);
    rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return err_sys("open /");
    ret = identity_resolve(rootfd, user, groups[0] ? groups : NULL, out);
    close(rootfd);
    /* setgroups even without additional gids: root's groups must not stay. */
    out->change = true;
    return ret;
}

/* 2.5: the process's environment and identity, resolved inside the root. */
static int build_procenv(struct process_run *r, const struct cfg_process *p, int preserve_fds)
{
    struct procenv_spec *pe = &r->pe;

    pe->argv = p->args;
    pe->preserve_fds = preserve_fds;
    if (r->upto < UPTO_ENV) {
        /* Chapter 2.5 left out: the process gets what minirunc has. */
        extern char **environ;
        trace_note("05-env", "--upto %d: 2.5 left out: the process inherits minirunc's "
                             "environment, runs as uid 0 in /", r->upto);
        for (char **e = environ; *e; e++)
            if (env_put(&pe->env, *e) < 0)
                return -1;
        pe->cwd = "/";
        return 0;
    }
    for (size_t i = 0; i < p->env.count; i++)
        if (env_put(&pe->env, p->env.vars[i]) < 0)
            return -1;
    pe->cwd = p->cwd;
    if (process_identity(p, &r->id) < 0 || env_fill_defaults(&pe->env, &r->id, p->terminal) < 0)
        return -1;
    memcpy(pe->rlimits, p->rlimits, sizeof(p->rlimits));
    pe->rlimits_count = p->rlimits_count;
    pe->set_umask = p->set_umask;
    pe->umask = p->umask;
    pe->set_oom_score_adj = p->set_oom_score_adj;
    pe->oom_score_adj = p->oom_score_adj;
    pe->tty = p->terminal;
    return 0;
}

/* 2.5: what the kernel keeps per process and the program inherits. */
static int apply_limits(const struct procenv_spec *pe)
{
    if (pe->set_oom_score_adj && procenv_set_oom_score_adj(pe->oom_score_adj) < 0)
        return -1;
    if (procenv_set_rlimits(pe) < 0)
        return -1;
    if (pe->set_umask) {
        trace("05-env", "umask %03o", (unsigned)pe->umask);
        umask(pe->umask);
    }
    return 0;
}

/* 2.4 around 2.5's user change: bounding drops and keep-caps before it;
 * the final sets after it, unless the filter must be loaded first. */
static int change_user(struct process_run *r, const struct cfg_process *p,
                       const struct cfg_seccomp *seccomp)
{
    bool caps = r->upto >= UPTO_CAPABILITY;

    if (caps) {
        process_cap_plan(p, &r->caps);
        /* Compiled now, so that a bad filter fails early; loaded last. */
        if (seccomp_build(seccomp, &r->filter) < 0 || cap_before_user_change(&r->caps, r->id.change) < 0)
            return -1;
    } else {
        trace_note("04-capability", "--upto %d: 2.4 left out: the process keeps every capability",
                   r->upto);
    }
    if (r->upto >= UPTO_ENV && identity_apply(&r->id) < 0)
        return -1;
    /* Without no_new_privs, loading the filter needs CAP_SYS_ADMIN: the
     * final capability sets then wait until it is loaded. */
    r->caps_pending = caps && r->filter.ctx && !p->no_new_privileges;
    if (caps && !r->caps_pending && cap_after_user_change(&r->caps, r->id.change) < 0)
        return -1;
    return 0;
}

int process_prepare(struct process_run *r, const struct cfg_process *p,
                    const struct cfg_seccomp *seccomp, int upto, int preserve_fds)
{
    int code;

    memset(r, 0, sizeof(*r));
    r->upto = upto;
    if (build_procenv(r, p, preserve_fds) < 0)
        return -1;
    if (upto >= UPTO_ENV && apply_limits(&r->pe) < 0)
        return -1;
    if (change_user(r, p, seccomp) < 0)
        return -1;
    /* Everything the runtime itself still needs happens before the
     * container's filter: the PATH lookup (openat2, faccessat2), the cwd,
     * closing our fds (close_range).  Old profiles deny those calls. */
    code = procenv_find_command(&r->pe, r->path, sizeof(r->path));
    if (code)
        return code; /* 126/127 */
    return procenv_close_fds(&r->pe);
}

/* The container's seccomp filter, with the final capability sets on
 * whichever side of it the kernel requires (2.4). */
static int load_filter(struct process_run *r)
{
    if (!r->caps_pending)
        return seccomp_load_built(&r->filter); /* no_new_privs: right before execve */
    if (cap_raise_effective(CAP_SYS_ADMIN) < 0) {
        err_context("linux.seccomp without process.noNewPrivileges needs CAP_SYS_ADMIN to load");
        return -1;
    }
    if (seccomp_load_built(&r->filter) < 0)
        return -1;
    return cap_after_user_change(&r->caps, r->id.change);
}

int process_exec(struct process_run *r, const struct cfg_process *p, const struct oci_config *cfg)
{
    if ((r->upto >= UPTO_ENV && procattrs_apply(p, cfg) < 0) ||
        (r->upto >= UPTO_CAPABILITY && lsm_set_exec_labels(p) < 0) || load_filter(r) < 0) {
        process_run_free(r);
        return 1;
    }
    return procenv_execve(&r->pe, r->path);
}

void process_run_free(struct process_run *r)
{
    seccomp_built_free(&r->filter);
}
