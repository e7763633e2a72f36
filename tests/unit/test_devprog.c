/* The cgroup v2 device program (03-cgroups/devprog.c), run here by a small
 * interpreter of the instructions it uses, against the rules' own meaning
 * (cg_devices_allow) for every kind of request: the program must answer
 * as the rules say, for devices the rules name and for those they don't. */
#include "cmocka_all.h"

#include "devprog.h"

#include <stdio.h>

/* What the kernel does with a BPF_PROG_TYPE_CGROUP_DEVICE program, for
 * the instructions devprog.c emits; anything else fails the test. */
static int run(const struct bpf_insn *p, int count, unsigned type, unsigned access,
               unsigned major, unsigned minor)
{
    unsigned ctx[3] = { access << 16 | type, major, minor };
    unsigned long long r[11] = { 0 };
    int steps = 0;

    for (int pc = 0; pc < count; pc++) {
        const struct bpf_insn *x = &p[pc];
        unsigned long long *d = &r[x->dst_reg];

        if (++steps > 10000)
            fail_msg("program runs for ever");
        /* As the verifier checks: an ALU instruction has no offset (on
         * newer kernels a MOV with one is a sign-extending move). */
        if ((BPF_CLASS(x->code) == BPF_ALU || BPF_CLASS(x->code) == BPF_ALU64) && x->off)
            fail_msg("instruction %d: ALU with offset %d", pc, x->off);
        switch (x->code) {
        case BPF_LDX | BPF_MEM | BPF_W:
            assert_int_equal(x->src_reg, 1);
            assert_true(x->off >= 0 && x->off <= 8 && x->off % 4 == 0);
            *d = ctx[x->off / 4];
            break;
        case BPF_ALU | BPF_AND | BPF_K: *d = (unsigned)(*d & (unsigned)x->imm); break;
        case BPF_ALU | BPF_RSH | BPF_K: *d = (unsigned)*d >> x->imm; break;
        case BPF_ALU | BPF_MOV | BPF_X: *d = (unsigned)r[x->src_reg]; break;
        case BPF_ALU64 | BPF_MOV | BPF_K: *d = (unsigned long long)(long long)x->imm; break;
        case BPF_JMP | BPF_JNE | BPF_K:
            if (*d != (unsigned long long)(long long)x->imm)
                pc += x->off;
            break;
        case BPF_JMP | BPF_JNE | BPF_X:
            if (*d != r[x->src_reg])
                pc += x->off;
            break;
        case BPF_JMP | BPF_EXIT: return (int)r[0];
        default: fail_msg("instruction %d: code 0x%02x", pc, x->code);
        }
        assert_true(pc + 1 <= count);
    }
    fail_msg("fell off the end of the program");
    return -1;
}

/* Every instruction can be reached (the verifier refuses a program with
 * dead code): walk both sides of every jump. */
static void assert_all_reachable(const struct bpf_insn *p, int count)
{
    char seen[CG_DEVPROG_MAX_INSNS] = { 0 };
    int stack[CG_DEVPROG_MAX_INSNS], top = 0;

    stack[top++] = 0;
    while (top) {
        int pc = stack[--top];
        if (pc >= count || seen[pc])
            continue;
        seen[pc] = 1;
        if (p[pc].code == (BPF_JMP | BPF_EXIT))
            continue;
        if (BPF_CLASS(p[pc].code) == BPF_JMP)
            stack[top++] = pc + 1 + p[pc].off;
        stack[top++] = pc + 1;
    }
    for (int i = 0; i < count; i++)
        if (!seen[i])
            fail_msg("instruction %d cannot be reached", i);
}

static const unsigned accesses[] = {
    CG_DEV_READ, CG_DEV_WRITE, CG_DEV_MKNOD, CG_DEV_READ | CG_DEV_WRITE,
    CG_DEV_READ | CG_DEV_MKNOD, CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD,
};

static void assert_program_follows_rules(const struct cg_device_rule *rules, size_t n)
{
    struct bpf_insn p[CG_DEVPROG_MAX_INSNS];
    int count = cg_devprog_build(rules, n, p, CG_DEVPROG_MAX_INSNS);

    assert_true(count > 0);
    assert_all_reachable(p, count);
    for (int t = 0; t < 2; t++) {
        char type = t ? 'c' : 'b';
        for (long major = 0; major < 140; major++) {
            for (long minor = 0; minor < 12; minor++) {
                for (size_t a = 0; a < sizeof(accesses) / sizeof(accesses[0]); a++) {
                    bool want = cg_devices_allow(rules, n, type, major, minor, accesses[a]);
                    int got = run(p, count, t ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK,
                                  accesses[a], (unsigned)major, (unsigned)minor);
                    if (got != want)
                        fail_msg("%c %ld:%ld access %u: program says %d, rules %d", type, major,
                                 minor, accesses[a], got, want);
                }
            }
        }
    }
}

