#include "mountinfo.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
    char *out = s;

    for (char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7' &&
            p[3] >= '0' && p[3] <= '7') {
            *out++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
            p += 3;
        } else {
            *out++ = *p;
        }
    }
    *out = '\0';
}

static int parse_line(char *line, struct mountinfo_entry *e)
{
    char *fields[11];
    int n = 0;
    char *save = NULL;
    char *tok = strtok_r(line, " \n", &save);
    int dash = 0;

    /* Fields (1)-(6), then optional fields up to "-", then (9)-(11). */
    while (tok && n < 11) {
        if (n == 6 && !dash) {
            if (strcmp(tok, "-") == 0) {
                dash = 1;
            }
            tok = strtok_r(NULL, " \n", &save);
            continue;
        }
        fields[n++] = tok;
        tok = strtok_r(NULL, " \n", &save);
    }
    if (n < 9 || !dash)
        return err_set("malformed");
    for (int i = n; i < 9; i++)
        fields[i] = "";
    e->id = atoi(fields[0]);
    e->parent = atoi(fields[1]);
    unescape(fields[3]);
    unescape(fields[4]);
    unescape(fields[7]);
    e->root = strdup(fields[3]);
    e->mount_point = strdup(fields[4]);
    e->mount_opts = strdup(fields[5]);
    e->fstype = strdup(fields[6]);
    e->source = strdup(fields[7]);
    e->super_opts = strdup(fields[8]);
    if (!e->root || !e->mount_point || !e->mount_opts || !e->fstype || !e->source ||
        !e->super_opts)
        return err_sys("strdup");
    return 0;
}

static void entry_free(struct mountinfo_entry *e)
{
    free(e->root);
    free(e->mount_point);
    free(e->mount_opts);
    free(e->fstype);
    free(e->source);
    free(e->super_opts);
}

int mountinfo_parse(FILE *in, struct mountinfo *out)
{
    char *line = NULL;
    size_t cap = 0;
    size_t lineno = 0;
    int ret = 0;

    out->entries = NULL;
    out->count = 0;
    while (getline(&line, &cap, in) > 0) {
        struct mountinfo_entry e = { 0 };
        struct mountinfo_entry *grown;

        lineno++;
        grown = realloc(out->entries, (out->count + 1) * sizeof(*grown));
        if (!grown) {
            ret = err_sys("mountinfo");
            break;
        }
        out->entries = grown;
        if (parse_line(line, &e) < 0) {
            entry_free(&e);
            err_context("mountinfo line %zu", lineno);
            ret = -1;
            break;
        }
        out->entries[out->count++] = e;
    }
    free(line);
    if (ret < 0)
        mountinfo_free(out);
    return ret;
}

int mountinfo_read_self(struct mountinfo *out)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    int ret;

    if (!f)
        return err_sys("open /proc/self/mountinfo");
    ret = mountinfo_parse(f, out);
    fclose(f);
    if (ret < 0)
        err_context("/proc/self/mountinfo");
    return ret;
}

void mountinfo_free(struct mountinfo *mi)
{
    for (size_t i = 0; i < mi->count; i++)
        entry_free(&mi->entries[i]);
    free(mi->entries);
    mi->entries = NULL;
    mi->count = 0;
}

const struct mountinfo_entry *mountinfo_find(const struct mountinfo *mi, const char *mount_point)
{
    for (size_t i = mi->count; i-- > 0;)
        if (!strcmp(mi->entries[i].mount_point, mount_point))
            return &mi->entries[i];
    return NULL;
}

int opt_list_has(const char *list, const char *word)
{
    size_t wlen = strlen(word);
    const char *p = list;

    while (*p) {
        const char *end = strchrnul(p, ',');
        if ((size_t)(end - p) == wlen && !strncmp(p, word, wlen))
            return 1;
        p = *end ? end + 1 : end;
    }
    return 0;
}
