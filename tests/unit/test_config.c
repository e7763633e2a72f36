/* combined: each config.json section's parser — valid, invalid, missing,
 * wrong type — and messages that name the field. */
#include "cmocka_all.h"
#include "config.h"

#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#define BASE_PROCESS "\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"}"

static int parse(const char *body, struct oci_config *cfg)
{
    char text[8192];
    snprintf(text, sizeof(text), "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, %s}", body);
    return config_parse(text, strlen(text), cfg);
}

#define EXPECT_ERROR(body, text)                                 \
    do {                                                         \
        struct oci_config cfg_;                                  \
        assert_int_equal(parse(body, &cfg_), -1);                \
        assert_error_mentions(text);                             \
        config_free(&cfg_);                                      \
    } while (0)

static void test_minimal_and_top_level(void **state)
{
    struct oci_config cfg;
    (void)state;
    assert_int_equal(parse(BASE_PROCESS, &cfg), 0);
    assert_string_equal(cfg.root_path, "rootfs");
    assert_string_equal(cfg.process.args[0], "sh");
    assert_int_equal(cfg.mounts_count, 0);
    config_free(&cfg);

    assert_int_equal(config_parse("{", 1, &cfg), -1);
    assert_error_mentions("invalid JSON");
    config_free(&cfg);
    assert_int_equal(config_parse("{\"ociVersion\": \"2.0.0\"}", strlen("{\"ociVersion\": \"2.0.0\"}"), &cfg), -1);
    assert_error_mentions("not a runtime-spec 1.x version");
    config_free(&cfg);
    /* The spec: unknown properties MUST be ignored, at any depth. */
    assert_int_equal(parse(BASE_PROCESS ", \"windows\": {}, \"x-vendor\": 1, \"linux\": {\"x-new\": "
                           "{\"a\": 1}, \"resources\": {\"memory\": {\"limit\": 1048576, \"x\": 2}}}", &cfg), 0);
    assert_int_equal(cfg.resources.memory, 1048576);
    config_free(&cfg);
    /* Deprecated ones are ignored too (with a warning), as runc does. */
    assert_int_equal(parse(BASE_PROCESS ", \"linux\": {\"resources\": {\"memory\": {\"kernel\": 1048576, "
                           "\"kernelTCP\": 1048576}, \"blockIO\": {\"leafWeight\": 10}}}", &cfg), 0);
    config_free(&cfg);
    /* Known ones minirunc does not apply are refused, by name. */
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"intelRdt\": {}}", "linux.intelRdt: ");
    assert_int_equal(parse(BASE_PROCESS ", \"linux\": {\"resources\": {\"memory\": {\"swappiness\": 30, "
                           "\"disableOOMKiller\": true}}}", &cfg), 0);
    assert_int_equal(cfg.resources.swappiness, 30);
    assert_true(cfg.resources.disable_oom_killer);
    config_free(&cfg);
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"memory\": {\"swappiness\": 101}}}",
                 "linux.resources.memory.swappiness: 101 is out of range");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"cpu\": {\"realtimeRuntime\": 1}}}",
                 "linux.resources.cpu.realtimeRuntime: not supported");
    EXPECT_ERROR("\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"scheduler\": {}}",
                 "process.scheduler.policy: missing");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"timeOffsets\": {}}", "linux.timeOffsets: offsets need a new time namespace");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"namespaces\": [{\"type\": \"time\"}], \"timeOffsets\": "
                 "{\"boottime\": {\"nanosecs\": 1000000000}}}", "linux.timeOffsets.boottime.nanosecs");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"intelRdt\": {}}", "linux.intelRdt: ");
    EXPECT_ERROR(BASE_PROCESS ", \"hostname\": 5", "config.hostname: expected a string, found an integer");
    EXPECT_ERROR(BASE_PROCESS ", \"hostname\": \"h\"", "needs a uts namespace");
}

