/* The trace printer: the teaching voice of minirunc.
 *
 * With --trace every kernel-visible step prints one line on stderr, written
 * as the shell command or syscall a learner would type, tagged with the
 * chapter that explains it:
 *
 *     [01-rootfs] mount --bind rootfs rootfs
 *
 * Notes (steps skipped, and why) print as shell comments:
 *
 *     [01-rootfs] # skip /proc/kcore: the host has no such path
 */
#ifndef MINIRUNC_TRACE_H
#define MINIRUNC_TRACE_H

#include <stdbool.h>

void trace_enable(bool on);
bool trace_enabled(void);

/* One step: "[tag] <formatted line>". */
void trace(const char *tag, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One note: "[tag] # <formatted line>". */
void trace_note(const char *tag, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Quote a word for a shell command line when it needs quoting.  Returns one
 * of a small ring of static buffers, so up to 8 results can appear in one
 * trace() call. */
const char *shq(const char *word);

#endif
