/* 2.3 devices on cgroup v2: a program instead of devices.allow.
 *
 * cgroup v1 keeps a device list per cgroup (devices.allow, devices.deny,
 * devices.list).  cgroup v2 has no such files: the kernel asks a small
 * eBPF program, BPF_PROG_TYPE_CGROUP_DEVICE, attached to the cgroup, each
 * time a process in it opens or mknods a device.  The program gets
 * (access << 16 | type, major, minor) and returns 1 (allow) or 0 (deny).
 *
 * The program is built from the OCI rules (linux.resources.devices) the
 * way runc and crun build theirs: the rules are tried from the last one
 * back, the first that matches decides, and when none matches the answer
 * is deny.  A rule matches a request when its type is 'a' or the device's,
 * its major and minor are '*' or the device's, and it grants every access
 * asked for (so "c 1:3 r" says nothing about a read-write open). */
#ifndef MINIRUNC_CG_DEVPROG_H
#define MINIRUNC_CG_DEVPROG_H

#include "cglimits.h"

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Room for CG_MAX_DEVICE_RULES rules and the standard devices after them. */
#define CG_DEVPROG_MAX_INSNS 512

/* The access bits of a request, as the kernel passes them. */
#define CG_DEV_MKNOD BPF_DEVCG_ACC_MKNOD
#define CG_DEV_READ BPF_DEVCG_ACC_READ
#define CG_DEV_WRITE BPF_DEVCG_ACC_WRITE

/* The program for RULES, into OUT.  Returns its length, or -1. */
int cg_devprog_build(const struct cg_device_rule *rules, size_t n, struct bpf_insn *out,
                     size_t max);

/* What that program answers, computed from the rules directly: the
 * reference the unit tests hold the program to.  TYPE is 'b' or 'c';
 * ACCESS a mask of CG_DEV_*. */
bool cg_devices_allow(const struct cg_device_rule *rules, size_t n, char type, long major,
                      long minor, unsigned access);

/* A readable listing: the rules in the order they are tried, then each
 * instruction in the kernel's own notation, with a comment saying why. */
void cg_devprog_print(FILE *f, const struct cg_device_rule *rules, size_t n,
                      const struct bpf_insn *insns, size_t count);

/* Load the program for RULES and attach it to the cgroup directory DIR
 * (BPF_F_ALLOW_MULTI), then detach whatever program was attached there
 * before: set and update replace the rules.  The attachment lives as long
 * as the cgroup; no fd is kept. */
int cg_devprog_apply(const char *dir, const struct cg_device_rule *rules, size_t n);

#endif
