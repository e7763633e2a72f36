/* Fault injection for the tests (fault.h). */
#include "fault.h"

#ifdef MINIRUNC_FAULTS
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int fault_at(const char *step)
{
    const char *want = getenv("MINIRUNC_FAIL_AT");

    if (!want || strcmp(want, step))
        return 0;
    errno = EIO;
    return err_set("%s: failure injected (MINIRUNC_FAIL_AT)", step);
}
#else
/* (nothing: FAULT() is 0 in this build) */
typedef int fault_c_is_empty;
#endif
