/* Bad usage, reported the same way by every program. */
#ifndef MINIRUNC_USAGE_H
#define MINIRUNC_USAGE_H

/* Print "PROG: <FMT, printf-style>" and "Try 'PROG --help'." on stderr;
 * returns 2, the exit status for bad usage. */
int usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
