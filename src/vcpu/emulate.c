// SPDX-License-Identifier: GPL-2.0
/*
 * Emulation of the instruction that trapped (#GP or #NP at real CPL 3).
 * The instruction is fetched through the guest's own translation at the
 * virtual CPL (a fault there is the guest's #PF), decoded (decode.c) and
 * executed with the architectural checks of the virtual CPL and IOPL.
 * Faults are precise: EIP stays on the instruction and nothing is
 * committed; traps and completed instructions advance EIP.
 */
#include "vcpu/internal.h"
#include "vcpu/io.h"

/* Fetch state for the decoder. */
struct fetch {
	struct vcpu_emu *e;
	int res;		/* VR_* of a failed fetch */
};

/*
 * One byte at EIP + @off through the guest's translation at the virtual
 * CPL (instructions are at most 15 bytes and the ones emulated 2-8: a
 * walk per byte costs less than the exit that brought us here).
 */
static int fetch_guest(void *arg, unsigned int off, u8 *b)
{
	struct fetch *f = arg;
	struct vcpu *c = f->e->c;

	f->res = vcpu_emu_read(f->e, c->eip + off, b, 1, vcpu_acc(c));
	return f->res == VR_OK ? 0 : VCPU_FETCH_FAULT;
}

static u32 reg16_merge(u32 old, u32 v, unsigned int opsize)
{
	return opsize == 2 ? (old & 0xffff0000U) | (v & 0xffff) : v;
}

/* Linear address of the memory operand: the ABI's segments are flat. */
static u32 linear(const struct vcpu_insn *in)
{
	return in->ea;
}

/* A 16-bit r/m source (LTR, MOV Sreg). */
static int read_rm16(struct vcpu_emu *e, const struct vcpu_insn *in, u16 *v)
{
	if (!in->mem) {
		*v = (u16)e->c->gpr[in->rm];
		return VR_OK;
	}
	return vcpu_emu_read(e, linear(in), v, 2, vcpu_acc(e->c));
}

/*
 * SLDT, STR, SMSW destinations: memory gets 16 bits; a register gets
 * 32 bits (zero-extended selector, or all of CR0 for SMSW, as QEMU does)
 * or its low 16 bits with 0x66.
 */
static int write_rm16(struct vcpu_emu *e, const struct vcpu_insn *in, u32 v)
{
	struct vcpu *c = e->c;
	u16 v16 = (u16)v;

	if (in->mem)
		return vcpu_emu_write(e, linear(in), &v16, 2, vcpu_acc(c));
	c->gpr[in->rm] = reg16_merge(c->gpr[in->rm], v, in->opsize);
	return VR_OK;
}

static int mov_to_cr(struct vcpu_emu *e, const struct vcpu_insn *in)
{
	struct vcpu *c = e->c;
	u32 val = c->gpr[in->rm];
	int err = 0;

	switch (in->reg) {
	case 0:
		if ((val & CR0_PG) && !(val & CR0_PE))
			return vcpu_gp(e, 0);
		if ((val & CR0_NW) && !(val & CR0_CD))
			return vcpu_gp(e, 0);
		if (!(val & CR0_PE))
			return VR_UNSUPPORTED;	/* back to real mode */
		val &= CR0_PE | CR0_MP | CR0_EM | CR0_TS | CR0_NE | CR0_WP |
		       CR0_AM | CR0_NW | CR0_CD | CR0_PG;
		val |= CR0_ET;
		err = vtlb_write_cr0(c->vtlb, val);
		if (!err)
			c->cr0 = val;
		break;
	case 2:
		c->cr2 = val;
		break;
	case 3:
		err = vtlb_write_cr3(c->vtlb, val);
		if (!err)
			c->cr3 = val;
		break;
	case 4:
		if (val & CR4_PAE)
			return vcpu_gp(e, 0);
		/* VME/PVI change CLI/STI; OSFXSR etc.: no x87/SSE in the ABI. */
		if (val & ~(CR4_DE | CR4_TSD | CR4_PSE | CR4_MCE | CR4_PGE |
			    VTLB_BIT(8) /* PCE */))
			return VR_UNSUPPORTED;
		err = vtlb_write_cr4(c->vtlb, val);
		if (!err)
			c->cr4 = val;
		break;
	default:
		return VR_UNSUPPORTED;
	}
	if (err) {
		e->error = err;
		return VR_NOMEM;
	}
	return VR_OK;
}

static u32 read_cr(const struct vcpu *c, unsigned int n)
{
	switch (n) {
	case 0: return c->cr0;
	case 2: return c->cr2;
	case 3: return c->cr3;
	default: return c->cr4;
	}
}

static int load_dtr(struct vcpu_emu *e, const struct vcpu_insn *in,
		    struct vcpu_dtr *dtr)
{
	u8 b[6];
	int r;

	r = vcpu_emu_read(e, linear(in), b, 6, 0);
	if (r != VR_OK)
		return r;
	dtr->limit = (u16)(b[0] | (b[1] << 8));
	dtr->base = b[2] | (b[3] << 8) | ((u32)b[4] << 16) | ((u32)b[5] << 24);
	if (in->opsize == 2)
		dtr->base &= 0x00ffffff;
	return VR_OK;
}

