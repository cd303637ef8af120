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
 *
 * Eager fill also drops or rewrites active entries the guest has changed
 * but not yet invalidated. For a 4 KiB guest page that needs no host
 * flush: the guest's own INVLPG of that page later flushes it. A piece of
 * a 4 MiB guest page is different: the guest may invalidate the page
 * through any address in it, and once the active entry is gone
 * vtlb_invlpg cannot tell that more than that one address needs flushing.
 * So a fill that changes such an entry flushes the host TLB itself.
 */
#include "internal.h"

/* Note in @stale that present entry @old becomes @new (A/D aside). */
static void note(bool *stale, u64 old, u64 new)
{
	*stale |= (old & PTE_P) && ((old ^ new) & ~(u64)(PTE_A | PTE_D));
}

static void drop_half(struct vtlb *v, enum vtlb_hier_id h, unsigned int slot,
		      bool *stale)
{
	if (vtlb_holds_4m(v, h, slot))
		note(stale, *vtlb_host_pde(v, h, slot), 0);
	vtlb_drop_half(v, h, slot);
}

/* Everything cached for guest PDE @gpde, both hierarchies (block 1006). */
static void drop_slot(struct vtlb *v, unsigned int gpde, bool *stale)
{
	unsigned int h, slot;

	for (h = 0; h < VTLB_NR_HIER; h++)
		for (slot = gpde * 2; slot < gpde * 2 + 2; slot++)
			if (*vtlb_host_pde(v, h, slot))
				drop_half(v, h, slot, stale);
}

/*
 * One 2 MiB half of guest PDE @gpde (both hierarchies): from the guest PT
 * half @gpt (512 entries, blocks 1028-1054), or, with @gpt NULL, the 4 KiB
 * pieces of the 4 MiB page at @gpa_2m.
 */
static int eager_pt(struct vtlb *v, unsigned int slot, u32 gpde,
		    const u32 *gpt, u64 gpa_2m, bool *stale)
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
			drop_half(v, h, slot, stale);
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
			if (!t[h])
				continue;
			if (!gpt)
				note(stale, t[h][j], val);
			t[h][j] = val;
			any[h] |= ok;
		}
	}
	for (h = 0; h < VTLB_NR_HIER; h++) {
		u64 *pde = vtlb_host_pde(v, h, slot);

		if (!t[h])
			continue;
		if (!any[h])
			drop_half(v, h, slot, stale);
		else if (gpt)	/* blocks 1012-1026 for a PDE -> PT */
			*pde = (*pde & HOST_ADDR_MASK) |
			       vtlb_host_rights(v, h, gpde, false);
	}
	return 0;
}

/* One guest PDE (blocks 1004-1026). */
static int eager_pde(struct vtlb *v, unsigned int i, u32 gpde, bool *stale)
{
	unsigned int half, h;
	const u32 *gpt = NULL;
	int err;

	v->stats.eager_entries++;
	if (!(gpde & PTE_P) || !(gpde & PTE_A)) {	/* 1004 -> 1006 */
		drop_slot(v, i, stale);
		return 0;
	}
	if (vtlb_pde_is_large(v, gpde)) {
		if (gpde & GUEST_PDE_RSVD_MASK) {	/* would fault: RSVD */
			drop_slot(v, i, stale);
			return 0;
		}
	} else {
		gpt = vtlb_guest_entry(v, gpde & GUEST_PFN_MASK);
		if (!gpt) {				/* 1008 -> 1006 */
			drop_slot(v, i, stale);
			return 0;
		}
	}
	for (half = 0; half < 2; half++) {
		unsigned int slot = i * 2 + half;
		u64 gpa_2m = (gpde & GUEST_LPAGE_MASK) + half * HOST_2M_SIZE;
		u64 hpa_2m;

		if (!gpt && !vtlb_gpa_in_ram(v, gpa_2m)) {
			for (h = 0; h < VTLB_NR_HIER; h++)	/* 1008 -> 1006 */
				drop_half(v, h, slot, stale);
			continue;
		}
		if (!gpt && vtlb_can_map_2m(v, gpa_2m, &hpa_2m)) {
			for (h = 0; h < VTLB_NR_HIER; h++) {
				u64 leaf = hpa_2m | PTE_PS |
					   vtlb_host_rights(v, h, gpde, true);

				if (vtlb_holds_4m(v, h, slot))
					note(stale, *vtlb_host_pde(v, h, slot),
					     leaf);
				vtlb_set_2m(v, h, slot << 21, leaf);
			}
			continue;
		}
		err = eager_pt(v, slot, gpde, gpt ? gpt + half * 512 : NULL,
			       gpa_2m, stale);
		if (err)
			return err;
	}
	return 0;
}

int vtlb_eager_fill(struct vtlb *v)
{
	const u32 *pd;
	bool stale = false;
	unsigned int i;
	int err = 0;

	if (!v->cfg.eager || !(v->cr0 & CR0_PG))
		return 0;
	v->stats.eager_walks++;
	pd = vtlb_guest_entry(v, v->cr3 & GUEST_PFN_MASK);
	for (i = 0; i < 1024 && !err; i++) {
		if (pd)
			err = eager_pde(v, i, pd[i], &stale);
		else
			drop_slot(v, i, &stale);
	}
	if (stale) {
		v->stats.eager_flush++;
		v->ops->flush_all(v->ctx);
	}
	return err;
}
