// SPDX-License-Identifier: GPL-2.0
/*
 * The active hierarchies' memory (patent Fig 3 block 306, Fig 4 block 406):
 * the fixed top levels allocated once per VM, active PTs allocated on fill
 * and freed on INVLPG, CR3 writes and teardown, all through the ops table
 * and bounded by cfg.max_tables.
 *
 * Layout of one hierarchy (x86-64 host format):
 *   root (PML5, 5 levels only) -> PML4 -> PDPT -> 4 PDs -> active PTs
 * Guest linear [0, 4 GiB) is root entry 0; the PDs' 2048 entries are the
 * 2 MiB slots (guest linear >> 21), two per guest PDE.
 */
#include "internal.h"

void vtlb_zero(void *p, unsigned long len)
{
	unsigned char *c = p;

	while (len--)
		*c++ = 0;
}

/* One active table page, or NULL with *err = -ENOSPC (bound) / -ENOMEM. */
static u64 *table_alloc(struct vtlb *v, u64 *hpa, int *err)
{
	u64 *t;

	if (v->stats.tables_cur >= v->cfg.max_tables) {
		v->stats.tables_limit++;
		*err = -ENOSPC;
		return NULL;
	}
	t = v->ops->alloc_table(v->ctx, hpa);
	if (!t) {
		*err = -ENOMEM;
		return NULL;
	}
	v->stats.tables_alloc++;
	if (++v->stats.tables_cur > v->stats.tables_peak)
		v->stats.tables_peak = v->stats.tables_cur;
	return t;
}

static void table_free(struct vtlb *v, u64 *t, u64 hpa)
{
	v->ops->free_table(v->ctx, t, hpa);
	v->stats.tables_freed++;
	v->stats.tables_cur--;
}

/*
 * The active PT behind 2 MiB slot @slot of hierarchy @h, of @kind,
 * allocating it (block 732: "allocated and marked invalid", a zeroed page)
 * and linking it from the host PDE. A 2 MiB leaf or a PT of another kind
 * there is dropped first: it caches translations of an older guest PDE.
 */
u64 *vtlb_ensure_pt(struct vtlb *v, enum vtlb_hier_id h, unsigned int slot,
		    enum vtlb_pt_kind kind, int *err)
{
	struct vtlb_pt *p = &v->pt[slot >> 1];
	unsigned int half = slot & 1;
	u64 *pde = vtlb_host_pde(v, h, slot);
	u64 hpa;
	u64 *t;

	if (p->pt[h][half] && p->kind[h][half] == kind)
		return p->pt[h][half];
	vtlb_drop_half(v, h, slot);
	t = table_alloc(v, &hpa, err);
	if (!t)
		return NULL;
	p->pt[h][half] = t;
	p->hpa[h][half] = hpa;
	p->kind[h][half] = kind;
	*pde = hpa | HOST_TABLE_FLAGS;
	vtlb_slot_used(v, h, slot);
	v->stats.fill_pt += h == VTLB_SUP;	/* one PT pair per block 732 */
	return t;
}

/* Does 2 MiB slot @slot of @h hold pieces of a guest 4 MiB page? */
bool vtlb_holds_4m(struct vtlb *v, enum vtlb_hier_id h, unsigned int slot)
{
	return (*vtlb_host_pde(v, h, slot) & PTE_PS) ||
	       v->pt[slot >> 1].kind[h][slot & 1] == VTLB_PT_4M;
}

/* Make 2 MiB slot @slot of @h not present, freeing its active PT. */
void vtlb_drop_half(struct vtlb *v, enum vtlb_hier_id h, unsigned int slot)
{
	struct vtlb_pt *p = &v->pt[slot >> 1];
	unsigned int half = slot & 1;

	*vtlb_host_pde(v, h, slot) = 0;
	v->hier[h].used[slot >> 6] &= ~(1ULL << (slot & 63));
	if (!p->pt[h][half])
		return;
	table_free(v, p->pt[h][half], p->hpa[h][half]);
	p->pt[h][half] = NULL;
	p->hpa[h][half] = 0;
	p->kind[h][half] = VTLB_PT_NONE;
}

/* Blocks 894-896: free the active PT of @slot if all its entries are clear. */
bool vtlb_drop_pt_if_empty(struct vtlb *v, enum vtlb_hier_id h,
			   unsigned int slot)
{
	u64 *t = v->pt[slot >> 1].pt[h][slot & 1];
	unsigned int i;

	if (!t)
		return false;
	for (i = 0; i < HOST_PT_ENTRIES; i++)
		if (t[i] & PTE_P)
			return false;
	vtlb_drop_half(v, h, slot);
	return true;
}

