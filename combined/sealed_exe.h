/* What a runtime must defend against: a container that gets a handle on
 * the runtime's own binary (runc's CVE-2019-5736).
 *
 * Any process of ours that enters a container is, for a moment, a process
 * in the container's PID namespace whose /proc/PID/exe is the host's
 * bin/minirunc.  Two defences, as runc has them:
 *
 *   1. non-dumpable (PR_SET_DUMPABLE 0) before joining any of the
 *      container's namespaces: /proc/PID/exe (and the rest of /proc/PID)
 *      then needs CAP_SYS_PTRACE in the host's user namespace; execve of
 *      the container's program makes it dumpable again;
 *   2. run from a copy of the binary nobody can write, so that even a
 *      handle that is got is never the file root runs next: a detached
 *      read-only bind mount of it (open_tree + mount_setattr, Linux 5.12+,
 *      root; nothing copied), else a sealed memfd copy (F_SEAL_WRITE).
 */
#ifndef MINIRUNC_SEALED_EXE_H
#define MINIRUNC_SEALED_EXE_H

/* When /proc/self/exe can still be written: exec ourselves again with
 * ARGV (the whole command line) from a read-only clone, or a sealed memfd
 * copy.  Returns 0 when already running from one (or from a read-only
 * mount); on success it does not return. */
int exe_reexec_sealed(char **argv);

/* PR_SET_DUMPABLE 0, traced; WHY goes into the trace line. */
int exe_set_undumpable(const char *why);

#endif
