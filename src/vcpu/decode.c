// SPDX-License-Identifier: GPL-2.0
/*
 * Decoder for the privileged instructions guest-abi.md allows, for a 32-bit
 * code segment. Prefixes accepted: operand size (0x66) and the six segment
 * overrides, any number of times in any order (the last segment override
 * wins, as on the hardware). Everything else -- LOCK, REP/REPNE, address
 * size (0x67: 16-bit addressing), unknown opcodes, more than 15 bytes --
 * is VDEC_UNSUPPORTED: the run loop exits with the bytes rather than guess.
 */
#include "vcpu/internal.h"

struct dec {
	struct vcpu_insn *in;
	vcpu_fetch_fn fetch;
	void *arg;
	int status;		/* VCPU_FETCH_* of the failed fetch */
};

/* Next byte, or false (status says why; too long is unsupported). */
static bool next(struct dec *d, u8 *b)
{
	struct vcpu_insn *in = d->in;
	int r;

	if (in->len >= VCPU_INSN_MAX) {
		d->status = -1;
		return false;
	}
	r = d->fetch(d->arg, in->len, b);
	if (r) {
		d->status = r;
		return false;
	}
	in->bytes[in->len++] = *b;
	return true;
}

static enum vcpu_dec_result fail(struct dec *d)
{
	switch (d->status) {
	case VCPU_FETCH_FAULT:
		return VDEC_FAULT;
	case VCPU_FETCH_END:
		return VDEC_TRUNC;
	default:
		return VDEC_UNSUPPORTED;
	}
}

static bool next32(struct dec *d, u32 *v)
{
	u8 b;
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if (!next(d, &b))
			return false;
		*v |= (u32)b << (8 * i);
	}
	return true;
}

/*
 * ModRM with 32-bit addressing. @seg_override is the prefix's segment or
 * -1. Register forms set in->rm; memory forms in->ea and in->seg.
 */
static bool modrm(struct dec *d, const u32 *gpr, int seg_override)
{
	struct vcpu_insn *in = d->in;
	unsigned int mod, base = 0;
	bool has_base = true, ss_default = false;
	u32 ea = 0, disp = 0;
	u8 m, sib;

	if (!next(d, &m))
		return false;
	mod = m >> 6;
	in->reg = (m >> 3) & 7;
	in->rm = m & 7;
	if (mod == 3) {
		in->mem = false;
		return true;
	}
	in->mem = true;
	if (in->rm == 4) {
		unsigned int scale, index;

		if (!next(d, &sib))
			return false;
		scale = sib >> 6;
		index = (sib >> 3) & 7;
		base = sib & 7;
		if (index != 4)		/* index 4: none */
			ea += gpr[index] << scale;
		if (base == 5 && mod == 0)
			has_base = false;	/* disp32, no base */
	} else if (in->rm == 5 && mod == 0) {
		has_base = false;		/* disp32 absolute */
	} else {
		base = in->rm;
	}
	if (has_base) {
		ea += gpr[base];
		ss_default = base == VCPU_ESP || base == VCPU_EBP;
	}
	if (mod == 1) {
		u8 b;

		if (!next(d, &b))
			return false;
		disp = (u32)(s32)(signed char)b;
	} else if (mod == 2 || !has_base) {
		if (!next32(d, &disp))
			return false;
	}
	in->ea = ea + disp;
	if (seg_override >= 0)
		in->seg = (u8)seg_override;
	else
		in->seg = ss_default ? VCPU_SS : VCPU_DS;
	return true;
}

static int prefix_seg(u8 b)
{
	switch (b) {
	case 0x26: return VCPU_ES;
	case 0x2e: return VCPU_CS;
	case 0x36: return VCPU_SS;
	case 0x3e: return VCPU_DS;
	case 0x64: return VCPU_FS;
	case 0x65: return VCPU_GS;
	default: return -1;
	}
}

/* 0F 00: SLDT, STR, LTR; LLDT/VERR/VERW are not ours. */
static enum vcpu_dec_result grp6(struct dec *d, const u32 *gpr, int seg)
{
	struct vcpu_insn *in = d->in;

