/* `minirunc features`: what this runtime implements, as the OCI features
 * document (runtime-spec features.md) — for higher-level tools to ask. */
#include "capnames.h"
#include "cli.h"
#include "commands.h"
#include "config.h"

#include <jansson.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/capability.h>

int cmd_features(struct runtime_opts *o, int argc, char **argv)
{
    static const char *const mount_options[] = {
        "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "lazytime",
        "mand", "noatime", "nodev", "nodiratime", "noexec", "nolazytime", "nomand",
        "norelatime", "nostrictatime", "nosuid", "private", "rbind", "relatime", "remount",
        "ro", "rprivate", "rshared", "rslave", "runbindable", "rw", "shared", "silent",
        "slave", "strictatime", "suid", "sync", "tmpcopyup", "unbindable",
    };
    struct cli_args a = { 0 };
    json_t *hooks, *opts, *caps;
    char version[32];
    char *text;
    json_t *doc;
    int r = cli_parse("features", argc, argv, o, &a, 0, 0);

    if (r)
        return r == 1 ? 0 : r;
    hooks = json_array();
    opts = json_array();
    caps = json_array();
    for (int k = 0; k < HOOK_KINDS; k++)
        json_array_append_new(hooks, json_string(hook_kind_name(k)));
    for (size_t i = 0; i < sizeof(mount_options) / sizeof(mount_options[0]); i++)
        json_array_append_new(opts, json_string(mount_options[i]));
    for (int c = 0; c <= cap_last_cap(); c++) {
        char *name = cap_to_name(c), upper[64];
        size_t i;
        for (i = 0; name && name[i] && i < sizeof(upper) - 1; i++)
            upper[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
        upper[i] = '\0';
        json_array_append_new(caps, json_string(upper));
        cap_free(name);
    }
    snprintf(version, sizeof(version), "%u.%u.%u", seccomp_version()->major,
             seccomp_version()->minor, seccomp_version()->micro);
    doc = json_pack(
        "{s:s, s:s, s:o, s:o, s:{s:[s,s,s,s,s,s,s,s], s:o, s:{s:b, s:b, s:b, s:b}, "
        "s:{s:b, s:[s,s,s,s,s,s,s,s], s:[s,s,s,s,s,s,s], s:[s,s,s]}, s:{s:b}, s:{s:b}}, "
        "s:{s:s, s:s}}",
        "ociVersionMin", "1.0.0", "ociVersionMax", "1.0.2", "hooks", hooks, "mountOptions", opts,
        "linux", "namespaces", "cgroup", "ipc", "mount", "network", "pid", "user", "uts", "time",
        "capabilities", caps, "cgroup", "v1", 1, "v2", 1, "systemd", 1, "systemdUser", 0,
        "seccomp", "enabled", 1, "actions", "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL",
        "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE",
        "SCMP_ACT_TRAP", "operators", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
        "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE", "archs",
        "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "apparmor", "enabled", 1,
        "selinux", "enabled", 1, "annotations", "io.github.minirunc.version", MINIRUNC_VERSION,
        "io.github.seccomp.libseccomp.version", version);
    /* Id-mapped bind mounts (runtime-spec features 1.1). */
    if (doc)
        json_object_set_new(json_object_get(doc, "linux"), "mountExtensions",
                            json_pack("{s:{s:b}}", "idmap", "enabled", 1));
    text = doc ? json_dumps(doc, JSON_INDENT(4) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    if (!text)
        return 1;
    printf("%s\n", text);
    free(text);
    return 0;
}
