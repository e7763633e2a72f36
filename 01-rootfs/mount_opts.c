#include "mount_opts.h"

#include "error.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

struct flag_word {
    const char *word;
    bool clear;          /* the word clears FLAG instead of setting it */
    unsigned long flag;
};

/* The words mount(8) turns into MS_* flags (mount(8), "FILESYSTEM-
 * INDEPENDENT MOUNT OPTIONS"); everything else goes to the file system. */
static const struct flag_word flag_words[] = {
    { "defaults", false, 0 },
    { "ro", false, MS_RDONLY },       { "rw", true, MS_RDONLY },
    { "nosuid", false, MS_NOSUID },   { "suid", true, MS_NOSUID },
    { "nodev", false, MS_NODEV },     { "dev", true, MS_NODEV },
    { "noexec", false, MS_NOEXEC },   { "exec", true, MS_NOEXEC },
    { "sync", false, MS_SYNCHRONOUS }, { "async", true, MS_SYNCHRONOUS },
    { "dirsync", false, MS_DIRSYNC },
    { "remount", false, MS_REMOUNT },
    { "mand", false, MS_MANDLOCK },   { "nomand", true, MS_MANDLOCK },
    { "atime", true, MS_NOATIME },    { "noatime", false, MS_NOATIME },
    { "diratime", true, MS_NODIRATIME }, { "nodiratime", false, MS_NODIRATIME },
    { "relatime", false, MS_RELATIME }, { "norelatime", true, MS_RELATIME },
    { "strictatime", false, MS_STRICTATIME }, { "nostrictatime", true, MS_STRICTATIME },
    { "lazytime", false, MS_LAZYTIME }, { "nolazytime", true, MS_LAZYTIME },
    { "bind", false, MS_BIND },       { "rbind", false, MS_BIND | MS_REC },
    { "silent", false, MS_SILENT },   { "loud", true, MS_SILENT },
};

static const struct flag_word propagation_words[] = {
    { "private", false, MS_PRIVATE },       { "rprivate", false, MS_PRIVATE | MS_REC },
    { "slave", false, MS_SLAVE },           { "rslave", false, MS_SLAVE | MS_REC },
    { "shared", false, MS_SHARED },         { "rshared", false, MS_SHARED | MS_REC },
    { "unbindable", false, MS_UNBINDABLE }, { "runbindable", false, MS_UNBINDABLE | MS_REC },
};

int mount_opts_add(struct mount_opts *out, const char *word)
{
    size_t used, need;

    if (word[0] == '\0')
        return err_set("empty mount option");
    for (size_t i = 0; i < sizeof(flag_words) / sizeof(flag_words[0]); i++) {
        if (strcmp(word, flag_words[i].word))
            continue;
        if (flag_words[i].clear)
            out->flags &= ~flag_words[i].flag;
        else
            out->flags |= flag_words[i].flag;
        return 0;
    }
    for (size_t i = 0; i < sizeof(propagation_words) / sizeof(propagation_words[0]); i++) {
        if (!strcmp(word, propagation_words[i].word)) {
            out->propagation = propagation_words[i].flag;
            return 0;
        }
    }
    /* An OCI runtime extension (runc, crun), not a mount(2) option. */
    if (!strcmp(word, "tmpcopyup")) {
        out->tmpcopyup = 1;
        return 0;
    }
    used = strlen(out->data);
    need = used + (used ? 1 : 0) + strlen(word) + 1;
    if (need > sizeof(out->data))
        return err_set("mount option %s: the data options are longer than %zu bytes", word,
                       sizeof(out->data) - 1);
    if (used)
        out->data[used++] = ',';
    strcpy(out->data + used, word);
    return 0;
}

int mount_opts_parse(const char *options, struct mount_opts *out)
{
    char word[512];
    const char *p = options;

    memset(out, 0, sizeof(*out));
    if (!options || !*options)
        return 0;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);

        if (len == 0 || len >= sizeof(word))
            return err_set("mount options \"%s\": %s option", options,
                           len ? "over-long" : "empty");
        memcpy(word, p, len);
        word[len] = '\0';
        if (mount_opts_add(out, word) < 0) {
            err_context("mount options \"%s\"", options);
            return -1;
        }
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

void mount_opts_flags_str(unsigned long flags, char *buf, size_t len)
{
    static const struct { unsigned long flag; const char *word; } words[] = {
        { MS_RDONLY, "ro" },          { MS_NOSUID, "nosuid" },     { MS_NODEV, "nodev" },
        { MS_NOEXEC, "noexec" },      { MS_SYNCHRONOUS, "sync" },  { MS_DIRSYNC, "dirsync" },
        { MS_NOATIME, "noatime" },    { MS_NODIRATIME, "nodiratime" },
        { MS_RELATIME, "relatime" },  { MS_STRICTATIME, "strictatime" },
        { MS_LAZYTIME, "lazytime" },  { MS_MANDLOCK, "mand" },
    };
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (!(flags & words[i].flag))
            continue;
        int n = snprintf(buf + used, len - used, "%s%s", used ? "," : "", words[i].word);
        if (n < 0 || (size_t)n >= len - used)
            return;
        used += (size_t)n;
    }
}
