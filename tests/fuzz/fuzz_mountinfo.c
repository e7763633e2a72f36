/* libFuzzer: the /proc/self/mountinfo parser (common/mountinfo.c). */
#include "error.h"
#include "mountinfo.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mountinfo mi;
    FILE *f = fmemopen((void *)data, size, "r");

    if (!f)
        return 0;
    if (mountinfo_parse(f, &mi) == 0)
        mountinfo_free(&mi);
    fclose(f);
    err_clear();
    return 0;
}
