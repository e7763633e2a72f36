/* A cgroup's files: one write, one read, as the shell would (cgfile.h). */
#include "cgfile.h"

#include "error.h"
#include "trace.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG "03-cgroups"

int cg_write_all(const struct cg_host *h, const char *dir, const char *file,
                 const char *const *values, size_t n)
{
    char path[PATH_MAX + 80];
    int fd;

    snprintf(path, sizeof(path), "%s/%s", dir, file);
    /* A fake tree (a test's plain directories) has no files until written. */
    fd = open(path, O_WRONLY | O_CLOEXEC | (h->fake ? O_CREAT | O_TRUNC : 0), 0644);
    if (fd < 0) {
        trace(TAG, "echo %s > %s", shq(values[0]), path);
        return err_sys("open %s", path);
    }
    /* Each write is one value to the kernel (one device rule, say), as
     * each echo is: the file is opened once for all of them. */
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(values[i]);
        trace(TAG, "echo %s > %s", shq(values[i]), path);
        if (write(fd, values[i], len) != (ssize_t)len) {
            err_sys("echo %s > %s", values[i], path);
            close(fd);
            return -1;
        }
    }
    close(fd);
    return 0;
}

int cg_write(const struct cg_host *h, const char *dir, const char *file, const char *value)
{
    return cg_write_all(h, dir, file, &value, 1);
}

int cg_read(const char *dir, const char *file, char *buf, size_t len)
{
    char path[PATH_MAX + 80];
    int fd;
    ssize_t n;

    snprintf(path, sizeof(path), "%s/%s", dir, file);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys("open %s", path);
    n = read(fd, buf, len - 1);
    close(fd);
    if (n < 0)
        return err_sys("read %s", path);
    buf[n] = '\0';
    return 0;
}

int64_t cg_read_number(const char *dir, const char *file)
{
    char buf[64];
    return cg_read(dir, file, buf, sizeof(buf)) == 0 && isdigit((unsigned char)buf[0])
               ? strtoll(buf, NULL, 10)
               : -1;
}

int64_t cg_read_key(const char *dir, const char *file, const char *key)
{
    char buf[4096];
    size_t klen = strlen(key);

    if (cg_read(dir, file, buf, sizeof(buf)) < 0)
        return -1;
    for (char *line = buf; line && *line;) {
        char *next = strchr(line, '\n');
        if (!strncmp(line, key, klen) && line[klen] == ' ')
            return strtoll(line + klen + 1, NULL, 10);
        line = next ? next + 1 : NULL;
    }
    return -1;
}

