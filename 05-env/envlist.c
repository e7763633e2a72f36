#include "envlist.h"

#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t key_len(const char *kv)
{
    const char *eq = strchr(kv, '=');
    return eq ? (size_t)(eq - kv) : strlen(kv);
}

static char **find(const struct envlist *env, const char *key, size_t klen)
{
    for (size_t i = 0; i < env->count; i++)
        if (key_len(env->vars[i]) == klen && !strncmp(env->vars[i], key, klen))
            return &env->vars[i];
    return NULL;
}

int env_put(struct envlist *env, const char *kv)
{
    size_t klen = key_len(kv);
    char **slot, *copy, **grown;

    if (!strchr(kv, '='))
        return err_set("environment variable \"%s\": expected KEY=VALUE", kv);
    if (klen == 0)
        return err_set("environment variable \"%s\": empty name", kv);
    copy = strdup(kv);
    if (!copy)
        return err_sys("environment");
    slot = find(env, kv, klen);
    if (slot) {
        free(*slot);
        *slot = copy;
        return 0;
    }
    grown = realloc(env->vars, (env->count + 2) * sizeof(*grown));
    if (!grown) {
        free(copy);
        return err_sys("environment");
    }
    env->vars = grown;
    env->vars[env->count++] = copy;
    env->vars[env->count] = NULL;
    return 0;
}

int env_default(struct envlist *env, const char *key, const char *value)
{
    char buf[8192];

    if (find(env, key, strlen(key)))
        return 0;
    snprintf(buf, sizeof(buf), "%s=%s", key, value);
    return env_put(env, buf);
}

const char *env_get(const struct envlist *env, const char *key)
{
    size_t klen = strlen(key);
    char **slot = find(env, key, klen);
    return slot ? *slot + klen + 1 : NULL;
}

int env_read_file(struct envlist *env, const char *path)
{
    FILE *f = fopen(path, "re");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int ret = 0;

    if (!f)
        return err_sys("--env-file %s", path);
    while ((n = getline(&line, &cap, f)) >= 0) {
        char *p = line;
        lineno++;
        if (n > 0 && line[n - 1] == '\n')
            line[n - 1] = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        if (env_put(env, p) < 0) {
            err_context("%s:%zu", path, lineno);
            ret = -1;
            break;
        }
    }
    free(line);
    fclose(f);
    return ret;
}

void env_free(struct envlist *env)
{
    for (size_t i = 0; i < env->count; i++)
        free(env->vars[i]);
    free(env->vars);
    env->vars = NULL;
    env->count = 0;
}
