/* OCI hooks: programs the runtime runs at fixed points, with the state
 * JSON on their stdin. */
#ifndef MINIRUNC_HOOKS_H
#define MINIRUNC_HOOKS_H

#include "config.h"

/* Run every hook of KIND in order; the first failure (non-zero exit, or a
 * timeout) stops them and is reported. */
int hooks_run(const struct oci_config *cfg, enum hook_kind kind, const char *state_json);

#endif
