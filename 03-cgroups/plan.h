/* 2.3: which file of which controller gets which value — the difference
 * between cgroup v1 and v2, as data. */
#ifndef MINIRUNC_CG_PLAN_H
#define MINIRUNC_CG_PLAN_H

#include "cghost.h"
#include "cglimits.h"

struct cgroup;

#define CG_MAX_WRITES 96

struct cg_write {
    const char *controller; /* "memory", "cpu", ...: decides the hierarchy */
    int version;            /* 1 or 2: where that controller lives */
    char file[64];          /* "memory.limit_in_bytes" or "memory.max" */
    char value[256];
};

/* The writes that apply L on host H, in the order they must happen.
 * Where a file's name depends on the kernel (blkio.weight with CFQ,
 * blkio.bfq.weight with BFQ), it is looked for in CG's own directory (CG
 * may be NULL: then the hierarchy root is asked).  Returns how many, or -1
 * naming a limit the host cannot enforce. */
int cg_plan(const struct cg_host *h, const struct cgroup *cg, const struct cg_limits *l,
            struct cg_write *out, size_t max);

#endif
