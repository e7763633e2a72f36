/* 2.2: the kernel's namespaces, by name. */
#ifndef MINIRUNC_NSFLAGS_H
#define MINIRUNC_NSFLAGS_H

#include <stddef.h>

struct ns_kind {
    const char *name;    /* as in /proc/PID/ns/NAME: "mnt", "uts", ... */
    unsigned long flag;  /* CLONE_NEW* */
    const char *isolates;
};

/* In the order setns(2) needs them joined: user first (it grants the
 * capabilities for the others), mnt late (it changes our root). */
extern const struct ns_kind ns_kinds[];
extern const size_t ns_kinds_count;

const struct ns_kind *ns_by_name(const char *name);
const struct ns_kind *ns_by_flag(unsigned long flag);

/* "CLONE_NEWUTS|CLONE_NEWPID" for the trace. */
void ns_flags_str(unsigned long flags, char *buf, size_t len);

/* Every namespace flag this table knows. */
unsigned long ns_all_flags(void);

#endif