static int store_dtr(struct vcpu_emu *e, const struct vcpu_insn *in,
		     const struct vcpu_dtr *dtr)
{
	u32 base = in->opsize == 2 ? dtr->base & 0x00ffffff : dtr->base;
	u8 b[6] = {
		(u8)dtr->limit, (u8)(dtr->limit >> 8),
		(u8)base, (u8)(base >> 8), (u8)(base >> 16), (u8)(base >> 24),
	};

	return vcpu_emu_write(e, linear(in), b, 6, vcpu_acc(e->c));
}

static int ltr(struct vcpu_emu *e, const struct vcpu_insn *in)
{
	struct vcpu *c = e->c;
	u16 sel;
	u64 d;
	int r;

	r = read_rm16(e, in, &sel);
	if (r != VR_OK)
		return r;
	if (!(sel & 0xfffc))
		return vcpu_gp(e, 0);
	r = vcpu_read_desc(e, sel, 0, &d);
	if (r != VR_OK)
		return r;
	if (desc_is_seg(d))
		return vcpu_gp(e, sel & 0xfffc);
	if (desc_type(d) == DESC_TSS16_AVAIL)
		return VR_UNSUPPORTED;
	if (desc_type(d) != DESC_TSS32_AVAIL)
		return vcpu_gp(e, sel & 0xfffc);
	if (!desc_present(d))
		return vcpu_raise(e, X86_NP, true, sel & 0xfffc);
	r = vcpu_desc_set_bits(e, sel, 0x02);	/* busy */
	if (r != VR_OK)
		return r;
	c->tr.sel = sel;
	c->tr.base = desc_base(d);
	c->tr.limit = desc_limit(d);
	return VR_OK;
}

/* I/O permission at CPL > IOPL: the TSS I/O bitmap (SDM 19.5.2). */
static int io_allowed(struct vcpu_emu *e, u16 port, unsigned int size)
{
	struct vcpu *c = e->c;
	u16 base, bits;
	u32 first;
	int r;

	if (c->cpl <= ((c->eflags & EFL_IOPL) >> EFL_IOPL_SHIFT))
		return VR_OK;
	if (!(c->tr.sel & 0xfffc) || c->tr.limit < 0x67)
		return vcpu_gp(e, 0);
	r = vcpu_emu_read(e, c->tr.base + 0x66, &base, 2, 0);
	if (r != VR_OK)
		return r;
	first = (u32)base + port / 8;
	if (first + 1 > c->tr.limit)
		return vcpu_gp(e, 0);
	r = vcpu_emu_read(e, c->tr.base + first, &bits, 2, 0);
	if (r != VR_OK)
		return r;
	if ((bits >> (port & 7)) & ((1U << size) - 1))
		return vcpu_gp(e, 0);
	return VR_OK;
}

static int port_io(struct vcpu_emu *e, const struct vcpu_insn *in)
{
	struct vcpu *c = e->c;
	u16 port = in->io_imm ? in->imm : (u16)c->gpr[VCPU_EDX];
	u32 mask = in->io_size == 4 ? ~0U : (1U << (8 * in->io_size)) - 1;
	u32 v;
	int r;

	r = io_allowed(e, port, in->io_size);
	if (r != VR_OK)
		return r;
	c->eip += in->len;
	if (in->op == VOP_IN) {
		c->vtlb->stats.io_in++;
		v = c->io ? vtlb_io_in(c->io, port, in->io_size) : ~0U;
		c->gpr[VCPU_EAX] = (c->gpr[VCPU_EAX] & ~mask) | (v & mask);
		return VR_EXIT;		/* e->act = RESUME */
	}
	c->vtlb->stats.io_out++;
	if (!c->io)
		return VR_EXIT;
	switch (vtlb_io_out(c->io, port, in->io_size, c->gpr[VCPU_EAX], &v)) {
	case VTLB_IO_DEBUG_EXIT:
		c->exit.value = v;
		e->act = VCPU_EXIT_DEBUG_EXIT;
		break;
	case VTLB_IO_SERIAL_FULL:
		e->act = VCPU_EXIT_SERIAL_FULL;
		break;
	default:
		break;
	}
	return VR_EXIT;
}

static bool cpl0_only(enum vcpu_op op)
{
	switch (op) {
	case VOP_MOV_FROM_CR:
	case VOP_MOV_TO_CR:
	case VOP_INVLPG:
	case VOP_LGDT:
	case VOP_LIDT:
	case VOP_LTR:
	case VOP_HLT:
		return true;
	default:
		return false;
	}
}

/*
 * Execute @in. VR_OK: done, EIP to advance. VR_EXIT: EIP already set,
 * e->act says what next. Otherwise a fault/unsupported/nomem.
 */
