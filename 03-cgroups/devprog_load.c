/* 2.3 devices on cgroup v2: bpf(2) loads the program and attaches it to
 * the container's cgroup. */
#include "devprog.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define TAG "03-cgroups"

static int sys_bpf(int cmd, union bpf_attr *attr)
{
    return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int load(const struct bpf_insn *insns, size_t count, char *log, size_t log_len)
{
    union bpf_attr attr;

    memset(&attr, 0, sizeof(attr));
    attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    attr.insns = (uint64_t)(uintptr_t)insns;
    attr.insn_cnt = (uint32_t)count;
    attr.license = (uint64_t)(uintptr_t)"GPL";
    log[0] = '\0';
    if (!log_len)
        return sys_bpf(BPF_PROG_LOAD, &attr);
    /* Only to say why it was refused: a verbose log could outgrow LOG. */
    attr.log_buf = (uint64_t)(uintptr_t)log;
    attr.log_size = (uint32_t)log_len;
    attr.log_level = 1;
    return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* The ids of the device programs attached to CG now (at most MAX). */
static int attached(int cg, uint32_t *ids, uint32_t max)
{
    union bpf_attr attr;

    memset(&attr, 0, sizeof(attr));
    attr.query.target_fd = (uint32_t)cg;
    attr.query.attach_type = BPF_CGROUP_DEVICE;
    attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
    attr.query.prog_cnt = max;
    if (sys_bpf(BPF_PROG_QUERY, &attr) < 0)
        return -1;
    return (int)attr.query.prog_cnt;
}

static int detach_id(int cg, uint32_t id, const char *dir)
{
    union bpf_attr attr;
    int prog;

    memset(&attr, 0, sizeof(attr));
    attr.prog_id = id;
    prog = sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
    if (prog < 0)
        return err_sys("bpf(BPF_PROG_GET_FD_BY_ID, %u)", id);
    memset(&attr, 0, sizeof(attr));
    attr.target_fd = (uint32_t)cg;
    attr.attach_bpf_fd = (uint32_t)prog;
    attr.attach_type = BPF_CGROUP_DEVICE;
    trace(TAG,
          "bpf(BPF_PROG_DETACH, %s, BPF_CGROUP_DEVICE, prog id %u)   "
          "# attached before: the old rules, or systemd's",
          dir, id);
    if (sys_bpf(BPF_PROG_DETACH, &attr) < 0) {
        err_sys("bpf(BPF_PROG_DETACH) of device program %u from %s", id, dir);
        close(prog);
        return -1;
    }
    close(prog);
    return 0;
}

int cg_devprog_apply(const char *dir, const struct cg_device_rule *rules, size_t n)
{
    struct bpf_insn insns[CG_DEVPROG_MAX_INSNS];
    static char log[16384];
    uint32_t old[64];
    union bpf_attr attr;
    int count, prog = -1, cg = -1, nold, ret = -1;

    count = cg_devprog_build(rules, n, insns, CG_DEVPROG_MAX_INSNS);
    if (count < 0)
        return -1;
    cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cg < 0)
        return err_sys("open %s", dir);
    nold = attached(cg, old, sizeof(old) / sizeof(old[0]));
    if (nold < 0) {
        err_sys("bpf(BPF_PROG_QUERY, %s): this kernel has no cgroup BPF (CONFIG_CGROUP_BPF), "
                "needed for device rules on cgroup v2", dir);
        goto out;
    }
    prog = load(insns, (size_t)count, log, 0);
    trace(TAG, "bpf(BPF_PROG_LOAD, BPF_PROG_TYPE_CGROUP_DEVICE, %d instructions) = %d   "
               "# %zu device rules; 'cgroups devices' lists the program", count, prog, n);
    if (prog < 0) {
        int e = errno;
        int again = load(insns, (size_t)count, log, sizeof(log));
        if (again >= 0) { /* loaded the second time: nothing to say */
            close(again);
            log[0] = '\0';
        }
        /* The verifier's verdict is its last line. */
        size_t end = strlen(log);
        while (end && log[end - 1] == '\n')
            log[--end] = '\0';
        const char *last = strrchr(log, '\n') ? strrchr(log, '\n') + 1 : log;
        errno = e;
        err_sys("bpf(BPF_PROG_LOAD) of the device program for %s%s%s", dir,
                last[0] ? ": verifier: " : "", last);
        goto out;
    }
    memset(&attr, 0, sizeof(attr));
    attr.target_fd = (uint32_t)cg;
    attr.attach_bpf_fd = (uint32_t)prog;
    attr.attach_type = BPF_CGROUP_DEVICE;
    attr.attach_flags = BPF_F_ALLOW_MULTI;
    trace(TAG, "bpf(BPF_PROG_ATTACH, %s, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI)", dir);
    if (sys_bpf(BPF_PROG_ATTACH, &attr) < 0) {
        err_sys("bpf(BPF_PROG_ATTACH) of the device program to %s", dir);
        goto out;
    }
    /* Attach the new before detaching the old: never a moment without
     * rules.  With both attached, both must allow. */
    for (int i = 0; i < nold; i++)
        if (detach_id(cg, old[i], dir) < 0)
            goto out;
    ret = 0;
out:
    if (prog >= 0)
        close(prog);
    close(cg);
    return ret;
}
