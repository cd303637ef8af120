// SPDX-License-Identifier: GPL-2.0
/*
 * Table-driven tests of the decoder alone (no guest memory): every form,
 * every prefix combination the ABI allows, truncated and malformed bytes.
 */
#include "vcpu_test.h"

/* Table rows leave trailing fields zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

struct buf {
	const u8 *b;
	unsigned int n;
};

static int buf_fetch(void *arg, unsigned int off, u8 *byte)
{
	struct buf *f = arg;

	if (off >= f->n)
		return VCPU_FETCH_END;
	*byte = f->b[off];
	return 0;
}

/* Registers for memory operands: distinct, so a wrong one shows. */
static const u32 regs[8] = {
	0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000, 0x7000, 0x8000,
};

struct dcase {
	u8 bytes[16];
	u8 n;
	enum vcpu_op op;
	u8 len;
	u8 opsize;
	bool mem;
	u8 reg, rm;	/* rm checked only for register forms */
	u32 ea;		/* checked only for memory forms */
	u8 seg;
	u8 imm;
	u8 io_size;
};

#define M(...) { __VA_ARGS__ }, sizeof((u8[]){ __VA_ARGS__ })

static const struct dcase ok_cases[] = {
	/* MOV from/to CRn: every CR, every register; mod is ignored */
	{ M(0x0f, 0x20, 0xc0), VOP_MOV_FROM_CR, 3, 4, false, 0, 0 },
	{ M(0x0f, 0x20, 0xd3), VOP_MOV_FROM_CR, 3, 4, false, 2, 3 },
	{ M(0x0f, 0x20, 0xdf), VOP_MOV_FROM_CR, 3, 4, false, 3, 7 },
	{ M(0x0f, 0x20, 0xe1), VOP_MOV_FROM_CR, 3, 4, false, 4, 1 },
	{ M(0x0f, 0x20, 0x00), VOP_MOV_FROM_CR, 3, 4, false, 0, 0 },
	{ M(0x0f, 0x22, 0xc0), VOP_MOV_TO_CR, 3, 4, false, 0, 0 },
	{ M(0x0f, 0x22, 0xd8), VOP_MOV_TO_CR, 3, 4, false, 3, 0 },
	{ M(0x0f, 0x22, 0xe6), VOP_MOV_TO_CR, 3, 4, false, 4, 6 },
	{ M(0x0f, 0x22, 0xd5), VOP_MOV_TO_CR, 3, 4, false, 2, 5 },
	{ M(0x66, 0x0f, 0x22, 0xc3), VOP_MOV_TO_CR, 4, 2, false, 0, 3 },
	/* INVLPG: every ModRM memory form */
	{ M(0x0f, 0x01, 0x38), VOP_INVLPG, 3, 4, true, 7, 0, 0x1000, VCPU_DS },
	{ M(0x0f, 0x01, 0x3b), VOP_INVLPG, 3, 4, true, 7, 0, 0x4000, VCPU_DS },
	{ M(0x0f, 0x01, 0x3e), VOP_INVLPG, 3, 4, true, 7, 0, 0x7000, VCPU_DS },
	{ M(0x0f, 0x01, 0x3d, 0x78, 0x56, 0x34, 0x12), VOP_INVLPG, 7, 4,
	  true, 7, 0, 0x12345678, VCPU_DS },
	{ M(0x0f, 0x01, 0x79, 0x10), VOP_INVLPG, 4, 4, true, 7, 0, 0x2010,
	  VCPU_DS },
	{ M(0x0f, 0x01, 0x7d, 0xf0), VOP_INVLPG, 4, 4, true, 7, 0, 0x5ff0,
	  VCPU_SS },					/* [ebp-16] */
	{ M(0x0f, 0x01, 0xba, 0x00, 0x10, 0x00, 0x00), VOP_INVLPG, 7, 4,
	  true, 7, 0, 0x3000 + 0x1000, VCPU_DS },	/* [edx+disp32] */
	{ M(0x0f, 0x01, 0xbd, 0x00, 0x00, 0x00, 0x80), VOP_INVLPG, 7, 4,
	  true, 7, 0, 0x80006000, VCPU_SS },		/* [ebp+disp32] */
	/* SIB: base+index*scale, no index, disp32 without base, ESP base */
	{ M(0x0f, 0x01, 0x3c, 0x88), VOP_INVLPG, 4, 4, true, 7, 0,
	  0x1000 + 0x2000 * 4, VCPU_DS },		/* [eax+ecx*4] */
	{ M(0x0f, 0x01, 0x3c, 0xd3), VOP_INVLPG, 4, 4, true, 7, 0,
	  0x4000 + 0x3000 * 8, VCPU_DS },		/* [ebx+edx*8] */
	{ M(0x0f, 0x01, 0x3c, 0x24), VOP_INVLPG, 4, 4, true, 7, 0,
	  0x5000, VCPU_SS },				/* [esp] */
	{ M(0x0f, 0x01, 0x7c, 0x24, 0x08), VOP_INVLPG, 5, 4, true, 7, 0,
	  0x5008, VCPU_SS },				/* [esp+8] */
	{ M(0x0f, 0x01, 0x3c, 0x25, 0x00, 0x20, 0x00, 0x00), VOP_INVLPG, 8,
	  4, true, 7, 0, 0x2000, VCPU_DS },		/* [disp32], no index */
	{ M(0x0f, 0x01, 0x3c, 0x75, 0x00, 0x01, 0x00, 0x00), VOP_INVLPG, 8,
	  4, true, 7, 0, 0x7000 * 2 + 0x100, VCPU_DS },	/* [esi*2+disp32] */
	{ M(0x0f, 0x01, 0x7c, 0x45, 0x04), VOP_INVLPG, 5, 4, true, 7, 0,
	  0x6000 + 0x1000 * 2 + 4, VCPU_SS },		/* [ebp+eax*2+4] */
	{ M(0x0f, 0x01, 0xbc, 0x21, 0x00, 0x00, 0x01, 0x00), VOP_INVLPG, 8,
	  4, true, 7, 0, 0x2000 + 0x10000, VCPU_DS },	/* [ecx+disp32], idx none */
	/* Segment overrides, repeated prefixes: the last one wins */
	{ M(0x26, 0x0f, 0x01, 0x38), VOP_INVLPG, 4, 4, true, 7, 0, 0x1000,
	  VCPU_ES },
	{ M(0x2e, 0x0f, 0x01, 0x38), VOP_INVLPG, 4, 4, true, 7, 0, 0x1000,
	  VCPU_CS },
	{ M(0x36, 0x0f, 0x01, 0x38), VOP_INVLPG, 4, 4, true, 7, 0, 0x1000,
	  VCPU_SS },
	{ M(0x3e, 0x0f, 0x01, 0x3c, 0x24), VOP_INVLPG, 5, 4, true, 7, 0,
	  0x5000, VCPU_DS },
	{ M(0x64, 0x0f, 0x01, 0x38), VOP_INVLPG, 4, 4, true, 7, 0, 0x1000,
	  VCPU_FS },
	{ M(0x65, 0x0f, 0x01, 0x38), VOP_INVLPG, 4, 4, true, 7, 0, 0x1000,
	  VCPU_GS },
	{ M(0x64, 0x66, 0x65, 0x0f, 0x01, 0x38), VOP_INVLPG, 6, 2, true, 7,
	  0, 0x1000, VCPU_GS },
	/* LGDT/LIDT/SGDT/SIDT with and without 0x66 */
	{ M(0x0f, 0x01, 0x15, 0x00, 0x30, 0x00, 0x00), VOP_LGDT, 7, 4, true,
	  2, 0, 0x3000, VCPU_DS },
	{ M(0x66, 0x0f, 0x01, 0x10), VOP_LGDT, 4, 2, true, 2, 0, 0x1000,
	  VCPU_DS },
	{ M(0x0f, 0x01, 0x1e), VOP_LIDT, 3, 4, true, 3, 0, 0x7000,
	  VCPU_DS },
	{ M(0x66, 0x2e, 0x0f, 0x01, 0x1b), VOP_LIDT, 5, 2, true, 3, 0, 0x4000,
	  VCPU_CS },
	{ M(0x0f, 0x01, 0x00), VOP_SGDT, 3, 4, true, 0, 0, 0x1000, VCPU_DS },
	{ M(0x0f, 0x01, 0x4d, 0x08), VOP_SIDT, 4, 4, true, 1, 0, 0x6008,
	  VCPU_SS },
	/* SMSW, SLDT, STR, LTR: register and memory forms */
	{ M(0x0f, 0x01, 0xe0), VOP_SMSW, 3, 4, false, 4, 0 },
	{ M(0x66, 0x0f, 0x01, 0xe3), VOP_SMSW, 4, 2, false, 4, 3 },
	{ M(0x0f, 0x01, 0x21), VOP_SMSW, 3, 4, true, 4, 0, 0x2000, VCPU_DS },
	{ M(0x0f, 0x00, 0xc1), VOP_SLDT, 3, 4, false, 0, 1 },
	{ M(0x0f, 0x00, 0x06), VOP_SLDT, 3, 4, true, 0, 0, 0x7000, VCPU_DS },
	{ M(0x0f, 0x00, 0xca), VOP_STR, 3, 4, false, 1, 2 },
	{ M(0x0f, 0x00, 0x0b), VOP_STR, 3, 4, true, 1, 0, 0x4000, VCPU_DS },
	{ M(0x0f, 0x00, 0xd8), VOP_LTR, 3, 4, false, 3, 0 },
	{ M(0x0f, 0x00, 0x1d, 0x10, 0, 0, 0), VOP_LTR, 7, 4, true, 3, 0, 0x10,
	  VCPU_DS },
	/* MOV Sreg, r/m16 */
	{ M(0x8e, 0xd0), VOP_MOV_SREG, 2, 4, false, VCPU_SS, 0 },
	{ M(0x8e, 0xd8), VOP_MOV_SREG, 2, 4, false, VCPU_DS, 0 },
	{ M(0x66, 0x8e, 0xc3), VOP_MOV_SREG, 3, 2, false, VCPU_ES, 3 },
	{ M(0x8e, 0xe1), VOP_MOV_SREG, 2, 4, false, VCPU_FS, 1 },
	{ M(0x8e, 0xea), VOP_MOV_SREG, 2, 4, false, VCPU_GS, 2 },
	{ M(0x8e, 0x16), VOP_MOV_SREG, 2, 4, true, VCPU_SS, 0, 0x7000,
	  VCPU_DS },
	/* one-byte instructions, with prefixes too */
	{ M(0xfa), VOP_CLI, 1, 4 },
	{ M(0xfb), VOP_STI, 1, 4 },
	{ M(0xf4), VOP_HLT, 1, 4 },
	{ M(0xcf), VOP_IRET, 1, 4 },
	{ M(0x66, 0xcf), VOP_IRET, 2, 2 },
	{ M(0xcc), VOP_INT3, 1, 4 },
	{ M(0xce), VOP_INTO, 1, 4 },
	{ M(0x3e, 0xfa), VOP_CLI, 2, 4 },
	{ M(0xcd, 0x80), VOP_INT, 2, 4, .imm = 0x80 },
	{ M(0xcd, 0x03), VOP_INT, 2, 4, .imm = 0x03 },
	/* IN/OUT: imm8 and DX forms, every width */
	{ M(0xe4, 0x60), VOP_IN, 2, 4, .imm = 0x60, .io_size = 1 },
	{ M(0xe5, 0x60), VOP_IN, 2, 4, .imm = 0x60, .io_size = 4 },
	{ M(0x66, 0xe5, 0x60), VOP_IN, 3, 2, .imm = 0x60, .io_size = 2 },
	{ M(0xe6, 0xf4), VOP_OUT, 2, 4, .imm = 0xf4, .io_size = 1 },
	{ M(0xe7, 0xf4), VOP_OUT, 2, 4, .imm = 0xf4, .io_size = 4 },
	{ M(0x66, 0xe7, 0xf4), VOP_OUT, 3, 2, .imm = 0xf4, .io_size = 2 },
	{ M(0xec), VOP_IN, 1, 4, .io_size = 1 },
	{ M(0xed), VOP_IN, 1, 4, .io_size = 4 },
	{ M(0x66, 0xed), VOP_IN, 2, 2, .io_size = 2 },
	{ M(0xee), VOP_OUT, 1, 4, .io_size = 1 },
	{ M(0xef), VOP_OUT, 1, 4, .io_size = 4 },
	{ M(0x66, 0xef), VOP_OUT, 2, 2, .io_size = 2 },
	{ M(0x2e, 0x66, 0x66, 0xee), VOP_OUT, 4, 2, .io_size = 1 },
};