static int execute(struct vcpu_emu *e, const struct vcpu_insn *in)
{
	struct vcpu *c = e->c;
	unsigned int iopl = (c->eflags & EFL_IOPL) >> EFL_IOPL_SHIFT;
	int r;

	if (c->cpl != 0 && cpl0_only(in->op))
		return vcpu_gp(e, 0);

	switch (in->op) {
	case VOP_MOV_FROM_CR:
		c->gpr[in->rm] = read_cr(c, in->reg);
		return VR_OK;
	case VOP_MOV_TO_CR:
		return mov_to_cr(e, in);
	case VOP_INVLPG:
		r = vtlb_invlpg(c->vtlb, linear(in));
		if (r) {
			e->error = r;
			return VR_NOMEM;
		}
		return VR_OK;
	case VOP_LGDT:
		r = load_dtr(e, in, &c->gdtr);
		if (r == VR_OK && c->ops && c->ops->gdt_loaded)
			c->ops->gdt_loaded(c->ctx, c);
		return r;
	case VOP_LIDT:
		return load_dtr(e, in, &c->idtr);
	case VOP_SGDT:
		return store_dtr(e, in, &c->gdtr);
	case VOP_SIDT:
		return store_dtr(e, in, &c->idtr);
	case VOP_SMSW:
		return write_rm16(e, in, c->cr0);
	case VOP_SLDT:
		return write_rm16(e, in, c->ldtr.sel);
	case VOP_STR:
		return write_rm16(e, in, c->tr.sel);
	case VOP_LTR:
		return ltr(e, in);
	case VOP_MOV_SREG: {
		u16 sel;

		r = read_rm16(e, in, &sel);
		if (r == VR_OK)
			r = vcpu_load_seg(e, (enum vcpu_seg)in->reg, sel);
		/* The descriptor may be newer than the shadow: refresh it. */
		if (r == VR_OK && c->ops && c->ops->gdt_loaded)
			c->ops->gdt_loaded(c->ctx, c);
		return r;
	}
	case VOP_CLI:
	case VOP_STI:
		if (c->cpl > iopl)
			return vcpu_gp(e, 0);
		if (in->op == VOP_CLI)
			c->eflags &= ~EFL_IF;
		else
			c->eflags |= EFL_IF;
		return VR_OK;
	case VOP_HLT:
		c->eip += in->len;
		/* No interrupt ever comes (guest-abi.md): IF = 1 waits forever. */
		if (c->eflags & EFL_IF) {
			c->halted = true;
			e->act = VCPU_EXIT_IDLE;
		} else {
			e->act = VCPU_EXIT_HLT;
		}
		return VR_EXIT;
	case VOP_IN:
	case VOP_OUT:
		return port_io(e, in);
	case VOP_IRET:
		r = vcpu_iret(e, in);
		if (r == VR_OK) {
			e->act = VCPU_RESUME;
			return VR_EXIT;
		}
		return r;
	default:
		return VR_UNSUPPORTED;
	}
}

enum vcpu_action vcpu_emulate(struct vcpu *c, unsigned int vector, u32 err)
{
	struct vcpu_emu e = { .c = c, .act = VCPU_RESUME };
	struct fetch f = { .e = &e };
	struct vcpu_insn in;
	u8 soft_vec;
	int r;

	switch (vcpu_decode(&in, c->gpr, fetch_guest, &f)) {
	case VDEC_OK:
		break;
	case VDEC_FAULT:
		if (f.res == VR_NOMEM) {
			c->exit.error = e.error;
			return VCPU_EXIT_INTERNAL;
		}
		return vcpu_deliver(c, e.f.vector, e.f.has_err, e.f.err, 0);
	case VDEC_UD:
		return vcpu_deliver(c, X86_UD, false, 0, 0);
	default:
		/*
		 * At CPL 3 the real CPU is as privileged as the guest expects:
		 * what it refused, the guest's CPU refuses too.
		 */
		if (c->cpl == 3)
			return vcpu_deliver(c, (u8)vector, true, err, 0);
		return vcpu_unsupported(c, vector, err);
	}

	/* #NP: only a guest-kernel IRET to user code hidden by the shadow. */
	if (vector == X86_NP && !(in.op == VOP_IRET && c->cpl == 0))
		return vcpu_deliver(c, X86_NP, true, err, 0);

	switch (in.op) {
	case VOP_INT:
	case VOP_INT3:
	case VOP_INTO:
		soft_vec = in.op == VOP_INT ? in.imm :
			   in.op == VOP_INT3 ? X86_BP : X86_OF;
		c->vtlb->stats.insn_emulated++;
		if (in.op == VOP_INTO && !(c->eflags & EFL_OF)) {
			c->eip += in.len;
			return VCPU_RESUME;
		}
		return vcpu_deliver(c, soft_vec, false, 0, in.len);
	default:
		break;
	}

	r = execute(&e, &in);
	switch (r) {
	case VR_OK:
		c->eip += in.len;
		fallthrough;
	case VR_EXIT:
		c->vtlb->stats.insn_emulated++;
		return e.act;
	case VR_FAULT:
		return vcpu_deliver(c, e.f.vector, e.f.has_err, e.f.err, 0);
	case VR_NOMEM:
		c->exit.error = e.error;
		return VCPU_EXIT_INTERNAL;
	default:
		return vcpu_unsupported(c, vector, err);
	}
}
