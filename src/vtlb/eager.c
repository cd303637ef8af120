// SPDX-License-Identifier: GPL-2.0
/*
 * Eager fill (patent Figs 10A-10B, method 1000), selected per VM with
 * cfg.eager: after every TLB-affecting operation, re-evaluate the whole
 * guest hierarchy and make the active hierarchies match it. Entries that
 * are not present *or not accessed* (decision boxes 1004/1030) stay not
 * present, so the first access still faults and the core sets the guest A
 * bit; entries naming frames outside RAM stay not present too (1008/1032,
 * the fault path then raises the #MC). Clean leaves stay read-only (1018,
 * 1044). Active PTs are kept where they still match, allocated where a
 * present entry needs one and freed when nothing in them is present.
 * Paging off needs no guest tables: it is left to lazy fill.
 */
#include "internal.h"

/*
 * One 2 MiB half of guest PDE @gpde (both hierarchies): from the guest PT
 * half @gpt (512 entries, blocks 1028-1054), or, with @gpt NULL, the 4 KiB
 * pieces of the 4 MiB page at @gpa_2m.
 */
static int eager_pt(struct vtlb *v, unsigned int slot, u32 gpde,
		    const u32 *gpt, u64 gpa_2m)
{
	enum vtlb_pt_kind kind = gpt ? VTLB_PT_4K : VTLB_PT_4M;
	struct vtlb_pt *p = &v->pt[slot >> 1];
	unsigned int half = slot & 1;
	u64 *t[VTLB_NR_HIER];
	bool any[VTLB_NR_HIER] = { false, false };
	unsigned int h, j;
	int err = 0;

	for (h = 0; h < VTLB_NR_HIER; h++) {
		if (p->kind[h][half] != kind)
			vtlb_drop_half(v, h, slot);
		t[h] = p->pt[h][half];
	}
	for (j = 0; j < HOST_PT_ENTRIES; j++) {
		u32 ge = gpt ? gpt[j] : gpde;
		u64 gpa = gpt ? (u64)(ge & GUEST_PFN_MASK) :
				gpa_2m + (u64)j * GUEST_PAGE_SIZE;
		bool ok = vtlb_gpa_in_ram(v, gpa) &&
			  (!gpt || ((ge & PTE_P) && (ge & PTE_A)));
		u64 hpa = ok ? v->ops->gpa_to_hpa(v->ctx, gpa) : 0;

		v->stats.eager_entries += !!gpt;
		for (h = 0; h < VTLB_NR_HIER; h++) {
			u64 val = ok ? hpa | vtlb_host_rights(v, h, ge, true) : 0;

			if (val && !t[h]) {
				t[h] = vtlb_ensure_pt(v, h, slot, kind, &err);
				if (!t[h])
					return err;
			}
			if (t[h])
				t[h][j] = val;
			any[h] |= ok;
		}
	}
	for (h = 0; h < VTLB_NR_HIER; h++) {
		u64 *pde = vtlb_host_pde(v, h, slot);

		if (!t[h])
			continue;
		if (!any[h])
			vtlb_drop_half(v, h, slot);
		else if (gpt)	/* blocks 1012-1026 for a PDE -> PT */
			*pde = (*pde & HOST_ADDR_MASK) |
			       vtlb_host_rights(v, h, gpde, false);
	}
	return 0;
}

/* One guest PDE (blocks 1004-1026). */
static int eager_pde(struct vtlb *v, unsigned int i, u32 gpde)
{
	unsigned int half, h;
	const u32 *gpt = NULL;
	int err;

	v->stats.eager_entries++;
	if (!(gpde & PTE_P) || !(gpde & PTE_A)) {	/* 1004 -> 1006 */
		vtlb_drop_slot(v, i);
		return 0;
	}
	if (vtlb_pde_is_large(v, gpde)) {
		if (gpde & GUEST_PDE_RSVD_MASK) {	/* would fault: RSVD */
			vtlb_drop_slot(v, i);
			return 0;
		}
	} else {
		gpt = vtlb_guest_entry(v, gpde & GUEST_PFN_MASK);
		if (!gpt) {				/* 1008 -> 1006 */
			vtlb_drop_slot(v, i);
			return 0;
		}
	}
	for (half = 0; half < 2; half++) {
		unsigned int slot = i * 2 + half;
		u64 gpa_2m = (gpde & GUEST_LPAGE_MASK) + half * HOST_2M_SIZE;
		u64 hpa_2m;

		if (!gpt && !vtlb_gpa_in_ram(v, gpa_2m)) {
			for (h = 0; h < VTLB_NR_HIER; h++)	/* 1008 -> 1006 */
				vtlb_drop_half(v, h, slot);
			continue;
		}
		if (!gpt && vtlb_can_map_2m(v, gpa_2m, &hpa_2m)) {
			for (h = 0; h < VTLB_NR_HIER; h++)
				vtlb_set_2m(v, h, slot << 21, hpa_2m |
					    vtlb_host_rights(v, h, gpde, true));
			continue;
		}
		err = eager_pt(v, slot, gpde, gpt ? gpt + half * 512 : NULL,
			       gpa_2m);
		if (err)
			return err;
	}
	return 0;
}

int vtlb_eager_fill(struct vtlb *v)
{
	const u32 *pd;
	unsigned int i;
	int err;

	if (!v->cfg.eager || !(v->cr0 & CR0_PG))
		return 0;
	v->stats.eager_walks++;
	pd = vtlb_guest_entry(v, v->cr3 & GUEST_PFN_MASK);
	if (!pd) {
		vtlb_drop_all(v);
		return 0;
	}
	for (i = 0; i < 1024; i++) {
		err = eager_pde(v, i, pd[i]);
		if (err)
			return err;
	}
	return 0;
}
