/* config.json "hooks": the six kinds, in the spec's order. */
#include "cfg_json.h"
#include "config.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[HOOK_KINDS] = {
    "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

const char *hook_kind_name(enum hook_kind k)
{
    return kind_names[k];
}

int cfg_parse_hooks(json_t *hooks, struct oci_config *cfg)
{
    static const char *const hook_keys[] = { "path", "args", "env", "timeout", NULL };
    const char *key;
    json_t *list;

    json_object_foreach(hooks, key, list) {
        int kind = -1;
        json_t *h;
        size_t i;

        for (int k = 0; k < HOOK_KINDS; k++)
            if (!strcmp(key, kind_names[k]))
                kind = k;
        if (kind < 0)
            return err_set("hooks.%s: unknown kind of hook", key);
        if (!json_is_array(list))
            return err_set("hooks.%s: expected an array", key);
        json_array_foreach(list, i, h) {
            char where[48];
            struct cfg_hook *hook;
            json_t *arr;
            int64_t timeout = 0;

            snprintf(where, sizeof(where), "hooks.%s[%zu]", key, i);
            if (!json_is_object(h) || cfg_only_keys(h, where, hook_keys) < 0)
                return err_get()[0] ? -1 : err_set("%s: expected an object", where);
            if (cfg->hooks_count[kind] == CFG_MAX_HOOKS)
                return err_set("hooks.%s: more than %d", key, CFG_MAX_HOOKS);
            hook = &cfg->hooks[kind][cfg->hooks_count[kind]++];
            if (cfg_need(cfg_string(h, "path", where, &hook->path), where, "path") < 0)
                return -1;
            if (hook->path[0] != '/')
                return err_set("%s.path: \"%s\" must be absolute", where, hook->path);
            if (cfg_array(h, "args", where, &arr) < 0 ||
                (arr && cfg_string_array(arr, where, &hook->args) < 0) ||
                cfg_array(h, "env", where, &arr) < 0 ||
                (arr && cfg_string_array(arr, where, &hook->env) < 0) ||
                cfg_int(h, "timeout", where, 1, 3600, &timeout) < 0)
                return -1;
            hook->timeout = (int)timeout;
        }
    }
    return 0;
}
