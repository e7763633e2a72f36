#include "idmap.h"

#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_ROOT_RANGE_START 100000u
#define MAP_ROOT_RANGE_COUNT 65536u

static int parse_u32(const char **p, unsigned *out, char end)
{
    char *stop;
    unsigned long v;

    if (**p < '0' || **p > '9')
        return -1;
    errno = 0;
    v = strtoul(*p, &stop, 10);
    if (errno || v > 0xffffffffUL || *stop != end)
        return -1;
    *out = (unsigned)v;
    *p = stop + (end ? 1 : 0);
    return 0;
}

static bool overlaps(unsigned a, unsigned an, unsigned b, unsigned bn)
{
    return (unsigned long long)a < (unsigned long long)b + bn &&
           (unsigned long long)b < (unsigned long long)a + an;
}

int idmap_add(struct idmaps *maps, const char *arg, const char *which)
{
    struct idmap m;
    const char *p = arg;

    if (parse_u32(&p, &m.inside, ':') < 0 || parse_u32(&p, &m.outside, ':') < 0 ||
        parse_u32(&p, &m.count, '\0') < 0)
        return err_set("%s %s: expected INSIDE:OUTSIDE:COUNT, e.g. 0:100000:65536", which, arg);
    if (m.count == 0)
        return err_set("%s %s: the count must be at least 1", which, arg);
    if ((unsigned long long)m.inside + m.count > 0x100000000ULL ||
        (unsigned long long)m.outside + m.count > 0x100000000ULL)
        return err_set("%s %s: the range passes 2^32", which, arg);
    for (size_t i = 0; i < maps->count; i++) {
        if (overlaps(m.inside, m.count, maps->m[i].inside, maps->m[i].count))
            return err_set("%s %s: inside range overlaps an earlier map", which, arg);
        if (overlaps(m.outside, m.count, maps->m[i].outside, maps->m[i].count))
            return err_set("%s %s: outside range overlaps an earlier map", which, arg);
    }
    if (maps->count == IDMAP_MAX)
        return err_set("%s: at most %d maps", which, IDMAP_MAX);
    maps->m[maps->count++] = m;
    return 0;
}

void idmap_map_root(struct idmaps *uids, struct idmaps *gids, uid_t uid, gid_t gid)
{
    uids->count = gids->count = 1;
    if (uid == 0) {
        uids->m[0] = (struct idmap){ 0, MAP_ROOT_RANGE_START, MAP_ROOT_RANGE_COUNT };
        gids->m[0] = (struct idmap){ 0, MAP_ROOT_RANGE_START, MAP_ROOT_RANGE_COUNT };
    } else {
        uids->m[0] = (struct idmap){ 0, (unsigned)uid, 1 };
        gids->m[0] = (struct idmap){ 0, (unsigned)gid, 1 };
    }
}

void idmap_format(const struct idmaps *maps, char *buf, size_t len)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < maps->count && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%u %u %u\n", maps->m[i].inside,
                                 maps->m[i].outside, maps->m[i].count);
}

bool idmap_has_inside(const struct idmaps *maps, unsigned id)
{
    for (size_t i = 0; i < maps->count; i++)
        if (id >= maps->m[i].inside && (unsigned long long)id < (unsigned long long)maps->m[i].inside + maps->m[i].count)
            return true;
    return false;
}