TEST_CASE(decode_valid_forms)
{
	unsigned int i;

	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		const struct dcase *t = &ok_cases[i];
		struct buf f = { t->bytes, t->n };
		struct vcpu_insn in;
		int before = test_failed_checks;

		CHECK_EQ(vcpu_decode(&in, regs, buf_fetch, &f), VDEC_OK);
		CHECK_EQ(in.op, t->op);
		CHECK_EQ(in.len, t->len);
		CHECK_EQ(in.opsize, t->opsize);
		CHECK_EQ(in.mem, t->mem);
		CHECK(memcmp(in.bytes, t->bytes, t->len) == 0);
		if (t->imm)
			CHECK_EQ(in.imm, t->imm);
		if (t->op == VOP_IN || t->op == VOP_OUT) {
			CHECK_EQ(in.io_size, t->io_size);
			CHECK_EQ(in.io_imm, t->imm != 0);
		}
		if (t->mem) {
			CHECK_EQ(in.reg, t->reg);
			CHECK_EQ(in.ea, t->ea);
			CHECK_EQ(in.seg, t->seg);
		} else if (t->op <= VOP_MOV_SREG && t->op != VOP_NONE) {
			CHECK_EQ(in.reg, t->reg);
			CHECK_EQ(in.rm, t->rm);
		}
		if (test_failed_checks != before)
			fprintf(stderr, "  (decode case %u)\n", i);
	}
}

