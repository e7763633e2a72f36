#include "devprog.h"

#include "error.h"

#include <string.h>

/* The registers the program keeps its request in (r1 holds the context
 * on entry, and serves as scratch once everything is loaded). */
enum { R0 = 0, R1, R2, R3, R4, R5 };
#define REG_TYPE R2
#define REG_ACCESS R3
#define REG_MAJOR R4
#define REG_MINOR R5

static struct bpf_insn insn(__u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
    struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
    return i;
}

static unsigned access_mask(const char *access)
{
    unsigned m = 0;

    for (const char *c = access; *c; c++)
        m |= *c == 'r' ? CG_DEV_READ : *c == 'w' ? CG_DEV_WRITE : *c == 'm' ? CG_DEV_MKNOD : 0;
    return m;
}

#define ALL_ACCESS (CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD)

static bool matches_all(const struct cg_device_rule *r)
{
    return r->type == 'a' && r->major < 0 && r->minor < 0 && access_mask(r->access) == ALL_ACCESS;
}

/* The instructions of one rule's block, with every "no match" jump
 * pointing just past the block. */
static size_t rule_block(const struct cg_device_rule *r, struct bpf_insn *out)
{
    struct bpf_insn b[8];
    size_t n = 0;
    unsigned acc = access_mask(r->access);

    if (r->type != 'a')
        b[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, REG_TYPE, 0, 0,
                      r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
    if (acc != ALL_ACCESS) {
        /* r1 = access & rule's; r1 != access: something asked is not granted */
        b[n++] = insn(BPF_ALU | BPF_MOV | BPF_X, R1, REG_ACCESS, 0, 0);
        b[n++] = insn(BPF_ALU | BPF_AND | BPF_K, R1, 0, 0, (__s32)acc);
        b[n++] = insn(BPF_JMP | BPF_JNE | BPF_X, R1, REG_ACCESS, 0, 0);
    }
    if (r->major >= 0)
        b[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, REG_MAJOR, 0, 0, (__s32)r->major);
    if (r->minor >= 0)
        b[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, REG_MINOR, 0, 0, (__s32)r->minor);
    b[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, r->allow ? 1 : 0);
    b[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    /* A jump's offset counts from the instruction after it. */
    for (size_t i = 0; i + 2 < n; i++)
        if (BPF_CLASS(b[i].code) == BPF_JMP && BPF_OP(b[i].code) == BPF_JNE)
            b[i].off = (__s16)(n - i - 1);
    memcpy(out, b, n * sizeof(b[0]));
    return n;
}

int cg_devprog_build(const struct cg_device_rule *rules, size_t n, struct bpf_insn *out,
                     size_t max)
{
    size_t len = 0;

    if (max < 7 + n * 8)
        return err_set("device program: %zu rules need more than %zu instructions", n, max);
    /* The request: type and access share the first word. */
    out[len++] = insn(BPF_LDX | BPF_MEM | BPF_W, REG_TYPE, R1, 0, 0);
    out[len++] = insn(BPF_ALU | BPF_AND | BPF_K, REG_TYPE, 0, 0, 0xffff);
    out[len++] = insn(BPF_LDX | BPF_MEM | BPF_W, REG_ACCESS, R1, 0, 0);
    out[len++] = insn(BPF_ALU | BPF_RSH | BPF_K, REG_ACCESS, 0, 0, 16);
    out[len++] = insn(BPF_LDX | BPF_MEM | BPF_W, REG_MAJOR, R1, 4, 0);
    out[len++] = insn(BPF_LDX | BPF_MEM | BPF_W, REG_MINOR, R1, 8, 0);
    /* Last rule first: the last one that matches wins. */
    for (size_t i = n; i-- > 0;) {
        if (rules[i].type != 'a' && rules[i].type != 'b' && rules[i].type != 'c')
            return err_set("device rule %zu: type '%c' is not a, b or c", i, rules[i].type);
        len += rule_block(&rules[i], out + len);
        /* A rule for every device and access decides every request: the
         * rules before it can never be reached, and the verifier refuses
         * a program with instructions it cannot reach. */
        if (matches_all(&rules[i]))
            return (int)len;
    }
    out[len++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 0);
    out[len++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    return (int)len;
}

bool cg_devices_allow(const struct cg_device_rule *rules, size_t n, char type, long major,
                      long minor, unsigned access)
{
    for (size_t i = n; i-- > 0;) {
        const struct cg_device_rule *r = &rules[i];
        if ((r->type == 'a' || r->type == type) && (r->major < 0 || r->major == major) &&
            (r->minor < 0 || r->minor == minor) && (access & access_mask(r->access)) == access)
            return r->allow;
    }
    return false;
}

static const char *reg_comment(int reg)
{
    switch (reg) {
    case REG_TYPE: return "type: 1 block, 2 char";
    case REG_ACCESS: return "access: 1 mknod, 2 read, 4 write";
    case REG_MAJOR: return "major";
    case REG_MINOR: return "minor";
    }
    return "";
}

void cg_devprog_print(FILE *f, const struct cg_device_rule *rules, size_t n,
                      const struct bpf_insn *insns, size_t count)
{
    char rule[64];

    fprintf(f, "rules, tried from the last back (the first match decides; none: deny):\n");
    for (size_t i = 0; i < n; i++) {
        cg_device_rule_str(&rules[i], rule, sizeof(rule));
        fprintf(f, "  %2zu  %-5s %s\n", i, rules[i].allow ? "allow" : "deny", rule);
    }
    fprintf(f, "program: BPF_PROG_TYPE_CGROUP_DEVICE, %zu instructions\n", count);
    size_t next_block = 6, rule_i = n;
    for (size_t i = 0; i < count; i++) {
        const struct bpf_insn *x = &insns[i];
        char text[64];
        const char *why = "";

        /* Each rule's block, last rule first, then the final deny. */
        if (i == next_block && rule_i > 0) {
            struct bpf_insn tmp[8];
            rule_i--;
            cg_device_rule_str(&rules[rule_i], rule, sizeof(rule));
            fprintf(f, "       ; rule %zu: %s %s\n", rule_i, rules[rule_i].allow ? "allow" : "deny", rule);
            next_block += rule_block(&rules[rule_i], tmp);
        } else if (i == next_block && rule_i == 0) {
            fprintf(f, "       ; no rule matched\n");
            next_block = count;
        }

        switch (x->code) {
        case BPF_LDX | BPF_MEM | BPF_W:
            snprintf(text, sizeof(text), "r%d = *(u32 *)(r1 + %d)", x->dst_reg, x->off);
            why = x->off == 0 ? "access << 16 | type" : reg_comment(x->dst_reg);
            break;
        case BPF_ALU | BPF_AND | BPF_K:
            snprintf(text, sizeof(text), "w%d &= 0x%x", x->dst_reg, (unsigned)x->imm);
            why = x->dst_reg == REG_TYPE ? reg_comment(REG_TYPE) : "the asked access the rule grants";
            break;
        case BPF_ALU | BPF_RSH | BPF_K:
            snprintf(text, sizeof(text), "w%d >>= %d", x->dst_reg, x->imm);
            why = reg_comment(x->dst_reg);
            break;
        case BPF_ALU | BPF_MOV | BPF_X:
            snprintf(text, sizeof(text), "w%d = w%d", x->dst_reg, x->src_reg);
            why = "the access asked";
            break;
        case BPF_JMP | BPF_JNE | BPF_K:
            snprintf(text, sizeof(text), "if r%d != %d goto +%d", x->dst_reg, x->imm, x->off);
            why = x->dst_reg == REG_TYPE ? "not this type: next rule"
                  : x->dst_reg == REG_MAJOR ? "not this major: next rule"
                                            : "not this minor: next rule";
            break;
        case BPF_JMP | BPF_JNE | BPF_X:
            snprintf(text, sizeof(text), "if r%d != r%d goto +%d", x->dst_reg, x->src_reg, x->off);
            why = "asks for more than the rule grants: next rule";
            break;
        case BPF_ALU64 | BPF_MOV | BPF_K:
            snprintf(text, sizeof(text), "r0 = %d", x->imm);
            why = x->imm ? "allow" : "deny";
            break;
        case BPF_JMP | BPF_EXIT:
            snprintf(text, sizeof(text), "exit");
            break;
        default:
            snprintf(text, sizeof(text), "(code 0x%02x)", x->code);
        }
        fprintf(f, "  %3zu: %-32s%s%s\n", i, text, why[0] ? "# " : "", why);
    }
}
