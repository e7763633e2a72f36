/* nosys SYSCALL[,SYSCALL...] CMD [ARG...]: run CMD where each named system
 * call fails with ENOSYS, as on a kernel from before it (openat2 came in
 * 5.6, open_tree in 5.2, mount_setattr in 5.12) or under a seccomp profile
 * that never heard of it, so that the tests reach minirunc's fallback
 * paths (crun tests its own the same way).  The filter is inherited by
 * everything CMD starts. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int deny_each(scmp_filter_ctx ctx, char *names)
{
    for (char *save = NULL, *name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR) {
            fprintf(stderr, "nosys: unknown system call '%s'\n", name);
            return -1;
        }
        if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0) < 0) {
            fprintf(stderr, "nosys: cannot deny %s\n", name);
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    scmp_filter_ctx ctx;

    if (argc < 3) {
        fprintf(stderr, "usage: nosys SYSCALL[,SYSCALL...] CMD [ARG...]\n");
        return 2;
    }
    ctx = seccomp_init(SCMP_ACT_ALLOW);
    /* Root does not need no_new_privs to load a filter; CMD may need to
     * gain privileges (a runtime's setuid helpers), so leave it unset. */
    if (!ctx || seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0 || deny_each(ctx, argv[1]) < 0 ||
        seccomp_load(ctx) < 0) {
        fprintf(stderr, "nosys: could not load the filter\n");
        return 1;
    }
    seccomp_release(ctx);
    execvp(argv[2], argv + 2);
    fprintf(stderr, "nosys: exec %s: %s\n", argv[2], strerror(errno));
    return 127;
}
