/* The OCI "process" object turned into the chapters' own plans: shared by
 * the container's init and by exec, so both set a process up alike. */
#ifndef MINIRUNC_PROCESS_SETUP_H
#define MINIRUNC_PROCESS_SETUP_H

#include "capability.h"
#include "config.h"
#include "procenv.h"

/* 2.4: the five sets, no_new_privs. */
void process_cap_plan(const struct cfg_process *p, struct cap_plan *out);

/* 2.5: uid, gid and additionalGids resolved in the root at "/" (the
 * container's, once inside); groups are always set. */
int process_identity(const struct cfg_process *p, struct identity *out);

#endif
