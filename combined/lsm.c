#include "lsm.h"

#include "error.h"
#include "procfs.h"
#include "trace.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TAG "04-capability"

bool lsm_apparmor_enabled(void)
{
    char c = 0;
    int fd;

    if (access("/sys/kernel/security/apparmor", F_OK) != 0)
        return false;
    fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    if (read(fd, &c, 1) != 1)
        c = 0;
    close(fd);
    return c == 'Y';
}

bool lsm_selinux_enabled(void)
{
    struct stat st;

    /* selinuxfs is mounted where the kernel runs SELinux. */
    return stat("/sys/fs/selinux/enforce", &st) == 0;
}

int lsm_check(const struct cfg_process *p, const char *mount_label)
{
    if (p->apparmor_profile[0] && !lsm_apparmor_enabled())
        return err_set("process.apparmorProfile \"%s\": AppArmor is not enabled on this host",
                       p->apparmor_profile);
    if (p->selinux_label[0] && !lsm_selinux_enabled())
        return err_set("process.selinuxLabel \"%s\": SELinux is disabled or not supported on this "
                       "host", p->selinux_label);
    if (mount_label && mount_label[0]) {
        if (!lsm_selinux_enabled())
            trace_note(TAG, "linux.mountLabel: SELinux is off here, nothing to label (as runc)");
        else
            return err_set("linux.mountLabel: labelling mounts is not implemented by minirunc "
                           "(refused rather than ignored on an SELinux host)");
    }
    return 0;
}

static int write_attr(const char *rel, const char *alt, const char *value)
{
    char path[64];
    int fd;

    snprintf(path, sizeof(path), "%d/%s", (int)getpid(), rel);
    fd = proc_open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 && alt) {
        snprintf(path, sizeof(path), "%d/%s", (int)getpid(), alt);
        fd = proc_open(path, O_WRONLY | O_CLOEXEC);
    }
    if (fd < 0)
        return -1;
    trace(TAG, "echo %s > /proc/%s", shq(value), path);
    if (write(fd, value, strlen(value)) != (ssize_t)strlen(value)) {
        err_sys("write %s to /proc/%s", value, path);
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

int lsm_set_exec_labels(const struct cfg_process *p)
{
    char value[300];

    if (p->apparmor_profile[0]) {
        snprintf(value, sizeof(value), "exec %s", p->apparmor_profile);
        if (write_attr("attr/apparmor/exec", "attr/exec", value) < 0) {
            err_context("process.apparmorProfile");
            return -1;
        }
    }
    if (p->selinux_label[0] && write_attr("attr/exec", NULL, p->selinux_label) < 0) {
        err_context("process.selinuxLabel");
        return -1;
    }
    return 0;
}
