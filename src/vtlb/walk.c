// SPDX-License-Identifier: GPL-2.0
/*
 * The guest walker: IA-32 two-level paging (CR4.PAE = 0) exactly as the
 * Intel SDM describes it, over the guest's own tables (patent Fig 4 block
 * 404, the "guest translation data structure"). Used by the fault handler
 * to decide whether the guest would fault natively (Figs 7A/7C decision
 * boxes 710 and 832) and by vtlb_translate for the virtual CPU's accesses.
 */
#include "internal.h"

bool vtlb_gpa_in_ram(const struct vtlb *v, u64 gpa)
{
	return gpa < v->cfg.ram_size;
}

/* Host pointer to the guest's 32-bit entry at @gpa, NULL outside RAM. */
u32 *vtlb_guest_entry(const struct vtlb *v, u32 gpa)
{
	if (!vtlb_gpa_in_ram(v, gpa))
		return NULL;
	return v->ops->gpa_to_hva(v->ctx, gpa);
}

/* A PDE maps a 4 MiB page only when CR4.PSE = 1; otherwise PS is ignored. */
bool vtlb_pde_is_large(const struct vtlb *v, u32 pde)
{
	return (pde & PTE_PS) && (v->cr4 & CR4_PSE);
}

/*
 * Walk the guest tables for @va and @access (VTLB_ACC_* bits). One loop
 * over the two levels collects the entries and the AND of their rights;
 * the permission rules are then applied once:
 *   user access      needs U/S = 1 at both levels;
 *   user write       needs R/W = 1 at both levels;
 *   supervisor write needs R/W = 1 at both levels only when CR0.WP = 1.
 * Not-present gives error code P = 0, a reserved bit P | RSVD, a rights
 * violation P = 1; W and U always describe the access. A and D are set
 * only when the walk succeeds and the page is in RAM (the CPU we model
 * sets them only for accesses that complete).
 */
enum vtlb_walk_status vtlb_walk(struct vtlb *v, u32 va, u32 access,
				struct vtlb_walk *w)
{
	u32 table = v->cr3 & GUEST_PFN_MASK;
	u32 rights = PTE_RW | PTE_US;
	u32 *ent[2] = { NULL, NULL };
	bool write = access & VTLB_ACC_WRITE, user = access & VTLB_ACC_USER;
	int level;
	u64 frame;
	u32 e = 0;

	w->large = false;
	w->pte = 0;
	w->error = access & (PFERR_W | PFERR_U);
	for (level = 1; level >= 0; level--) {
		u32 idx = level ? GUEST_PDE_INDEX(va) : GUEST_PTE_INDEX(va);

		ent[level] = vtlb_guest_entry(v, table + idx * 4);
		if (!ent[level])
			return VTLB_WALK_BAD_FRAME;	/* blocks 716 / 838 */
		e = *ent[level];
		if (level)
			w->pde = e;
		else
			w->pte = e;
		if (!(e & PTE_P))
			return VTLB_WALK_FAULT;
		rights &= e;
		if (level && vtlb_pde_is_large(v, e)) {
			if (e & GUEST_PDE_RSVD_MASK) {
				w->error |= PFERR_P | PFERR_RSVD;
				return VTLB_WALK_FAULT;
			}
			w->large = true;
			break;
		}
		table = e & GUEST_PFN_MASK;
	}

	if ((user && !(rights & PTE_US)) ||
	    (write && !(rights & PTE_RW) && (user || (v->cr0 & CR0_WP)))) {
		w->error |= PFERR_P;
		return VTLB_WALK_FAULT;
	}

	frame = w->large ? (e & GUEST_LPAGE_MASK) | (va & ~GUEST_LPAGE_MASK)
			 : (e & GUEST_PFN_MASK) | (va & ~GUEST_PFN_MASK);
	w->gpa = frame;
	if (!vtlb_gpa_in_ram(v, frame))
		return VTLB_WALK_BAD_FRAME;	/* blocks 716 / 838 */

	/* Success: the CPU's A/D updates (patent Fig 6 text, blocks 802/848). */
	for (level = 1; level >= 0 && ent[level]; level--) {
		bool leaf = level == 0 || w->large;
		u32 set = PTE_A | (leaf && write ? PTE_D : 0);
		u32 old = *ent[level];

		set &= ~old;
		if (!set)
			continue;
		*ent[level] = old | set;
		v->stats.a_set += !!(set & PTE_A);
		v->stats.d_set += !!(set & PTE_D);
		if (level)
			w->pde = old | set;
		else
			w->pte = old | set;
	}
	return VTLB_WALK_OK;
}

/*
 * The virtual CPU's own accesses: a walk like the CPU's. Setting A or D
 * never makes an active entry allow more than the guest tables, so the
 * active hierarchies stay consistent without further work.
 */
enum vtlb_pf_result vtlb_translate(struct vtlb *v, u32 va, u32 access,
				   u64 *gpa, u32 *guest_error)
{
	struct vtlb_walk w;

	if (!(v->cr0 & CR0_PG)) {
		*gpa = va;
		return vtlb_gpa_in_ram(v, va) ? VTLB_PF_RETRY : VTLB_PF_MCE;
	}
	switch (vtlb_walk(v, va, access, &w)) {
	case VTLB_WALK_OK:
		*gpa = w.gpa;
		return VTLB_PF_RETRY;
	case VTLB_WALK_FAULT:
		*guest_error = w.error;
		return VTLB_PF_GUEST;
	case VTLB_WALK_BAD_FRAME:
		break;
	}
	return VTLB_PF_MCE;
}
