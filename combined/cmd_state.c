/* What is there: state (one container's OCI state) and list (every
 * container under --root). */
#include "cli.h"

#include "error.h"
#include "state.h"

#include <dirent.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

int cmd_state(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    struct container_state st;
    char *text;
    json_t *j;
    int r = cli_parse("state", argc, argv, o, &a, 1, 1);

    if (r)
        return r == 1 ? 0 : r;
    if (state_open(o->root, a.argv[0], &st) < 0)
        return -1;
    text = state_json(&st, state_status(&st));
    j = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    if (text)
        printf("%s\n", text);
    free(text);
    json_decref(j);
    state_close(&st);
    return 0;
}

/* OWNER, as runc's list shows it: the user who owns ROOT/ID (the one
 * who created it: root, or a user without root under its own --root). */
static const char *owner(const char *root, const char *id)
{
    static char name[64];
    char path[4096];
    struct stat st;
    struct passwd *pw;

    snprintf(path, sizeof(path), "%s/%s", root, id);
    if (stat(path, &st) < 0)
        return "?";
    if ((pw = getpwuid(st.st_uid)) != NULL)
        snprintf(name, sizeof(name), "%s", pw->pw_name);
    else
        snprintf(name, sizeof(name), "#%u", (unsigned)st.st_uid);
    return name;
}

int cmd_list(struct runtime_opts *o, int argc, char **argv)
{
    struct cli_args a = { 0 };
    struct dirent *e;
    json_t *arr;
    DIR *d;
    bool json;
    int r = cli_parse("list", argc, argv, o, &a, 0, 0);

    if (r)
        return r == 1 ? 0 : r;
    json = a.format && !strcmp(a.format, "json");
    if (!json)
        printf("%-12s %-8s %-10s %-40s %-32s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
    /* No --root directory yet: no containers, as with runc. */
    d = opendir(o->root);
    arr = json_array();
    while (d && (e = readdir(d)) != NULL) {
        struct container_state st;
        const char *status;
        char *text;

        if (e->d_name[0] == '.')
            continue;
        if (state_open(o->root, e->d_name, &st) < 0) {
            /* There, but its state.json unreadable: say so (delete
             * --force cleans it up from ROOT/ID/init). */
            if (!json && state_open_remains(o->root, e->d_name, &st) == 0) {
                printf("%-12s %-8d %-10s %-40s %-32s %s\n", st.id, (int)st.pid, "broken",
                       "(state.json unreadable)", "-", owner(o->root, e->d_name));
                state_close(&st);
            }
            continue;
        }
        status = state_status(&st);
        if (json) {
            text = state_json(&st, status);
            json_array_append_new(arr, json_loads(text, 0, NULL));
            free(text);
        } else {
            printf("%-12s %-8d %-10s %-40s %-32s %s\n", st.id, strcmp(status, "stopped") ? (int)st.pid : 0,
                   status, st.bundle, st.created, owner(o->root, e->d_name));
        }
        state_close(&st);
    }
    if (d)
        closedir(d);
    if (json) {
        char *text = json_dumps(arr, JSON_COMPACT);
        printf("%s\n", text);
        free(text);
    }
    json_decref(arr);
    err_clear();
    return 0;
}
