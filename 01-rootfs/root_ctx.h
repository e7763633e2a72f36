/* The root being built, as every 01-rootfs step sees it. */
#ifndef MINIRUNC_ROOT_CTX_H
#define MINIRUNC_ROOT_CTX_H

#define TAG "01-rootfs"

struct mountinfo;

struct root_ctx {
    int rootfd;        /* O_PATH fd on the root; all paths resolve inside it */
    const char *shown; /* how the trace names the root ("rootfs"; "" once it is "/") */
    const char *cgroup_path; /* the container's cgroup in each v1 hierarchy ("/minirunc/ID"); NULL: none */
    const struct mountinfo *host_mounts; /* the host's mount table, read already; NULL: read it */
};

/* "<shown><path>" for trace lines and messages (a ring of 4 buffers). */
const char *root_show(const struct root_ctx *rc, const char *path);

#endif
