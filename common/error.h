/* One error convention for all of minirunc.
 *
 * A function that fails returns -1 (or NULL) and records one message that
 * names what failed, the path or field, and strerror(errno) where the kernel
 * said no.  Callers may prepend context as the error climbs ("unpack layer 2:
 * open blobs/sha256/...: No such file or directory"); main() prints the final
 * message once as "PROG: message". */
#ifndef MINIRUNC_ERROR_H
#define MINIRUNC_ERROR_H

#include <stddef.h>

/* Record a message; returns -1 so callers can write `return err_set(...)`. */
int err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like err_set, with ": strerror(errno)" appended (errno is preserved). */
int err_sys(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prepend "context: " to the recorded message. */
void err_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Append " (hint)" to the recorded message: why the kernel said no, when
 * we know ("raising the hard limit needs CAP_SYS_RESOURCE"). */
void err_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The recorded message ("" when none). */
const char *err_get(void);

/* Print "PROG: message" on stderr, once, and clear the message. */
void err_print(const char *prog);

void err_clear(void);

#endif
