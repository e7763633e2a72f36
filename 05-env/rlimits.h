/* 2.5: resource limits (setrlimit) by name, as process.rlimits names them. */
#ifndef MINIRUNC_RLIMITS_H
#define MINIRUNC_RLIMITS_H

#include <sys/resource.h>
#include <sys/types.h>

struct rlimit_req {
    int resource;     /* RLIMIT_* */
    const char *name; /* "NOFILE" */
    struct rlimit limit;
};

/* "NOFILE=1024:2048", "rlimit_core=0", "nproc=unlimited": NAME with or
 * without RLIMIT_, any case; SOFT alone sets both. */
int rlimit_parse(const char *arg, struct rlimit_req *out);

/* Resource number by name, or -1. */
int rlimit_by_name(const char *name, const char **canonical);

/* An octal umask ("022", "0027"). */
int umask_parse(const char *arg, mode_t *out);

#endif
