/* minirunc's command line, shaped as runc's: a table of commands
 * (main.c), each with its own options and its own --help.
 *
 * A command's function gets argv from the command's name on.  It returns
 * the exit status (0, or the container's status for run), -1 after
 * recording an error (main prints it once, and to --log), or 2 after a
 * usage error it has printed itself (cli_usage). */
#ifndef MINIRUNC_CLI_H
#define MINIRUNC_CLI_H

#include "container.h"

#include <stdbool.h>
#include <stdio.h>

#define PROG "minirunc"

/* The options the simple commands share, each taken only by the commands
 * whose table entry lists it (as runc's: `start --force` is refused). */
enum cli_opt {
    CLI_BUNDLE = 1 << 0,
    CLI_PID_FILE = 1 << 1,
    CLI_CONSOLE_SOCKET = 1 << 2,
    CLI_NO_PIVOT = 1 << 3,
    CLI_PRESERVE_FDS = 1 << 4,
    CLI_DETACH = 1 << 5,
    CLI_FORCE = 1 << 6,
    CLI_ALL = 1 << 7,
    CLI_FORMAT = 1 << 8,
    CLI_ROOTLESS = 1 << 9,
};

/* What those options said, beside the runtime_opts they fill. */
struct cli_args {
    bool detach, force, all, rootless;
    const char *format;
    int argc;       /* the operands: ID and what follows it */
    char **argv;
};

/* One command: its line in `minirunc --help`, its own --help, the
 * options it takes (a mask of enum cli_opt; exec and update parse their
 * own), and whether it runs from a sealed copy of the binary because its
 * processes enter a container (sealed_exe.h: CVE-2019-5736). */
struct command {
    const char *name;
    const char *synopsis;
    const char *summary;
    const char *options;
    unsigned takes;
    int (*run)(struct runtime_opts *o, int argc, char **argv);
    bool sealed;
};

/* The command called NAME, or NULL. */
const struct command *cli_command(const char *name);

/* One line per command, for `minirunc --help`. */
void cli_list_commands(FILE *out);

/* --log FILE and --log-format text|json (main sets them). */
extern const char *cli_log_file, *cli_log_format;

/* Parse ARGV (the command's name first) with the options command NAME
 * takes; check it has MIN to MAX operands.  Returns 0, 1 when --help was
 * printed, or 2 after a usage error (printed). */
int cli_parse(const char *name, int argc, char **argv, struct runtime_opts *o, struct cli_args *a,
              int min, int max);

/* "minirunc: <message>" and "Try 'minirunc NAME --help'." on stderr; 2. */
int cli_usage(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Command NAME's help on stdout; 0. */
int cli_help(const char *name);

/* Print the recorded error now (stderr, and --log as runc writes it) and
 * return 1: for an error a command reports but goes on after. */
int cli_report(void);

/* The commands (cmd_*.c, exec.c, update.c, features.c). */
int cmd_spec(struct runtime_opts *o, int argc, char **argv);
int cmd_create(struct runtime_opts *o, int argc, char **argv);
int cmd_start(struct runtime_opts *o, int argc, char **argv);
int cmd_run(struct runtime_opts *o, int argc, char **argv);
int cmd_delete(struct runtime_opts *o, int argc, char **argv);
int cmd_state(struct runtime_opts *o, int argc, char **argv);
int cmd_list(struct runtime_opts *o, int argc, char **argv);
int cmd_ps(struct runtime_opts *o, int argc, char **argv);
int cmd_kill(struct runtime_opts *o, int argc, char **argv);
int cmd_pause(struct runtime_opts *o, int argc, char **argv);
int cmd_resume(struct runtime_opts *o, int argc, char **argv);

#endif
