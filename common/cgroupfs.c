#include "cgroupfs.h"

#include <stdio.h>
#include <string.h>

/* Super-block options of a cgroup v1 mount that do not name the hierarchy:
 * passing them again would change (or fail to match) the host's. */
static int names_hierarchy(const char *word)
{
    static const char *const not_naming[] = { "rw", "ro", "xattr", "noprefix", "clone_children",
                                              "cpuset_v2_mode", "favordynmods" };

    if (!strncmp(word, "release_agent=", 14))
        return 0;
    for (size_t i = 0; i < sizeof(not_naming) / sizeof(not_naming[0]); i++)
        if (!strcmp(word, not_naming[i]))
            return 0;
    return 1;
}

void cgroup_v1_hierarchy_words(const char *super_opts, char *out, size_t len)
{
    const char *p = super_opts;
    size_t used = 0;

    out[0] = '\0';
    while (*p) {
        const char *end = strchrnul(p, ',');
        char word[128];
        size_t wlen = (size_t)(end - p);

        if (wlen < sizeof(word)) {
            memcpy(word, p, wlen);
            word[wlen] = '\0';
            if (names_hierarchy(word) && used + wlen + 2 < len)
                used += (size_t)snprintf(out + used, len - used, "%s%s", used ? "," : "", word);
        }
        p = *end ? end + 1 : end;
    }
}
