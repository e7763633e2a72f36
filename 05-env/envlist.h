/* 2.5: the environment a container's process gets — only what it is
 * given, plus what a runtime fills in when absent. */
#ifndef MINIRUNC_ENVLIST_H
#define MINIRUNC_ENVLIST_H

#include <stddef.h>

struct envlist {
    char **vars; /* "K=V", NULL-terminated, in first-set order */
    size_t count;
};

/* Set "K=V" (replacing an earlier K, keeping its place).  K must be a
 * non-empty name without '='. */
int env_put(struct envlist *env, const char *kv);

/* Set K to V only when K is absent. */
int env_default(struct envlist *env, const char *key, const char *value);

/* The value of K, or NULL. */
const char *env_get(const struct envlist *env, const char *key);

/* Read K=V lines from FILE ('#' comments and blank lines skipped). */
int env_read_file(struct envlist *env, const char *path);

void env_free(struct envlist *env);

#endif
