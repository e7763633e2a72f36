#include "rlimits.h"

#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    int resource;
} names[] = {
    { "AS", RLIMIT_AS },           { "CORE", RLIMIT_CORE },
    { "CPU", RLIMIT_CPU },         { "DATA", RLIMIT_DATA },
    { "FSIZE", RLIMIT_FSIZE },     { "LOCKS", RLIMIT_LOCKS },
    { "MEMLOCK", RLIMIT_MEMLOCK }, { "MSGQUEUE", RLIMIT_MSGQUEUE },
    { "NICE", RLIMIT_NICE },       { "NOFILE", RLIMIT_NOFILE },
    { "NPROC", RLIMIT_NPROC },     { "RSS", RLIMIT_RSS },
    { "RTPRIO", RLIMIT_RTPRIO },   { "RTTIME", RLIMIT_RTTIME },
    { "SIGPENDING", RLIMIT_SIGPENDING }, { "STACK", RLIMIT_STACK },
};

int rlimit_by_name(const char *name, const char **canonical)
{
    if (!strncasecmp(name, "RLIMIT_", 7))
        name += 7;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!strcasecmp(name, names[i].name)) {
            if (canonical)
                *canonical = names[i].name;
            return names[i].resource;
        }
    }
    return -1;
}

static int parse_value(const char *s, rlim_t *out)
{
    char *end;
    unsigned long long v;

    if (!strcasecmp(s, "unlimited") || !strcmp(s, "-1")) {
        *out = RLIM_INFINITY;
        return 0;
    }
    if (!*s || *s == '-')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = (rlim_t)v;
    return 0;
}

int rlimit_parse(const char *arg, struct rlimit_req *out)
{
    char name[32], soft[32], hard[32];
    const char *eq = strchr(arg, '='), *colon;

    if (!eq || (size_t)(eq - arg) >= sizeof(name))
        return err_set("--rlimit %s: expected NAME=SOFT[:HARD]", arg);
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    out->resource = rlimit_by_name(name, &out->name);
    if (out->resource < 0)
        return err_set("--rlimit %s: unknown limit \"%s\" (NOFILE, NPROC, CORE, ... see "
                       "getrlimit(2))", arg, name);
    colon = strchr(eq + 1, ':');
    snprintf(soft, sizeof(soft), "%.*s", colon ? (int)(colon - eq - 1) : 31, eq + 1);
    snprintf(hard, sizeof(hard), "%s", colon ? colon + 1 : soft);
    if (parse_value(soft, &out->limit.rlim_cur) < 0 || parse_value(hard, &out->limit.rlim_max) < 0)
        return err_set("--rlimit %s: limits are numbers or \"unlimited\"", arg);
    if (out->limit.rlim_max != RLIM_INFINITY &&
        (out->limit.rlim_cur == RLIM_INFINITY || out->limit.rlim_cur > out->limit.rlim_max))
        return err_set("--rlimit %s: the soft limit is above the hard limit", arg);
    return 0;
}

int umask_parse(const char *arg, mode_t *out)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(arg, &end, 8);
    if (!*arg || errno || *end || v > 0777)
        return err_set("--umask %s: expected an octal mode such as 022", arg);
    *out = (mode_t)v;
    return 0;
}
