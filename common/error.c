#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* 4 KiB holds a few paths and an errno text; longer messages are cut, which
 * is better than allocating while reporting a failure. */
static __thread char message[4096];

static void vrecord(const char *fmt, va_list ap)
{
    vsnprintf(message, sizeof(message), fmt, ap);
}

int err_set(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vrecord(fmt, ap);
    va_end(ap);
    return -1;
}

int err_sys(const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    size_t len;

    va_start(ap, fmt);
    vrecord(fmt, ap);
    va_end(ap);
    len = strlen(message);
    snprintf(message + len, sizeof(message) - len, ": %s", strerror(saved));
    errno = saved;
    return -1;
}

void err_context(const char *fmt, ...)
{
    char context[1024];
    char old[sizeof(message)];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(context, sizeof(context), fmt, ap);
    va_end(ap);
    memcpy(old, message, sizeof(old));
    snprintf(message, sizeof(message), "%s: %s", context, old);
}

void err_hint(const char *fmt, ...)
{
    size_t len = strlen(message);
    va_list ap;

    if (len + 4 >= sizeof(message))
        return;
    memcpy(message + len, " (", 3);
    va_start(ap, fmt);
    vsnprintf(message + len + 2, sizeof(message) - len - 3, fmt, ap);
    va_end(ap);
    strncat(message, ")", sizeof(message) - strlen(message) - 1);
}

const char *err_get(void)
{
    return message;
}

void err_print(const char *prog)
{
    fprintf(stderr, "%s: %s\n", prog, message[0] ? message : "unknown error");
    message[0] = '\0';
}

void err_clear(void)
{
    message[0] = '\0';
}
