/* Commands that live in files of their own. */
#ifndef MINIRUNC_COMMANDS_H
#define MINIRUNC_COMMANDS_H

#include "container.h"

#define MINIRUNC_VERSION "0.1.0"

int cmd_features(struct runtime_opts *o, int argc, char **argv);
/* update [flags | -r FILE] ID: new resources for a container's cgroup. */
int cmd_update(struct runtime_opts *o, int argc, char **argv);

/* exec [--process FILE | CMD...] ... ID: a new process in a running container. */
int cmd_exec(struct runtime_opts *o, int argc, char **argv);

#endif
