/* One create in progress, shared by the files that do its steps
 * (create.c, create_cgroup.c). */
#ifndef MINIRUNC_CREATION_H
#define MINIRUNC_CREATION_H

#include "cgroups.h"
#include "config.h"
#include "container.h"
#include "state.h"
#include "systemd_scope.h"

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

/* Everything one create holds, so that any step can fail and undo() can
 * take back what the earlier ones made. */
struct creation {
    const struct runtime_opts *o;
    const char *id;
    bool run;
    struct oci_config cfg;
    char bundle[PATH_MAX], rootfs[PATH_MAX], fifo[PATH_MAX + 16];
    struct container_state st;
    bool have_state;
    struct mountinfo mounts; /* the host's mount table, read once (creation_mounts) */
    bool have_mounts;
    struct cg_host host;
    struct cgroup cg;
    bool have_cg;
    /* --systemd-cgroup: the scope systemd makes once the init exists, and
     * the limits written after it (create_cgroup.c). */
    struct systemd_scope scope;
    struct cg_limits scope_limits;
    bool systemd, scope_started;
    struct init_args a;
    pid_t pid;
    int sock;       /* our end of the socketpair with the init */
    int master;     /* the pty master, when we relay the terminal ourselves */
};

/* The host's mount table, read on first use and kept for the create: the
 * cgroups are found in it, and the init's cgroup mount (a copy of this
 * mount namespace) finds its hierarchies there without reading it again.
 * NULL when it cannot be read (error recorded). */
const struct mountinfo *creation_mounts(struct creation *c);

/* Where the container's cgroup goes: minirunc/<cgroupsPath, or ID>. */
void cgroup_name(const struct oci_config *cfg, const char *id, char *out, size_t len);

/* Step 3 (2.3): the container's cgroup (named in c->st.cgroup), made and
 * limited. */
int make_cgroup(struct creation *c);
/* Step 4b (--systemd-cgroup): systemd moves the init into its scope. */
int join_systemd_scope(struct creation *c);

#endif
