/* Chapter 2.3 cgroups: the library part of bin/cgroups, linked by combined/.
 *
 * Namespaces decide what a container sees; cgroups decide how much it may
 * use: memory, CPU time and CPUs, processes, I/O weight, devices — and they
 * let a runtime freeze it and find every process it has. */
#ifndef MINIRUNC_CGROUPS_H
#define MINIRUNC_CGROUPS_H

#include "cghost.h"
#include "cglimits.h"
#include "cgroup.h"
#include "devprog.h"
#include "plan.h"

#include <stdbool.h>
#include <stdio.h>

/* Create minirunc/NAME with limits L, run ARGV in it (the child joins
 * before it execs), wait, report stats when asked, and remove the cgroup
 * whatever happened.  Returns ARGV's exit status (128+N when killed). */
int cg_run(const struct cg_host *h, const char *name, const struct cg_limits *l, bool stats,
           char *const *argv);

/* Print stats as "key value" lines to F. */
void cg_print_stats(FILE *f, const struct cgroup *cg, const struct cg_stats *st);

#endif
