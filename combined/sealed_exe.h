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
 *   2. run from a sealed memfd copy of the binary, so that even a handle
 *      that is got opens a copy nobody can write (F_SEAL_WRITE), never
 *      the file root runs next.
 */
#ifndef MINIRUNC_SEALED_EXE_H
#define MINIRUNC_SEALED_EXE_H

/* When /proc/self/exe is not already a sealed memfd: copy it into one,
 * seal it and fexecve it with ARGV (the whole command line).  Returns 0
 * when already running from the copy; on success it does not return. */
int exe_reexec_sealed(char **argv);

/* PR_SET_DUMPABLE 0, traced; WHY goes into the trace line. */
int exe_set_undumpable(const char *why);

#endif