/* Every proper prefix of a valid instruction is "need more bytes". */
TEST_CASE(decode_truncated)
{
	unsigned int i, n;

	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		const struct dcase *t = &ok_cases[i];

		for (n = 0; n < t->len; n++) {
			struct buf f = { t->bytes, n };
			struct vcpu_insn in;

			if (vcpu_decode(&in, regs, buf_fetch, &f) != VDEC_TRUNC) {
				CHECK(0);
				fprintf(stderr, "  (case %u cut at %u)\n", i, n);
			}
		}
	}
}

static const struct {
	u8 bytes[16];
	u8 n;
	enum vcpu_dec_result want;
} bad_cases[] = {
	{ M(0xf0, 0xfa), VDEC_UNSUPPORTED },		/* LOCK */
	{ M(0xf3, 0xee), VDEC_UNSUPPORTED },		/* REP OUT */
	{ M(0xf2, 0xfa), VDEC_UNSUPPORTED },
	{ M(0x67, 0x0f, 0x01, 0x38), VDEC_UNSUPPORTED },	/* addr16 */
	{ M(0x6e), VDEC_UNSUPPORTED },			/* OUTSB */
	{ M(0x6c), VDEC_UNSUPPORTED },			/* INSB */
	{ M(0x90), VDEC_UNSUPPORTED },			/* NOP */
	{ M(0xf1), VDEC_UNSUPPORTED },			/* INT1 */
	{ M(0x9d), VDEC_UNSUPPORTED },			/* POPF */
	{ M(0x17), VDEC_UNSUPPORTED },			/* POP SS */
	{ M(0x0f, 0x30), VDEC_UNSUPPORTED },		/* WRMSR */
	{ M(0x0f, 0x32), VDEC_UNSUPPORTED },		/* RDMSR */
	{ M(0x0f, 0x06), VDEC_UNSUPPORTED },		/* CLTS */
	{ M(0x0f, 0x09), VDEC_UNSUPPORTED },		/* WBINVD */
	{ M(0x0f, 0x21, 0xc0), VDEC_UNSUPPORTED },	/* MOV from DR */
	{ M(0x0f, 0x23, 0xc0), VDEC_UNSUPPORTED },	/* MOV to DR */
	{ M(0x0f, 0x34), VDEC_UNSUPPORTED },		/* SYSENTER */
	{ M(0x0f, 0x00, 0x10), VDEC_UNSUPPORTED },	/* LLDT */
	{ M(0x0f, 0x00, 0x20), VDEC_UNSUPPORTED },	/* VERR */
	{ M(0x0f, 0x00, 0x28), VDEC_UNSUPPORTED },	/* VERW */
	{ M(0x0f, 0x00, 0x30), VDEC_UD },
	{ M(0x0f, 0x01, 0x30), VDEC_UNSUPPORTED },	/* LMSW */
	{ M(0x0f, 0x01, 0x28), VDEC_UNSUPPORTED },	/* /5 */
	{ M(0x0f, 0x01, 0xc1), VDEC_UNSUPPORTED },	/* VMCALL */
	{ M(0x0f, 0x01, 0xc8), VDEC_UNSUPPORTED },	/* MONITOR */
	{ M(0x0f, 0x01, 0xd0), VDEC_UNSUPPORTED },	/* XGETBV */
	{ M(0x0f, 0x01, 0xf8), VDEC_UNSUPPORTED },	/* SWAPGS */
	{ M(0x0f, 0x01, 0xf9), VDEC_UNSUPPORTED },	/* RDTSCP */
	{ M(0x0f, 0x01, 0xd0 | 0x08), VDEC_UNSUPPORTED },
	{ M(0x0f, 0x01, 0xda), VDEC_UNSUPPORTED },	/* LIDT reg form */
	{ M(0x0f, 0x01, 0xd8), VDEC_UNSUPPORTED },	/* VMRUN */
	{ M(0x0f, 0x20, 0xc8), VDEC_UD },		/* CR1 */
	{ M(0x0f, 0x22, 0xe8), VDEC_UD },		/* CR5 */
	{ M(0x0f, 0x22, 0xf0), VDEC_UD },		/* CR6 */
	{ M(0x0f, 0x20, 0xf8), VDEC_UD },		/* CR7 */
	{ M(0x8e, 0xc8), VDEC_UD },			/* MOV CS */
	{ M(0x8e, 0xf0), VDEC_UD },			/* sreg 6 */
	{ M(0x8e, 0xf8), VDEC_UD },			/* sreg 7 */
	/* 15 bytes of prefixes: too long */
	{ M(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x66, 0x66, 0xfa), VDEC_UNSUPPORTED },
	{ M(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
	    0x3e, 0x3e, 0x0f, 0x01, 0x38), VDEC_UNSUPPORTED },
};

