/* What ps shows for a process of ours: each stage named, as runc names
 * its own (runc:[0:PARENT], runc:[2:INIT]).
 *
 * Two names: the short one the kernel keeps (comm, 15 bytes, `ps -o comm`,
 * set with prctl(PR_SET_NAME)), and the command line (`ps -o args`,
 * /proc/PID/cmdline), rewritten in place in the memory that held argv. */
#ifndef MINIRUNC_PROCTITLE_H
#define MINIRUNC_PROCTITLE_H

/* Remember where ARGV's strings lie; call once, from main. */
void proctitle_init(int argc, char **argv);

/* Name this process: COMM (at most 15 bytes kept) and a command line made
 * from FMT, cut to the room the original argv had. */
void proctitle_set(const char *comm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
