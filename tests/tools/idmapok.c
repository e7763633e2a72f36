/* idmapok DIR: exit 0 if the kernel lets an id-mapped bind mount of DIR be
 * made, 1 if it refuses (printing why), 2 on bad usage.  The tests ask it
 * before they expect minirunc's mounts[].uidMappings to work: id-mapped
 * mounts need the file system's support (ext4, xfs, btrfs since 5.12;
 * tmpfs since 6.3; not 9p, not overlayfs itself), so a test guest whose /tmp
 * is an overlay over 9p cannot have them.  Written apart from minirunc's
 * own code so that the test has an oracle that is not the code under test.
 * Nothing is mounted anywhere: the detached copy is closed unattached. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0)
        return -1;
    n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

int main(int argc, char **argv)
{
    char path[64];
    int ready[2], done[2], userns, tree, rc = 1;
    pid_t child;
    char c;

    if (argc != 2) {
        fprintf(stderr, "usage: idmapok DIR\n");
        return 2;
    }
    if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(done, O_CLOEXEC) < 0)
        return perror("pipe2"), 2;
    /* A user namespace to take the maps from: a child that unshares one,
     * says so, and waits until its maps are written and its ns fd open. */
    child = fork();
    if (child < 0)
        return perror("fork"), 2;
    if (child == 0) {
        close(ready[0]);
        close(done[1]);
        if (unshare(CLONE_NEWUSER) < 0)
            _exit(1);
        (void)!write(ready[1], "u", 1);
        (void)!read(done[0], &c, 1);
        _exit(0);
    }
    close(ready[1]);
    close(done[0]);
    if (read(ready[0], &c, 1) != 1)
        return fprintf(stderr, "idmapok: unshare(CLONE_NEWUSER) failed\n"), 2;
    snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)child);
    if (write_file(path, "0 1000 1\n") < 0)
        return perror(path), 2;
    snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)child);
    (void)write_file(path, "deny\n");
    snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)child);
    if (write_file(path, "0 1000 1\n") < 0)
        return perror(path), 2;
    snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)child);
    userns = open(path, O_RDONLY | O_CLOEXEC);
    close(done[1]);
    waitpid(child, NULL, 0);
    if (userns < 0)
        return perror(path), 2;

    tree = (int)syscall(SYS_open_tree, AT_FDCWD, argv[1], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (tree < 0) {
        fprintf(stderr, "idmapok: open_tree %s: %s\n", argv[1], strerror(errno));
    } else {
        struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns };
        if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) == 0)
            rc = 0;
        else
            fprintf(stderr, "idmapok: %s: id-mapped mounts refused: %s\n", argv[1], strerror(errno));
        close(tree);
    }
    close(userns);
    return rc;
}