static void test_process(void **state)
{
    struct oci_config cfg;
    (void)state;
    assert_int_equal(parse("\"process\": {\"terminal\": true, \"user\": {\"uid\": 1000, \"gid\": 100, "
                           "\"umask\": 18, \"additionalGids\": [5, 6]}, \"args\": [\"sh\", \"-c\", \"x\"], "
                           "\"env\": [\"A=1\"], \"cwd\": \"/tmp\", \"noNewPrivileges\": true, "
                           "\"oomScoreAdj\": 100, \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", "
                           "\"soft\": 10, \"hard\": 20}], \"capabilities\": {\"bounding\": "
                           "[\"CAP_CHOWN\", \"CAP_KILL\"], \"effective\": [\"CAP_KILL\"]}}", &cfg), 0);
    assert_true(cfg.process.terminal);
    assert_int_equal(cfg.process.uid, 1000);
    assert_int_equal(cfg.process.umask, 18);
    assert_int_equal(cfg.process.additional_gids_count, 2);
    assert_string_equal(cfg.process.args[2], "x");
    assert_string_equal(env_get(&cfg.process.env, "A"), "1");
    assert_int_equal(cfg.process.rlimits[0].limit.rlim_max, 20);
    assert_int_equal(cfg.process.bounding, CAPMASK(0) | CAPMASK(5));
    assert_int_equal(cfg.process.effective, CAPMASK(5));
    assert_int_equal(cfg.process.oom_score_adj, 100);
    config_free(&cfg);

    EXPECT_ERROR("\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"}", "process.user: missing");
    EXPECT_ERROR("\"process\": {\"user\": {\"uid\": \"0\", \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"}",
                 "process.user.uid: expected an integer, found a string");
    EXPECT_ERROR("\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [], \"cwd\": \"/\"}",
                 "process.args: missing or empty");
    EXPECT_ERROR("\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"tmp\"}",
                 "process.cwd: \"tmp\" must be an absolute path");
    EXPECT_ERROR("\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"]}", "process.cwd: missing");
    EXPECT_ERROR("\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
                 "\"capabilities\": {\"bounding\": [\"CAP_FLY\"]}}",
                 "process.capabilities.bounding[0]: unknown capability");
    EXPECT_ERROR("\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
                 "\"rlimits\": [{\"type\": \"RLIMIT_FLY\", \"soft\": 1, \"hard\": 1}]}",
                 "process.rlimits[0].type: unknown limit");
    /* LSM labels are kept (lsm.c decides against the host at create). */
    assert_int_equal(parse("\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], "
                           "\"cwd\": \"/\", \"selinuxLabel\": \"system_u:system_r:container_t:s0\", "
                           "\"apparmorProfile\": \"docker-default\"}", &cfg), 0);
    assert_string_equal(cfg.process.selinux_label, "system_u:system_r:container_t:s0");
    assert_string_equal(cfg.process.apparmor_profile, "docker-default");
    config_free(&cfg);
    EXPECT_ERROR("\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
                 "\"selinuxLabel\": \"x\\ny\"}", "process.selinuxLabel: too long, or a newline");
    EXPECT_ERROR("\"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", "
                 "\"env\": [\"NOEQUALS\"]}", "process.env[0]");
}

static void test_mounts(void **state)
{
    struct oci_config cfg;
    (void)state;
    assert_int_equal(parse(BASE_PROCESS ", \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\", "
                           "\"source\": \"proc\"}, {\"destination\": \"/data\", \"source\": \"/srv\", "
                           "\"options\": [\"rbind\", \"ro\"]}, {\"destination\": \"/sys/fs/cgroup\", "
                           "\"type\": \"cgroup\", \"source\": \"cgroup\", \"options\": [\"ro\"]}]", &cfg), 0);
    assert_int_equal(cfg.mounts_count, 3);
    assert_string_equal(cfg.mounts[0].fstype, "proc");
    assert_null(cfg.mounts[1].fstype);
    assert_string_equal(cfg.mounts[1].options, "rbind,ro");
    assert_int_equal(cfg.mounts[2].kind, MOUNT_CGROUP_TREE);
    config_free(&cfg);
    EXPECT_ERROR(BASE_PROCESS ", \"mounts\": [{\"destination\": \"proc\", \"type\": \"proc\"}]",
                 "mounts[0].destination: \"proc\" must be an absolute path");
    EXPECT_ERROR(BASE_PROCESS ", \"mounts\": [{\"type\": \"proc\"}]", "mounts[0].destination: missing");
    EXPECT_ERROR(BASE_PROCESS ", \"mounts\": [{\"destination\": \"/x\", \"options\": [\"a,b\"]}]",
                 "mounts[0].options[0]");
    EXPECT_ERROR(BASE_PROCESS ", \"mounts\": [{\"destination\": \"/x\", \"options\": [\"bind\"]}]",
                 "mounts[0].source: a bind mount needs a source");
}

