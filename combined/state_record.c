/* ROOT/ID/init: "PID STARTTIME CGROUP", what delete --force and kill need
 * to find and end a container apart from state.json (state.h). */
#include "state.h"

#include "error.h"

#include <stdio.h>
#include <string.h>

/* Written as state.json is: whole (a rename), or not at all. */
int state_save_init(const struct container_state *st)
{
    char path[4200], tmp[4200];
    FILE *f;

    snprintf(path, sizeof(path), "%s/init", st->dir);
    snprintf(tmp, sizeof(tmp), "%s/init.tmp", st->dir);
    if (!(f = fopen(tmp, "we")))
        return err_sys("write %s", tmp);
    fprintf(f, "%d %llu %s\n", (int)st->pid, st->starttime, st->cgroup[0] ? st->cgroup : "-");
    if (fclose(f) != 0 || rename(tmp, path) < 0)
        return err_sys("write %s", path);
    return 0;
}

void state_load_init(struct container_state *st)
{
    char path[4200], cgroup[256] = "";
    unsigned long long start;
    int pid = 0;
    FILE *f;

    snprintf(path, sizeof(path), "%s/init", st->dir);
    if (!(f = fopen(path, "re")))
        return;
    if (fscanf(f, "%d %llu %255s", &pid, &start, cgroup) == 3) {
        st->pid = pid;
        st->starttime = start;
        if (strcmp(cgroup, "-"))  /* cg_open checks the name */
            snprintf(st->cgroup, sizeof(st->cgroup), "%s", cgroup);
    }
    fclose(f);
}
