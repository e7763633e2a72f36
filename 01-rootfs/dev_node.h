/* 2.1.2: a device node a config asks for, beyond the standard ones. */
#ifndef MINIRUNC_DEV_NODE_H
#define MINIRUNC_DEV_NODE_H

/* A device node the config asks for (OCI linux.devices). */
struct dev_node {
    char path[256];  /* absolute, inside the container: "/dev/fuse" */
    char type;       /* 'c' (or 'u'), 'b', 'p' (a FIFO) */
    unsigned major, minor;
    unsigned mode;   /* permission bits, 0666 when not given */
    unsigned uid, gid;
};

#endif