static void test_linux(void **state)
{
    struct oci_config cfg;
    (void)state;
    assert_int_equal(parse(BASE_PROCESS ", \"hostname\": \"h\", \"linux\": {\"namespaces\": [{\"type\": \"uts\"}, "
                           "{\"type\": \"pid\"}, {\"type\": \"network\", \"path\": \"/proc/1/ns/net\"}, "
                           "{\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 100000, "
                           "\"size\": 65536}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 100000, "
                           "\"size\": 65536}], \"maskedPaths\": [\"/proc/kcore\"], \"readonlyPaths\": "
                           "[\"/proc/sys\"], \"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}, "
                           "\"cgroupsPath\": \"/minirunc/x\"}", &cfg), 0);
    assert_int_equal(cfg.namespaces_count, 4);
    assert_non_null(config_namespace(&cfg, CLONE_NEWPID));
    assert_string_equal(config_namespace(&cfg, CLONE_NEWNET)->path, "/proc/1/ns/net");
    assert_int_equal(cfg.uid_mappings.m[0].outside, 100000);
    assert_string_equal(cfg.masked[0], "/proc/kcore");
    assert_string_equal(cfg.sysctl_keys[0], "net.ipv4.ip_forward");
    assert_string_equal(cfg.cgroups_path, "/minirunc/x");
    config_free(&cfg);
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"namespaces\": [{\"type\": \"wormhole\"}]}",
                 "linux.namespaces[0].type: unknown namespace \"wormhole\"");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"pid\"}]}",
                 "given twice");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"namespaces\": [{\"type\": \"user\"}]}",
                 "needs uidMappings and gidMappings");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"intelRdt\": {}}", "linux.intelRdt: ");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"sysctl\": {\"../../etc\": \"1\"}}", "linux.sysctl: bad key");
    /* A sysctl must be isolated by a namespace the container owns. */
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}}",
                 "linux.sysctl.net.ipv4.ip_forward: needs a network namespace");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"namespaces\": [{\"type\": \"network\"}], "
                 "\"sysctl\": {\"vm.swappiness\": \"1\"}}", "not isolated by any namespace");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"maskedPaths\": [\"proc/kcore\"]}",
                 "linux.maskedPaths[0]: expected an absolute path");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1}]}",
                 "linux.uidMappings[0].size: missing");
}

static void test_resources(void **state)
{
    struct oci_config cfg;
    (void)state;
    assert_int_equal(parse(BASE_PROCESS ", \"linux\": {\"resources\": {\"memory\": {\"limit\": 33554432, "
                           "\"swap\": -1}, \"cpu\": {\"shares\": 512, \"quota\": 50000, \"period\": 100000, "
                           "\"cpus\": \"0\"}, \"pids\": {\"limit\": 20}, \"blockIO\": {\"weight\": 500}, "
                           "\"devices\": [{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, "
                           "\"type\": \"c\", \"major\": 1, \"minor\": 3, \"access\": \"rw\"}]}}", &cfg), 0);
    assert_true(cfg.has_resources);
    assert_int_equal(cfg.resources.memory, 33554432);
    assert_int_equal(cfg.resources.memory_swap, CG_UNLIMITED);
    assert_int_equal(cfg.resources.cpu_shares, 512);
    assert_int_equal(cfg.resources.cpu_quota, 50000);
    assert_string_equal(cfg.resources.cpuset_cpus, "0");
    assert_int_equal(cfg.resources.pids, 20);
    assert_int_equal(cfg.resources.io_weight, 500);
    assert_int_equal(cfg.resources.devices_count, 2);
    assert_int_equal(cfg.resources.devices[0].type, 'a');
    assert_int_equal(cfg.resources.devices[1].minor, 3);
    config_free(&cfg);
    assert_int_equal(parse(BASE_PROCESS ", \"linux\": {\"resources\": {\"memory\": {\"reservation\": 1048576}, "
                           "\"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 4194304}], \"blockIO\": "
                           "{\"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 1048576}], "
                           "\"throttleWriteIOPSDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 0}]}}}", &cfg), 0);
    assert_int_equal(cfg.resources.memory_reservation, 1048576);
    assert_int_equal(cfg.resources.hugetlb_count, 1);
    assert_string_equal(cfg.resources.hugetlb[0].pagesize, "2MB");
    assert_int_equal(cfg.resources.hugetlb[0].limit, 4194304);
    assert_int_equal(cfg.resources.io_limits_count, 2);
    assert_int_equal(cfg.resources.io_limits[0].kind, CG_IO_RBPS);
    assert_int_equal(cfg.resources.io_limits[0].rate, 1048576);
    assert_int_equal(cfg.resources.io_limits[1].kind, CG_IO_WIOPS);
    assert_int_equal(cfg.resources.io_limits[1].rate, CG_UNLIMITED); /* OCI: 0 is no limit */
    config_free(&cfg);
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"hugepageLimits\": [{\"pageSize\": \"2M\", "
                 "\"limit\": 1}]}}", "linux.resources.hugepageLimits[0]");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"blockIO\": {\"throttleReadBpsDevice\": "
                 "[{\"major\": 8, \"rate\": 1}]}}}", "linux.resources.blockIO.throttleReadBpsDevice[0].minor: missing");
    assert_int_equal(parse(BASE_PROCESS ", \"linux\": {\"resources\": {\"network\": {\"classID\": 1048577, "
                           "\"priorities\": [{\"name\": \"eth0\", \"priority\": 500}]}}}", &cfg), 0);
    assert_int_equal(cfg.resources.net_classid, 1048577);
    config_free(&cfg);
    assert_int_equal(parse(BASE_PROCESS ", \"linux\": {\"resources\": {\"blockIO\": {\"weightDevice\": "
                           "[{\"major\": 8, \"minor\": 0, \"weight\": 300}, {\"major\": 8, \"minor\": 16, "
                           "\"leafWeight\": 10}]}}}", &cfg), 0);
    assert_int_equal(cfg.resources.io_weights_count, 1); /* leafWeight alone: ignored, as runc */
    assert_int_equal(cfg.resources.io_weights[0].weight, 300);
    config_free(&cfg);
    assert_int_equal(parse(BASE_PROCESS ", \"linux\": {\"resources\": {\"network\": {\"classID\": 1048577, "
                           "\"priorities\": [{\"name\": \"eth0\", \"priority\": 500}]}}}", &cfg), 0);
    assert_string_equal(cfg.resources.net_prio[0].ifname, "eth0");
    assert_int_equal(cfg.resources.net_prio[0].prio, 500);
    config_free(&cfg);
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"network\": {\"priorities\": [{\"name\": \"eth0\"}]}}}",
                 "linux.resources.network.priorities[0].priority: missing");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"rdma\": {}}}",
                 "linux.resources.rdma: not supported");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"memory\": {\"limit\": \"32M\"}}}",
                 "linux.resources.memory.limit: expected an integer, found a string");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"x\"}]}}",
                 "linux.resources.devices[0]: type must be a, b or c");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"resources\": {\"blockIO\": {\"weight\": 5}}}",
                 "linux.resources.blockIO.weight: 5 is out of range");
}