/*
 * Every entry below the fixed top of hierarchy @h (e.g. Fig 9): only the
 * slots marked in use; vtlb_drop_half clears each mark.
 */
void vtlb_drop_hier(struct vtlb *v, enum vtlb_hier_id h)
{
	u64 *used = v->hier[h].used;
	unsigned int w;

	for (w = 0; w < 2048 / 64; w++)
		while (used[w])
			vtlb_drop_half(v, h, w * 64 + __builtin_ctzll(used[w]));
}

/* MOV CR3 and friends: deallocate all active PTs, all PDEs not present. */
void vtlb_drop_all(struct vtlb *v)
{
	unsigned int h;

	for (h = 0; h < VTLB_NR_HIER; h++)
		vtlb_drop_hier(v, h);
}

/* Fixed top of one hierarchy: root(, PML4), PDPT, 4 PDs. */
static int hier_init(struct vtlb *v, struct vtlb_hier *hr)
{
	int err = 0;
	unsigned int i;

	hr->root = table_alloc(v, &hr->root_hpa, &err);
	if (!hr->root)
		return err;
	if (v->cfg.levels == 5) {
		hr->pml4 = table_alloc(v, &hr->pml4_hpa, &err);
		if (!hr->pml4)
			return err;
		hr->root[0] = hr->pml4_hpa | HOST_TABLE_FLAGS;
	} else {
		hr->pml4 = hr->root;
		hr->pml4_hpa = hr->root_hpa;
	}
	hr->pdpt = table_alloc(v, &hr->pdpt_hpa, &err);
	if (!hr->pdpt)
		return err;
	hr->pml4[0] = hr->pdpt_hpa | HOST_TABLE_FLAGS;
	for (i = 0; i < 4; i++) {
		hr->pd[i] = table_alloc(v, &hr->pd_hpa[i], &err);
		if (!hr->pd[i])
			return err;
		hr->pdpt[i] = hr->pd_hpa[i] | HOST_TABLE_FLAGS;
	}
	return 0;
}

static void hier_free(struct vtlb *v, struct vtlb_hier *hr)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (hr->pd[i])
			table_free(v, hr->pd[i], hr->pd_hpa[i]);
	if (hr->pdpt)
		table_free(v, hr->pdpt, hr->pdpt_hpa);
	if (hr->pml4 && hr->pml4 != hr->root)
		table_free(v, hr->pml4, hr->pml4_hpa);
	if (hr->root)
		table_free(v, hr->root, hr->root_hpa);
	vtlb_zero(hr, sizeof(*hr));
}

/*
 * Patent Fig 4 block 406: create the (empty) active hierarchies. The guest
 * starts as after reset: CR0 = CR3 = CR4 = 0 (paging off), CPL 0.
 */
int vtlb_init(struct vtlb *v, const struct vtlb_config *cfg,
	      const struct vtlb_ops *ops, void *ctx)
{
	unsigned int min_tables = 2 * (cfg->levels + 2);
	unsigned int h;
	int err;

	vtlb_zero(v, sizeof(*v));
	if ((cfg->levels != 4 && cfg->levels != 5) || !cfg->ram_size ||
	    (cfg->ram_size & (GUEST_PAGE_SIZE - 1)) ||
	    cfg->ram_size > (1ULL << 32) ||
	    (cfg->max_tables && cfg->max_tables < min_tables))
		return -EINVAL;
	v->ops = ops;
	v->ctx = ctx;
	v->cfg = *cfg;
	if (!v->cfg.max_tables)
		v->cfg.max_tables = VTLB_MAX_TABLES_DEFAULT;
	for (h = 0; h < VTLB_NR_HIER; h++) {
		err = hier_init(v, &v->hier[h]);
		if (err) {
			vtlb_destroy(v);
			return err == -ENOSPC ? -EINVAL : err;
		}
	}
	return 0;
}

/* Free every active table. Safe after a failed vtlb_init. */
void vtlb_destroy(struct vtlb *v)
{
	unsigned int h;

	if (!v->ops)
		return;
	for (h = 0; h < VTLB_NR_HIER; h++) {
		if (v->hier[h].pd[3])
			vtlb_drop_hier(v, h);
		hier_free(v, &v->hier[h]);
	}
}

void vtlb_set_root_entry(struct vtlb *v, unsigned int index, u64 entry)
{
	unsigned int h;

	if (index == 0 || index >= HOST_PT_ENTRIES)
		return;
	for (h = 0; h < VTLB_NR_HIER; h++)
		v->hier[h].root[index] = entry;
}

/* Fig 5 block 512: the hierarchy of the current virtual CPL. */
u64 vtlb_active_root(const struct vtlb *v)
{
	return v->hier[vtlb_cur_hier(v)].root_hpa;
}
