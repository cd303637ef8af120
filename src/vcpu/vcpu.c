// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual CPU: state, the exit dispatcher, guest memory accessors,
 * the real EFLAGS and selectors the world switch runs the guest with.
 * See Documentation/vcpu.md.
 */
#include "vcpu/internal.h"

#define PAGE_OFF(va)	((va) & (GUEST_PAGE_SIZE - 1))

static int vcpu_sync_core(struct vcpu *c)
{
	struct vtlb *v = c->vtlb;
	int r = 0;

	/* CR4 first: PSE/PGE matter to how CR3/CR0 are applied. */
	if (v->cr4 != c->cr4)
		r = vtlb_write_cr4(v, c->cr4);
	if (!r && v->cr3 != c->cr3)
		r = vtlb_write_cr3(v, c->cr3);
	if (!r && v->cr0 != c->cr0)
		r = vtlb_write_cr0(v, c->cr0);
	if (v->cpl != c->cpl)
		vtlb_set_cpl(v, c->cpl);
	return r;
}

int vcpu_init(struct vcpu *c, struct vtlb *v, const struct vcpu_ops *ops,
	      void *ctx, struct vtlb_io_ctx *io)
{
	memset(c, 0, sizeof(*c));
	c->vtlb = v;
	c->ops = ops;
	c->ctx = ctx;
	c->io = io;
	c->eflags = VCPU_EFLAGS_RESET;
	c->cr0 = VCPU_CR0_RESET;
	c->cpl = 0;
	return vcpu_sync_core(c);
}

void vcpu_get_regs(const struct vcpu *c, struct vtlb_regs *r)
{
	r->cpl = c->cpl;
	r->eax = c->gpr[VCPU_EAX];
	r->ecx = c->gpr[VCPU_ECX];
	r->edx = c->gpr[VCPU_EDX];
	r->ebx = c->gpr[VCPU_EBX];
	r->esp = c->gpr[VCPU_ESP];
	r->ebp = c->gpr[VCPU_EBP];
	r->esi = c->gpr[VCPU_ESI];
	r->edi = c->gpr[VCPU_EDI];
	r->eip = c->eip;
	r->eflags = c->eflags;
	r->cr0 = c->cr0;
	r->cr2 = c->cr2;
	r->cr3 = c->cr3;
	r->cr4 = c->cr4;
}

int vcpu_set_regs(struct vcpu *c, const struct vtlb_regs *r)
{
	if (r->cpl != 0 && r->cpl != 3)
		return -EINVAL;
	if (!(r->cr0 & CR0_PE) || (r->cr4 & CR4_PAE))
		return -EINVAL;
	if (r->eflags & EFL_VM)
		return -EINVAL;
	c->cpl = r->cpl;
	c->gpr[VCPU_EAX] = r->eax;
	c->gpr[VCPU_ECX] = r->ecx;
	c->gpr[VCPU_EDX] = r->edx;
	c->gpr[VCPU_EBX] = r->ebx;
	c->gpr[VCPU_ESP] = r->esp;
	c->gpr[VCPU_EBP] = r->ebp;
	c->gpr[VCPU_ESI] = r->esi;
	c->gpr[VCPU_EDI] = r->edi;
	c->eip = r->eip;
	c->eflags = (r->eflags | EFL_FIXED) & ~(VTLB_BIT(3) | VTLB_BIT(5) |
						VTLB_BIT(15) | 0xffc00000U);
	c->cr0 = r->cr0 | CR0_ET;
	c->cr2 = r->cr2;
	c->cr3 = r->cr3;
	c->cr4 = r->cr4;
	c->halted = false;
	return vcpu_sync_core(c);
}

u32 vcpu_real_eflags(const struct vcpu *c)
{
	u32 f = (c->eflags & EFL_REAL_MASK) | EFL_IF | EFL_FIXED;

	if (c->cpl == 0)
		f |= EFL_NT;	/* every guest-kernel IRET traps */
	return f;
}

void vcpu_merge_real_eflags(struct vcpu *c, u32 real)
{
	c->eflags = (c->eflags & ~EFL_REAL_MASK) | (real & EFL_REAL_MASK) |
		    EFL_FIXED;
}

