/* 2.4: a plan as the one setpriv(1) command that gives the program it runs
 * the same capabilities, so that a learner can check the syscalls of the
 * trace against a tool of util-linux. */
#include "capability.h"

#include "trace.h"

#include <stdio.h>
#include <stdlib.h>

/* "-all,+cap_a,+cap_b": setpriv's form of a set (names without "cap_"). */
static void put_set(FILE *f, capmask_t mask)
{
    fputs("-all", f);
    for (int c = 0; c <= cap_last_cap(); c++) {
        if (!(mask & CAPMASK(c)))
            continue;
        char *name = cap_mask_names(CAPMASK(c));
        if (name)
            fprintf(f, ",+%s", name + 4);
        free(name);
    }
}

char *cap_plan_setpriv(const struct cap_plan *plan, char *const argv[])
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);

    if (!f)
        return NULL;
    fputs("setpriv", f);
    /* setpriv changes the ids with keep-caps on, as cap_plan_apply does. */
    if (plan->change_user)
        fprintf(f, " --reuid=%u --regid=%u --clear-groups", (unsigned)plan->uid,
                (unsigned)plan->gid);
    if (plan->set_caps) {
        fputs(" --bounding-set=", f);
        put_set(f, plan->keep);
    }
    /* The capset of cap_after_user_change: inheritable = the ambient set.
     * Permitted and effective need no option: execve computes them from
     * the bounding, inheritable and ambient sets and the uid. */
    if (plan->set_caps || plan->change_user || plan->ambient) {
        fputs(" --inh-caps=", f);
        put_set(f, plan->ambient);
    }
    if (plan->ambient) {
        fputs(" --ambient-caps=", f);
        put_set(f, plan->ambient);
    }
    if (plan->no_new_privs)
        fputs(" --no-new-privs", f);
    fputs(" --", f);
    for (int i = 0; argv[i]; i++)
        fprintf(f, " %s", shq(argv[i]));
    if (fclose(f) != 0) {
        free(out);
        return NULL;
    }
    return out;
}
