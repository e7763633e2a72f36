/* noopenat2 CMD [ARG...]: run CMD where openat2 fails with ENOSYS, as on a
 * kernel before 5.6 (or under a seccomp profile that never heard of it),
 * so that the tests reach minirunc's fallback path (crun tests its own the
 * same way).  The filter is inherited by everything CMD starts. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    scmp_filter_ctx ctx;
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: noopenat2 CMD [ARG...]\n");
        return 2;
    }
    ctx = seccomp_init(SCMP_ACT_ALLOW);
    /* Root does not need no_new_privs to load a filter; CMD may need to
     * gain privileges (a runtime's setuid helpers), so leave it unset. */
    if (!ctx || seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0 ||
        (rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0)) < 0 ||
        (rc = seccomp_load(ctx)) < 0) {
        fprintf(stderr, "noopenat2: could not load the filter\n");
        return 1;
    }
    seccomp_release(ctx);
    execvp(argv[1], argv + 1);
    fprintf(stderr, "noopenat2: exec %s: %s\n", argv[1], strerror(errno));
    return 127;
}
