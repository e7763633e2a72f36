/* config.json "process": what chapters 2.4 and 2.5 apply. */
#include "cfg_json.h"
#include "config.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_user(json_t *process, struct cfg_process *out)
{
    static const char *const keys[] = { "uid", "gid", "umask", "additionalGids", NULL };
    json_t *user, *gids, *g;
    int64_t v;
    size_t i;

    if (cfg_object(process, "user", "process", &user) < 0)
        return -1;
    if (!user)
        return err_set("process.user: missing (uid and gid are required)");
    if (cfg_only_keys(user, "process.user", keys) < 0)
        return -1;
    if (cfg_need(cfg_int(user, "uid", "process.user", 0, 0xfffffffe, &v), "process.user", "uid") < 0)
        return -1;
    out->uid = (uid_t)v;
    if (cfg_need(cfg_int(user, "gid", "process.user", 0, 0xfffffffe, &v), "process.user", "gid") < 0)
        return -1;
    out->gid = (gid_t)v;
    switch (cfg_int(user, "umask", "process.user", 0, 0777, &v)) {
    case -1: return -1;
    case 0: out->set_umask = true; out->umask = (mode_t)v; break;
    }
    if (cfg_array(user, "additionalGids", "process.user", &gids) < 0)
        return -1;
    json_array_foreach(gids, i, g) {
        if (!json_is_integer(g) || json_integer_value(g) < 0 || json_integer_value(g) > 0xfffffffe)
            return err_set("process.user.additionalGids[%zu]: expected a gid", i);
        if (out->additional_gids_count == 64)
            return err_set("process.user.additionalGids: more than 64");
        out->additional_gids[out->additional_gids_count++] = (gid_t)json_integer_value(g);
    }
    return 0;
}

static int parse_caps(json_t *process, struct cfg_process *out)
{
    static const char *const keys[] = { "bounding", "effective", "permitted", "inheritable",
                                        "ambient", NULL };
    capmask_t *sets[] = { &out->bounding, &out->effective, &out->permitted, &out->inheritable,
                          &out->ambient };
    json_t *caps, *list, *name;
    char where[64];
    size_t i;

    if (cfg_object(process, "capabilities", "process", &caps) < 0)
        return -1;
    if (!caps)
        return 0;
    if (cfg_only_keys(caps, "process.capabilities", keys) < 0)
        return -1;
    out->has_caps = true;
    for (int s = 0; s < 5; s++) {
        snprintf(where, sizeof(where), "process.capabilities");
        if (cfg_array(caps, keys[s], where, &list) < 0)
            return -1;
        json_array_foreach(list, i, name) {
            int cap;
            if (!json_is_string(name))
                return err_set("process.capabilities.%s[%zu]: expected a name", keys[s], i);
            cap = cap_parse_name(json_string_value(name));
            if (cap < 0) {
                err_context("process.capabilities.%s[%zu]", keys[s], i);
                return -1;
            }
            /* A capability this kernel lacks is left out, as runc does. */
            if (cap <= cap_last_cap())
                *sets[s] |= CAPMASK(cap);
        }
    }
    return 0;
}

static int parse_rlimits(json_t *process, struct cfg_process *out)
{
    json_t *list, *r;
    size_t i;

    if (cfg_array(process, "rlimits", "process", &list) < 0)
        return -1;
    json_array_foreach(list, i, r) {
        char where[48], *type = NULL;
        int64_t soft, hard;
        struct rlimit_req *req;

        snprintf(where, sizeof(where), "process.rlimits[%zu]", i);
        if (!json_is_object(r))
            return err_set("%s: expected an object", where);
        if (cfg_need(cfg_string(r, "type", where, &type), where, "type") < 0)
            return -1;
        if (out->rlimits_count == 16) {
            free(type);
            return err_set("process.rlimits: more than 16");
        }
        req = &out->rlimits[out->rlimits_count];
        req->resource = rlimit_by_name(type, &req->name);
        if (req->resource < 0) {
            err_set("%s.type: unknown limit \"%s\"", where, type);
            free(type);
            return -1;
        }
        free(type);
        if (cfg_need(cfg_int(r, "soft", where, 0, INT64_MAX, &soft), where, "soft") < 0 ||
            cfg_need(cfg_int(r, "hard", where, 0, INT64_MAX, &hard), where, "hard") < 0)
            return -1;
        req->limit.rlim_cur = (rlim_t)soft;
        req->limit.rlim_max = (rlim_t)hard;
        out->rlimits_count++;
    }
    return 0;
}

static int lsm_label(json_t *process, const char *key, char *out, size_t len)
{
    char *label = NULL;
    int r = cfg_string(process, key, "process", &label);

    if (r < 0)
        return -1;
    if (r == 0 && (strlen(label) >= len || strchr(label, '\n'))) {
        free(label);
        return err_set("process.%s: too long, or a newline in it", key);
    }
    if (r == 0)
        snprintf(out, len, "%s", label);
    free(label);
    return 0;
}

int cfg_parse_process(json_t *process, struct cfg_process *out)
{
    static const char *const keys[] = { "terminal", "consoleSize", "user", "args", "env", "cwd",
                                        "capabilities", "rlimits", "noNewPrivileges",
                                        "oomScoreAdj", "apparmorProfile", "selinuxLabel",
                                        "ioPriority", "scheduler", NULL };
    json_t *args, *env, *e;
    int64_t v;
    size_t i;

    if (!json_is_object(process))
        return err_set("process: missing or not an object");
    if (cfg_only_keys(process, "process", keys) < 0)
        return -1;
    /* LSM labels: kept here, checked against the host at create
     * (combined/lsm.c), applied right before the filter and execve. */
    if (lsm_label(process, "apparmorProfile", out->apparmor_profile, sizeof(out->apparmor_profile)) < 0 ||
        lsm_label(process, "selinuxLabel", out->selinux_label, sizeof(out->selinux_label)) < 0 ||
        cfg_parse_io_priority(process, out) < 0 || cfg_parse_scheduler(process, out) < 0)
        return -1;
    if (cfg_bool(process, "terminal", "process", &out->terminal) < 0 || parse_user(process, out) < 0)
        return -1;
    if (cfg_array(process, "args", "process", &args) < 0)
        return -1;
    if (!args || json_array_size(args) == 0)
        return err_set("process.args: missing or empty (what should the container run?)");
    if (cfg_string_array(args, "process.args", &out->args) < 0)
        return -1;
    if (cfg_array(process, "env", "process", &env) < 0)
        return -1;
    json_array_foreach(env, i, e) {
        if (!json_is_string(e) || env_put(&out->env, json_string_value(e)) < 0) {
            err_context("process.env[%zu]", i);
            return -1;
        }
    }
    if (cfg_need(cfg_string(process, "cwd", "process", &out->cwd), "process", "cwd") < 0)
        return -1;
    if (out->cwd[0] != '/')
        return err_set("process.cwd: \"%s\" must be an absolute path", out->cwd);
    if (parse_caps(process, out) < 0 || parse_rlimits(process, out) < 0 ||
        cfg_bool(process, "noNewPrivileges", "process", &out->no_new_privileges) < 0)
        return -1;
    switch (cfg_int(process, "oomScoreAdj", "process", -1000, 1000, &v)) {
    case -1: return -1;
    case 0: out->set_oom_score_adj = true; out->oom_score_adj = (int)v; break;
    }
    return 0;
}
