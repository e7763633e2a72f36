#include "lookup.h"

#include "error.h"
#include "inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum candidate { FOUND, MISSING, IS_DIR, NOT_EXEC };

static enum candidate check(int rootfd, const char *path)
{
    struct stat st;
    int fd = inroot_open(rootfd, path, O_PATH, 0);
    enum candidate c;

    if (fd < 0)
        return MISSING;
    if (fstat(fd, &st) < 0)
        c = MISSING;
    else if (S_ISDIR(st.st_mode))
        c = IS_DIR;
    else if (!S_ISREG(st.st_mode))
        c = NOT_EXEC;
    /* Ask the kernel, as the user we now are: mode bits, ACLs, noexec. */
    else if (faccessat(fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS) == 0)
        c = FOUND;
    else
        c = NOT_EXEC;
    close(fd);
    return c;
}

/* LAB path: 2.5 find the command on the container's PATH, inside the root
 *  hint: a cmd with a '/' is taken as it is (relative to cwd); otherwise try
 *        each PATH entry in order ("" means cwd) + "/" + cmd, resolved
 *        inside the root (check(rootfd, ...)): the first executable file
 *        wins, like execvp; if none, say why with the shell's status: not
 *        found 127 (EXIT_NOT_FOUND), a directory or not executable 126.
 *  trace: [05-env] # sh is /bin/sh on the container's PATH
 *  returns: EXIT_NOT_FOUND
 *  guide: docs/05-env.md#finding-the-command */
int cmd_lookup(int rootfd, const char *cwd, const char *path, const char *cmd, char *out,
               size_t outlen)
{
    char candidate[4096];
    enum candidate best = MISSING;

    if (!*cmd)
        return err_set("empty command"), EXIT_NOT_FOUND;
    if (strchr(cmd, '/')) {
        if (cmd[0] == '/')
            snprintf(candidate, sizeof(candidate), "%s", cmd);
        else
            snprintf(candidate, sizeof(candidate), "%s/%s", cwd, cmd);
        switch (check(rootfd, candidate)) {
        case FOUND:
            snprintf(out, outlen, "%s", candidate);
            return 0;
        case MISSING:
            return err_set("%s: no such file or directory", cmd), EXIT_NOT_FOUND;
        case IS_DIR:
            return err_set("%s: is a directory", cmd), EXIT_CANNOT_EXEC;
        case NOT_EXEC:
            return err_set("%s: permission denied (not executable)", cmd), EXIT_CANNOT_EXEC;
        }
    }
    /* Like execvp: the first executable match wins; a match that cannot be
     * executed is remembered, so the error says why. */
    for (const char *p = path ? path : ""; ; ) {
        const char *end = strchrnul(p, ':');
        size_t len = (size_t)(end - p);
        enum candidate c;

        /* An empty PATH entry means the current directory. */
        if (len == 0)
            snprintf(candidate, sizeof(candidate), "%s/%s", cwd, cmd);
        else
            snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)len, p, cmd);
        c = check(rootfd, candidate);
        if (c == FOUND) {
            snprintf(out, outlen, "%s", candidate);
            return 0;
        }
        if (c != MISSING && best == MISSING)
            best = c;
        if (!*end)
            break;
        p = end + 1;
    }
    if (best == IS_DIR)
        return err_set("%s: found on PATH only as a directory", cmd), EXIT_CANNOT_EXEC;
    if (best == NOT_EXEC)
        return err_set("%s: found on PATH but not executable", cmd), EXIT_CANNOT_EXEC;
    return err_set("%s: command not found (executable file not found in PATH=%s)", cmd,
                   path ? path : ""), EXIT_NOT_FOUND;
}
