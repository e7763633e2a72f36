#include "capability.h"

#include "error.h"
#include "setgroups.h"
#include "trace.h"

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#define TAG "04-capability"

static void trace_mask(const char *fmt, capmask_t mask)
{
    char *names = cap_mask_names(mask);
    trace(TAG, fmt, names && *names ? names : "(none)");
    free(names);
}

/* Our own sets, from the kernel's calls rather than /proc/self/status:
 * a runtime entering a container is non-dumpable, and once it is not
 * root any more its /proc/PID files are not its own to read. */
static int read_current(struct cap_state *st)
{
    cap_t c = cap_get_proc();

    memset(st, 0, sizeof(*st));
    if (!c)
        return err_sys("capget");
    for (int i = 0; i <= cap_last_cap(); i++) {
        cap_flag_value_t v;
        if (cap_get_flag(c, (cap_value_t)i, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
            st->effective |= CAPMASK(i);
        if (cap_get_flag(c, (cap_value_t)i, CAP_PERMITTED, &v) == 0 && v == CAP_SET)
            st->permitted |= CAPMASK(i);
        if (cap_get_flag(c, (cap_value_t)i, CAP_INHERITABLE, &v) == 0 && v == CAP_SET)
            st->inheritable |= CAPMASK(i);
        if (cap_get_bound((cap_value_t)i) == 1)
            st->bounding |= CAPMASK(i);
        if (cap_get_ambient((cap_value_t)i) == 1)
            st->ambient |= CAPMASK(i);
    }
    cap_free(c);
    st->no_new_privs = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    st->securebits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
    return 0;
}

/* 2.4: the bounding set can only shrink; dropping needs CAP_SETPCAP, so it
 * comes before anything that gives capabilities up.
 *
 * LAB bounding: 2.4 step 2: drop the bounding set to what the plan keeps
 *  hint: read the current sets (read_current); every capability in the
 *        bounding set but not in keep is dropped with one
 *        prctl(PR_CAPBSET_DROP, cap) each (cap_drop_bound), 0 to
 *        cap_last_cap().  It must come before setuid: dropping needs
 *        CAP_SETPCAP, which the uid change takes away.
 *  trace: [04-capability] prctl(PR_CAPBSET_DROP, cap_sys_admin)
 *  guide: docs/04-capability.md#how-exec-transforms-the-sets */
static int drop_bounding(capmask_t keep)
{
    struct cap_state st;
    capmask_t drop;

    if (read_current(&st) < 0)
        return -1;
    drop = st.bounding & ~keep;
    if (!drop)
        return 0;
    /* One call per capability: the kernel drops them one at a time. */
    for (int c = 0; c <= cap_last_cap(); c++) {
        if (!(drop & CAPMASK(c)))
            continue;
        trace_mask("prctl(PR_CAPBSET_DROP, %s)", CAPMASK(c));
        if (cap_drop_bound((cap_value_t)c) < 0) {
            char *name = cap_mask_names(CAPMASK(c));
            err_sys("prctl(PR_CAPBSET_DROP, %s)", name ? name : "?");
            free(name);
            return -1;
        }
    }
    return 0;
}

/* LAB setuid: 2.4 step 3: become the user: groups, then gid, then uid
 *  hint: setgroups(0, NULL) first (skipped with a note when this user
 *        namespace denies it: setgroups_denied), then setgid(gid), then
 *        setuid(uid): once the uid is not 0 the process may change none of
 *        them.  PR_SET_KEEPCAPS (set before) keeps the permitted set.
 *  trace: [04-capability] setuid(1000)
 *  guide: docs/04-capability.md#worked-example-2-a-non-root-user-keeps-one-capability */
static int change_user(uid_t uid, gid_t gid)
{
    /* Groups, then gid, then uid: once the uid is not 0 any more the
     * process may no longer change its groups. */
    if (setgroups_denied()) {
        trace(TAG, "# setgroups(0, []) skipped: this user namespace denies setgroups (its gid map was "
                   "written without root)");
    } else {
        trace(TAG, "setgroups(0, [])");
        if (setgroups(0, NULL) < 0)
            return err_sys("setgroups(0, [])");
    }
    trace(TAG, "setgid(%u)", (unsigned)gid);
    if (setgid(gid) < 0)
        return err_sys("setgid(%u)", (unsigned)gid);
    trace(TAG, "setuid(%u)", (unsigned)uid);
    if (setuid(uid) < 0)
        return err_sys("setuid(%u)", (unsigned)uid);
    return 0;
}

static int set_sets(capmask_t effective, capmask_t permitted, capmask_t inheritable)
{
    cap_t caps = cap_init();
    char *e = cap_mask_names(effective), *p = cap_mask_names(permitted),
         *i = cap_mask_names(inheritable);
    int ret = 0;

    trace(TAG, "capset(effective=%s, permitted=%s, inheritable=%s)", e && *e ? e : "0",
          p && *p ? p : "0", i && *i ? i : "0");
    for (int c = 0; caps && c <= cap_last_cap(); c++) {
        cap_value_t v = (cap_value_t)c;
        if (effective & CAPMASK(c))
            cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET);
        if (permitted & CAPMASK(c))
            cap_set_flag(caps, CAP_PERMITTED, 1, &v, CAP_SET);
        if (inheritable & CAPMASK(c))
            cap_set_flag(caps, CAP_INHERITABLE, 1, &v, CAP_SET);
    }
    if (!caps || cap_set_proc(caps) < 0)
        ret = err_sys("capset(effective=%s, permitted=%s, inheritable=%s)", e ? e : "?",
                      p ? p : "?", i ? i : "?");
    cap_free(caps);
    free(e);
    free(p);
    free(i);
    return ret;
}

int cap_before_user_change(const struct cap_plan *plan, bool user_changes)
{
    capmask_t must_keep = plan->separate_sets ? plan->permitted | plan->inheritable : plan->ambient;

    if (plan->set_caps && (must_keep & ~plan->keep) && !plan->separate_sets) {
        char *names = cap_mask_names(plan->ambient & ~plan->keep);
        err_set("ambient %s: an ambient capability must also be kept (it has to be permitted)",
                names ? names : "?");
        free(names);
        return -1;
    }
    /* setuid() away from 0 empties the permitted set unless keep-caps is
     * on: turn it on for the switch, off again right after. */
    if (user_changes) {
        trace(TAG, "prctl(PR_SET_KEEPCAPS, 1)");
        if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
            return err_sys("prctl(PR_SET_KEEPCAPS, 1)");
    }
    if (plan->set_caps && drop_bounding(plan->keep) < 0)
        return -1;
    return 0;
}

int cap_raise_effective(int cap)
{
    cap_t caps = cap_get_proc();
    cap_value_t v = cap;
    cap_flag_value_t permitted = CAP_CLEAR;
    char *name = cap_to_name(v);
    int ret = 0;

    if (!caps || cap_get_flag(caps, v, CAP_PERMITTED, &permitted) < 0) {
        ret = err_sys("capget");
    } else if (permitted != CAP_SET) {
        ret = err_set("%s is not in the permitted set: it cannot be raised", name ? name : "?");
    } else {
        trace(TAG, "capset(effective += %s)", name ? name : "?");
        if (cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET) < 0 || cap_set_proc(caps) < 0)
            ret = err_sys("capset(effective += %s)", name ? name : "?");
    }
    cap_free(name);
    cap_free(caps);
    return ret;
}

