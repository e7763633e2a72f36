#ifndef MINIRUNC_SPEC_H
#define MINIRUNC_SPEC_H

#include <jansson.h>

json_t *spec_default(void);
/* Write BUNDLE/config.json; an existing one is an error. */
int spec_write(const char *bundle);

#endif
