/* Linux security modules (2.4's neighbours): process.apparmorProfile,
 * process.selinuxLabel, linux.mountLabel, applied where the host has the
 * module, as runc applies them. */
#ifndef MINIRUNC_LSM_H
#define MINIRUNC_LSM_H

#include "config.h"

#include <stdbool.h>

bool lsm_apparmor_enabled(void);
bool lsm_selinux_enabled(void);

/* At create and exec, before anything is made: a label this host cannot
 * apply is an error naming the field (runc: an SELinux label without
 * SELinux), a mount label without SELinux is ignored (runc too). */
int lsm_check(const struct cfg_process *p, const char *mount_label);

/* In the process, before the seccomp filter: the labels its execve takes
 * (/proc/PID/attr/apparmor/exec "exec PROFILE", /proc/PID/attr/exec). */
int lsm_set_exec_labels(const struct cfg_process *p);

#endif
