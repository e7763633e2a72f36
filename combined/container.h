/* The runtime: a bundle becomes a running container, layer by layer.
 *
 *   runtime (create.c)                      container init (init.c)
 *   state dir, exec.fifo, cgroup  (2.3)
 *   clone(namespaces)             (2.2) -->  waits for "G"
 *   uid/gid maps, cgroup attach, "G"    -->  hostname, lo, join paths
 *                                            rootfs: bind, mounts (2.1)
 *   prestart/createRuntime hooks    <-- "H"  (just before pivot_root)
 *                                   --> "C"  createContainer hooks, pivot_root,
 *                                            sysctl, masked/read-only paths
 *   pty master to --console-socket  <-- "T"  pty in its devpts, /dev/console
 *                                            rlimits, caps, user, cwd (2.4, 2.5)
 *   state.json "created"            <-- "R"  blocks opening exec.fifo
 *   start: open exec.fifo                -->  startContainer hooks, seccomp, exec
 */
#ifndef MINIRUNC_CONTAINER_H
#define MINIRUNC_CONTAINER_H

#include "cgroup.h"
#include "config.h"
#include "state.h"

#include <stdbool.h>
#include <sys/types.h>

struct runtime_opts {
    const char *root;           /* state root (--root) */
    const char *bundle;         /* --bundle, default "." */
    const char *pid_file;
    const char *console_socket;
    int preserve_fds;
    bool no_pivot;
    bool detach;                /* run --detach */
    int upto;                   /* 1..5: chapters applied */
    bool systemd_cgroup;        /* --systemd-cgroup: systemd makes the cgroup (systemd_scope.h) */
};

/* What the init needs, handed over across clone(). */
struct init_args {
    const char *id;
    const struct oci_config *cfg;
    const char *rootfs;
    const char *fifo_path;
    int sock;       /* the init's end of the socketpair */
    int lock_fd;    /* the state lock: inherited by clone, dropped first */
    int upto;
    bool no_pivot;
    int preserve_fds;
    unsigned long new_ns; /* namespaces created by the clone */
    char cgroup_path[300];  /* "/minirunc/NAME" in each hierarchy (below a delegated subtree
                               without root); "" when none */
    struct cgroup *cgroup;  /* the container's, for the init to join; NULL when none */
    bool born_in_v2;        /* cloned into its v2 cgroup (CLONE_INTO_CGROUP) */
    const struct mountinfo *host_mounts; /* the runtime's reading of it, for the cgroup mount */
    char state[4096];     /* the state JSON the runtime sent, for the hooks */
};

/* In the cloned child: never returns on success (it execs).  Returns the
 * exit status to use on failure, having sent the message to the runtime. */
int container_init(struct init_args *a);

/* create: everything up to the init waiting on exec.fifo.  With RUN the
 * caller goes on to start and (unless detached) wait; *MASTER gets the
 * pty master when the process has a terminal. */
int container_create(const struct runtime_opts *o, const char *id, bool run, pid_t *init_pid,
                     int *master);
int container_start(const struct runtime_opts *o, const char *id);
/* Kill what is left, remove cgroup and state, run poststop hooks. */
int container_delete(const struct runtime_opts *o, const char *id, bool force);

/* Chapter numbers of the layers, for --upto and the trace. */
enum { UPTO_ROOTFS = 1, UPTO_NAMESPACE = 2, UPTO_CGROUPS = 3, UPTO_CAPABILITY = 4, UPTO_ENV = 5 };

/* Messages on the socketpair. */
int sock_send(int sock, char kind, const char *text);
/* Receive one message: its kind ('\0' on EOF), text into BUF. */
char sock_recv(int sock, char *buf, size_t len);

#endif
