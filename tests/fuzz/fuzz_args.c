/* libFuzzer: the small parsers a command line and a config feed: cgroup
 * sizes and limits (2.3), capability names and masks (2.4), id maps (2.2).
 * The first byte picks the parser, the rest is its argument. */
#include "capnames.h"
#include "cglimits.h"
#include "error.h"
#include "idmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cg_limits l;
    struct cg_device_rule rule;
    struct cg_hugetlb_limit huge;
    struct cg_io_weight weight;
    struct cg_net_prio prio;
    struct idmaps maps = { 0 };
    capmask_t mask;
    int64_t a, b;
    char cpuset[256], *arg;

    if (size < 1)
        return 0;
    arg = malloc(size);
    if (!arg)
        return 0;
    memcpy(arg, data + 1, size - 1);
    arg[size - 1] = '\0';
    cg_limits_init(&l);
    switch (data[0] % 12) {
    case 0: cg_parse_size(arg, &a, "--memory"); break;
    case 1: cg_parse_cpus(arg, &a, &b); break;
    case 2: cg_parse_int(arg, -1, INT64_MAX, &a, "--pids"); break;
    case 3: cg_parse_cpuset(arg, cpuset, sizeof(cpuset), "--cpuset-cpus"); break;
    case 4: cg_parse_device_rule(arg, data[0] & 0x80, &rule); break;
    case 5: cg_parse_io_max(arg, &l, "--io-max"); break;
    case 6: cg_parse_hugetlb(arg, &huge, "--hugetlb"); break;
    case 7: cg_parse_io_weight_device(arg, &weight, "--io-weight-device"); break;
    case 8: cg_parse_net_prio(arg, &prio, "--net-prio"); break;
    case 9: cap_parse_name(arg); break;
    case 10: cap_parse_list(arg, &mask); cap_parse_hex(arg, &mask); break;
    case 11: idmap_add(&maps, arg, "--uid-map"); break;
    }
    free(arg);
    err_clear();
    return 0;
}
