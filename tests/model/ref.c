// SPDX-License-Identifier: GPL-2.0
/*
 * Reference model of IA-32 two-level paging; see ref.h for the rules and
 * the choices. Deliberately written as a literal transcription of the SDM
 * steps, with no code shared with src/vtlb.
 */
#include "ref.h"
#include "vtlb/x86.h"

enum ref_pse_mode ref_pse_mode = REF_PSE_RSVD_21_13;

u32 ref_read32(const struct ref_mem *m, u64 gpa)
{
	const u8 *p = m->ram + gpa;

	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

void ref_write32(struct ref_mem *m, u64 gpa, u32 val)
{
	u8 *p = m->ram + gpa;

	p[0] = val;
	p[1] = val >> 8;
	p[2] = val >> 16;
	p[3] = val >> 24;
}

static bool in_ram(const struct ref_mem *m, u64 gpa)
{
	return gpa + 4 <= m->size;
}

static void fault(struct ref_result *r, u32 err)
{
	r->kind = REF_PF;
	r->error = err;
}

void ref_walk(const struct ref_cpu *c, const struct ref_mem *m, u32 va,
	      bool write, struct ref_result *r)
{
	bool user = c->cpl == 3;
	u32 acc = (write ? PFERR_W : 0) | (user ? PFERR_U : 0);
	u32 pde_gpa, pde, pte_gpa, pte = 0, rw, us;
	u64 frame;
	bool large;

	r->kind = REF_OK;
	r->error = 0;
	r->nupd = 0;
	r->large = false;
	r->gpa = 0;

	if (!(c->cr0 & CR0_PG)) {
		/* Paging off: linear = physical, no protection checks. */
		if (!in_ram(m, va)) {
			r->kind = REF_MCE;
			return;
		}
		r->gpa = va;
		return;
	}

	/* SDM 4.3: PDE at CR3[31:12] | va[31:22] << 2. */
	pde_gpa = (c->cr3 & 0xFFFFF000U) | ((va >> 22) << 2);
	if (!in_ram(m, pde_gpa)) {
		r->kind = REF_MCE;
		return;
	}
	pde = ref_read32(m, pde_gpa);
	if (!(pde & PTE_P)) {
		fault(r, acc);
		return;
	}
	large = (c->cr4 & CR4_PSE) && (pde & PTE_PS);
	if (large) {
		u32 rsvd = 0;

		switch (ref_pse_mode) {
		case REF_PSE_RSVD_21_13:
			rsvd = pde & 0x003FE000U;
			frame = pde & 0xFFC00000U;
			break;
		case REF_PSE36_M40:
			rsvd = pde & VTLB_BIT(21);
			frame = (u64)(pde & 0xFFC00000U) |
				((u64)((pde >> 13) & 0xFF) << 32);
			break;
		default:
			frame = pde & 0xFFC00000U;
			break;
		}
		if (rsvd) {
			fault(r, acc | PFERR_P | PFERR_RSVD);
			return;
		}
		rw = pde & PTE_RW;
		us = pde & PTE_US;
		frame |= va & 0x003FFFFFU;
	} else {
		pte_gpa = (pde & 0xFFFFF000U) | (((va >> 12) & 0x3FF) << 2);
		if (!in_ram(m, pte_gpa)) {
			/* The walk must read the PTE: touches a non-RAM frame. */
			r->kind = REF_MCE;
			return;
		}
		pte = ref_read32(m, pte_gpa);
		if (!(pte & PTE_P)) {
			fault(r, acc);
			return;
		}
		/* SDM 4.6: the access rights are the AND of both levels. */
		rw = pde & pte & PTE_RW;
		us = pde & pte & PTE_US;
		frame = (u64)(pte & 0xFFFFF000U) | (va & 0xFFFU);
	}

	/* SDM 4.6.1 (no SMEP/SMAP in this CPU model). */
	if (user) {
		if (!us || (write && !rw)) {
			fault(r, acc | PFERR_P);
			return;
		}
	} else if (write && !rw && (c->cr0 & CR0_WP)) {
		fault(r, acc | PFERR_P);
		return;
	}

	if (!in_ram(m, frame)) {
		r->kind = REF_MCE;
		return;
	}
	r->gpa = frame;
	r->large = large;

	/* SDM 4.8: A in every entry used, D in the entry that maps the page. */
	if (large) {
		u32 n = pde | PTE_A | (write ? PTE_D : 0);

		if (n != pde) {
			r->upd[r->nupd].gpa = pde_gpa;
			r->upd[r->nupd++].val = n;
		}
	} else {
		u32 n = pte | PTE_A | (write ? PTE_D : 0);

		if (!(pde & PTE_A)) {
			r->upd[r->nupd].gpa = pde_gpa;
			r->upd[r->nupd++].val = pde | PTE_A;
		}
		if (n != pte) {
			r->upd[r->nupd].gpa = pte_gpa;
			r->upd[r->nupd++].val = n;
		}
	}
}

void ref_commit(struct ref_mem *m, const struct ref_result *r)
{
	unsigned int i;

	if (r->kind != REF_OK)
		return;
	for (i = 0; i < r->nupd; i++)
		ref_write32(m, r->upd[i].gpa, r->upd[i].val);
}

void ref_access(const struct ref_cpu *c, struct ref_mem *m, u32 va,
		bool write, struct ref_result *r)
{
	ref_walk(c, m, va, write, r);
	ref_commit(m, r);
}
