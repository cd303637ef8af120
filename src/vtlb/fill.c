// SPDX-License-Identifier: GPL-2.0
/*
 * Writing active entries from guest entries: the PDE-level and PTE-level
 * fills of patent Figs 7A-7D (blocks 732-766 and 846-848) and the A/D
 * emulation of the Fig 6 text. Eager fill (eager.c) uses the same rules.
 *
 * Rules, per hierarchy (design-notes "Active hierarchies"):
 *   U/S: supervisor hierarchy 1 (the guest kernel really runs at ring 3),
 *        user hierarchy as the guest entry (blocks 758, 1014);
 *   R/W: user hierarchy as the guest entry; supervisor hierarchy 1 when the
 *        guest expects CR0.WP = 0 (blocks 764, 1026), else as the guest
 *        entry (blocks 762, 1024);
 *   a leaf stays read-only while the guest D bit is clear (blocks 1018,
 *        1044), so the first write faults and the core sets D (802/848).
 * Host NX and G are never set; PWT/PCD are ignored (guest-abi.md).
 */
#include "internal.h"

#define HOST_2M_MASK	((u64)HOST_2M_SIZE - 1)

u64 vtlb_host_rights(const struct vtlb *v, enum vtlb_hier_id h, u32 gentry,
		     bool leaf)
{
	u64 rw = gentry & PTE_RW;
	u64 us = gentry & PTE_US;

	if (h == VTLB_SUP) {
		us = PTE_US;
		if (!(v->cr0 & CR0_WP))
			rw = PTE_RW;
	}
	if (leaf && !(gentry & PTE_D))
		rw = 0;
	return PTE_P | rw | us;
}

/*
 * Can the 2 MiB of guest RAM at @gpa_2m be one host 2 MiB page? Only if
 * 2 MiB leaves are allowed, all of it is RAM and its host frames are
 * contiguous and 2 MiB aligned: the host knows (ram_2m_block), or we
 * compare frame by frame. vtlb.ko backs guest RAM with 2 MiB host blocks
 * unless VTLB_VM_RAM_4K, which also sets cfg.host_4k_only.
 */
bool vtlb_can_map_2m(const struct vtlb *v, u64 gpa_2m, u64 *hpa)
{
	u64 base, off;

	if (v->cfg.host_4k_only || gpa_2m + HOST_2M_SIZE > v->cfg.ram_size)
		return false;
	if (v->ops->ram_2m_block)
		return v->ops->ram_2m_block(v->ctx, gpa_2m, hpa);
	base = v->ops->gpa_to_hpa(v->ctx, gpa_2m);
	if (base & HOST_2M_MASK)
		return false;
	for (off = GUEST_PAGE_SIZE; off < HOST_2M_SIZE; off += GUEST_PAGE_SIZE)
		if (v->ops->gpa_to_hpa(v->ctx, gpa_2m + off) != base + off)
			return false;
	*hpa = base;
	return true;
}

/* Host PTE for @va in an active PT of @kind, with PDE-level @pde_flags. */
int vtlb_set_4k(struct vtlb *v, enum vtlb_hier_id h, u32 va,
		enum vtlb_pt_kind kind, u64 pde_flags, u64 pte)
{
	unsigned int slot = va >> 21;
	int err = 0;
	u64 *t = vtlb_ensure_pt(v, h, slot, kind, &err);
	u64 *pde;

	if (!t)
		return err;
	pde = vtlb_host_pde(v, h, slot);
	*pde = (*pde & HOST_ADDR_MASK) | pde_flags;
	t[(va >> GUEST_PAGE_SHIFT) & (HOST_PT_ENTRIES - 1)] = pte;
	return 0;
}

/* Host 2 MiB leaf for the slot of @va (replaces any active PT there). */
void vtlb_set_2m(struct vtlb *v, enum vtlb_hier_id h, u32 va, u64 leaf)
{
	vtlb_drop_half(v, h, va >> 21);
	*vtlb_host_pde(v, h, va >> 21) = leaf | PTE_PS;
	vtlb_slot_used(v, h, va >> 21);
}

/*
 * Fill both hierarchies for @va from a successful guest walk @w (Figs 7B
 * and 7D). The current hierarchy comes first and must succeed; the other
 * is only a prefetch (the patent fills both), so its failure is ignored.
 */
int vtlb_fill(struct vtlb *v, u32 va, const struct vtlb_walk *w)
{
	enum vtlb_hier_id cur = vtlb_cur_hier(v);
	u64 hpa = v->ops->gpa_to_hpa(v->ctx, w->gpa & GUEST_PFN_MASK);
	u64 hpa_2m = 0;
	bool big = w->large && vtlb_can_map_2m(v, w->gpa & ~HOST_2M_MASK,
					       &hpa_2m);
	unsigned int i;

	for (i = 0; i < VTLB_NR_HIER; i++) {
		enum vtlb_hier_id h = i ? !cur : cur;
		int err = 0;

		if (big)		/* Fig 7B: 4 MiB -> 2 MiB leaf */
			vtlb_set_2m(v, h, va,
				    hpa_2m | vtlb_host_rights(v, h, w->pde, true));
		else if (w->large)	/* Fig 7B, 4 KiB pieces (our choice) */
			err = vtlb_set_4k(v, h, va, VTLB_PT_4M, HOST_TABLE_FLAGS,
					  hpa | vtlb_host_rights(v, h, w->pde, true));
		else			/* Figs 7A + 7D: PDE -> PT, block 846 */
			err = vtlb_set_4k(v, h, va, VTLB_PT_4K,
					  vtlb_host_rights(v, h, w->pde, false),
					  hpa | vtlb_host_rights(v, h, w->pte, true));
		if (err && i == 0)
			return err;
	}
	v->stats.fill_4m += w->large;
	v->stats.fill_4m_2m += big;
	v->stats.fill_4k += !w->large;
	return 0;
}

/* CR0.PG = 0: guest linear = guest physical, every access allowed. */
int vtlb_fill_phys(struct vtlb *v, u32 va)
{
	enum vtlb_hier_id cur = vtlb_cur_hier(v);
	u64 all = PTE_P | PTE_RW | PTE_US;
	u64 hpa = v->ops->gpa_to_hpa(v->ctx, va & GUEST_PFN_MASK);
	u64 hpa_2m = 0;
	bool big = vtlb_can_map_2m(v, va & ~HOST_2M_MASK, &hpa_2m);
	unsigned int i;

	for (i = 0; i < VTLB_NR_HIER; i++) {
		enum vtlb_hier_id h = i ? !cur : cur;
		int err = 0;

		if (big)
			vtlb_set_2m(v, h, va, hpa_2m | all);
		else
			err = vtlb_set_4k(v, h, va, VTLB_PT_4K, all, hpa | all);
		if (err && i == 0)
			return err;
	}
	v->stats.fill_phys++;
	return 0;
}
