#include "trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool enabled;

void trace_enable(bool on)
{
    enabled = on;
}

bool trace_enabled(void)
{
    return enabled;
}

static void vline(const char *tag, const char *prefix, const char *fmt, va_list ap)
{
    /* Build the whole line first and write it with one call, so lines from
     * a parent and its child never interleave mid-line. */
    char line[4096];
    int n = snprintf(line, sizeof(line), "[%s] %s", tag, prefix);

    if (n < 0 || (size_t)n >= sizeof(line))
        return;
    vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    strcat(line, "\n");
    fputs(line, stderr);
    fflush(stderr);
}

void trace(const char *tag, const char *fmt, ...)
{
    va_list ap;

    if (!enabled)
        return;
    va_start(ap, fmt);
    vline(tag, "", fmt, ap);
    va_end(ap);
}

void trace_note(const char *tag, const char *fmt, ...)
{
    va_list ap;

    if (!enabled)
        return;
    va_start(ap, fmt);
    vline(tag, "# ", fmt, ap);
    va_end(ap);
}

const char *shq(const char *word)
{
    static char ring[8][1024];
    static unsigned next;
    char *out = ring[next++ % 8];
    size_t o = 0;
    bool plain = word[0] != '\0';

    for (const char *p = word; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@%", *p))
            plain = false;
    if (plain && strlen(word) < sizeof(ring[0]))
        return word;

    out[o++] = '\'';
    for (const char *p = word; *p && o + 6 < sizeof(ring[0]); p++) {
        if (*p == '\'') {
            memcpy(out + o, "'\\''", 4);
            o += 4;
        } else {
            out[o++] = *p;
        }
    }
    out[o++] = '\'';
    out[o] = '\0';
    return out;
}
