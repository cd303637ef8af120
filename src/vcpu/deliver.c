// SPDX-License-Identifier: GPL-2.0
/*
 * Event delivery through the guest's IDT and IRET, as the Intel SDM
 * describes them for protected mode (INT n/INTO/INT3/INT1 and IRET
 * pseudocode, "Interrupt 8 -- Double Fault Exception"), restricted to what
 * guest-abi.md allows: 32-bit interrupt and trap gates, virtual CPL 0 and
 * 3, no task gates, no virtual-8086 mode. Where the SDM leaves a choice the
 * behaviour of QEMU (the native reference) is followed; see vcpu.md.
 */
#include "vcpu/internal.h"

struct vcpu_event {
	u8 vector;
	bool has_err;
	bool soft;		/* INT n, INT3, INTO: gate DPL checked, EXT = 0 */
	u8 insn_len;		/* soft: the frame's EIP is past the insn */
	u32 err;
};

static bool contributory(unsigned int v)
{
	return v == X86_DE || (v >= X86_TS && v <= X86_GP);
}

/* SDM Table 6-5: does @second while delivering @first become #DF? */
static bool double_fault(unsigned int first, unsigned int second)
{
	if (contributory(first) && contributory(second))
		return true;
	return first == X86_PF && (second == X86_PF || contributory(second));
}

/* Read SS0:ESP0 from the guest TSS for a CPL 3 -> 0 transition. */
static int tss_stack(struct vcpu_emu *e, u32 ext, u16 *ss0, u32 *esp0)
{
	struct vcpu *c = e->c;
	u64 d;
	int r;

	if (!(c->tr.sel & 0xfffc) || c->tr.limit < 9)
		return vcpu_raise(e, X86_TS, true, (c->tr.sel & 0xfffc) | ext);
	r = vcpu_emu_read(e, c->tr.base + 4, esp0, 4, 0);
	if (r == VR_OK)
		r = vcpu_emu_read(e, c->tr.base + 8, ss0, 2, 0);
	if (r != VR_OK)
		return r;
	if (!(*ss0 & 0xfffc))
		return vcpu_raise(e, X86_TS, true, ext);
	if ((*ss0 & 3) != 0 || (*ss0 & 4) ||
	    (u32)(*ss0 | 7) > c->gdtr.limit)
		return vcpu_raise(e, X86_TS, true, (*ss0 & 0xfffc) | ext);
	r = vcpu_emu_read(e, c->gdtr.base + (*ss0 & ~7U), &d, 8, 0);
	if (r != VR_OK)
		return r;
	if (!desc_is_data(d) || !(desc_type(d) & DESC_WRITE) ||
	    desc_dpl(d) != 0)
		return vcpu_raise(e, X86_TS, true, (*ss0 & 0xfffc) | ext);
	if (!desc_present(d))
		return vcpu_raise(e, X86_SS, true, (*ss0 & 0xfffc) | ext);
	return VR_OK;
}