TEST_CASE(decode_malformed)
{
	unsigned int i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct buf f = { bad_cases[i].bytes, bad_cases[i].n };
		struct vcpu_insn in;
		enum vcpu_dec_result r = vcpu_decode(&in, regs, buf_fetch, &f);

		if (r != bad_cases[i].want) {
			CHECK_EQ(r, bad_cases[i].want);
			fprintf(stderr, "  (bad case %u)\n", i);
		}
	}
}

/* 14 prefixes + a one-byte instruction is legal (15 bytes). */
TEST_CASE(decode_fifteen_bytes)
{
	u8 b[15];
	struct buf f = { b, sizeof(b) };
	struct vcpu_insn in;

	memset(b, 0x66, 14);
	b[14] = 0xfa;
	CHECK_EQ(vcpu_decode(&in, regs, buf_fetch, &f), VDEC_OK);
	CHECK_EQ(in.len, 15);
	CHECK_EQ(in.op, VOP_CLI);
}

/* Exhaustive: every 1-, 2- and 3-byte sequence decodes without crashing
 * and never claims more bytes than it was given or than 15. */
TEST_CASE(decode_all_short_sequences)
{
	u8 b[3];
	unsigned int v, n;

	for (n = 1; n <= 3; n++) {
		for (v = 0; v < (1U << (8 * n)); v++) {
			struct buf f = { b, n };
			struct vcpu_insn in;

			b[0] = (u8)v;
			b[1] = (u8)(v >> 8);
			b[2] = (u8)(v >> 16);
			if (vcpu_decode(&in, regs, buf_fetch, &f) == VDEC_OK &&
			    (in.len > n || in.op == VOP_NONE)) {
				CHECK(0);
				fprintf(stderr, "  (bytes %06x)\n", v);
				return;
			}
		}
	}
}

