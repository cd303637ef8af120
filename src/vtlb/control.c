// SPDX-License-Identifier: GPL-2.0
/*
 * TLB-affecting guest operations (patent Fig 5 blocks 508-516): the
 * virtual CPL, control-register writes, INVLPG (Fig 8) and CR0.WP (Fig 9).
 * Each removes what the architecture says a real TLB loses, flushes the
 * host TLB, and with eager fill re-evaluates the guest tables (Fig 10).
 */
#include "internal.h"

/* Blocks 508-512: privilege change switches the active hierarchy. */
void vtlb_set_cpl(struct vtlb *v, unsigned int cpl)
{
	unsigned int old = vtlb_cur_hier(v);

	v->cpl = cpl;
	if (vtlb_cur_hier(v) != old)
		v->stats.cpl_switch++;
}

/* All active entries dropped: MOV CR3 (text after Fig 8), PG, PSE, PGE. */
static void flush_everything(struct vtlb *v)
{
	vtlb_drop_all(v);
	v->ops->flush_all(v->ctx);
}

int vtlb_write_cr0(struct vtlb *v, u32 cr0)
{
	u32 changed = v->cr0 ^ cr0;

	v->cr0 = cr0;
	if (changed & CR0_WP)
		v->stats.wp_change++;
	if (changed & CR0_PG) {
		v->stats.flush_other++;
		flush_everything(v);
	} else if ((changed & CR0_WP) && (cr0 & CR0_WP)) {
		/*
		 * Fig 9: WP 0 -> 1 makes supervisor entries that were writable
		 * only because of WP = 0 too permissive: drop the supervisor
		 * hierarchy. WP 1 -> 0 only widens rights; faults refill.
		 */
		vtlb_drop_hier(v, VTLB_SUP);
		v->ops->flush_all(v->ctx);
	}
	return changed & (CR0_PG | CR0_WP) ? vtlb_eager_fill(v) : 0;
}

int vtlb_write_cr3(struct vtlb *v, u32 cr3)
{
	v->cr3 = cr3;
	v->stats.flush_cr3++;
	flush_everything(v);
	return vtlb_eager_fill(v);
}

int vtlb_write_cr4(struct vtlb *v, u32 cr4)
{
	u32 changed = v->cr4 ^ cr4;

	v->cr4 = cr4;
	if (!(changed & (CR4_PSE | CR4_PGE)))
		return 0;
	v->stats.flush_other++;
	flush_everything(v);
	return vtlb_eager_fill(v);
}

/*
 * Fig 8 (method 880). For each hierarchy, the active entries of the guest
 * PDE covering @va: a 4 MiB page (a 2 MiB leaf or a PT of 4 KiB pieces, in
 * either half) is dropped whole, as INVLPG drops a 4 MiB TLB entry (block
 * 888); otherwise the active PTE is cleared (890-892) and its PT freed if
 * now empty (894-896). Then INVLPG on the host (block 900).
 */
int vtlb_invlpg(struct vtlb *v, u32 va)
{
	unsigned int gpde = GUEST_PDE_INDEX(va);
	bool wide = false;
	unsigned int h, half;

	v->stats.invlpg++;
	for (h = 0; h < VTLB_NR_HIER; h++) {
		for (half = 0; half < 2; half++) {
			unsigned int slot = gpde * 2 + half;
			u64 *pde = vtlb_host_pde(v, h, slot);
			u64 *t = v->pt[gpde].pt[h][half];

			if (!(*pde & PTE_P))
				continue;
			if (vtlb_holds_4m(v, h, slot)) {
				v->stats.invlpg_pt_freed += !!t;
				vtlb_drop_half(v, h, slot);
				wide = true;
			} else if (slot == va >> 21 && t) {
				t[(va >> GUEST_PAGE_SHIFT) & 511] = 0;
				if (vtlb_drop_pt_if_empty(v, h, slot))
					v->stats.invlpg_pt_freed++;
			}
		}
	}
	if (wide)
		v->ops->flush_all(v->ctx);
	else
		v->ops->flush_va(v->ctx, va);
	return vtlb_eager_fill(v);
}
