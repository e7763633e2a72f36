/* A layer's names, checked before anything is written: every entry's path
 * and every symlink's target must stay inside the root (2.1.1 step 1,
 * against hostile images). */
#include "layer.h"

#include "error.h"
#include "inroot.h"

#include <string.h>

const char *layer_clean_name(const char *name, char *buf, unsigned long len)
{
    size_t n;

    if (name[0] == '/')
        return err_set("entry \"%s\": absolute path", name), NULL;
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    while (name[0] == '/')
        name++;
    if (path_has_dotdot(name))
        return err_set("entry \"%s\": \"..\" would leave the root", name), NULL;
    n = strlen(name);
    if (n >= len)
        return err_set("entry \"%.100s...\": name too long", name), NULL;
    memcpy(buf, name, n + 1);
    while (n > 0 && buf[n - 1] == '/')
        buf[--n] = '\0';
    if (!strcmp(buf, "."))
        buf[0] = '\0';
    return buf;
}

bool symlink_stays_inside(const char *link_path, const char *target)
{
    int depth = 0;
    const char *p;

    if (target[0] == '/')
        return true;
    /* Depth of the directory holding the link. */
    for (p = link_path; *p; p++)
        if (*p == '/')
            depth++;
    for (p = target; *p;) {
        const char *end = strchrnul(p, '/');
        size_t len = (size_t)(end - p);

        if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (--depth < 0)
                return false;
        } else if (len > 0 && !(len == 1 && p[0] == '.')) {
            depth++;
        }
        p = *end ? end + 1 : end;
    }
    return true;
}