/* LAB ambient: 2.4 step 6: raise the ambient capabilities
 *  hint: an ambient capability passes through execve to a program without
 *        file capabilities, as a non-root user; it can only be raised once it
 *        is permitted and inheritable (set_sets did that).  One
 *        prctl(PR_CAP_AMBIENT_RAISE, cap) per capability of the mask
 *        (cap_set_ambient), after the uid change: setuid clears the set.
 *  trace: [04-capability] prctl(PR_CAP_AMBIENT_RAISE, cap_net_bind_service)
 *  guide: docs/04-capability.md#worked-example-2-a-non-root-user-keeps-one-capability */
static int raise_ambient(capmask_t ambient)
{
    for (int c = 0; c <= cap_last_cap(); c++) {
        if (!(ambient & CAPMASK(c)))
            continue;
        trace_mask("prctl(PR_CAP_AMBIENT_RAISE, %s)", CAPMASK(c));
        if (cap_set_ambient((cap_value_t)c, CAP_SET) < 0) {
            char *name = cap_mask_names(CAPMASK(c));
            err_sys("prctl(PR_CAP_AMBIENT_RAISE, %s)", name ? name : "?");
            free(name);
            return -1;
        }
    }
    return 0;
}

int cap_after_user_change(const struct cap_plan *plan, bool user_changed)
{
    struct cap_state st;
    capmask_t permitted, effective, inheritable;

    if (user_changed) {
        trace(TAG, "prctl(PR_SET_KEEPCAPS, 0)");
        if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
            return err_sys("prctl(PR_SET_KEEPCAPS, 0)");
    }
    if (plan->set_caps || user_changed || plan->ambient) {
        if (read_current(&st) < 0)
            return -1;
        if (plan->separate_sets) {
            permitted = plan->permitted & st.permitted;
            effective = plan->effective & permitted;
            inheritable = plan->inheritable;
        } else {
            permitted = plan->set_caps ? (plan->keep & st.permitted) : st.permitted;
            effective = permitted;
            inheritable = plan->ambient;
        }
        if (plan->ambient & ~(permitted & (inheritable | plan->ambient))) {
            char *names = cap_mask_names(plan->ambient & ~permitted);
            err_set("ambient %s: not in the permitted set, so it cannot be raised",
                    names ? names : "?");
            free(names);
            return -1;
        }
        /* The uid change cleared the effective set: capset restores it.
         * Ambient capabilities must be inheritable as well as permitted. */
        if (set_sets(effective, permitted, inheritable | plan->ambient) < 0)
            return -1;
    }
    if (plan->ambient && raise_ambient(plan->ambient) < 0)
        return -1;
    /* Last: from here on exec can never add privileges (setuid bits and
     * file capabilities are ignored). */
    if (plan->no_new_privs) {
        trace(TAG, "prctl(PR_SET_NO_NEW_PRIVS, 1)");
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
            return err_sys("prctl(PR_SET_NO_NEW_PRIVS, 1)");
    }
    return 0;
}