	if (!modrm(d, gpr, seg))
		return fail(d);
	switch (in->reg) {
	case 0:
		in->op = VOP_SLDT;
		return VDEC_OK;
	case 1:
		in->op = VOP_STR;
		return VDEC_OK;
	case 3:
		in->op = VOP_LTR;
		return VDEC_OK;
	case 6: case 7:
		return VDEC_UD;
	default:
		return VDEC_UNSUPPORTED;	/* LLDT, VERR, VERW */
	}
}

/* 0F 01: SGDT, SIDT, LGDT, LIDT, SMSW, INVLPG (memory forms). */
static enum vcpu_dec_result grp7(struct dec *d, const u32 *gpr, int seg)
{
	static const enum vcpu_op ops[8] = {
		VOP_SGDT, VOP_SIDT, VOP_LGDT, VOP_LIDT,
		VOP_SMSW, VOP_NONE, VOP_NONE, VOP_INVLPG,
	};
	struct vcpu_insn *in = d->in;

	if (!modrm(d, gpr, seg))
		return fail(d);
	if (in->reg == 4) {		/* SMSW r/m16, register form too */
		in->op = VOP_SMSW;
		return VDEC_OK;
	}
	/*
	 * Register forms (mod = 3) are other instructions (VMCALL, MONITOR,
	 * XGETBV, SWAPGS, RDTSCP, ...); /5 is #UD or newer instructions.
	 */
	if (!in->mem || ops[in->reg] == VOP_NONE)
		return VDEC_UNSUPPORTED;
	in->op = ops[in->reg];
	return VDEC_OK;
}

enum vcpu_dec_result vcpu_decode(struct vcpu_insn *in, const u32 *gpr,
				 vcpu_fetch_fn fetch, void *arg)
{
	struct dec d = { .in = in, .fetch = fetch, .arg = arg };
	int seg = -1;
	u8 b;

	memset(in, 0, sizeof(*in));
	in->opsize = 4;
	for (;;) {
		if (!next(&d, &b))
			return fail(&d);
		if (b == 0x66) {
			in->opsize = 2;
			continue;
		}
		if (prefix_seg(b) >= 0) {
			seg = prefix_seg(b);
			continue;
		}
		break;
	}

	switch (b) {
	case 0x0f:
		if (!next(&d, &b))
			return fail(&d);
		switch (b) {
		case 0x00:
			return grp6(&d, gpr, seg);
		case 0x01:
			return grp7(&d, gpr, seg);
		case 0x20:
		case 0x22:
			in->op = b == 0x20 ? VOP_MOV_FROM_CR : VOP_MOV_TO_CR;
			if (!modrm(&d, gpr, seg))
				return fail(&d);
			/* mod is ignored: always a register operand */
			in->mem = false;
			if (in->reg == 1 || in->reg > 4)
				return VDEC_UD;
			return VDEC_OK;
		default:
			return VDEC_UNSUPPORTED;
		}
	case 0x8e:
		if (!modrm(&d, gpr, seg))
			return fail(&d);
		if (in->reg == VCPU_CS || in->reg >= VCPU_NR_SEG)
			return VDEC_UD;
		in->op = VOP_MOV_SREG;
		return VDEC_OK;
	case 0xfa:
		in->op = VOP_CLI;
		return VDEC_OK;
	case 0xfb:
		in->op = VOP_STI;
		return VDEC_OK;
	case 0xf4:
		in->op = VOP_HLT;
		return VDEC_OK;
	case 0xcc:
		in->op = VOP_INT3;
		return VDEC_OK;
	case 0xce:
		in->op = VOP_INTO;
		return VDEC_OK;
	case 0xcf:
		in->op = VOP_IRET;
		return VDEC_OK;
	case 0xcd:
		if (!next(&d, &in->imm))
			return fail(&d);
		in->op = VOP_INT;
		return VDEC_OK;
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:
		if (!next(&d, &in->imm))
			return fail(&d);
		in->io_imm = true;
		fallthrough;
	case 0xec: case 0xed: case 0xee: case 0xef:
		in->op = (b & 2) ? VOP_OUT : VOP_IN;
		in->io_size = (b & 1) ? in->opsize : 1;
		return VDEC_OK;
	default:
		return VDEC_UNSUPPORTED;
	}
}
