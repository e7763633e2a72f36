/* config.json "linux.seccomp", translated to libseccomp's values. */
#include "cfg_json.h"
#include "config.h"
#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_action(json_t *obj, const char *key, const char *errno_key, const char *where,
                        unsigned *out)
{
    char *name = NULL;
    int64_t ret = EPERM;

    if (cfg_need(cfg_string(obj, key, where, &name), where, key) < 0)
        return -1;
    if (cfg_int(obj, errno_key, where, 0, 65535, &ret) < 0) {
        free(name);
        return -1;
    }
    if (!strcmp(name, "SCMP_ACT_ALLOW")) *out = SCMP_ACT_ALLOW;
    else if (!strcmp(name, "SCMP_ACT_ERRNO")) *out = SCMP_ACT_ERRNO((unsigned)ret);
    else if (!strcmp(name, "SCMP_ACT_KILL") || !strcmp(name, "SCMP_ACT_KILL_THREAD")) *out = SCMP_ACT_KILL_THREAD;
    else if (!strcmp(name, "SCMP_ACT_KILL_PROCESS")) *out = SCMP_ACT_KILL_PROCESS;
    else if (!strcmp(name, "SCMP_ACT_TRAP")) *out = SCMP_ACT_TRAP;
    else if (!strcmp(name, "SCMP_ACT_TRACE")) *out = SCMP_ACT_TRACE((unsigned)ret);
    else if (!strcmp(name, "SCMP_ACT_LOG")) *out = SCMP_ACT_LOG;
    else {
        err_set("%s.%s: \"%s\" is not supported (SCMP_ACT_NOTIFY needs a seccomp agent)", where,
                key, name);
        free(name);
        return -1;
    }
    free(name);
    return 0;
}

static int parse_op(const char *name, int *op)
{
    static const struct { const char *name; int op; } ops[] = {
        { "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT },
        { "SCMP_CMP_LE", SCMP_CMP_LE }, { "SCMP_CMP_EQ", SCMP_CMP_EQ },
        { "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
        { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
    };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (!strcmp(name, ops[i].name)) {
            *op = ops[i].op;
            return 0;
        }
    return -1;
}

static int parse_arch(const char *name, unsigned *out)
{
    char lower[64];
    size_t i;

    if (strncmp(name, "SCMP_ARCH_", 10) || strlen(name) - 10 >= sizeof(lower))
        return -1;
    for (i = 0; name[10 + i]; i++)
        lower[i] = (char)tolower((unsigned char)name[10 + i]);
    lower[i] = '\0';
    *out = seccomp_arch_resolve_name(lower);
    return *out ? 0 : -1;
}

int cfg_parse_seccomp(json_t *sc, struct cfg_seccomp *out)
{
    static const char *const keys[] = { "defaultAction", "defaultErrnoRet", "architectures",
                                        "syscalls", "flags", NULL };
    json_t *arches, *syscalls, *flags, *s, *a;
    size_t i, j;

    if (cfg_only_keys(sc, "linux.seccomp", keys) < 0)
        return -1;
    out->present = true;
    if (parse_action(sc, "defaultAction", "defaultErrnoRet", "linux.seccomp", &out->default_action) < 0)
        return -1;
    if (cfg_array(sc, "flags", "linux.seccomp", &flags) < 0)
        return -1;
    if (flags && json_array_size(flags))
        return err_set("linux.seccomp.flags: not supported by minirunc");
    if (cfg_array(sc, "architectures", "linux.seccomp", &arches) < 0)
        return -1;
    json_array_foreach(arches, i, a) {
        if (!json_is_string(a) || out->arches_count == 16 ||
            parse_arch(json_string_value(a), &out->arches[out->arches_count]) < 0)
            return err_set("linux.seccomp.architectures[%zu]: unknown architecture", i);
        out->arches_count++;
    }
    if (cfg_array(sc, "syscalls", "linux.seccomp", &syscalls) < 0)
        return -1;
    json_array_foreach(syscalls, i, s) {
        char where[48];
        unsigned action;
        json_t *names, *args, *n, *arg;

        snprintf(where, sizeof(where), "linux.seccomp.syscalls[%zu]", i);
        if (!json_is_object(s) || parse_action(s, "action", "errnoRet", where, &action) < 0)
            return err_get()[0] ? -1 : err_set("%s: expected an object", where);
        if (cfg_array(s, "names", where, &names) < 0 || cfg_array(s, "args", where, &args) < 0)
            return -1;
        if (!names || !json_array_size(names))
            return err_set("%s.names: missing or empty", where);
        if (json_array_size(args) > CFG_MAX_ARGS)
            return err_set("%s.args: at most %d", where, CFG_MAX_ARGS);
        json_array_foreach(names, j, n) {
            struct cfg_seccomp_rule *r;
            size_t k;

            if (!json_is_string(n))
                return err_set("%s.names[%zu]: expected a string", where, j);
            if (out->rules_count == CFG_MAX_RULES)
                return err_set("linux.seccomp.syscalls: more than %d rules", CFG_MAX_RULES);
            if (!out->rules && !(out->rules = calloc(CFG_MAX_RULES, sizeof(*out->rules))))
                return err_sys("linux.seccomp");
            r = &out->rules[out->rules_count++];
            r->name = strdup(json_string_value(n));
            r->action = action;
            json_array_foreach(args, k, arg) {
                char aw[64], *op = NULL;
                int64_t idx, value = 0, value2 = 0;

                snprintf(aw, sizeof(aw), "%s.args[%zu]", where, k);
                if (!json_is_object(arg) ||
                    cfg_need(cfg_int(arg, "index", aw, 0, 5, &idx), aw, "index") < 0 ||
                    cfg_need(cfg_string(arg, "op", aw, &op), aw, "op") < 0)
                    return err_get()[0] ? -1 : err_set("%s: expected an object", aw);
                /* Values are u64; jansson holds them as signed. */
                cfg_int(arg, "value", aw, INT64_MIN, INT64_MAX, &value);
                cfg_int(arg, "valueTwo", aw, INT64_MIN, INT64_MAX, &value2);
                if (parse_op(op, &r->args[k].op) < 0) {
                    err_set("%s.op: unknown operator \"%s\"", aw, op);
                    free(op);
                    return -1;
                }
                free(op);
                r->args[k].index = (unsigned)idx;
                r->args[k].value = (unsigned long long)value;
                r->args[k].value_two = (unsigned long long)value2;
                r->args_count++;
            }
        }
    }
    return 0;
}
