/* /proc/self/setgroups (setgroups.h). */
#include "setgroups.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

bool setgroups_denied(void)
{
    char buf[16] = "";
    int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return false; /* no such file: a kernel before 3.19, setgroups allowed */
    if (read(fd, buf, sizeof(buf) - 1) < 0)
        buf[0] = '\0';
    close(fd);
    return !strncmp(buf, "deny", 4);
}
