// SPDX-License-Identifier: GPL-2.0
/*
 * Page-fault classification: patent Fig 5 (block 506 evaluates the event)
 * and Figs 7A-7D (method 700). Every host #PF taken while the guest runs
 * is one of:
 *   stale   - the active entry already allows the access; the host TLB
 *             held an older entry: INVLPG and retry (blocks 822/828);
 *   guest   - the guest tables deny it too: reflect the #PF with the error
 *             code the guest would see natively (blocks 712/722/834/844);
 *   mce     - a guest table or the page is outside guest RAM (716/838);
 *   hidden  - the guest allows it, the active entry does not (not yet
 *             filled, or read-only until the guest D bit is set): fill the
 *             active entries, set guest A/D, INVLPG, retry (746-770,
 *             802-812, 846-852).
 * The guest walk implements decision boxes 710/720/832/842 in one place:
 * instead of asking "is this active entry the source?" level by level, we
 * ask once whether the active hierarchy allows the access and, if not,
 * whether the guest's does.
 */
#include "internal.h"

/* Does hierarchy @h already allow a ring-3 access (the guest's) to @va? */
static bool active_allows(struct vtlb *v, enum vtlb_hier_id h, u32 va,
			  bool write)
{
	unsigned int slot = va >> 21;
	u64 need = PTE_P | PTE_US | (write ? PTE_RW : 0);
	u64 pde = *vtlb_host_pde(v, h, slot);
	u64 *t;

	if ((pde & need) != need)
		return false;
	if (pde & PTE_PS)
		return true;
	t = v->pt[slot >> 1].pt[h][slot & 1];
	return t && (t[(va >> GUEST_PAGE_SHIFT) & 511] & need) == need;
}

/*
 * Fill for a hidden fault. When the table bound is hit, behave like a
 * full TLB: drop every active entry (architecturally a TLB may forget
 * anything at any time) and try once more.
 */
static int fill_hidden(struct vtlb *v, u32 addr, const struct vtlb_walk *w)
{
	int err, tries;

	for (tries = 0; tries < 2; tries++) {
		err = w ? vtlb_fill(v, addr, w) : vtlb_fill_phys(v, addr);
		if (err != -ENOSPC)
			break;
		vtlb_drop_all(v);
		v->ops->flush_all(v->ctx);
	}
	return err;
}

enum vtlb_pf_result vtlb_page_fault(struct vtlb *v, u32 addr, u32 host_error,
				    u32 *guest_error)
{
	bool write = host_error & PFERR_W;
	u32 access = (write ? VTLB_ACC_WRITE : 0) |
		     (v->cpl == 3 ? VTLB_ACC_USER : 0);
	struct vtlb_walk w, *wp = NULL;

	v->stats.pf_total++;
	if (active_allows(v, vtlb_cur_hier(v), addr, write)) {
		v->stats.pf_spurious++;			/* blocks 822/828 */
		v->ops->flush_va(v->ctx, addr);
		return VTLB_PF_RETRY;
	}

	if (!(v->cr0 & CR0_PG)) {
		if (!vtlb_gpa_in_ram(v, addr)) {
			v->stats.pf_mce++;
			return VTLB_PF_MCE;
		}
	} else {
		switch (vtlb_walk(v, addr, access, &w)) {
		case VTLB_WALK_FAULT:			/* 712/722/834/844 */
			v->stats.pf_reflected++;
			*guest_error = w.error;
			return VTLB_PF_GUEST;
		case VTLB_WALK_BAD_FRAME:		/* 716/838 */
			v->stats.pf_mce++;
			return VTLB_PF_MCE;
		case VTLB_WALK_OK:
			wp = &w;
			break;
		}
	}

	if (fill_hidden(v, addr, wp))
		return VTLB_PF_NOMEM;
	v->stats.pf_hidden++;
	v->ops->flush_va(v->ctx, addr);			/* blocks 768/850 */
	return VTLB_PF_RETRY;
}