bool vcpu_real_sel(const struct vcpu *c, enum vcpu_seg seg, u16 *real)
{
	u16 s = c->sel[seg];

	if (!(c->sel_valid & (1U << seg)))
		return false;
	if (seg == VCPU_CS || seg == VCPU_SS)
		s |= 3;
	*real = s;
	return true;
}

void vcpu_sel_from_real(struct vcpu *c, enum vcpu_seg seg, u16 real)
{
	if (seg == VCPU_CS || seg == VCPU_SS)
		real = (real & ~3) | c->cpl;
	c->sel[seg] = real;
	c->sel_valid |= 1U << seg;
}

/* ---- guest memory --------------------------------------------------- */

static enum vcpu_mem_result vcpu_xlate(struct vcpu *c, u32 va, u32 acc,
				       u8 **hva, u32 *err)
{
	struct vtlb *v = c->vtlb;
	u64 gpa;

	switch (vtlb_translate(v, va, acc, &gpa, err)) {
	case VTLB_PF_RETRY:
		break;
	case VTLB_PF_GUEST:
		return VCPU_MEM_PF;
	case VTLB_PF_MCE:
		return VCPU_MEM_MCE;
	default:
		return VCPU_MEM_NOMEM;
	}
	*hva = v->ops->gpa_to_hva(v->ctx, gpa);
	return *hva ? VCPU_MEM_OK : VCPU_MEM_MCE;
}

static u32 chunk_len(u32 va, u32 left)
{
	u32 room = GUEST_PAGE_SIZE - PAGE_OFF(va);

	return left < room ? left : room;
}

enum vcpu_mem_result vcpu_read_mem(struct vcpu *c, u32 va, void *buf,
				   u32 len, u32 acc, u32 *err, u32 *fault_va)
{
	u8 *dst = buf;
	u32 n = 0;

	acc &= ~VTLB_ACC_WRITE;
	while (n < len) {
		u32 a = va + n, k = chunk_len(a, len - n);
		enum vcpu_mem_result r;
		u8 *hva;

		r = vcpu_xlate(c, a, acc, &hva, err);
		if (r != VCPU_MEM_OK) {
			*fault_va = a;
			return r;
		}
		memcpy(dst + n, hva, k);
		n += k;
	}
	return VCPU_MEM_OK;
}

enum vcpu_mem_result vcpu_write_mem(struct vcpu *c, u32 va, const void *buf,
				    u32 len, u32 acc, u32 *err, u32 *fault_va)
{
	const u8 *src = buf;
	u32 n;

	acc |= VTLB_ACC_WRITE;
	/* Pass 1: every page must be writable before any byte is written. */
	for (n = 0; n < len; ) {
		u32 a = va + n;
		enum vcpu_mem_result r;
		u8 *hva;

		r = vcpu_xlate(c, a, acc, &hva, err);
		if (r != VCPU_MEM_OK) {
			*fault_va = a;
			return r;
		}
		n += chunk_len(a, len - n);
	}
	/* Pass 2: the same translations again (they cannot fail now). */
	for (n = 0; n < len; ) {
		u32 a = va + n, k = chunk_len(a, len - n);
		enum vcpu_mem_result r;
		u8 *hva;

		r = vcpu_xlate(c, a, acc, &hva, err);
		if (r != VCPU_MEM_OK) {
			*fault_va = a;
			return r;
		}
		memcpy(hva, src + n, k);
		n += k;
	}
	return VCPU_MEM_OK;
}

static int emu_result(struct vcpu_emu *e, enum vcpu_mem_result r, u32 err,
		      u32 fault_va)
{
	switch (r) {
	case VCPU_MEM_OK:
		return VR_OK;
	case VCPU_MEM_PF:
		e->c->cr2 = fault_va;
		return vcpu_raise(e, X86_PF, true, err);
	case VCPU_MEM_MCE:
		return vcpu_raise(e, X86_MC, false, 0);
	default:
		e->error = -ENOMEM;
		return VR_NOMEM;
	}
}

