/* Fault injection, for the tests only: every step that makes something
 * can be made to fail right after it, so that a test can check that what
 * the earlier steps made is taken back (issue: nothing half-made).
 *
 * The test build (make SANITIZE=1, what make test runs) defines
 * MINIRUNC_FAULTS; there FAULT("create:cgroup") fails when the
 * environment says MINIRUNC_FAIL_AT=create:cgroup.  In the normal build
 * FAULT() is 0 and costs nothing. */
#ifndef MINIRUNC_FAULT_H
#define MINIRUNC_FAULT_H

#ifdef MINIRUNC_FAULTS
int fault_at(const char *step);
#define FAULT(step) fault_at(step)
#else
#define FAULT(step) 0
#endif

#endif
