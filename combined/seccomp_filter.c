#include "seccomp_filter.h"

#include "error.h"
#include "trace.h"

#include <errno.h>
#include <seccomp.h>
#include <string.h>

#define TAG "minirunc"

int seccomp_build(const struct cfg_seccomp *sc, struct seccomp_built *out)
{
    scmp_filter_ctx ctx;
    size_t skipped = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!sc->present)
        return 0;
    ctx = seccomp_init(sc->default_action);
    if (!ctx)
        return err_set("seccomp_init: cannot start a filter");
    /* The filter is ours to trim: no_new_privs is not forced by libseccomp. */
    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
    for (size_t i = 0; i < sc->arches_count; i++) {
        rc = seccomp_arch_add(ctx, sc->arches[i]);
        if (rc < 0 && rc != -EEXIST) {
            seccomp_release(ctx);
            return errno = -rc, err_sys("seccomp_arch_add");
        }
    }
    for (size_t i = 0; i < sc->rules_count; i++) {
        const struct cfg_seccomp_rule *r = &sc->rules[i];
        struct scmp_arg_cmp cmp[6];
        int nr = seccomp_syscall_resolve_name(r->name);

        /* A syscall this libseccomp does not know cannot be called either. */
        if (nr == __NR_SCMP_ERROR) {
            skipped++;
            continue;
        }
        if (r->action == sc->default_action)
            continue;
        for (size_t a = 0; a < r->args_count; a++)
            cmp[a] = (struct scmp_arg_cmp){ r->args[a].index, (enum scmp_compare)r->args[a].op,
                                            r->args[a].value, r->args[a].value_two };
        rc = seccomp_rule_add_array(ctx, r->action, nr, (unsigned)r->args_count, cmp);
        if (rc < 0) {
            seccomp_release(ctx);
            return errno = -rc, err_sys("seccomp rule for %s", r->name);
        }
    }
    out->ctx = ctx;
    out->rules = sc->rules_count - skipped;
    out->default_action = sc->default_action;
    out->skipped = skipped;
    return 0;
}

int seccomp_load_built(struct seccomp_built *b)
{
    int rc;

    if (!b->ctx)
        return 0;
    /* The trace line first: once loaded, the filter is the container's,
     * and it may deny what a trace needs. */
    trace(TAG, "seccomp(SECCOMP_SET_MODE_FILTER, ...)   # %zu rules, default action 0x%x%s; "
          "only execve follows", b->rules, b->default_action,
          b->skipped ? ", unknown syscalls skipped" : "");
    rc = seccomp_load(b->ctx);
    seccomp_release(b->ctx);
    b->ctx = NULL;
    if (rc < 0)
        return errno = -rc, err_sys("seccomp_load");
    return 0;
}

void seccomp_built_free(struct seccomp_built *b)
{
    if (b->ctx)
        seccomp_release(b->ctx);
    b->ctx = NULL;
}
