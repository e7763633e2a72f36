/* 2.5: the process's execution domain (linux.personality), I/O priority
 * (process.ioPriority) and CPU scheduling (process.scheduler): set in the
 * process itself, after the runtime's own work, before the filter. */
#ifndef MINIRUNC_PROCATTRS_H
#define MINIRUNC_PROCATTRS_H

#include "config.h"

int procattrs_apply(const struct cfg_process *p, const struct oci_config *cfg);

#endif
