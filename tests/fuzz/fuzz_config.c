/* libFuzzer: config.json's parser (every section of combined/cfg_*.c) on
 * any bytes.  It must refuse or accept, never crash, leak or read past. */
#include "config.h"
#include "error.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct oci_config cfg;

    if (config_parse((const char *)data, size, &cfg) == 0)
        config_free(&cfg);
    err_clear();
    return 0;
}
