#include "rootfs.h"

#include "devices.h"
#include "error.h"
#include "mounts.h"
#include "pivot.h"
#include "protect.h"
#include "root_ctx.h"
#include "trace.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

void rootfs_spec_chapter(struct rootfs_spec *spec, const char *dir, bool readonly)
{
    *spec = (struct rootfs_spec){
        .dir = dir,
        .readonly = readonly,
        .mounts = chapter_mounts,
        .mounts_count = chapter_mounts_count,
        .populate_dev = true,
        .masked = chapter_masked_paths,
        .masked_count = chapter_masked_paths_count,
        .readonly_paths = chapter_readonly_paths,
        .readonly_paths_count = chapter_readonly_paths_count,
    };
}

void rootfs_spec_chapter_userns(struct rootfs_spec *spec, const char *dir, bool readonly)
{
    static struct mount_entry rows[16];
    size_t n = 0;
    struct stat mq, dev;
    /* A host without a mqueue mount on /dev/mqueue has nothing to bind. */
    bool host_mqueue = stat("/dev/mqueue", &mq) == 0 && stat("/dev", &dev) == 0 &&
                       S_ISDIR(mq.st_mode) && mq.st_dev != dev.st_dev;

    rootfs_spec_chapter(spec, dir, readonly);
    for (size_t i = 0; i < chapter_mounts_userns_count && n < sizeof(rows) / sizeof(rows[0]); i++) {
        if (!strcmp(chapter_mounts_userns[i].target, "/dev/mqueue") && !host_mqueue) {
            trace_note(TAG, "skip /dev/mqueue: the host has no mqueue mount to bind, and a user "
                            "namespace may not mount one for the host's IPC namespace");
            continue;
        }
        rows[n++] = chapter_mounts_userns[i];
    }
    spec->mounts = rows;
    spec->mounts_count = n;
}

/* The flags "/" is mounted with now, so that a remount keeps them: a bind
 * remount that drops a locked flag (nosuid, nodev, ...) fails with EPERM. */
static unsigned long current_flags(const char *path)
{
    static const struct { unsigned long st, ms; } map[] = {
        { ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },       { ST_NOEXEC, MS_NOEXEC },
        { ST_NOATIME, MS_NOATIME }, { ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
    };
    struct statvfs sv;
    unsigned long flags = 0;

    if (statvfs(path, &sv) < 0)
        return 0;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (sv.f_flag & map[i].st)
            flags |= map[i].ms;
    return flags;
}

static int set_root_propagation(unsigned long flags)
{
    const char *kind = (flags & MS_SHARED) ? "shared" : (flags & MS_SLAVE) ? "slave"
                     : (flags & MS_UNBINDABLE) ? "unbindable" : "private";
    bool rec = flags & MS_REC;

    trace(TAG, "mount --make-%s%s /", rec ? "r" : "", kind);
    if (mount(NULL, "/", NULL, flags, NULL) < 0)
        return err_sys("mount --make-%s%s / (linux.rootfsPropagation)", rec ? "r" : "", kind);
    return 0;
}

/* LAB bind: 2.1.1 step 2: mount --bind rootfs rootfs
 *  hint: first make "/" private (recursively, MS_REC | MS_PRIVATE; rslave when
 *        spec->propagation asks for slave or shared) so that nothing mounted
 *        later propagates to the host, then bind spec->dir onto itself
 *        (MS_BIND): pivot_root needs the new root to be a mount point.
 *  trace: [01-rootfs] mount --bind ROOTFS ROOTFS
 *  guide: docs/01-rootfs.md#step-2-mount---make-rprivate--then-mount---bind-rootfs-rootfs */
static int root_mount_point(const struct rootfs_spec *spec)
{
    /* Nothing mounted from here on may propagate back to the host: the
     * host's "/" is often shared (systemd makes it so).  A slave still
     * receives the host's new mounts, which a [r]slave or [r]shared root
     * asks for; nothing goes the other way. */
    if (spec->propagation & (MS_SLAVE | MS_SHARED)) {
        trace(TAG, "mount --make-rslave /");
        if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
            return err_sys("mount --make-rslave /");
    } else {
        trace(TAG, "mount --make-rprivate /");
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
            return err_sys("mount --make-rprivate /");
    }

    /* pivot_root needs the new root to be a mount point. */
    trace(TAG, "mount --bind %s %s", shq(spec->dir), shq(spec->dir));
    if (mount(spec->dir, spec->dir, NULL, MS_BIND, NULL) < 0)
        return err_sys("mount --bind %s %s", spec->dir, spec->dir);
    return 0;
}

int rootfs_enter(const struct rootfs_spec *spec)
{
    struct root_ctx rc = { .rootfd = -1, .shown = spec->dir, .cgroup_path = spec->cgroup_path,
                           .host_mounts = spec->host_mounts };
    struct stat st;
    int ret = -1;

    if (stat(spec->dir, &st) < 0)
        return err_sys("rootfs %s", spec->dir);
    if (!S_ISDIR(st.st_mode))
        return err_set("rootfs %s: not a directory", spec->dir);

    if (root_mount_point(spec) < 0)
        return -1;
    rc.rootfd = open(spec->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rc.rootfd < 0)
        return err_sys("open %s", spec->dir);

    /* 2.1.1 step 3: the mount table 2.1.2. */
    for (size_t i = 0; i < spec->mounts_count; i++) {
        if (mount_entry_apply(&rc, &spec->mounts[i]) < 0)
            goto out;
        if (spec->populate_dev && !strcmp(spec->mounts[i].target, "/dev") &&
            devices_populate(&rc) < 0)
            goto out;
    }
    if (devices_create(&rc, spec->devices, spec->devices_count) < 0)
        goto out;

    if (spec->before_pivot && spec->before_pivot(spec->hook_arg) < 0)
        goto out;
    /* 2.1.1 step 4. */
    if ((spec->no_pivot ? chroot_into(&rc) : pivot_into(&rc, spec->pivot_in_place)) < 0)
        goto out;
    if (spec->after_pivot && spec->after_pivot(spec->hook_arg) < 0)
        goto out;

    /* Masked and read-only paths live in the container's own /proc and
     * /sys, so they are done from inside, once those are "/proc", "/sys". */
    for (size_t i = 0; i < spec->masked_count; i++)
        if (mask_path(&rc, spec->masked[i]) < 0)
            goto out;
    for (size_t i = 0; i < spec->readonly_paths_count; i++)
        if (readonly_path(&rc, spec->readonly_paths[i]) < 0)
            goto out;

    /* Last, so every mount point above could still be created. */
    if (spec->readonly && mount_remount_bind("/", "/", MS_RDONLY | current_flags("/")) < 0)
        goto out;
    /* linux.rootfsPropagation, on the container's own "/" now that it is
     * one (set before pivot_root, it would reach the host's mount), and
     * after the masks: an unbindable /dev/null cannot be bound over them. */
    if (spec->propagation && set_root_propagation(spec->propagation) < 0)
        goto out;
    ret = 0;
out:
    if (rc.rootfd >= 0)
        close(rc.rootfd);
    return ret;
}