static int deliver_once(struct vcpu_emu *e, const struct vcpu_event *ev)
{
	struct vcpu *c = e->c;
	u32 ext = ev->soft ? 0 : 1;
	u32 idt_err = (u32)ev->vector * 8 + 2 + ext;
	unsigned int new_cpl, n = 0;
	u32 frame[6], esp, acc, esp0 = 0;
	u16 sel, ss0 = 0;
	u64 gate, cd;
	int r;

	if ((u32)ev->vector * 8 + 7 > c->idtr.limit)
		return vcpu_gp(e, idt_err);
	r = vcpu_emu_read(e, c->idtr.base + ev->vector * 8, &gate, 8, 0);
	if (r != VR_OK)
		return r;
	if (desc_is_seg(gate))
		return vcpu_gp(e, idt_err);
	switch (desc_type(gate)) {
	case DESC_INT32:
	case DESC_TRAP32:
		break;
	case DESC_TASK_GATE:
	case DESC_INT16:
	case DESC_TRAP16:
		return VR_UNSUPPORTED;
	default:
		return vcpu_gp(e, idt_err);
	}
	if (ev->soft && desc_dpl(gate) < c->cpl)
		return vcpu_gp(e, idt_err);
	if (!desc_present(gate))
		return vcpu_raise(e, X86_NP, true, idt_err);

	sel = gate_sel(gate);
	if (!(sel & 0xfffc))
		return vcpu_gp(e, ext);
	r = vcpu_read_desc(e, sel, ext, &cd);
	if (r != VR_OK)
		return r;
	if (!desc_is_code(cd) || desc_dpl(cd) > c->cpl)
		return vcpu_gp(e, (sel & 0xfffc) | ext);
	if (!desc_present(cd))
		return vcpu_raise(e, X86_NP, true, (sel & 0xfffc) | ext);
	new_cpl = (desc_type(cd) & DESC_CONFORM) ? c->cpl : desc_dpl(cd);
	if (new_cpl != 0 && new_cpl != 3)
		return VR_UNSUPPORTED;

	/* The frame, lowest address first. */
	if (ev->has_err)
		frame[n++] = ev->err;
	frame[n++] = c->eip + (ev->soft ? ev->insn_len : 0);
	frame[n++] = c->sel[VCPU_CS];
	frame[n++] = c->eflags;
	if (new_cpl < c->cpl) {
		r = tss_stack(e, ext, &ss0, &esp0);
		if (r != VR_OK)
			return r;
		frame[n++] = c->gpr[VCPU_ESP];
		frame[n++] = c->sel[VCPU_SS];
		esp = esp0 - n * 4;
		acc = 0;	/* pushes to the inner stack: supervisor */
	} else {
		esp = c->gpr[VCPU_ESP] - n * 4;
		acc = vcpu_acc(c);
	}
	r = vcpu_emu_write(e, esp, frame, n * 4, acc);
	if (r != VR_OK)
		return r;

	/* Commit. */
	c->gpr[VCPU_ESP] = esp;
	if (new_cpl < c->cpl) {
		c->sel[VCPU_SS] = ss0;
		c->sel_valid |= 1U << VCPU_SS;
	}
	c->sel[VCPU_CS] = (sel & 0xfffc) | new_cpl;
	c->sel_valid |= 1U << VCPU_CS;
	c->eip = gate_offset(gate);
	c->eflags &= ~(EFL_TF | EFL_NT | EFL_RF | EFL_VM);
	if (desc_type(gate) == DESC_INT32)
		c->eflags &= ~EFL_IF;
	if (new_cpl != c->cpl) {
		c->cpl = new_cpl;
		vtlb_set_cpl(c->vtlb, new_cpl);
	}
	return VR_OK;
}

enum vcpu_action vcpu_deliver(struct vcpu *c, u8 vector, bool has_err,
			      u32 err, unsigned int soft_len)
{
	struct vcpu_event ev = {
		.vector = vector,
		.has_err = has_err,
		.soft = soft_len != 0,
		.insn_len = (u8)soft_len,
		.err = has_err ? err : 0,
	};
	struct vcpu_emu e = { .c = c };
	int i;

	for (i = 0; i < 8; i++) {
		switch (deliver_once(&e, &ev)) {
		case VR_OK:
			c->vtlb->stats.exc_injected++;
			return VCPU_RESUME;
		case VR_UNSUPPORTED:
			return vcpu_unsupported(c, ev.vector, ev.err);
		case VR_NOMEM:
			c->exit.error = e.error;
			return VCPU_EXIT_INTERNAL;
		default:
			break;
		}
		if (ev.vector == X86_DF)
			return VCPU_EXIT_TRIPLE_FAULT;
		if (!ev.soft && double_fault(ev.vector, e.f.vector)) {
			ev.vector = X86_DF;
			ev.has_err = true;
			ev.err = 0;
		} else {
			ev.vector = e.f.vector;
			ev.has_err = e.f.has_err;
			ev.err = e.f.err;
		}
		ev.soft = false;
	}
	return VCPU_EXIT_TRIPLE_FAULT;
}

