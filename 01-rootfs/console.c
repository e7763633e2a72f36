#include "console.h"

#include "error.h"
#include "mounts.h"
#include "trace.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

int console_mount(const struct root_ctx *rc, const char *target)
{
    char tty[PATH_MAX];
    int err;

    if (!isatty(STDIN_FILENO)) {
        trace_note(TAG, "skip %s: stdin is not a terminal, there is no pty to bind",
                   root_show(rc, target));
        return 0;
    }
    err = ttyname_r(STDIN_FILENO, tty, sizeof(tty));
    if (err)
        return errno = err, err_sys("ttyname of stdin");
    return mount_bind_at(rc, tty, target, "bind");
}
