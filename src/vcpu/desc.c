// SPDX-License-Identifier: GPL-2.0
/*
 * Segment descriptors: the shadow GDT rule, reading the guest's GDT, and
 * segment-register loads with the SDM's checks (the ones that trap at
 * real CPL 3: MOV SS with an RPL 0 selector, and loads the real CPU
 * refused for a reason of the VMM's own).
 */
#include "vcpu/internal.h"

u64 vcpu_shadow_desc(u64 guest_desc, unsigned int cpl)
{
	u64 d = guest_desc;

	if (!desc_is_seg(d))
		return 0;	/* TSS, LDT, gates: never in the real GDT */
	/* Code at guest DPL 3 is not present while the guest kernel runs. */
	if (cpl == 0 && desc_is_code(d) && desc_dpl(d) == 3)
		d &= ~DESC_P;
	d |= DESC_DPL | DESC_A;
	d &= ~DESC_L;
	return d;
}

unsigned int vcpu_shadow_gdt(struct vcpu *c, u64 *dst, unsigned int max,
			     unsigned int cpl)
{
	unsigned int n = ((u32)c->gdtr.limit + 8) / 8, i;

	if (n > max)
		n = max;
	for (i = 0; i < max; i++) {
		u64 d = 0;
		u32 err, fva;

		if (i > 0 && i < n && i * 8 + 7 <= c->gdtr.limit &&
		    vcpu_read_mem(c, c->gdtr.base + i * 8, &d, 8, 0, &err,
				  &fva) == VCPU_MEM_OK)
			d = vcpu_shadow_desc(d, cpl);
		else
			d = 0;
		dst[i] = d;
	}
	return n;
}

int vcpu_read_desc(struct vcpu_emu *e, u16 sel, u32 ext, u64 *desc)
{
	struct vcpu *c = e->c;

	/* The LDTR is always null (LLDT is not in the ABI). */
	if ((sel & 4) || (u32)(sel | 7) > c->gdtr.limit)
		return vcpu_gp(e, (sel & 0xfffc) | ext);
	*desc = 0;
	return vcpu_emu_read(e, c->gdtr.base + (sel & ~7U), desc, 8, 0);
}

int vcpu_desc_set_bits(struct vcpu_emu *e, u16 sel, u8 set)
{
	struct vcpu *c = e->c;
	u32 va = c->gdtr.base + (sel & ~7U) + 5;
	u8 b;
	int r;

	r = vcpu_emu_read(e, va, &b, 1, 0);
	if (r != VR_OK || (b & set) == set)
		return r;
	b |= set;
	return vcpu_emu_write(e, va, &b, 1, 0);
}

int vcpu_load_seg(struct vcpu_emu *e, enum vcpu_seg seg, u16 sel)
{
	struct vcpu *c = e->c;
	unsigned int rpl = sel & 3, dpl;
	u16 idx = sel & 0xfffc;
	u64 d;
	int r;

	if (!idx) {			/* null selector */
		if (seg == VCPU_SS)
			return vcpu_gp(e, 0);
		goto load;
	}
	if (seg == VCPU_SS && rpl != c->cpl)
		return vcpu_gp(e, idx);
	r = vcpu_read_desc(e, sel, 0, &d);
	if (r != VR_OK)
		return r;
	dpl = desc_dpl(d);
	if (seg == VCPU_SS) {
		if (!desc_is_data(d) || !(desc_type(d) & DESC_WRITE) ||
		    dpl != c->cpl)
			return vcpu_gp(e, idx);
		if (!desc_present(d))
			return vcpu_raise(e, X86_SS, true, idx);
	} else {
		bool code = desc_is_code(d);

		if (!desc_is_seg(d) || (code && !(desc_type(d) & DESC_READ)))
			return vcpu_gp(e, idx);
		if ((!code || !(desc_type(d) & DESC_CONFORM)) &&
		    (rpl > dpl || c->cpl > dpl))
			return vcpu_gp(e, idx);
		if (!desc_present(d))
			return vcpu_raise(e, X86_NP, true, idx);
	}
	/* The CPU sets the accessed bit in the guest's descriptor. */
	r = vcpu_desc_set_bits(e, sel, 0x01);
	if (r != VR_OK)
		return r;
load:
	c->sel[seg] = sel;
	c->sel_valid |= 1U << seg;
	return VR_OK;
}
