/* bin/minirunc: the five chapters chained into an OCI runtime, with runc
 * 1.1's command line so that higher-level tools can drive it.  This file
 * reads the global options and hands the rest to the command's entry in
 * the table (cli.c); each command lives in a file of its own. */
#include "cli.h"

#include "commands.h"
#include "error.h"
#include "proctitle.h"
#include "sealed_exe.h"
#include "selfcheck.h"
#include "trace.h"
#include "userns_self.h"
#include "usage.h"

#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MINIRUNC_COMMIT
#define MINIRUNC_COMMIT "unknown"
#endif

static void usage(FILE *out)
{
    fputs("Usage: minirunc [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "An OCI runtime built from the five chapters of minirunc, with runc's command line.\n"
          "\n"
          "Commands ('minirunc COMMAND --help' for each one's options):\n", out);
    cli_list_commands(out);
    fputs("\n"
          "Global options:\n"
          "  --root DIR          state directory (default /run/minirunc; without root\n"
          "                      $XDG_RUNTIME_DIR/minirunc)\n"
          "  --log FILE          also write errors to FILE\n"
          "  --log-format FMT    text or json\n"
          "  --debug             trace every step (like --trace)\n"
          "  --systemd-cgroup    ask systemd for the cgroup (a scope unit); cgroupsPath is\n"
          "                      \"slice:prefix:name\", e.g. \"system.slice:minirunc:ID\"\n"
          "  --trace             print every step of every chapter, tagged with its chapter\n"
          "  --upto N            apply only chapters 1..N (1 rootfs, 2 namespaces, 3 cgroups,\n"
          "                      4 capabilities and seccomp, 5 process environment)\n"
          "  -v, --version       print the version\n"
          "  -h, --help          show this help\n"
          "\n"
          "The guide: docs/combined.md; in Chinese: docs/zh/combined.md.\n", out);
}

static int version(void)
{
    const struct scmp_version *v = seccomp_version();

    printf("minirunc version " MINIRUNC_VERSION "\ncommit: " MINIRUNC_COMMIT "\nspec: 1.0.2\n"
           "libseccomp: %u.%u.%u\n", v->major, v->minor, v->micro);
    return 0;
}

/* A global option that takes a value: "--name VALUE" or "--name=VALUE".
 * Sets *VALUE and advances *I past it; false when ARGV[*I] is not NAME. */
static bool global_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);

    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=') {
        *value = argv[*i] + n + 1;
        return true;
    }
    if (strcmp(argv[*i], name) || *i + 1 >= argc)
        return false;
    *value = argv[++*i];
    return true;
}

/* The global options, before the command.  Returns the index of the
 * command's name, or -(exit status + 1) when main should stop here. */
static int parse_globals(int argc, char **argv, struct runtime_opts *o)
{
    const char *upto = NULL;
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (global_value(argc, argv, &i, "--root", &o->root) ||
            global_value(argc, argv, &i, "--log", &cli_log_file) ||
            global_value(argc, argv, &i, "--log-format", &cli_log_format))
            continue;
        if (global_value(argc, argv, &i, "--upto", &upto)) {
            o->upto = atoi(upto);
            if (o->upto < 1 || o->upto > 5)
                return -usage_error(PROG, "--upto %s: a chapter from 1 to 5", upto) - 1;
        } else if (!strcmp(a, "--debug") || !strcmp(a, "--trace")) {
            trace_enable(true);
        } else if (!strcmp(a, "--systemd-cgroup")) {
            o->systemd_cgroup = true;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--version")) {
            return -version() - 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return -1;
        } else {
            return -usage_error(PROG, "unknown global option '%s'", a) - 1;
        }
    }
    if (strcmp(cli_log_format, "text") && strcmp(cli_log_format, "json"))
        return -usage_error(PROG, "--log-format %s: text or json", cli_log_format) - 1;
    if (i >= argc) {
        usage(stderr);
        return -3;
    }
    return i;
}

int main(int argc, char **argv)
{
    struct runtime_opts o = { .root = "/run/minirunc", .upto = 5 };
    const struct command *c;
    int i, r;

    proctitle_init(argc, argv);
    /* As runc: without root, state under $XDG_RUNTIME_DIR (a user's own
     * tmpfs on a systemd host), not /run, which is root's; also as uid 0
     * of a user namespace of a user's (rootless podman runs us there),
     * unless $USER says it is the host's root. */
    const char *xdg = getenv("XDG_RUNTIME_DIR"), *user = getenv("USER");
    if (xdg && *xdg &&
        (geteuid() != 0 || (userns_is_child() && (!user || strcmp(user, "root") != 0)))) {
        static char xdg_root[4096];
        snprintf(xdg_root, sizeof(xdg_root), "%s/minirunc", xdg);
        o.root = xdg_root;
    }
    i = parse_globals(argc, argv, &o);
    if (i < 0)
        return -i - 1;
    if (!(c = cli_command(argv[i])))
        return usage_error(PROG, "unknown command '%s'", argv[i]);
    /* The commands whose processes enter a container run from a sealed
     * copy of this binary (sealed_exe.h: CVE-2019-5736). */
    if (c->sealed && exe_reexec_sealed(argv) < 0)
        return cli_report();
    selfcheck_init(argv[i]);
    r = c->run(&o, argc - i, argv + i);
    return r < 0 ? cli_report() : r;
}
