#include "busybox.h"

#include "error.h"
#include "inroot.h"
#include "root_ctx.h"
#include "target_dir.h"
#include "trace.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const struct {
    const char *path;
    mode_t mode;
} dirs[] = {
    { "bin", 0755 },  { "sbin", 0755 },     { "usr", 0755 },     { "usr/bin", 0755 },
    { "usr/sbin", 0755 }, { "etc", 0755 },  { "root", 0700 },    { "home", 0755 },
    { "home/user", 0755 }, { "tmp", 01777 }, { "var", 0755 },    { "var/tmp", 01777 },
    { "run", 0755 },  { "proc", 0555 },     { "sys", 0555 },     { "dev", 0755 },
};

static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
                             "user:x:1000:1000:user:/home/user:/bin/sh\n"
                             "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
static const char group[] = "root:x:0:\n"
                            "tty:x:5:\n"
                            "user:x:1000:\n"
                            "nogroup:x:65534:\n";

/* A dynamically linked busybox would not run inside a rootfs without its
 * libraries: only a static one (no PT_INTERP program header) will do. */
static int check_static(int fd)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph;

    if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
        eh.e_ident[EI_CLASS] != ELFCLASS64)
        return err_set("%s is not a 64-bit ELF executable", BUSYBOX_PATH);
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        off_t off = (off_t)eh.e_phoff + (off_t)i * eh.e_phentsize;
        if (pread(fd, &ph, sizeof(ph), off) != (ssize_t)sizeof(ph))
            return err_set("%s: truncated program headers", BUSYBOX_PATH);
        if (ph.p_type == PT_INTERP)
            return err_set("%s is dynamically linked; install Debian's busybox-static", BUSYBOX_PATH);
    }
    return 0;
}

static int copy_busybox(const struct target_dir *t)
{
    struct stat st;
    int in, out, ret = -1;

    in = open(BUSYBOX_PATH, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return err_sys("open %s (install Debian's busybox-static)", BUSYBOX_PATH);
    if (fstat(in, &st) < 0) {
        err_sys("stat %s", BUSYBOX_PATH);
        goto out_in;
    }
    if (check_static(in) < 0)
        goto out_in;
    trace(TAG, "cp %s %s/bin/busybox", BUSYBOX_PATH, shq(t->path));
    out = openat(t->fd, "bin/busybox", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0755);
    if (out < 0) {
        err_sys("create %s/bin/busybox", t->path);
        goto out_in;
    }
    for (off_t done = 0; done < st.st_size;) {
        ssize_t n = sendfile(out, in, NULL, (size_t)(st.st_size - done));
        if (n <= 0) {
            err_sys("copy %s to %s/bin/busybox", BUSYBOX_PATH, t->path);
            goto out_out;
        }
        done += n;
    }
    if (fchmod(out, 0755) < 0) {
        err_sys("chmod 755 %s/bin/busybox", t->path);
        goto out_out;
    }
    ret = 0;
out_out:
    close(out);
out_in:
    close(in);
    return ret;
}

/* The applets busybox was built with, one "usr/bin/awk" path per line. */
static char *list_applets(void)
{
    char *argv[] = { (char *)BUSYBOX_PATH, (char *)"--list-full", NULL };
    posix_spawn_file_actions_t fa;
    int pipefd[2], status;
    pid_t pid;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    ssize_t n;

    if (pipe2(pipefd, O_CLOEXEC) < 0)
        return err_sys("pipe"), NULL;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
    errno = posix_spawn(&pid, BUSYBOX_PATH, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (errno) {
        close(pipefd[0]);
        return err_sys("run %s --list-full", BUSYBOX_PATH), NULL;
    }
    do {
        if (cap - len < 4096) {
            char *grown = realloc(buf, cap += 65536);
            if (!grown)
                break;
            buf = grown;
        }
        n = read(pipefd[0], buf + len, cap - len - 1);
        if (n > 0)
            len += (size_t)n;
    } while (n > 0);
    close(pipefd[0]);
    waitpid(pid, &status, 0);
    if (!buf || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        free(buf);
        return err_set("%s --list-full failed", BUSYBOX_PATH), NULL;
    }
    buf[len] = '\0';
    return buf;
}

static int link_applets(const struct target_dir *t)
{
    char *list = list_applets(), *save = NULL;
    int count = 0, ret = 0;

    if (!list)
        return -1;
    trace(TAG, "for a in $(%s --list-full); do ln -s /bin/busybox %s/$a; done", BUSYBOX_PATH,
          shq(t->path));
    for (char *a = strtok_r(list, "\n", &save); a && ret == 0; a = strtok_r(NULL, "\n", &save)) {
        const char *name;
        int parent;

        /* busybox's own output, but still: no absolute or ".." paths. */
        if (a[0] == '/' || path_has_dotdot(a)) {
            ret = err_set("%s --list-full: unexpected applet path %s", BUSYBOX_PATH, a);
            break;
        }
        if (!strcmp(a, "bin/busybox"))
            continue;
        parent = inroot_parent(t->fd, a, &name);
        if (parent < 0) {
            ret = -1;
            break;
        }
        if (symlinkat("/bin/busybox", parent, name) < 0 && errno != EEXIST)
            ret = err_sys("ln -s /bin/busybox %s/%s", t->path, a);
        else
            count++;
        close(parent);
    }
    free(list);
    if (ret == 0)
        trace_note(TAG, "%d applet links", count);
    return ret;
}

static int write_file(const struct target_dir *t, const char *path, const char *text, mode_t mode)
{
    size_t len = strlen(text);
    int fd;

    trace(TAG, "cat > %s/%s", shq(t->path), path);
    fd = openat(t->fd, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return err_sys("create %s/%s", t->path, path);
    if (write(fd, text, len) != (ssize_t)len) {
        err_sys("write %s/%s", t->path, path);
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

int busybox_rootfs(const char *dir)
{
    struct target_dir t;

    if (target_dir_open(&t, dir) < 0)
        return -1;
    trace(TAG, "mkdir -p %s/{bin,sbin,usr/bin,usr/sbin,etc,root,home/user,tmp,var/tmp,run,proc,sys,dev}",
          shq(dir));
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        if (mkdirat(t.fd, dirs[i].path, dirs[i].mode) < 0 ||
            fchmodat(t.fd, dirs[i].path, dirs[i].mode, 0) < 0) {
            err_sys("mkdir %s/%s", dir, dirs[i].path);
            goto fail;
        }
    }
    trace(TAG, "chown 1000:1000 %s/home/user", shq(dir));
    if (fchownat(t.fd, "home/user", 1000, 1000, AT_SYMLINK_NOFOLLOW) < 0 && errno != EPERM) {
        err_sys("chown 1000:1000 %s/home/user", dir);
        goto fail;
    }
    if (copy_busybox(&t) < 0 || link_applets(&t) < 0 ||
        write_file(&t, "etc/passwd", passwd, 0644) < 0 ||
        write_file(&t, "etc/group", group, 0644) < 0)
        goto fail;
    target_dir_keep(&t);
    return 0;
fail:
    err_context("busybox rootfs %s", dir);
    target_dir_discard(&t);
    return -1;
}
