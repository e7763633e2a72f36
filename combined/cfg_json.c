#include "cfg_json.h"

#include "error.h"
#include "trace.h"

#include <stdbool.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

static const char *type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "?";
}

int cfg_string(json_t *obj, const char *key, const char *where, char **out)
{
    json_t *v = json_object_get(obj, key);

    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v))
        return err_set("%s.%s: expected a string, found %s", where, key, type_name(v));
    if (strlen(json_string_value(v)) != json_string_length(v))
        return err_set("%s.%s: contains a NUL byte", where, key);
    free(*out);
    *out = strdup(json_string_value(v));
    return *out ? 0 : err_sys("%s.%s", where, key);
}

int cfg_bool(json_t *obj, const char *key, const char *where, bool *out)
{
    json_t *v = json_object_get(obj, key);

    if (!v || json_is_null(v))
        return 1;
    if (!json_is_boolean(v))
        return err_set("%s.%s: expected a boolean, found %s", where, key, type_name(v));
    *out = json_is_true(v);
    return 0;
}

int cfg_int(json_t *obj, const char *key, const char *where, int64_t lo, int64_t hi, int64_t *out)
{
    json_t *v = json_object_get(obj, key);

    if (!v || json_is_null(v))
        return 1;
    if (!json_is_integer(v))
        return err_set("%s.%s: expected an integer, found %s", where, key, type_name(v));
    if (json_integer_value(v) < lo || json_integer_value(v) > hi)
        return err_set("%s.%s: %lld is out of range [%lld, %lld]", where, key,
                       (long long)json_integer_value(v), (long long)lo, (long long)hi);
    *out = json_integer_value(v);
    return 0;
}

int cfg_object(json_t *obj, const char *key, const char *where, json_t **out)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_object(v))
        return err_set("%s.%s: expected an object, found %s", where, key, type_name(v));
    *out = v;
    return 0;
}

int cfg_array(json_t *obj, const char *key, const char *where, json_t **out)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_array(v))
        return err_set("%s.%s: expected an array, found %s", where, key, type_name(v));
    *out = v;
    return 0;
}

int cfg_need(int result, const char *where, const char *key)
{
    if (result == 1)
        return err_set("%s.%s: missing", where, key);
    return result;
}

int cfg_string_array(json_t *arr, const char *where, char ***out)
{
    size_t n = json_array_size(arr), i;
    json_t *v;
    char **list = calloc(n + 1, sizeof(*list));

    if (!list)
        return err_sys("%s", where);
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v)) {
            cfg_free_strings(list);
            return err_set("%s[%zu]: expected a string, found %s", where, i, type_name(v));
        }
        list[i] = strdup(json_string_value(v));
        if (!list[i]) {
            cfg_free_strings(list);
            return err_sys("%s", where);
        }
    }
    *out = list;
    return 0;
}

void cfg_free_strings(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

/* Properties of the runtime-spec that minirunc knows and does not apply.
 * Refused: run without them, a container would get other limits or less
 * isolation than its config asks for. */
static const char *const unimplemented[] = {
    "linux.memoryPolicy",
    "linux.netDevices", "process.execCPUAffinity",
    "linux.resources.rdma", "linux.resources.unified",
        "linux.resources.memory.useHierarchy", "linux.resources.memory.checkBeforeUpdate",
    "linux.resources.cpu.burst", "linux.resources.cpu.realtimeRuntime",
    "linux.resources.cpu.realtimePeriod", "linux.resources.cpu.idle",
    "linux.seccomp.listenerPath",
    "linux.seccomp.listenerMetadata", NULL,
};

/* Deprecated by the spec, still sent by real configs: runc warns and
 * carries on; so do we. */
static const char *const deprecated[] = {
    "linux.resources.memory.kernel", "linux.resources.memory.kernelTCP",
    "linux.resources.blockIO.leafWeight", "linux.resources.blockIO.leafWeightDevice", NULL,
};

static bool listed(const char *const *list, const char *path)
{
    for (; *list; list++)
        if (!strcmp(*list, path))
            return true;
    return false;
}

int cfg_only_keys(json_t *obj, const char *where, const char *const *allowed)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v) {
        char path[256];
        if (listed(allowed, key))
            continue;
        snprintf(path, sizeof(path), "%s%s%s", strcmp(where, "config") ? where : "",
                 strcmp(where, "config") ? "." : "", key);
        if (listed(unimplemented, path))
            return err_set("%s: not supported by minirunc (refused rather than ignored)", path);
        if (listed(deprecated, path)) {
            fprintf(stderr, "minirunc: warning: %s is deprecated and ignored\n", path);
            continue;
        }
        /* The spec: a runtime MUST NOT error on an unknown property. */
        trace_note("minirunc", "%s: not a property minirunc knows: ignored", path);
    }
    return 0;
}
