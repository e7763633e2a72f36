/* config.json, top level: ociVersion, root, process, hostname, mounts,
 * linux, hooks, annotations. */
#include "cfg_json.h"
#include "config.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const struct cfg_namespace *config_namespace(const struct oci_config *cfg, unsigned long flag)
{
    for (size_t i = 0; i < cfg->namespaces_count; i++)
        if (cfg->namespaces[i].flag == flag)
            return &cfg->namespaces[i];
    return NULL;
}

/* A sysctl is written in the container's /proc/sys, but most of them are
 * global: only the ones a namespace of the container's own isolates may be
 * set, or the write would change the host (as runc refuses too). */
static int check_sysctls(const struct oci_config *cfg)
{
    static const struct { const char *prefix; unsigned long ns; const char *name; } ok[] = {
        { "net.", CLONE_NEWNET, "network" },     { "kernel.msg", CLONE_NEWIPC, "ipc" },
        { "kernel.sem", CLONE_NEWIPC, "ipc" },   { "kernel.shm", CLONE_NEWIPC, "ipc" },
        { "fs.mqueue.", CLONE_NEWIPC, "ipc" },   { "kernel.hostname", CLONE_NEWUTS, "uts" },
        { "kernel.domainname", CLONE_NEWUTS, "uts" },
    };

    for (size_t i = 0; i < cfg->sysctl_count; i++) {
        const char *key = cfg->sysctl_keys[i];
        size_t k;

        for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
            if (!strncmp(key, ok[k].prefix, strlen(ok[k].prefix)))
                break;
        if (k == sizeof(ok) / sizeof(ok[0]))
            return err_set("linux.sysctl.%s: not isolated by any namespace, so it would change "
                           "the host: refused", key);
        if (!config_namespace(cfg, ok[k].ns))
            return err_set("linux.sysctl.%s: needs a %s namespace of the container's own, or it "
                           "would change the host", key, ok[k].name);
    }
    return 0;
}

