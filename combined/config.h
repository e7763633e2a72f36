/* An OCI bundle's config.json (runtime-spec 1.x), parsed.
 *
 * One small module per section of the spec (cfg_*.c); each names the
 * field that is wrong ("process.user.uid: not an integer").  Fields that
 * matter for isolation and that minirunc does not implement are refused,
 * never ignored. */
#ifndef MINIRUNC_CONFIG_H
#define MINIRUNC_CONFIG_H

#include "capnames.h"
#include "cglimits.h"
#include "dev_node.h"
#include "envlist.h"
#include "idmap.h"
#include "mount_table.h"
#include "rlimits.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CFG_MAX_MOUNTS 64
#define CFG_MAX_PATHS 64
#define CFG_MAX_NS 8
#define CFG_MAX_HOOKS 16
#define CFG_MAX_SYSCTL 64
#define CFG_MAX_DEVICES 256
#define CFG_MAX_RULES 512
#define CFG_MAX_ARGS 6

struct cfg_process {
    bool terminal;
    uid_t uid;
    gid_t gid;
    bool set_umask;
    mode_t umask;
    gid_t additional_gids[64];
    size_t additional_gids_count;
    char **args;           /* NULL-terminated */
    struct envlist env;
    char *cwd;
    struct rlimit_req rlimits[16];
    size_t rlimits_count;
    bool has_caps;
    capmask_t bounding, effective, permitted, inheritable, ambient;
    bool no_new_privileges;
    bool set_oom_score_adj;
    int oom_score_adj;
    char apparmor_profile[256]; /* "" when not given */
    char selinux_label[256];
    /* process.ioPriority: IOPRIO_CLASS_* and 0..7; class 0 when not given. */
    int ioprio_class, ioprio_level;
    /* process.scheduler (sched_setattr); has_sched false when not given. */
    bool has_sched;
    int sched_policy, sched_nice;
    unsigned sched_priority, sched_flags;
    unsigned long long sched_runtime, sched_deadline, sched_period;
};

struct cfg_namespace {
    unsigned long flag; /* CLONE_NEW* */
    char *path;         /* join this one; NULL: a new one */
};

struct cfg_hook {
    char *path;
    char **args; /* NULL-terminated; may be NULL */
    char **env;  /* NULL-terminated; may be NULL */
    int timeout; /* seconds; 0: none */
};

enum hook_kind {
    HOOK_PRESTART, HOOK_CREATE_RUNTIME, HOOK_CREATE_CONTAINER, HOOK_START_CONTAINER,
    HOOK_POSTSTART, HOOK_POSTSTOP, HOOK_KINDS
};

struct cfg_seccomp_arg {
    unsigned index;
    unsigned long long value, value_two;
    int op; /* enum scmp_compare */
};

struct cfg_seccomp_rule {
    char *name;
    unsigned action; /* SCMP_ACT_* value */
    struct cfg_seccomp_arg args[CFG_MAX_ARGS];
    size_t args_count;
};

struct cfg_seccomp {
    bool present;
    unsigned default_action;
    unsigned arches[16];
    size_t arches_count;
    struct cfg_seccomp_rule *rules;
    size_t rules_count;
};

struct oci_config {
    char *oci_version;
    char *root_path;       /* as written; resolved against the bundle by the runtime */
    bool root_readonly;
    struct cfg_process process;
    char *hostname, *domainname;

    struct mount_entry mounts[CFG_MAX_MOUNTS]; /* strings owned by this struct */
    size_t mounts_count;
    /* Per mount: the uid/gid maps of an id-mapped bind (mounts[i].uidMappings). */
    struct idmaps mount_uid_maps[CFG_MAX_MOUNTS], mount_gid_maps[CFG_MAX_MOUNTS];
    char mount_idmap_shown[CFG_MAX_MOUNTS][160];

    struct cfg_namespace namespaces[CFG_MAX_NS];
    size_t namespaces_count;
    struct idmaps uid_mappings, gid_mappings;
    char *masked[CFG_MAX_PATHS];
    size_t masked_count;
    char *readonly[CFG_MAX_PATHS];
    size_t readonly_count;
    unsigned long rootfs_propagation; /* MS_* of linux.rootfsPropagation; 0: not given */
    char mount_label[256];            /* linux.mountLabel; "" when not given */
    bool has_time_offsets;            /* linux.timeOffsets: monotonic, boottime */
    long long time_offset_secs[2];
    long time_offset_nsecs[2];
    bool has_personality;             /* linux.personality */
    unsigned long personality;        /* PER_LINUX or PER_LINUX32 */
    struct dev_node devices[CFG_MAX_DEVICES]; /* linux.devices */
    size_t devices_count;
    char *sysctl_keys[CFG_MAX_SYSCTL], *sysctl_values[CFG_MAX_SYSCTL];
    size_t sysctl_count;
    char *cgroups_path;
    bool has_resources;
    struct cg_limits resources;
    struct cfg_seccomp seccomp;

    struct cfg_hook hooks[HOOK_KINDS][CFG_MAX_HOOKS];
    size_t hooks_count[HOOK_KINDS];

    json_t *annotations; /* an object (may be empty) */
};

/* Parse config.json text; WHERE names it in messages. */
int config_parse(const char *text, size_t len, struct oci_config *cfg);
/* Read and parse PATH. */
int config_load(const char *path, struct oci_config *cfg);
void config_free(struct oci_config *cfg);

/* Does the config ask for a new namespace of FLAG (or join one)? */
const struct cfg_namespace *config_namespace(const struct oci_config *cfg, unsigned long flag);

const char *hook_kind_name(enum hook_kind k);

/* The sections, each in its own file. */
int cfg_parse_process(json_t *process, struct cfg_process *out);
int cfg_parse_mounts(json_t *mounts, struct oci_config *cfg);
int cfg_parse_linux(json_t *lin, struct oci_config *cfg);
int cfg_parse_resources(json_t *resources, struct cg_limits *out);
int cfg_parse_devices(json_t *devices, struct oci_config *cfg);
/* [{containerID, hostID, size}] at OBJ.KEY; PREFIX names OBJ in messages. */
int cfg_parse_idmaps(json_t *obj, const char *key, const char *prefix, struct idmaps *out);
int cfg_parse_io_priority(json_t *process, struct cfg_process *out);
int cfg_parse_scheduler(json_t *process, struct cfg_process *out);
int cfg_parse_personality(json_t *linux_obj, struct oci_config *cfg);
int cfg_parse_time_offsets(json_t *linux_obj, struct oci_config *cfg);
int cfg_parse_seccomp(json_t *seccomp, struct cfg_seccomp *out);
int cfg_parse_hooks(json_t *hooks, struct oci_config *cfg);

#endif