static void test_seccomp(void **state)
{
    struct oci_config cfg;
    (void)state;
    assert_int_equal(parse(BASE_PROCESS ", \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", "
                           "\"architectures\": [\"SCMP_ARCH_X86_64\"], \"syscalls\": [{\"names\": [\"mkdir\", "
                           "\"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}, {\"names\": "
                           "[\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
                           "\"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]}]}}", &cfg), 0);
    assert_true(cfg.seccomp.present);
    assert_int_equal(cfg.seccomp.default_action, SCMP_ACT_ALLOW);
    assert_int_equal(cfg.seccomp.rules_count, 3);
    assert_string_equal(cfg.seccomp.rules[1].name, "mkdirat");
    assert_int_equal(cfg.seccomp.rules[0].action, SCMP_ACT_ERRNO(1));
    assert_int_equal(cfg.seccomp.rules[2].args[0].op, SCMP_CMP_EQ);
    assert_int_equal(cfg.seccomp.rules[2].args[0].value, 8);
    config_free(&cfg);
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_NOTIFY\"}}",
                 "linux.seccomp.defaultAction: \"SCMP_ACT_NOTIFY\" is not supported");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"seccomp\": {}}", "linux.seccomp.defaultAction: missing");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", "
                 "\"architectures\": [\"SCMP_ARCH_PDP11\"]}}", "linux.seccomp.architectures[0]");
    EXPECT_ERROR(BASE_PROCESS ", \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", "
                 "\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": "
                 "[{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_ABOUT\"}]}]}}", "unknown operator");
}

static void test_hooks_and_annotations(void **state)
{
    struct oci_config cfg;
    (void)state;
    assert_int_equal(parse(BASE_PROCESS ", \"hooks\": {\"prestart\": [{\"path\": \"/bin/true\"}], "
                           "\"poststop\": [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"x\"], "
                           "\"timeout\": 5}]}, \"annotations\": {\"a\": \"b\"}", &cfg), 0);
    assert_int_equal(cfg.hooks_count[HOOK_PRESTART], 1);
    assert_int_equal(cfg.hooks[HOOK_POSTSTOP][0].timeout, 5);
    assert_string_equal(cfg.hooks[HOOK_POSTSTOP][0].args[2], "x");
    assert_string_equal(json_string_value(json_object_get(cfg.annotations, "a")), "b");
    config_free(&cfg);
    EXPECT_ERROR(BASE_PROCESS ", \"hooks\": {\"preboot\": []}", "hooks.preboot: unknown kind of hook");
    EXPECT_ERROR(BASE_PROCESS ", \"hooks\": {\"prestart\": [{\"path\": \"true\"}]}",
                 "hooks.prestart[0].path: \"true\" must be absolute");
    EXPECT_ERROR(BASE_PROCESS ", \"hooks\": {\"prestart\": [{\"args\": []}]}", "hooks.prestart[0].path: missing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_and_top_level),
        cmocka_unit_test(test_process),
        cmocka_unit_test(test_mounts),
        cmocka_unit_test(test_linux),
        cmocka_unit_test(test_resources),
        cmocka_unit_test(test_seccomp),
        cmocka_unit_test(test_hooks_and_annotations),
    };
    return cmocka_run_group_tests_name("combined config.json sections", tests, NULL, NULL);
}