int config_parse(const char *text, size_t len, struct oci_config *cfg)
{
    static const char *const keys[] = { "ociVersion", "root", "process", "hostname", "domainname",
                                        "mounts", "linux", "hooks", "annotations", NULL };
    json_error_t jerr;
    json_t *root, *obj, *arr;
    int ret = -1;

    memset(cfg, 0, sizeof(*cfg));
    cg_limits_init(&cfg->resources);
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return err_set("invalid JSON at line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
    if (!json_is_object(root)) {
        err_set("the top level must be an object");
        goto out;
    }
    /* solaris, windows, vm, zos ...: another platform's config. */
    if (cfg_only_keys(root, "config", keys) < 0)
        goto out;
    if (cfg_need(cfg_string(root, "ociVersion", "config", &cfg->oci_version), "config", "ociVersion") < 0)
        goto out;
    if (atoi(cfg->oci_version) != 1 || strncmp(cfg->oci_version, "1.", 2)) {
        err_set("ociVersion: %s is not a runtime-spec 1.x version", cfg->oci_version);
        goto out;
    }
    if (cfg_object(root, "root", "config", &obj) < 0)
        goto out;
    if (!obj) {
        err_set("root: missing");
        goto out;
    }
    if (cfg_need(cfg_string(obj, "path", "root", &cfg->root_path), "root", "path") < 0 ||
        cfg_bool(obj, "readonly", "root", &cfg->root_readonly) < 0)
        goto out;
    if (cfg_parse_process(json_object_get(root, "process"), &cfg->process) < 0 ||
        cfg_string(root, "hostname", "config", &cfg->hostname) < 0 ||
        cfg_string(root, "domainname", "config", &cfg->domainname) < 0)
        goto out;
    if (cfg_array(root, "mounts", "config", &arr) < 0 || (arr && cfg_parse_mounts(arr, cfg) < 0))
        goto out;
    if (cfg_object(root, "linux", "config", &obj) < 0 || (obj && cfg_parse_linux(obj, cfg) < 0))
        goto out;
    if (!obj)
        cg_limits_init(&cfg->resources);
    if (cfg_object(root, "hooks", "config", &obj) < 0 || (obj && cfg_parse_hooks(obj, cfg) < 0))
        goto out;
    if (cfg_object(root, "annotations", "config", &obj) < 0)
        goto out;
    cfg->annotations = obj ? json_incref(obj) : json_object();
    if (check_sysctls(cfg) < 0)
        goto out;
    if ((cfg->hostname || cfg->domainname) && !config_namespace(cfg, CLONE_NEWUTS)) {
        err_set("hostname: setting it needs a uts namespace of the container's own");
        goto out;
    }
    if (cfg->has_time_offsets &&
        (!config_namespace(cfg, CLONE_NEWTIME) || config_namespace(cfg, CLONE_NEWTIME)->path)) {
        err_set("linux.timeOffsets: offsets need a new time namespace (a \"time\" entry without a path)");
        goto out;
    }
    ret = 0;
out:
    json_decref(root);
    /* A config refused leaves nothing to free (and config_free on it is
     * still safe). */
    if (ret < 0) {
        config_free(cfg);
        memset(cfg, 0, sizeof(*cfg));
    }
    return ret;
}

/* A config larger than this is refused, not read (runc's are a few KiB;
 * a huge one is a mistake or an attack on the runtime's memory). */
#define CONFIG_MAX (16u << 20)

static const char *file_kind(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket"
           : S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device" : "not a file";
}

int config_load(const char *path, struct oci_config *cfg)
{
    /* O_NONBLOCK: a FIFO in its place must not hang us in open(). */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), ret;
    struct stat st;
    char *text;
    ssize_t n;
    size_t len = 0;

    memset(cfg, 0, sizeof(*cfg));
    if (fd < 0)
        return err_sys("open %s", path);
    if (fstat(fd, &st) < 0) {
        ret = err_sys("stat %s", path);
        close(fd);
        return ret;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return err_set("%s: %s, not a regular file", path, file_kind(st.st_mode));
    }
    if ((size_t)st.st_size > CONFIG_MAX) {
        close(fd);
        return err_set("%s: %lld bytes, more than the %u MiB a config may have", path,
                       (long long)st.st_size, CONFIG_MAX >> 20);
    }
    if (!(text = malloc((size_t)st.st_size + 1))) {
        close(fd);
        return err_sys("read %s", path);
    }
    while (len < (size_t)st.st_size && (n = read(fd, text + len, (size_t)st.st_size - len)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ret = err_sys("read %s", path);
            free(text);
            close(fd);
            return ret;
        }
        len += (size_t)n;
    }
    close(fd);
    ret = config_parse(text, len, cfg);
    free(text);
    if (ret < 0)
        err_context("%s", path);
    return ret;
}

static void free_hook(struct cfg_hook *h)
{
    free(h->path);
    cfg_free_strings(h->args);
    cfg_free_strings(h->env);
}

void config_free(struct oci_config *cfg)
{
    free(cfg->oci_version);
    free(cfg->root_path);
    cfg_free_strings(cfg->process.args);
    env_free(&cfg->process.env);
    free(cfg->process.cwd);
    free(cfg->hostname);
    free(cfg->domainname);
    for (size_t i = 0; i < cfg->mounts_count; i++) {
        free((char *)cfg->mounts[i].source);
        free((char *)cfg->mounts[i].target);
        free((char *)cfg->mounts[i].fstype);
        free((char *)cfg->mounts[i].options);
    }
    for (size_t i = 0; i < cfg->namespaces_count; i++)
        free(cfg->namespaces[i].path);
    for (size_t i = 0; i < cfg->masked_count; i++)
        free(cfg->masked[i]);
    for (size_t i = 0; i < cfg->readonly_count; i++)
        free(cfg->readonly[i]);
    for (size_t i = 0; i < cfg->sysctl_count; i++) {
        free(cfg->sysctl_keys[i]);
        free(cfg->sysctl_values[i]);
    }
    free(cfg->cgroups_path);
    for (size_t i = 0; i < cfg->seccomp.rules_count; i++)
        free(cfg->seccomp.rules[i].name);
    free(cfg->seccomp.rules);
    for (int k = 0; k < HOOK_KINDS; k++)
        for (size_t i = 0; i < cfg->hooks_count[k]; i++)
            free_hook(&cfg->hooks[k][i]);
    json_decref(cfg->annotations);
    memset(cfg, 0, sizeof(*cfg));
}
