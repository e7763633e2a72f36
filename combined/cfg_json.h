/* Typed access to config.json fields, with messages that name the field. */
#ifndef MINIRUNC_CFG_JSON_H
#define MINIRUNC_CFG_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Each returns 0 when present and right, 1 when absent (the default is
 * left in *out), -1 when present but wrong (message names WHERE.KEY). */
int cfg_string(json_t *obj, const char *key, const char *where, char **out);
int cfg_bool(json_t *obj, const char *key, const char *where, bool *out);
int cfg_int(json_t *obj, const char *key, const char *where, int64_t lo, int64_t hi, int64_t *out);
int cfg_object(json_t *obj, const char *key, const char *where, json_t **out);
int cfg_array(json_t *obj, const char *key, const char *where, json_t **out);

/* For a required field: turn "absent" (1) into an error naming it. */
int cfg_need(int result, const char *where, const char *key);

/* A NULL-terminated copy of an array of strings. */
int cfg_string_array(json_t *arr, const char *where, char ***out);
void cfg_free_strings(char **v);

/* Check the keys of OBJ that are not in ALLOWED (NULL-terminated, the
 * ones the caller parses): a spec property minirunc does not apply is
 * refused by name, a deprecated one warned about, an unknown one ignored
 * (the spec requires it; --debug names it). */
int cfg_only_keys(json_t *obj, const char *where, const char *const *allowed);

#endif
