#ifndef MINIRUNC_SPEC_H
#define MINIRUNC_SPEC_H

#include <jansson.h>
#include <stdbool.h>

json_t *spec_default(void);
/* Make SPEC one for a container run without root, as `runc spec
 * --rootless` does: UID and GID mapped to 0 in a user namespace of its
 * own, no network namespace (nobody could set one up), /sys bound from
 * the host (sysfs cannot be mounted without a network namespace of one's
 * own), no uid=/gid= mount options (ids the namespace does not map), and
 * no linux.resources (cgroups need root or a delegated tree). */
void spec_make_rootless(json_t *spec, unsigned uid, unsigned gid);
/* Write BUNDLE/config.json (ROOTLESS: spec_make_rootless for the caller's
 * ids); an existing one is an error. */
int spec_write(const char *bundle, bool rootless);

#endif