int cap_plan_apply(const struct cap_plan *plan)
{
    if (cap_before_user_change(plan, plan->change_user) < 0)
        return -1;
    if (plan->change_user && change_user(plan->uid, plan->gid) < 0)
        return -1;
    return cap_after_user_change(plan, plan->change_user);
}

int cap_state_read(pid_t pid, struct cap_state *out)
{
    static const struct {
        const char *key;
        size_t offset;
    } fields[] = {
        { "CapInh:", offsetof(struct cap_state, inheritable) },
        { "CapPrm:", offsetof(struct cap_state, permitted) },
        { "CapEff:", offsetof(struct cap_state, effective) },
        { "CapBnd:", offsetof(struct cap_state, bounding) },
        { "CapAmb:", offsetof(struct cap_state, ambient) },
    };
    char path[64], line[256];
    FILE *f;
    int found = 0;

    memset(out, 0, sizeof(*out));
    out->securebits = pid == getpid() ? prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) : -1;
    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    f = fopen(path, "re");
    if (!f)
        return err_sys("open %s", path);
    while (fgets(line, sizeof(line), f)) {
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
            size_t klen = strlen(fields[i].key);
            if (strncmp(line, fields[i].key, klen))
                continue;
            line[strcspn(line, "\n")] = '\0';
            const char *v = line + klen;
            while (*v == '\t' || *v == ' ')
                v++;
            if (cap_parse_hex(v, (capmask_t *)((char *)out + fields[i].offset)) < 0) {
                fclose(f);
                err_context("%s", path);
                return -1;
            }
            found++;
        }
        if (!strncmp(line, "NoNewPrivs:", 11))
            out->no_new_privs = atoi(line + 11);
    }
    fclose(f);
    if (found < 5)
        return err_set("%s: no capability lines (CapInh ... CapAmb)", path);
    return 0;
}