static struct cg_device_rule rule(const char *text, bool allow)
{
    struct cg_device_rule r;
    assert_int_equal(cg_parse_device_rule(text, allow, &r), 0);
    return r;
}

/* runc's default: deny everything, then the standard devices. */
static void test_default_rules(void **state)
{
    struct cg_device_rule r[] = {
        rule("a", false),         rule("c 1:3 rwm", true), rule("c 1:5 rwm", true),
        rule("c 1:7 rwm", true),  rule("c 1:8 rwm", true), rule("c 1:9 rwm", true),
        rule("c 5:0 rwm", true),  rule("c 5:1 rwm", true), rule("c 5:2 rwm", true),
        rule("c 136:* rwm", true), rule("c *:* m", true),  rule("b *:* m", true),
    };
    (void)state;
    assert_program_follows_rules(r, sizeof(r) / sizeof(r[0]));
    /* The decisions the chapter's exercise names. */
    assert_true(cg_devices_allow(r, 12, 'c', 1, 3, CG_DEV_READ | CG_DEV_WRITE));
    assert_false(cg_devices_allow(r, 12, 'c', 1, 1, CG_DEV_READ));
    assert_true(cg_devices_allow(r, 12, 'c', 1, 1, CG_DEV_MKNOD));
    assert_true(cg_devices_allow(r, 12, 'c', 136, 4, CG_DEV_WRITE));
    assert_false(cg_devices_allow(r, 12, 'b', 8, 0, CG_DEV_READ));
}

/* Order matters: a later rule overrides an earlier one, partly or whole. */
static void test_order_and_partial_access(void **state)
{
    struct cg_device_rule allow_all_but[] = {
        rule("a", true), rule("c 1:* rw", false), rule("c 1:3 r", true),
    };
    struct cg_device_rule none[] = { rule("c 1:3 rwm", false) };
    struct cg_device_rule wide[] = { rule("b 8:* r", true), rule("c *:3 w", true) };
    (void)state;
    assert_program_follows_rules(allow_all_but, 3);
    assert_program_follows_rules(none, 1);
    assert_program_follows_rules(wide, 2);
    assert_program_follows_rules(NULL, 0);
    /* "c 1:3 r" grants a read, not a read-write open: that falls to the
     * rule before it, which denies. */
    assert_true(cg_devices_allow(allow_all_but, 3, 'c', 1, 3, CG_DEV_READ));
    assert_false(cg_devices_allow(allow_all_but, 3, 'c', 1, 3, CG_DEV_READ | CG_DEV_WRITE));
    assert_false(cg_devices_allow(NULL, 0, 'c', 1, 3, CG_DEV_READ));
}

/* A catch-all rule ends the program: what comes before it is unreachable. */
static void test_catch_all_cuts_the_program(void **state)
{
    struct cg_device_rule r[] = { rule("c 1:3 rwm", true), rule("a", false) };
    struct bpf_insn p[CG_DEVPROG_MAX_INSNS];
    int count = cg_devprog_build(r, 2, p, CG_DEVPROG_MAX_INSNS);
    (void)state;
    /* 6 loads, then r0 = 0; exit: nothing for the shadowed rule. */
    assert_int_equal(count, 8);
    assert_program_follows_rules(r, 2);
}

static void test_bad_rules(void **state)
{
    struct cg_device_rule r = { true, 'x', 1, 3, "rwm" };
    struct bpf_insn p[CG_DEVPROG_MAX_INSNS];
    (void)state;
    assert_int_equal(cg_devprog_build(&r, 1, p, CG_DEVPROG_MAX_INSNS), -1);
    assert_error_mentions("type 'x'");
    assert_int_equal(cg_devprog_build(&r, 1, p, 4), -1);
    assert_error_mentions("instructions");
}

/* The listing a learner reads: rules by number, then instructions. */
static void test_listing(void **state)
{
    struct cg_device_rule r[] = { rule("a", false), rule("c 1:3 rwm", true) };
    struct bpf_insn p[CG_DEVPROG_MAX_INSNS];
    char buf[8192] = "";
    int count = cg_devprog_build(r, 2, p, CG_DEVPROG_MAX_INSNS);
    FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
    (void)state;
    cg_devprog_print(f, r, 2, p, (size_t)count);
    fclose(f);
    assert_non_null(strstr(buf, "; rule 1: allow c 1:3 rwm"));
    assert_non_null(strstr(buf, "if r5 != 3 goto +2"));
    assert_non_null(strstr(buf, "; rule 0: deny a *:* rwm"));
    assert_null(strstr(buf, "no rule matched"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_rules),
        cmocka_unit_test(test_order_and_partial_access),
        cmocka_unit_test(test_catch_all_cuts_the_program),
        cmocka_unit_test(test_bad_rules),
        cmocka_unit_test(test_listing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
