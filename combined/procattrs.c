#include "procattrs.h"

#include "error.h"
#include "trace.h"

#include <linux/ioprio.h>
#include <stdint.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#define TAG "05-env"

/* The kernel's struct sched_attr (sched_setattr(2)); glibc 2.36 has no
 * wrapper. */
struct sched_attr_v1 {
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
};

int procattrs_apply(const struct cfg_process *p, const struct oci_config *cfg)
{
    if (cfg && cfg->has_personality) {
        trace(TAG, "personality(%s)", cfg->personality == PER_LINUX32 ? "PER_LINUX32" : "PER_LINUX");
        if (personality(cfg->personality) < 0)
            return err_sys("linux.personality: personality(0x%lx)", cfg->personality);
    }
    if (p->ioprio_class) {
        trace(TAG, "ioprio_set(IOPRIO_WHO_PROCESS, 0, class %d, level %d)   # ionice -c %d -n %d",
              p->ioprio_class, p->ioprio_level, p->ioprio_class, p->ioprio_level);
        if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0,
                    IOPRIO_PRIO_VALUE(p->ioprio_class, p->ioprio_level)) < 0)
            return err_sys("process.ioPriority: ioprio_set");
    }
    if (p->has_sched) {
        struct sched_attr_v1 a;
        memset(&a, 0, sizeof(a));
        a.size = sizeof(a);
        a.sched_policy = (uint32_t)p->sched_policy;
        a.sched_flags = p->sched_flags;
        a.sched_nice = p->sched_nice;
        a.sched_priority = p->sched_priority;
        a.sched_runtime = p->sched_runtime;
        a.sched_deadline = p->sched_deadline;
        a.sched_period = p->sched_period;
        trace(TAG, "sched_setattr(0, {policy %d, nice %d, priority %u, flags 0x%x})",
              p->sched_policy, p->sched_nice, p->sched_priority, p->sched_flags);
        if (syscall(SYS_sched_setattr, 0, &a, 0) < 0)
            return err_sys("process.scheduler: sched_setattr");
    }
    return 0;
}
