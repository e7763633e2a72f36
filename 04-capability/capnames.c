#include "capnames.h"

#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

int cap_parse_name(const char *name)
{
    char lower[64];
    cap_value_t cap;
    size_t n = strlen(name), off = 0;

    if (n == 0 || n + 4 >= sizeof(lower))
        return err_set("capability \"%s\": not a capability name", name);
    /* libcap wants "cap_xxx": add the prefix when it is missing. */
    if (strncasecmp(name, "cap_", 4) != 0) {
        memcpy(lower, "cap_", 4);
        off = 4;
    }
    for (size_t i = 0; i <= n; i++)
        lower[off + i] = (char)tolower((unsigned char)name[i]);
    if (cap_from_name(lower, &cap) < 0 || !strncmp(lower + 4, "cap_", 4) ||
        isdigit((unsigned char)lower[4]))
        return err_set("unknown capability \"%s\" (see capabilities(7) for the names)", name);
    return (int)cap;
}

int cap_last_cap(void)
{
    static int last = -1;
    FILE *f;

    if (last >= 0)
        return last;
    f = fopen("/proc/sys/kernel/cap_last_cap", "re");
    if (!f || fscanf(f, "%d", &last) != 1 || last < 0 || last > 63)
        last = CAP_LAST_CAP;
    if (f)
        fclose(f);
    return last;
}

capmask_t cap_all(void)
{
    int last = cap_last_cap();
    return last >= 63 ? ~(capmask_t)0 : (CAPMASK(last + 1) - 1);
}

int cap_parse_list(const char *list, capmask_t *out)
{
    char *copy, *save = NULL;
    int ret = 0;

    *out = 0;
    if (!strcasecmp(list, "all")) {
        *out = cap_all();
        return 0;
    }
    copy = strdup(list);
    if (!copy)
        return err_sys("capability list");
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        int cap = cap_parse_name(name);
        if (cap < 0) {
            ret = -1;
            break;
        }
        *out |= CAPMASK(cap);
    }
    free(copy);
    return ret;
}

int cap_parse_hex(const char *hex, capmask_t *out)
{
    char *end;
    const char *digits = hex;

    if (!strncasecmp(digits, "0x", 2))
        digits += 2;
    if (!*digits || strlen(digits) > 16)
        return err_set("capability mask \"%s\": expected up to 16 hex digits", hex);
    errno = 0;
    *out = strtoull(digits, &end, 16);
    if (errno || *end)
        return err_set("capability mask \"%s\": not hexadecimal", hex);
    return 0;
}

char *cap_mask_names(capmask_t mask)
{
    size_t cap = 64 * 32, used = 0;
    char *out = malloc(cap);

    if (!out)
        return NULL;
    out[0] = '\0';
    for (int c = 0; c < 64; c++) {
        char *name;
        char fallback[16];

        if (!(mask & CAPMASK(c)))
            continue;
        /* libcap names the capabilities it knows; a newer kernel's are
         * shown by number rather than dropped. */
        name = cap_to_name(c);
        if (!name || isdigit((unsigned char)name[0]))
            snprintf(fallback, sizeof(fallback), "cap_%d", c);
        used += (size_t)snprintf(out + used, cap - used, "%s%s", used ? "," : "",
                                 (!name || isdigit((unsigned char)name[0])) ? fallback : name);
        cap_free(name);
    }
    return out;
}

capmask_t cap_default_set(void)
{
    return CAPMASK(CAP_CHOWN) | CAPMASK(CAP_DAC_OVERRIDE) | CAPMASK(CAP_FSETID) |
           CAPMASK(CAP_FOWNER) | CAPMASK(CAP_MKNOD) | CAPMASK(CAP_NET_RAW) |
           CAPMASK(CAP_SETGID) | CAPMASK(CAP_SETUID) | CAPMASK(CAP_SETFCAP) |
           CAPMASK(CAP_SETPCAP) | CAPMASK(CAP_NET_BIND_SERVICE) | CAPMASK(CAP_SYS_CHROOT) |
           CAPMASK(CAP_KILL) | CAPMASK(CAP_AUDIT_WRITE);
}