/*
 * Every sequence of up to three prefixes from the allowed set in front of
 * every base form: length, operand size and effective segment follow.
 */
TEST_CASE(decode_prefix_combinations)
{
	static const u8 pfx[7] = { 0x66, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65 };
	static const struct {
		u8 b[4];
		u8 n;
		enum vcpu_op op;
		u8 def_seg;	/* 0xff: no memory operand */
	} base[] = {
		{ { 0x0f, 0x01, 0x38 }, 3, VOP_INVLPG, VCPU_DS },
		{ { 0x0f, 0x01, 0x3c, 0x24 }, 4, VOP_INVLPG, VCPU_SS },
		{ { 0x0f, 0x01, 0x10 }, 3, VOP_LGDT, VCPU_DS },
		{ { 0x0f, 0x01, 0x5d, 0x00 }, 4, VOP_LIDT, VCPU_SS },
		{ { 0x0f, 0x22, 0xd8 }, 3, VOP_MOV_TO_CR, 0xff },
		{ { 0x0f, 0x20, 0xc0 }, 3, VOP_MOV_FROM_CR, 0xff },
		{ { 0x0f, 0x00, 0xd8 }, 3, VOP_LTR, 0xff },
		{ { 0x8e, 0x10 }, 2, VOP_MOV_SREG, VCPU_DS },
		{ { 0xee }, 1, VOP_OUT, 0xff },
		{ { 0xe5, 0x10 }, 2, VOP_IN, 0xff },
		{ { 0xcf }, 1, VOP_IRET, 0xff },
		{ { 0xcd, 0x80 }, 2, VOP_INT, 0xff },
		{ { 0xfa }, 1, VOP_CLI, 0xff },
	};
	unsigned int i, np, combo, ncombo;

	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
		for (np = 0; np <= 3; np++) {
			ncombo = np == 0 ? 1 : np == 1 ? 7 : np == 2 ? 49 : 343;
			for (combo = 0; combo < ncombo; combo++) {
				u8 b[8], seg = base[i].def_seg;
				unsigned int k, c = combo;
				bool o16 = false;
				struct buf f = { b, np + base[i].n };
				struct vcpu_insn in;

				for (k = 0; k < np; k++, c /= 7) {
					b[k] = pfx[c % 7];
					if (b[k] == 0x66)
						o16 = true;
					else if (seg != 0xff)
						seg = (u8)(b[k] == 0x26 ? VCPU_ES :
							   b[k] == 0x2e ? VCPU_CS :
							   b[k] == 0x36 ? VCPU_SS :
							   b[k] == 0x3e ? VCPU_DS :
							   b[k] == 0x64 ? VCPU_FS : VCPU_GS);
				}
				memcpy(b + np, base[i].b, base[i].n);
				if (vcpu_decode(&in, regs, buf_fetch, &f) != VDEC_OK ||
				    in.op != base[i].op || in.len != np + base[i].n ||
				    in.opsize != (o16 ? 2 : 4) ||
				    (seg != 0xff && in.seg != seg) ||
				    (base[i].op == VOP_IN && in.io_size != (o16 ? 2 : 4))) {
					CHECK(0);
					fprintf(stderr, "  (base %u, %u prefixes, combo %u)\n",
						i, np, combo);
					return;
				}
			}
		}
	}
}
