/* 2.4: capability names and masks ("CAP_NET_RAW", "net_raw", 0xa80425fb). */
#ifndef MINIRUNC_CAPNAMES_H
#define MINIRUNC_CAPNAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A set of capabilities as the kernel shows it in /proc/PID/status:
 * bit N is capability N. */
typedef uint64_t capmask_t;

#define CAPMASK(cap) ((capmask_t)1 << (cap))

/* One name, with or without "CAP_", any case.  Returns the number, or -1
 * with a message naming the unknown name. */
int cap_parse_name(const char *name);

/* A comma separated list of names, or "ALL" (every capability the running
 * kernel has).  An empty list is the empty set. */
int cap_parse_list(const char *list, capmask_t *out);

/* "00000000a80425fb" or "0xa80425fb" (as in /proc/PID/status) to a mask. */
int cap_parse_hex(const char *hex, capmask_t *out);

/* "cap_chown,cap_kill" (lowercase, as capsh prints them); "" for none.
 * Returns a malloc'd string. */
char *cap_mask_names(capmask_t mask);

/* The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap). */
int cap_last_cap(void);

/* Every capability this kernel has. */
capmask_t cap_all(void);

/* The container runtime's usual default set (runc, Docker): CHOWN,
 * DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP,
 * SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE = 0xa80425fb. */
capmask_t cap_default_set(void);

#endif
