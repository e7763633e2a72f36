/* What a run of a program cost it, for the soak test (issue: a thousand
 * containers in a row, no growth in minirunc's own fds or memory).
 *
 * When MINIRUNC_SELFCHECK names a file, selfcheck_init() notes the fds
 * open at that moment, and when the process ends normally one line is
 * appended to the file:
 *     COMMAND fds_start=N fds_exit=M hwm_kb=K
 * fds_exit above fds_start is an fd we opened and never closed; hwm_kb is
 * the peak resident memory (VmHWM).  Without the variable nothing is done,
 * so the normal build keeps it: the soak can measure the real binary. */
#ifndef MINIRUNC_SELFCHECK_H
#define MINIRUNC_SELFCHECK_H

/* Call from main, once the process is the one that will exit (after any
 * re-exec).  WHAT names the run in the report (the command's name). */
void selfcheck_init(const char *what);

#endif
