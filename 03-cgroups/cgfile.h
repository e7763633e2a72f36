/* Reading and writing a cgroup's files, and small helpers the cgroup code
 * shares (internal to 03-cgroups). */
#ifndef MINIRUNC_CGFILE_H
#define MINIRUNC_CGFILE_H

#include "cgroup.h"

#include <stdint.h>
#include <time.h>

/* The cgroup2 directory's index in cg->dirs (after the v1 hierarchies). */
static inline size_t cg_v2_index(const struct cgroup *cg)
{
    return cg->host->v1_count;
}

static inline void cg_sleep_ms(long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* DIR/FILE into BUF (NUL-terminated); -1 with the path named. */
int cg_read(const char *dir, const char *file, char *buf, size_t len);

/* DIR/FILE as one number; -1 when it is absent or not a number. */
int64_t cg_read_number(const char *dir, const char *file);

/* The N of a "KEY N" line (memory.events, pids.events, cpu.stat,
 * memory.oom_control); -1 when absent. */
int64_t cg_read_key(const char *dir, const char *file, const char *key);

#endif
