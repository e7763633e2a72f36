/* Stage names in ps (proctitle.h). */
#include "proctitle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

static char *area;     /* the original argv[0]'s first byte */
static size_t room;    /* up to the end of the last argv string that follows it */
/* Where argv's strings live now, kept for the process's life (not static:
 * a store the compiler may not drop, so leak checkers see it reached). */
char **proctitle_argv;

void proctitle_init(int argc, char **argv)
{
    char *start, *end;

    if (argc < 1 || !argv[0] || !(proctitle_argv = calloc((size_t)argc + 1, sizeof(*proctitle_argv))))
        return;
    start = argv[0];
    end = start + strlen(start) + 1;
    /* Only the strings that lie one after the other, as the kernel put them. */
    for (int i = 1; i < argc && argv[i] == end; i++)
        end = argv[i] + strlen(argv[i]) + 1;
    /* Everything that reads argv from now on reads the copies: the original
     * memory becomes the title's. */
    for (int i = 0; i < argc; i++)
        if (!(proctitle_argv[i] = strdup(argv[i])))
            return;
    for (int i = 0; i < argc; i++)
        argv[i] = proctitle_argv[i];
    area = start;
    room = (size_t)(end - start);
}

void proctitle_set(const char *comm, const char *fmt, ...)
{
    va_list ap;
    int n;

    prctl(PR_SET_NAME, comm, 0, 0, 0);
    if (!area || room < 2)
        return;
    va_start(ap, fmt);
    n = vsnprintf(area, room, fmt, ap);
    va_end(ap);
    /* The rest NUL: /proc/PID/cmdline then ends with the title. */
    if (n >= 0 && (size_t)n + 1 < room)
        memset(area + n + 1, 0, room - (size_t)n - 1);
}