int vcpu_emu_read(struct vcpu_emu *e, u32 va, void *buf, u32 len, u32 acc)
{
	u32 err = 0, fva = 0;
	enum vcpu_mem_result r = vcpu_read_mem(e->c, va, buf, len, acc, &err,
					       &fva);

	return emu_result(e, r, err, fva);
}

int vcpu_emu_write(struct vcpu_emu *e, u32 va, const void *buf, u32 len,
		   u32 acc)
{
	u32 err = 0, fva = 0;
	enum vcpu_mem_result r = vcpu_write_mem(e->c, va, buf, len, acc, &err,
						&fva);

	return emu_result(e, r, err, fva);
}

/* ---- exits ---------------------------------------------------------- */

enum vcpu_action vcpu_unsupported(struct vcpu *c, u32 vector, u32 err)
{
	struct vcpu_exit_info *x = &c->exit;
	u32 n = 0;

	x->vector = vector;
	x->error_code = err;
	x->eip = c->eip;
	x->cpl = c->cpl;
	/* Best effort, page by page, stopping at the first failure. */
	while (n < VCPU_INSN_MAX) {
		u32 a = c->eip + n, k = chunk_len(a, VCPU_INSN_MAX - n);
		u32 e, fva;

		if (vcpu_read_mem(c, a, x->insn + n, k, vcpu_acc(c), &e,
				  &fva) != VCPU_MEM_OK)
			break;
		n += k;
	}
	x->insn_len = n;
	return VCPU_EXIT_UNSUPPORTED;
}

static enum vcpu_action vcpu_page_fault(struct vcpu *c, u32 err, u32 cr2)
{
	u32 gerr = 0;

	switch (vtlb_page_fault(c->vtlb, cr2, err, &gerr)) {
	case VTLB_PF_RETRY:
		return VCPU_RESUME;
	case VTLB_PF_GUEST:
		c->cr2 = cr2;
		return vcpu_deliver(c, X86_PF, true, gerr, 0);
	case VTLB_PF_MCE:
		return vcpu_deliver(c, X86_MC, false, 0, 0);
	default:
		c->exit.error = -ENOMEM;
		return VCPU_EXIT_INTERNAL;
	}
}

enum vcpu_action vcpu_handle_exit(struct vcpu *c, unsigned int vector,
				  u32 error_code, u32 cr2)
{
	struct vtlb_counters *st = &c->vtlb->stats;

	if (vector < 32 && vector != X86_NMI && vector != X86_MC) {
		if (vector == X86_PF)
			st->exit_pf++;
		else if (vector == X86_GP)
			st->exit_gp++;
		else
			st->exit_other_exc++;
	}
	switch (vector) {
	case X86_PF:
		return vcpu_page_fault(c, error_code, cr2);
	case X86_NP:
		/* Only the guest kernel's IRET to hidden user code is ours. */
		if (c->cpl == 3)
			return vcpu_deliver(c, X86_NP, true, error_code, 0);
		return vcpu_emulate(c, vector, error_code);
	case X86_GP:
		return vcpu_emulate(c, vector, error_code);
	case X86_DE:
	case X86_BR:
	case X86_UD:
		/* Raised by the real CPU exactly as natively: reflect. */
		return vcpu_deliver(c, (u8)vector, false, 0, 0);
	case X86_SS:
		/* Shadows keep the guest's limits: the same #SS natively. */
		return vcpu_deliver(c, (u8)vector, true, error_code, 0);
	case X86_NMI:
	case X86_MC:
		return VCPU_RESUME;	/* the host's: the run loop forwarded it */
	default:
		if (vector >= 32)
			return VCPU_RESUME;	/* host interrupt */
		/*
		 * #DB, #BP, #OF (our gates are DPL 0, so INT3/INTO come as
		 * #GP), #NM, #DF, #MF, #XM; #TS (the guest never switches
		 * tasks or stacks through the real TSS); #AC (the real AC
		 * flag may differ from the guest's, which is not tracked).
		 */
		return vcpu_unsupported(c, vector, error_code);
	}
}