/* On a return to CPL 3, data segments the user may not use become null. */
static void iret_null_segs(struct vcpu *c)
{
	static const enum vcpu_seg segs[] = {
		VCPU_ES, VCPU_DS, VCPU_FS, VCPU_GS,
	};
	unsigned int i;

	for (i = 0; i < VCPU_ARRAY_SIZE(segs); i++) {
		u16 sel = c->sel[segs[i]];
		u32 err, fva;
		u64 d;

		if (!(sel & 0xfffc) || (sel & 4) ||
		    (u32)(sel | 7) > c->gdtr.limit ||
		    vcpu_read_mem(c, c->gdtr.base + (sel & ~7U), &d, 8, 0,
				  &err, &fva) != VCPU_MEM_OK)
			continue;
		if ((!desc_is_code(d) || !(desc_type(d) & DESC_CONFORM)) &&
		    desc_dpl(d) < 3)
			c->sel[segs[i]] = 0;
	}
}

int vcpu_iret(struct vcpu_emu *e, const struct vcpu_insn *in)
{
	struct vcpu *c = e->c;
	u32 pop[3], outer[2] = { 0, 0 }, mask;
	unsigned int rpl, iopl;
	u16 cs, ss = 0;
	u64 d;
	int r;

	if (in->opsize != 4 || (c->eflags & EFL_NT))
		return VR_UNSUPPORTED;	/* IRETW; task return */
	r = vcpu_emu_read(e, c->gpr[VCPU_ESP], pop, 12, vcpu_acc(c));
	if (r != VR_OK)
		return r;
	if ((pop[2] & EFL_VM) && c->cpl == 0)
		return VR_UNSUPPORTED;	/* to virtual-8086 mode */
	cs = (u16)pop[1];
	rpl = cs & 3;
	if (!(cs & 0xfffc))
		return vcpu_gp(e, 0);
	if (rpl < c->cpl)
		return vcpu_gp(e, cs & 0xfffc);
	r = vcpu_read_desc(e, cs, 0, &d);
	if (r != VR_OK)
		return r;
	if (!desc_is_code(d))
		return vcpu_gp(e, cs & 0xfffc);
	if ((desc_type(d) & DESC_CONFORM) ? desc_dpl(d) > rpl :
	    desc_dpl(d) != rpl)
		return vcpu_gp(e, cs & 0xfffc);
	if (!desc_present(d))
		return vcpu_raise(e, X86_NP, true, cs & 0xfffc);
	if (rpl != 0 && rpl != 3)
		return VR_UNSUPPORTED;

	if (rpl > c->cpl) {
		r = vcpu_emu_read(e, c->gpr[VCPU_ESP] + 12, outer, 8,
				  vcpu_acc(c));
		if (r != VR_OK)
			return r;
		ss = (u16)outer[1];
		if (!(ss & 0xfffc))
			return vcpu_gp(e, 0);
		if ((ss & 3) != rpl)
			return vcpu_gp(e, ss & 0xfffc);
		r = vcpu_read_desc(e, ss, 0, &d);
		if (r != VR_OK)
			return r;
		if (!desc_is_data(d) || !(desc_type(d) & DESC_WRITE) ||
		    desc_dpl(d) != rpl)
			return vcpu_gp(e, ss & 0xfffc);
		if (!desc_present(d))
			return vcpu_raise(e, X86_SS, true, ss & 0xfffc);
	}

	/* Commit: EFLAGS as the CPL before the return allows. */
	iopl = (c->eflags & EFL_IOPL) >> EFL_IOPL_SHIFT;
	mask = EFL_CF | EFL_PF | EFL_AF | EFL_ZF | EFL_SF | EFL_TF | EFL_DF |
	       EFL_OF | EFL_NT | EFL_RF | EFL_AC | EFL_ID;
	if (c->cpl <= iopl)
		mask |= EFL_IF;
	if (c->cpl == 0)
		mask |= EFL_IOPL | EFL_VIF | EFL_VIP;
	c->eflags = (c->eflags & ~mask) | (pop[2] & mask) | EFL_FIXED;
	c->eip = pop[0];
	c->sel[VCPU_CS] = cs;
	c->sel_valid |= 1U << VCPU_CS;
	if (rpl > c->cpl) {
		c->gpr[VCPU_ESP] = outer[0];
		c->sel[VCPU_SS] = ss;
		c->sel_valid |= 1U << VCPU_SS;
		c->cpl = rpl;
		vtlb_set_cpl(c->vtlb, rpl);
		iret_null_segs(c);
	} else {
		c->gpr[VCPU_ESP] += 12;
	}
	return VR_OK;
}
