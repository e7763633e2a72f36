#include "usage.h"

#include <stdio.h>

int usage_error(const char *prog, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", prog);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
    fprintf(stderr, "\nTry '%s --help'.\n", prog);
    return 2;
}
