#include "idmap_mount.h"

#include "error.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

int mount_idmapped_tree(const char *source, bool recursive, int userns_fd)
{
    struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns_fd };
    int rec = recursive ? AT_RECURSIVE : 0;
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | rec);

    if (tree < 0)
        return err_sys("open_tree %s", source);
    if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | rec, &attr, sizeof(attr)) < 0) {
        err_sys("id-map %s (mount_setattr MOUNT_ATTR_IDMAP; its file system must support "
                "id-mapped mounts)", source);
        close(tree);
        return -1;
    }
    return tree;
}
