#include "passwd.h"

#include "error.h"
#include "inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Split one colon separated line into at most MAX fields, in place. */
static int split(char *line, char **fields, int max)
{
    int n = 0;

    fields[n++] = line;
    for (char *p = line; *p && n < max; p++) {
        if (*p == ':') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

static int parse_id(const char *s, unsigned long *out)
{
    char *end;

    if (!*s)
        return -1;
    errno = 0;
    *out = strtoul(s, &end, 10);
    return (errno || *end || *out > 0xfffffffeUL) ? -1 : 0;
}

int passwd_find(const char *text, const char *name, uid_t uid, struct user_entry *out)
{
    char *copy = strdup(text), *save = NULL;
    int found = 0;

    if (!copy)
        return err_sys("passwd");
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[7];
        unsigned long u, g;

        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (split(line, f, 7) < 7 || parse_id(f[2], &u) < 0 || parse_id(f[3], &g) < 0)
            continue; /* a malformed line names nobody; skip it as libc does */
        if (name ? strcmp(f[0], name) != 0 : u != uid)
            continue;
        snprintf(out->name, sizeof(out->name), "%s", f[0]);
        out->uid = (uid_t)u;
        out->gid = (gid_t)g;
        snprintf(out->home, sizeof(out->home), "%s", f[5]);
        found = 1;
        break;
    }
    free(copy);
    return found;
}

int group_find(const char *text, const char *name, gid_t *gid)
{
    char *copy = strdup(text), *save = NULL;
    int found = 0;

    if (!copy)
        return err_sys("group");
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[4];
        unsigned long g;

        if (split(line, f, 4) < 3 || parse_id(f[2], &g) < 0 || strcmp(f[0], name))
            continue;
        *gid = (gid_t)g;
        found = 1;
        break;
    }
    free(copy);
    return found;
}

size_t group_memberships(const char *text, const char *user, gid_t *out, size_t max)
{
    char *copy = strdup(text), *save = NULL;
    size_t n = 0;

    if (!copy)
        return 0;
    for (char *line = strtok_r(copy, "\n", &save); line && n < max;
         line = strtok_r(NULL, "\n", &save)) {
        char *f[4], *msave = NULL;
        unsigned long g;

        if (split(line, f, 4) < 4 || parse_id(f[2], &g) < 0)
            continue;
        for (char *m = strtok_r(f[3], ",", &msave); m; m = strtok_r(NULL, ",", &msave))
            if (!strcmp(m, user) && n < max)
                out[n++] = (gid_t)g;
    }
    free(copy);
    return n;
}

char *read_in_root(int rootfd, const char *path)
{
    struct stat st;
    char *buf;
    ssize_t n;
    int fd = inroot_open(rootfd, path, O_RDONLY, 0);

    if (fd < 0)
        return NULL;
    /* 4 MiB is far more than any passwd file; a bigger one is hostile. */
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (4 << 20)) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        close(fd);
        return NULL;
    }
    n = read(fd, buf, (size_t)st.st_size);
    close(fd);
    if (n < 0) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}
