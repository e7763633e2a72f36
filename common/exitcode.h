/* Exit statuses shared by every program. */
#ifndef MINIRUNC_EXITCODE_H
#define MINIRUNC_EXITCODE_H

#include <errno.h>

/* After a failed exec: 127 when the command is not there, 126 when it is
 * but cannot run (as a shell reports them). */
static inline int exec_failure_status(int err)
{
    return (err == ENOENT || err == ENOTDIR) ? 127 : 126;
}

#endif
