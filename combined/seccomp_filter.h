/* linux.seccomp: a syscall filter, built early (its errors show at
 * create time) and loaded last, right before execve: the filter is the
 * container's, so nothing the runtime still has to do may come after it. */
#ifndef MINIRUNC_SECCOMP_FILTER_H
#define MINIRUNC_SECCOMP_FILTER_H

#include "config.h"

#include <seccomp.h>

struct seccomp_built {
    scmp_filter_ctx ctx; /* NULL: no filter */
    size_t rules, skipped;
    uint32_t default_action;
};

int seccomp_build(const struct cfg_seccomp *sc, struct seccomp_built *out);
/* Load and free it.  Without no_new_privs the caller must hold
 * CAP_SYS_ADMIN. */
int seccomp_load_built(struct seccomp_built *b);
void seccomp_built_free(struct seccomp_built *b);

#endif
