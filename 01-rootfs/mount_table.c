#include "mount_table.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* 2.1.2, row by row.  The "参数" column of the chapter is what the kernel
 * printed back; these are the options that make it print exactly that:
 *  - /dev shows no relatime because it is mounted strictatime;
 *  - devpts is a new instance (newinstance), so the container's ptys are
 *    its own and not the host's. */
const struct mount_entry chapter_mounts[] = {
    { "proc", "/proc", "proc", "rw,relatime", MOUNT_FS, 0, NULL },
    { "tmpfs", "/dev", "tmpfs", "rw,nosuid,strictatime,size=65536k,mode=755", MOUNT_FS, 0, NULL },
    { "devpts", "/dev/pts", "devpts",
      "rw,nosuid,noexec,relatime,newinstance,gid=5,mode=620,ptmxmode=666", MOUNT_FS, 0, NULL },
    { "shm", "/dev/shm", "tmpfs", "rw,nosuid,nodev,noexec,relatime,size=65536k", MOUNT_FS, 0, NULL },
    { "mqueue", "/dev/mqueue", "mqueue", "rw,nosuid,nodev,noexec,relatime", MOUNT_FS, 0, NULL },
    { "sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime", MOUNT_FS, 0, NULL },
    { "tmpfs", "/sys/fs/cgroup", "tmpfs", "ro,nosuid,nodev,noexec,relatime,mode=755",
      MOUNT_CGROUP_TREE, 0, NULL },
    { "devpts", "/dev/console", NULL, "bind", MOUNT_CONSOLE, 0, NULL },
};
const size_t chapter_mounts_count = COUNT(chapter_mounts);

const struct cgroup_row chapter_cgroup_rows[] = {
    { "systemd", "name=systemd" }, { "cpuset", "cpuset" },
    { "cpu", "cpu" },              { "cpuacct", "cpuacct" },
    { "blkio", "blkio" },          { "memory", "memory" },
    { "devices", "devices" },      { "freezer", "freezer" },
    { "net_cls", "net_cls" },      { "perf_event", "perf_event" },
    { "net_prio", "net_prio" },    { "hugetlb", "hugetlb" },
};
const size_t chapter_cgroup_rows_count = COUNT(chapter_cgroup_rows);

const char *const chapter_masked_paths[] = {
    "/proc/kcore", "/proc/timer_stats", "/proc/sched_debug", /* the chapter's rows */
    "/proc/acpi", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
    "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
};
const size_t chapter_masked_paths_count = COUNT(chapter_masked_paths);

const char *const chapter_readonly_paths[] = {
    "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};
const size_t chapter_readonly_paths_count = COUNT(chapter_readonly_paths);

/* The same table for a process without root, in a user namespace of its
 * own (common/userns_self.h).  Such a namespace may mount a file system
 * only where it owns what the file system shows: procfs belongs to a PID
 * namespace, mqueue to an IPC one, sysfs to a network one, and here all
 * three are still the host's (chapter 2.2 makes new ones).  So those rows
 * become binds of the host's mounts, as runc's rootless config does for
 * /sys; devpts loses gid=5, a group the namespace does not map. */
const struct mount_entry chapter_mounts_userns[] = {
    { "/proc", "/proc", NULL, "rbind,nosuid,nodev,noexec", MOUNT_FS, 0, NULL },
    { "tmpfs", "/dev", "tmpfs", "rw,nosuid,strictatime,size=65536k,mode=755", MOUNT_FS, 0, NULL },
    { "devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,newinstance,mode=620,ptmxmode=666",
      MOUNT_FS, 0, NULL },
    { "shm", "/dev/shm", "tmpfs", "rw,nosuid,nodev,noexec,relatime,size=65536k", MOUNT_FS, 0, NULL },
    { "/dev/mqueue", "/dev/mqueue", NULL, "rbind,nosuid,nodev,noexec", MOUNT_FS, 0, NULL },
    { "/sys", "/sys", NULL, "rbind,nosuid,nodev,noexec,ro", MOUNT_FS, 0, NULL },
    { "tmpfs", "/sys/fs/cgroup", "tmpfs", "ro,nosuid,nodev,noexec,relatime,mode=755",
      MOUNT_CGROUP_TREE, 0, NULL },
    { "devpts", "/dev/console", NULL, "bind", MOUNT_CONSOLE, 0, NULL },
};
const size_t chapter_mounts_userns_count = COUNT(chapter_mounts_userns);
