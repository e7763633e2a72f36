/* What every cmocka test file includes, in the order cmocka needs. */
#ifndef MINIRUNC_CMOCKA_ALL_H
#define MINIRUNC_CMOCKA_ALL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "error.h"

/* The recorded error message contains TEXT. */
#define assert_error_mentions(text)                                                     \
    do {                                                                                \
        if (!strstr(err_get(), (text)))                                                 \
            fail_msg("error \"%s\" does not mention \"%s\"", err_get(), (text));        \
    } while (0)
#endif
