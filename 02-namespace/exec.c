#include "error.h"
#include "exitcode.h"
#include "namespace.h"
#include "trace.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

int exit_status_of(int wait_status)
{
    if (WIFEXITED(wait_status))
        return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status))
        return 128 + WTERMSIG(wait_status);
    return 1;
}

int exec_command(char *const *argv)
{
    trace("02-namespace", "exec %s", shq(argv[0]));
    execvp(argv[0], argv);
    int code = exec_failure_status(errno);
    err_sys("exec %s", argv[0]);
    return code;
}
