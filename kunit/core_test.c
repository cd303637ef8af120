// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "vtlb_core": the portable virtual TLB (src/vtlb) inside the
 * kernel, with the kernel's page allocator behind struct vtlb_ops and guest
 * RAM made of individual (so physically scattered) kernel pages, as vm.c
 * does it. Guest page tables are written into that RAM; results are checked
 * by walking the active tables from their root the way the host MMU would
 * (effective U/S and R/W over every level) and comparing the frame with the
 * host-physical address of the guest frame.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include "vtlb/vtlb.h"

#define RAM_SIZE	(8ULL << 20)
#define RAM_PAGES	(RAM_SIZE >> PAGE_SHIFT)

/* Guest layout. */
#define G_PD		0x1000U		/* page directory */
#define G_PT0		0x2000U		/* page table for 0-4 MiB */
#define G_PD2		0x3000U		/* a second directory (MOV CR3) */
#define G_PT2		0x4000U
#define G_PAGE(n)	(0x10000U + ((n) << 12))	/* data frames */
#define VA(n)		G_PAGE(n)	/* identity-mapped in PT0 */

#define G_URW		(PTE_P | PTE_RW | PTE_US)
#define CR0_ON		(CR0_PE | CR0_PG | CR0_WP)

/* Host #PF error codes as the hardware reports them (the guest is at CPL 3). */
#define H_READ_NP	PFERR_U
#define H_WRITE_NP	(PFERR_U | PFERR_W)
#define H_WRITE_PROT	(PFERR_U | PFERR_W | PFERR_P)
#define H_READ_PROT	(PFERR_U | PFERR_P)

struct core_env {
	struct kunit *test;
	struct page *ram[RAM_PAGES];
	struct vtlb v;
	bool inited;
	bool host_4k_only;	/* cfg.host_4k_only for env_setup() */
	long tables_live;	/* alloc_table minus free_table */
	unsigned long tables_allocated;
	unsigned long bad_calls;	/* ops called with impossible arguments */
	unsigned long flush_va_calls, flush_all_calls;
	u32 last_flush_va;
};

/* ---- struct vtlb_ops over the kernel allocator ----------------------- */

static void *env_gpa_to_hva(void *ctx, u64 gpa)
{
	struct core_env *e = ctx;

	if (gpa >= RAM_SIZE)
		return NULL;
	return page_address(e->ram[gpa >> PAGE_SHIFT]) + offset_in_page(gpa);
}

static u64 env_gpa_to_hpa(void *ctx, u64 gpa)
{
	struct core_env *e = ctx;

	if (gpa >= RAM_SIZE || offset_in_page(gpa)) {
		e->bad_calls++;
		return 0;
	}
	return page_to_phys(e->ram[gpa >> PAGE_SHIFT]);
}

static void *env_alloc_table(void *ctx, u64 *hpa)
{
	struct core_env *e = ctx;
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return NULL;
	e->tables_live++;
	e->tables_allocated++;
	*hpa = page_to_phys(page);
	return page_address(page);
}

static void env_free_table(void *ctx, void *table, u64 hpa)
{
	struct core_env *e = ctx;

	if (!table || virt_to_phys(table) != hpa) {
		e->bad_calls++;
		return;
	}
	e->tables_live--;
	free_page((unsigned long)table);
}

static void env_flush_va(void *ctx, u32 va)
{
	struct core_env *e = ctx;

	e->flush_va_calls++;
	e->last_flush_va = va;
}

static void env_flush_all(void *ctx)
{
	struct core_env *e = ctx;

	e->flush_all_calls++;
}

static const struct vtlb_ops env_ops = {
	.gpa_to_hva = env_gpa_to_hva,
	.gpa_to_hpa = env_gpa_to_hpa,
	.alloc_table = env_alloc_table,
	.free_table = env_free_table,
	.flush_va = env_flush_va,
	.flush_all = env_flush_all,
};

/* ---- fixture ------------------------------------------------------------ */

static int core_test_init(struct kunit *test)
{
	struct core_env *e;
	unsigned long i;

	e = kvzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->test = test;
	test->priv = e;
	for (i = 0; i < RAM_PAGES; i++) {
		e->ram[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!e->ram[i])
			return -ENOMEM;
	}
	return 0;
}

static void core_test_exit(struct kunit *test)
{
	struct core_env *e = test->priv;
	unsigned long i;

	if (!e)
		return;
	if (e->inited) {
		vtlb_destroy(&e->v);
		/* Every active table page went back to the allocator. */
		KUNIT_EXPECT_EQ(test, e->tables_live, 0L);
	}
	KUNIT_EXPECT_EQ(test, e->bad_calls, 0UL);
	for (i = 0; i < RAM_PAGES; i++)
		if (e->ram[i])
			__free_page(e->ram[i]);
	kvfree(e);
}

static void env_setup(struct core_env *e, unsigned int levels, bool eager,
		      unsigned int max_tables)
{
	struct vtlb_config cfg = {
		.ram_size = RAM_SIZE,
		.levels = levels,
		.max_tables = max_tables,
		.eager = eager,
		.host_4k_only = e->host_4k_only,
	};

	KUNIT_ASSERT_EQ(e->test, vtlb_init(&e->v, &cfg, &env_ops, e), 0);
	e->inited = true;
}

static void env_teardown(struct core_env *e)
{
	if (e->inited) {
		vtlb_destroy(&e->v);
		e->inited = false;
		KUNIT_EXPECT_EQ(e->test, e->tables_live, 0L);
	}
}

static u32 *guest_u32(struct core_env *e, u32 gpa)
{
	return env_gpa_to_hva(e, gpa);
}

static void gset(struct core_env *e, u32 gpa, u32 val)
{
	*guest_u32(e, gpa) = val;
}

static u32 gget(struct core_env *e, u32 gpa)
{
	return *guest_u32(e, gpa);
}

static u32 pde_gpa(u32 pd, u32 va)
{
	return pd + GUEST_PDE_INDEX(va) * 4;
}

static u32 pte_gpa(u32 pt, u32 va)
{
	return pt + GUEST_PTE_INDEX(va) * 4;
}

static u64 hpa_of(struct core_env *e, u64 gpa)
{
	return page_to_phys(e->ram[gpa >> PAGE_SHIFT]);
}

/* Guest: PD at G_PD, PDE 0 -> PT0 (user, writable), paging on, CPL @cpl. */
static void guest_start(struct core_env *e, unsigned int cpl, u32 cr4)
{
	gset(e, pde_gpa(G_PD, 0), G_PT0 | G_URW);
	vtlb_set_cpl(&e->v, cpl);
	KUNIT_ASSERT_EQ(e->test, vtlb_write_cr4(&e->v, cr4), 0);
	KUNIT_ASSERT_EQ(e->test, vtlb_write_cr3(&e->v, G_PD), 0);
	KUNIT_ASSERT_EQ(e->test, vtlb_write_cr0(&e->v, CR0_ON), 0);
}

/* Map guest virtual page @va to guest frame @gpa with @flags in PT0. */
static void map4k(struct core_env *e, u32 va, u32 gpa, u32 flags)
{
	gset(e, pte_gpa(G_PT0, va), gpa | flags);
}

/* ---- the host MMU's view of the active tables -------------------------- */

struct active {
	bool present;
	bool rw, us;		/* effective over all levels */
	unsigned int leaf_level;	/* 1 = 4 KiB PTE, 2 = 2 MiB PDE */
	u64 hpa;		/* frame of @va's 4 KiB page */
};

static struct active active_walk(struct core_env *e, unsigned int h, u32 va)
{
	struct active a = { .rw = true, .us = true };
	u64 table = e->v.hier[h].root_hpa;
	unsigned int level;

	for (level = e->v.cfg.levels; level >= 1; level--) {
		u64 *t = phys_to_virt(table);
		u64 entry = t[((u64)va >> (12 + 9 * (level - 1))) & 511];

		if (!(entry & PTE_P))
			return (struct active){};
		a.rw &= !!(entry & PTE_RW);
		a.us &= !!(entry & PTE_US);
		if (level == 2 && (entry & PTE_PS)) {
			a.leaf_level = 2;
			a.hpa = (entry & HOST_ADDR_MASK & ~(u64)(HOST_2M_SIZE - 1)) +
				(va & (HOST_2M_SIZE - 1) & ~0xfffU);
			a.present = true;
			return a;
		}
		table = entry & HOST_ADDR_MASK;
	}
	a.leaf_level = 1;
	a.hpa = table;
	a.present = true;
	return a;
}

/* The active PD entry of the 2 MiB slot holding @va, hierarchy @h. */
static u64 host_pde(struct core_env *e, unsigned int h, u32 va)
{
	unsigned int slot = va >> 21;

	return e->v.hier[h].pd[slot >> 9][slot & 511];
}

static enum vtlb_pf_result fault(struct core_env *e, u32 va, u32 host_err,
				 u32 *guest_err)
{
	u32 dummy = 0xdead;

	return vtlb_page_fault(&e->v, va, host_err, guest_err ? guest_err : &dummy);
}

#define EXPECT_ACTIVE(test, e, h, va, gpa, writable, user) do {		\
	struct active __a = active_walk(e, h, va);			\
	KUNIT_EXPECT_TRUE_MSG(test, __a.present, "va %#x hier %u", va, h); \
	if (__a.present) {						\
		KUNIT_EXPECT_EQ_MSG(test, __a.hpa, hpa_of(e, gpa),	\
				    "va %#x frame", va);		\
		if ((writable) >= 0)					\
			KUNIT_EXPECT_EQ_MSG(test, __a.rw, (bool)(writable), \
					    "va %#x R/W", va);		\
		KUNIT_EXPECT_EQ_MSG(test, __a.us, (bool)(user),		\
				    "va %#x U/S", va);			\
	}								\
} while (0)

/* Writable: 1 or 0, or -1 when either is correct. */
#define ANY	(-1)

/* Present with U/S = 0 denies the (ring 3) guest just as well. */
#define EXPECT_NO_ACCESS(test, e, h, va) do {				\
	struct active __n = active_walk(e, h, va);			\
	KUNIT_EXPECT_FALSE_MSG(test, __n.present && __n.us,		\
			       "va %#x hier %u allows access", va, h);	\
} while (0)

#define EXPECT_NOT_ACTIVE(test, e, h, va)				\
	KUNIT_EXPECT_FALSE_MSG(test, active_walk(e, h, va).present,	\
			       "va %#x hier %u still active", va, h)

/* ---- cases -------------------------------------------------------------- */

static void check_shape(struct kunit *test, struct core_env *e,
			unsigned int levels)
{
	unsigned int h, i, j;

	for (h = 0; h < VTLB_NR_HIER; h++) {
		struct vtlb_hier *hi = &e->v.hier[h];
		u64 *pml4 = hi->root;

		KUNIT_EXPECT_EQ(test, virt_to_phys(hi->root), hi->root_hpa);
		if (levels == 5) {
			KUNIT_EXPECT_EQ(test, hi->root[0] & HOST_ADDR_MASK,
					hi->pml4_hpa);
			KUNIT_EXPECT_TRUE(test, hi->root[0] & PTE_P);
			pml4 = hi->pml4;
		} else {
			KUNIT_EXPECT_PTR_EQ(test, hi->root, hi->pml4);
		}
		KUNIT_EXPECT_EQ(test, pml4[0] & HOST_ADDR_MASK, hi->pdpt_hpa);
		KUNIT_EXPECT_EQ(test, pml4[0] & (PTE_P | PTE_US),
				(u64)(PTE_P | PTE_US));
		for (i = 0; i < 4; i++) {
			KUNIT_EXPECT_EQ(test, hi->pdpt[i] & HOST_ADDR_MASK,
					hi->pd_hpa[i]);
			KUNIT_EXPECT_EQ(test, virt_to_phys(hi->pd[i]), hi->pd_hpa[i]);
			/* An empty TLB: every PD entry not present. */
			for (j = 0; j < HOST_PT_ENTRIES; j++)
				if (hi->pd[i][j] & PTE_P)
					break;
			KUNIT_EXPECT_EQ_MSG(test, j, HOST_PT_ENTRIES,
					    "hier %u PD %u entry %u present", h, i, j);
		}
	}
	KUNIT_EXPECT_NE(test, e->v.hier[VTLB_SUP].root_hpa,
			e->v.hier[VTLB_USER].root_hpa);
	/* Block 512: the virtual CPL picks the hierarchy. */
	vtlb_set_cpl(&e->v, 3);
	KUNIT_EXPECT_EQ(test, vtlb_active_root(&e->v), e->v.hier[VTLB_USER].root_hpa);
	vtlb_set_cpl(&e->v, 0);
	KUNIT_EXPECT_EQ(test, vtlb_active_root(&e->v), e->v.hier[VTLB_SUP].root_hpa);
	/* The switcher hook: the entry appears in both roots, untouched. */
	vtlb_set_root_entry(&e->v, 1, hpa_of(e, G_PAGE(5)) | PTE_P | PTE_RW);
	for (h = 0; h < VTLB_NR_HIER; h++)
		KUNIT_EXPECT_EQ(test, e->v.hier[h].root[1],
				hpa_of(e, G_PAGE(5)) | PTE_P | PTE_RW);
	KUNIT_EXPECT_EQ(test, (long)e->v.stats.tables_cur, e->tables_live);
}

static void vtlb_core_shape_4level(struct kunit *test)
{
	struct core_env *e = test->priv;

	env_setup(e, 4, false, 0);
	check_shape(test, e, 4);
}

static void vtlb_core_shape_5level(struct kunit *test)
{
	struct core_env *e = test->priv;

	env_setup(e, 5, false, 0);
	check_shape(test, e, 5);
}

/* Figs 7A-7D + Fig 6 text: lazy fill, A on fill, D on the first write. */
static void fill_read_then_write(struct kunit *test, unsigned int levels)
{
	struct core_env *e = test->priv;
	u32 va = VA(3) + 0x123, gerr;

	env_setup(e, levels, false, 0);
	guest_start(e, 3, 0);
	map4k(e, VA(3), G_PAGE(3), G_URW);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, va);

	KUNIT_EXPECT_EQ(test, fault(e, va, H_READ_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_USER, va, G_PAGE(3), false, true);
	KUNIT_EXPECT_TRUE(test, gget(e, pte_gpa(G_PT0, va)) & PTE_A);
	KUNIT_EXPECT_FALSE(test, gget(e, pte_gpa(G_PT0, va)) & PTE_D);
	KUNIT_EXPECT_TRUE(test, gget(e, pde_gpa(G_PD, va)) & PTE_A);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_hidden, 1ULL);
	KUNIT_EXPECT_EQ(test, e->v.stats.fill_4k, 1ULL);

	/* Write to the clean page: set D, then the entry becomes writable. */
	KUNIT_EXPECT_EQ(test, fault(e, va, H_WRITE_PROT, &gerr), VTLB_PF_RETRY);
	KUNIT_EXPECT_TRUE(test, gget(e, pte_gpa(G_PT0, va)) & PTE_D);
	EXPECT_ACTIVE(test, e, VTLB_USER, va, G_PAGE(3), true, true);
	KUNIT_EXPECT_EQ(test, e->v.stats.d_set, 1ULL);

	/* The active entry already allows it: a stale host TLB (822/828). */
	e->flush_va_calls = 0;
	KUNIT_EXPECT_EQ(test, fault(e, va, H_WRITE_PROT, &gerr), VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_spurious, 1ULL);
	KUNIT_EXPECT_GE(test, e->flush_va_calls, 1UL);
	KUNIT_EXPECT_EQ(test, e->last_flush_va & ~0xfffU, va & ~0xfffU);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_total, 3ULL);
	KUNIT_EXPECT_EQ(test, (long)e->v.stats.tables_cur, e->tables_live);
}

static void vtlb_core_fill_4k_4level(struct kunit *test)
{
	fill_read_then_write(test, 4);
}

static void vtlb_core_fill_4k_5level(struct kunit *test)
{
	fill_read_then_write(test, 5);
}

/* A write to a clean page may set A and D and map writable in one fault. */
static void vtlb_core_write_clean_one_fault(struct kunit *test)
{
	struct core_env *e = test->priv;
	u32 va = VA(7);

	env_setup(e, 4, false, 0);
	guest_start(e, 3, 0);
	map4k(e, va, G_PAGE(7), G_URW);
	KUNIT_EXPECT_EQ(test, fault(e, va, H_WRITE_NP, NULL), VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, gget(e, pte_gpa(G_PT0, va)) & (PTE_A | PTE_D),
			(u32)(PTE_A | PTE_D));
	EXPECT_ACTIVE(test, e, VTLB_USER, va, G_PAGE(7), true, true);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_total, 1ULL);
}

/* Fig 5: faults the guest would take natively, with the exact error code. */
static void vtlb_core_reflect(struct kunit *test)
{
	struct core_env *e = test->priv;
	enum vtlb_pf_result r;
	u32 gerr;

	env_setup(e, 4, false, 0);
	guest_start(e, 3, 0);

#define EXPECT_REFLECT(va, herr, want_err) do {				\
	gerr = 0xdead;							\
	r = fault(e, va, herr, &gerr);					\
	KUNIT_EXPECT_EQ_MSG(test, r, VTLB_PF_GUEST, "va %#x", va);	\
	KUNIT_EXPECT_EQ_MSG(test, gerr, (u32)(want_err), "va %#x", va); \
	EXPECT_NOT_ACTIVE(test, e, e->v.cpl ? VTLB_USER : VTLB_SUP, va); \
} while (0)

	/* PTE not present: A not set anywhere (the walk failed). */
	EXPECT_REFLECT(VA(1), H_READ_NP, PFERR_U);
	EXPECT_REFLECT(VA(1), H_WRITE_NP, PFERR_U | PFERR_W);
	KUNIT_EXPECT_FALSE(test, gget(e, pde_gpa(G_PD, VA(1))) & PTE_A);
	/* PDE not present. */
	EXPECT_REFLECT(0x00800000U, H_READ_NP, PFERR_U);
	/* User access to a supervisor page. */
	map4k(e, VA(2), G_PAGE(2), PTE_P | PTE_RW);
	EXPECT_REFLECT(VA(2), H_READ_NP, PFERR_U | PFERR_P);
	KUNIT_EXPECT_FALSE(test, gget(e, pte_gpa(G_PT0, VA(2))) & PTE_A);
	/* User write to a read-only page; D stays clear. */
	map4k(e, VA(3), G_PAGE(3), PTE_P | PTE_US);
	EXPECT_REFLECT(VA(3), H_WRITE_NP, PFERR_U | PFERR_W | PFERR_P);
	KUNIT_EXPECT_FALSE(test, gget(e, pte_gpa(G_PT0, VA(3))) & PTE_D);
	/* ... the read works, then the write still faults to the guest. */
	KUNIT_EXPECT_EQ(test, fault(e, VA(3), H_READ_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(3), G_PAGE(3), false, true);
	gerr = 0;
	KUNIT_EXPECT_EQ(test, fault(e, VA(3), H_WRITE_PROT, &gerr), VTLB_PF_GUEST);
	KUNIT_EXPECT_EQ(test, gerr, (u32)(PFERR_U | PFERR_W | PFERR_P));
	/* Read-only at the PDE level only (4-8 MiB through PT2). */
	gset(e, pde_gpa(G_PD, 0x00400000U), G_PT2 | PTE_P | PTE_US);
	gset(e, pte_gpa(G_PT2, 0x00400000U), G_PAGE(4) | G_URW);
	EXPECT_REFLECT(0x00400000U, H_WRITE_NP, PFERR_U | PFERR_W | PFERR_P);
	/* Supervisor write to a read-only page with CR0.WP = 1. */
	vtlb_set_cpl(&e->v, 0);
	map4k(e, VA(5), G_PAGE(5), PTE_P);
	EXPECT_REFLECT(VA(5), H_WRITE_NP, PFERR_W | PFERR_P);
	/* Supervisor read of a not-present page: no U bit. */
	EXPECT_REFLECT(VA(6), H_READ_NP, 0);
#undef EXPECT_REFLECT
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_reflected, 9ULL);
}

/* Fig 8: INVLPG drops the entry and frees an active PT left empty (896). */
static void vtlb_core_invlpg_frees_empty_pt(struct kunit *test)
{
	struct core_env *e = test->priv;
	u64 base;

	env_setup(e, 4, false, 0);
	guest_start(e, 3, 0);
	base = e->v.stats.tables_cur;
	map4k(e, VA(1), G_PAGE(1), G_URW);
	map4k(e, VA(2), G_PAGE(2), G_URW);
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, fault(e, VA(2), H_READ_NP, NULL), VTLB_PF_RETRY);
	KUNIT_EXPECT_GT(test, e->v.stats.tables_cur, base);

	/* One of two entries gone: the PT stays. */
	map4k(e, VA(1), 0, 0);
	e->flush_va_calls = 0;
	KUNIT_EXPECT_EQ(test, vtlb_invlpg(&e->v, VA(1)), 0);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, VA(1));
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(2), G_PAGE(2), false, true);
	KUNIT_EXPECT_EQ(test, e->v.stats.invlpg_pt_freed, 0ULL);
	KUNIT_EXPECT_GE(test, e->flush_va_calls, 1UL);
	/* The last one: the active PT is freed. */
	map4k(e, VA(2), 0, 0);
	KUNIT_EXPECT_EQ(test, vtlb_invlpg(&e->v, VA(2)), 0);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, VA(2));
	KUNIT_EXPECT_GE(test, e->v.stats.invlpg_pt_freed, 1ULL);
	KUNIT_EXPECT_EQ(test, e->v.stats.tables_cur, base);
	KUNIT_EXPECT_EQ(test, (long)e->v.stats.tables_cur, e->tables_live);
	KUNIT_EXPECT_EQ(test, e->v.stats.invlpg, 2ULL);
	/* The guest's change is seen on the next access. */
	KUNIT_EXPECT_EQ(test, fault(e, VA(2), H_READ_NP, NULL), VTLB_PF_GUEST);
}

/* MOV CR3: every active entry of both hierarchies dropped, tables freed. */
static void vtlb_core_cr3_flush(struct kunit *test)
{
	struct core_env *e = test->priv;
	u64 base, flushes;

	env_setup(e, 4, false, 0);
	guest_start(e, 3, 0);
	base = e->v.stats.tables_cur;
	map4k(e, VA(1), G_PAGE(1), G_URW);
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_RETRY);
	vtlb_set_cpl(&e->v, 0);
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_WRITE_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_SUP, VA(1), G_PAGE(1), true, true);
	/* Guest D is set now: either R/W is right for the user entry. */
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(1), G_PAGE(1), ANY, true);

	/* The new directory maps VA(1) to another frame. */
	gset(e, pde_gpa(G_PD2, 0), G_PT2 | G_URW);
	gset(e, pte_gpa(G_PT2, VA(1)), G_PAGE(9) | G_URW);
	e->flush_all_calls = 0;
	flushes = e->v.stats.flush_cr3;
	KUNIT_EXPECT_EQ(test, vtlb_write_cr3(&e->v, G_PD2), 0);
	EXPECT_NOT_ACTIVE(test, e, VTLB_SUP, VA(1));
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, VA(1));
	KUNIT_EXPECT_EQ(test, e->v.stats.tables_cur, base);
	KUNIT_EXPECT_EQ(test, e->v.stats.flush_cr3, flushes + 1);
	KUNIT_EXPECT_GE(test, e->flush_all_calls, 1UL);
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_SUP, VA(1), G_PAGE(9), false, true);
	KUNIT_EXPECT_EQ(test, (long)e->v.stats.tables_cur, e->tables_live);
}

/* Fig 9: CR0.WP. Supervisor writes to read-only pages only with WP = 0. */
static void vtlb_core_write_protect(struct kunit *test)
{
	struct core_env *e = test->priv;
	u64 wp;
	u32 gerr;

	env_setup(e, 4, false, 0);
	guest_start(e, 0, 0);
	KUNIT_EXPECT_EQ(test, vtlb_write_cr0(&e->v, CR0_PE | CR0_PG), 0);
	wp = e->v.stats.wp_change;
	map4k(e, VA(1), G_PAGE(1), PTE_P | PTE_US);	/* read-only */
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_WRITE_NP, NULL), VTLB_PF_RETRY);
	KUNIT_EXPECT_TRUE(test, gget(e, pte_gpa(G_PT0, VA(1))) & PTE_D);
	EXPECT_ACTIVE(test, e, VTLB_SUP, VA(1), G_PAGE(1), true, true);

	KUNIT_EXPECT_EQ(test, vtlb_write_cr0(&e->v, CR0_ON), 0);
	KUNIT_EXPECT_EQ(test, e->v.stats.wp_change, wp + 1);
	KUNIT_EXPECT_FALSE(test, active_walk(e, VTLB_SUP, VA(1)).rw);
	gerr = 0;
	KUNIT_EXPECT_EQ(test, fault(e, VA(1),
				    active_walk(e, VTLB_SUP, VA(1)).present ?
				    H_WRITE_PROT : H_WRITE_NP, &gerr),
			VTLB_PF_GUEST);
	KUNIT_EXPECT_EQ(test, gerr, (u32)(PFERR_W | PFERR_P));
	/* Reads still work. */
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_SUP, VA(1), G_PAGE(1), false, true);
	/* And back: WP = 0 allows the write again. */
	KUNIT_EXPECT_EQ(test, vtlb_write_cr0(&e->v, CR0_PE | CR0_PG), 0);
	KUNIT_EXPECT_EQ(test, e->v.stats.wp_change, wp + 2);
	KUNIT_EXPECT_EQ(test, fault(e, VA(1),
				    active_walk(e, VTLB_SUP, VA(1)).present ?
				    H_WRITE_PROT : H_WRITE_NP, NULL),
			VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_SUP, VA(1), G_PAGE(1), true, true);
}

/* Fig 7B: a 4 MiB guest page over scattered host frames (CR4.PSE). */
static void vtlb_core_fill_4m(struct kunit *test)
{
	struct core_env *e = test->priv;
	u32 big = 0x00400000U;
	u64 flushes;

	env_setup(e, 4, false, 0);
	guest_start(e, 3, CR4_PSE);
	gset(e, pde_gpa(G_PD, big), big | G_URW | PTE_PS);
	KUNIT_EXPECT_EQ(test, fault(e, big + 0x5123, H_READ_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_USER, big + 0x5123, big + 0x5000, false, true);
	KUNIT_EXPECT_TRUE(test, gget(e, pde_gpa(G_PD, big)) & PTE_A);
	KUNIT_EXPECT_GE(test, e->v.stats.fill_4m + e->v.stats.fill_4k, 1ULL);
	KUNIT_EXPECT_EQ(test, fault(e, big + 0x3ff000, H_WRITE_NP, NULL),
			VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_USER, big + 0x3ff000, big + 0x3ff000, true, true);
	KUNIT_EXPECT_TRUE(test, gget(e, pde_gpa(G_PD, big)) & PTE_D);
	/* Clearing CR4.PSE flushes everything. */
	flushes = e->v.stats.flush_other;
	KUNIT_EXPECT_EQ(test, vtlb_write_cr4(&e->v, 0), 0);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, big + 0x5123);
	KUNIT_EXPECT_EQ(test, e->v.stats.flush_other, flushes + 1);
}

/* Figs 10A-10B: eager fill maps accessed entries without a fault. */
static void vtlb_core_eager(struct kunit *test)
{
	struct core_env *e = test->priv;

	env_setup(e, 4, true, 0);
	gset(e, pde_gpa(G_PD, 0), G_PT0 | G_URW | PTE_A);
	map4k(e, VA(1), G_PAGE(1), G_URW | PTE_A | PTE_D);
	map4k(e, VA(2), G_PAGE(2), G_URW);			/* not accessed */
	map4k(e, VA(3), G_PAGE(3), PTE_P | PTE_US | PTE_A);	/* read-only */
	map4k(e, VA(4), G_PAGE(4), G_URW | PTE_A);		/* clean */
	vtlb_set_cpl(&e->v, 3);
	KUNIT_ASSERT_EQ(test, vtlb_write_cr4(&e->v, 0), 0);
	KUNIT_ASSERT_EQ(test, vtlb_write_cr0(&e->v, CR0_ON), 0);
	KUNIT_ASSERT_EQ(test, vtlb_write_cr3(&e->v, G_PD), 0);
	KUNIT_EXPECT_GE(test, e->v.stats.eager_walks, 1ULL);
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(1), G_PAGE(1), true, true);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, VA(2));
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(3), G_PAGE(3), false, true);
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(4), G_PAGE(4), false, true);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_total, 0ULL);
	/* The not-accessed page faults once, which sets A (A emulation). */
	KUNIT_EXPECT_EQ(test, fault(e, VA(2), H_READ_NP, NULL), VTLB_PF_RETRY);
	KUNIT_EXPECT_TRUE(test, gget(e, pte_gpa(G_PT0, VA(2))) & PTE_A);
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(2), G_PAGE(2), false, true);
	/* INVLPG re-evaluates too: a page the guest just marked accessed. */
	map4k(e, VA(5), G_PAGE(5), G_URW | PTE_A | PTE_D);
	KUNIT_EXPECT_EQ(test, vtlb_invlpg(&e->v, VA(5)), 0);
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(5), G_PAGE(5), true, true);
}

/* Blocks 716/838: a guest entry naming a frame outside RAM -> #MC. */
static void vtlb_core_machine_check(struct kunit *test)
{
	struct core_env *e = test->priv;

	env_setup(e, 4, false, 0);
	guest_start(e, 3, 0);
	map4k(e, VA(1), 0x10000000U, G_URW);		/* 256 MiB > RAM */
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_MCE);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, VA(1));
	/* A PDE whose page table lies outside RAM. */
	gset(e, pde_gpa(G_PD, 0x00400000U), 0x20000000U | G_URW);
	KUNIT_EXPECT_EQ(test, fault(e, 0x00400000U, H_READ_NP, NULL), VTLB_PF_MCE);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_mce, 2ULL);
	/* The last frame of RAM is fine. */
	map4k(e, VA(2), RAM_SIZE - 4096, G_URW);
	KUNIT_EXPECT_EQ(test, fault(e, VA(2), H_READ_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(2), RAM_SIZE - 4096, false, true);
}

/*
 * The active-table bound. At the bound the core behaves like a full TLB
 * (drops every active entry and fills again); only a bound too small for
 * one fill is an error, and it is a clear one (VTLB_PF_NOMEM).
 */
static void vtlb_core_table_bound(struct kunit *test)
{
	struct core_env *e = test->priv;
	struct vtlb_config bad = { .ram_size = RAM_SIZE, .levels = 4 };
	enum vtlb_pf_result r;
	unsigned int base, max, i, over = 0, other = 0;

	env_setup(e, 4, false, 0);
	base = e->v.stats.tables_cur;
	env_teardown(e);

	/* Below the fixed top levels: refused, nothing leaked. */
	bad.max_tables = base - 1;
	KUNIT_EXPECT_EQ(test, vtlb_init(&e->v, &bad, &env_ops, e), -EINVAL);
	KUNIT_EXPECT_EQ(test, e->tables_live, 0L);

	/* Room for two page tables: 64 regions still fill, within the bound. */
	max = base + 2;
	env_setup(e, 4, false, max);
	guest_start(e, 3, 0);
	/* 64 guest PDEs (256 MiB of linear space) sharing one guest PT. */
	for (i = 0; i < 64; i++)
		gset(e, G_PD + 4 * i, G_PT0 | G_URW);
	map4k(e, VA(1), G_PAGE(1), G_URW);
	for (i = 0; i < 64; i++) {
		r = fault(e, (i << 22) + VA(1), H_READ_NP, NULL);
		if (r != VTLB_PF_RETRY)
			other++;
		if (e->v.stats.tables_cur > max || e->tables_live > max)
			over++;
	}
	KUNIT_EXPECT_EQ(test, other, 0U);
	KUNIT_EXPECT_EQ(test, over, 0U);
	KUNIT_EXPECT_GE(test, e->v.stats.tables_limit, 1ULL);
	KUNIT_EXPECT_LE(test, e->v.stats.tables_peak, (u64)max);
	/* The last fill is there; the first one was dropped on the way. */
	EXPECT_ACTIVE(test, e, VTLB_USER, (63U << 22) + VA(1), G_PAGE(1), false, true);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, VA(1));
	KUNIT_EXPECT_EQ(test, (long)e->v.stats.tables_cur, e->tables_live);
	env_teardown(e);

	/* No room for a single page table: a clear error, no host failure. */
	env_setup(e, 4, false, base);
	guest_start(e, 3, 0);
	map4k(e, VA(1), G_PAGE(1), G_URW);
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_NOMEM);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, VA(1));
	KUNIT_EXPECT_EQ(test, e->v.stats.tables_cur, (u64)base);
	KUNIT_EXPECT_EQ(test, (long)e->v.stats.tables_cur, e->tables_live);
}

/* Block 512: each virtual CPL has its own hierarchy and permissions. */
static void vtlb_core_cpl_hierarchies(struct kunit *test)
{
	struct core_env *e = test->priv;
	u64 switches;

	env_setup(e, 4, false, 0);
	guest_start(e, 0, 0);
	switches = e->v.stats.cpl_switch;
	map4k(e, VA(1), G_PAGE(1), PTE_P | PTE_RW | PTE_A | PTE_D);	/* kernel */
	/* The guest kernel really runs at CPL 3: U/S = 1 in its hierarchy. */
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_WRITE_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_SUP, VA(1), G_PAGE(1), true, true);
	EXPECT_NO_ACCESS(test, e, VTLB_USER, VA(1));
	vtlb_set_cpl(&e->v, 3);
	KUNIT_EXPECT_EQ(test, e->v.stats.cpl_switch, switches + 1);
	KUNIT_EXPECT_EQ(test, vtlb_active_root(&e->v), e->v.hier[VTLB_USER].root_hpa);
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_GUEST);
	EXPECT_NO_ACCESS(test, e, VTLB_USER, VA(1));
	/* The supervisor entry survives the round trip. */
	vtlb_set_cpl(&e->v, 0);
	EXPECT_ACTIVE(test, e, VTLB_SUP, VA(1), G_PAGE(1), true, true);
}

/* The virtual CPU's own accesses: software walk with A/D. */
static void vtlb_core_translate(struct kunit *test)
{
	struct core_env *e = test->priv;
	u64 gpa = 0;
	u32 gerr = 0;

	env_setup(e, 4, false, 0);
	guest_start(e, 0, 0);
	map4k(e, VA(1), G_PAGE(8), G_URW);
	KUNIT_EXPECT_EQ(test, vtlb_translate(&e->v, VA(1) + 0x44, 0, &gpa, &gerr),
			VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, gpa, (u64)G_PAGE(8) + 0x44);
	KUNIT_EXPECT_TRUE(test, gget(e, pte_gpa(G_PT0, VA(1))) & PTE_A);
	KUNIT_EXPECT_FALSE(test, gget(e, pte_gpa(G_PT0, VA(1))) & PTE_D);
	KUNIT_EXPECT_EQ(test, vtlb_translate(&e->v, VA(1), VTLB_ACC_WRITE, &gpa,
					     &gerr), VTLB_PF_RETRY);
	KUNIT_EXPECT_TRUE(test, gget(e, pte_gpa(G_PT0, VA(1))) & PTE_D);
	KUNIT_EXPECT_EQ(test, vtlb_translate(&e->v, VA(2), VTLB_ACC_USER, &gpa,
					     &gerr), VTLB_PF_GUEST);
	KUNIT_EXPECT_EQ(test, gerr, (u32)PFERR_U);
	/* Paging off: guest-physical = linear. */
	KUNIT_EXPECT_EQ(test, vtlb_write_cr0(&e->v, CR0_PE), 0);
	KUNIT_EXPECT_EQ(test, vtlb_translate(&e->v, 0x12345, 0, &gpa, &gerr),
			VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, gpa, 0x12345ULL);
}

/* CR0.PG = 0: the identity map of guest RAM, filled on faults. */
static void vtlb_core_paging_off(struct kunit *test)
{
	struct core_env *e = test->priv;

	env_setup(e, 4, false, 0);
	vtlb_set_cpl(&e->v, 0);
	KUNIT_ASSERT_EQ(test, vtlb_write_cr0(&e->v, CR0_PE), 0);
	KUNIT_EXPECT_EQ(test, fault(e, 0x123456, H_WRITE_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_SUP, 0x123456, 0x123000, true, true);
	KUNIT_EXPECT_GE(test, e->v.stats.fill_phys, 1ULL);
	/* Turning paging on drops the identity map. */
	guest_start(e, 0, 0);
	EXPECT_NOT_ACTIVE(test, e, VTLB_SUP, 0x123456);
}

/*
 * Fig 8 884-888: INVLPG of any address in a 4 MiB page drops the active
 * entries of both 2 MiB halves in both hierarchies, as a real INVLPG drops
 * the whole 4 MiB TLB entry. Each half is a PT of 4 KiB pieces (forced
 * with host_4k_only, whatever order the allocator gave guest RAM in); both
 * are freed and the host flush is a full one (900).
 */
static void vtlb_core_invlpg_4m_drops_both_halves(struct kunit *test)
{
	struct core_env *e = test->priv;
	u32 big = 0x00400000U, lo = big + 0x5000, hi = big + 0x3ff000;
	u64 base, freed;
	unsigned int h;

	e->host_4k_only = true;
	env_setup(e, 4, false, 0);
	guest_start(e, 3, CR4_PSE);
	map4k(e, VA(1), G_PAGE(1), G_URW);
	gset(e, pde_gpa(G_PD, big), big | G_URW | PTE_PS);
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_RETRY);
	base = e->v.stats.tables_cur;
	/* One 4 KiB piece in each half: one active PT per half and hierarchy. */
	KUNIT_EXPECT_EQ(test, fault(e, lo, H_READ_NP, NULL), VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, fault(e, hi, H_READ_NP, NULL), VTLB_PF_RETRY);
	for (h = 0; h < VTLB_NR_HIER; h++) {
		EXPECT_ACTIVE(test, e, h, lo, lo, false, true);
		EXPECT_ACTIVE(test, e, h, hi, hi, false, true);
	}
	KUNIT_EXPECT_EQ(test, e->v.stats.tables_cur, base + 4);

	/* A page of the second half that was never filled. */
	freed = e->v.stats.invlpg_pt_freed;
	e->flush_va_calls = 0;
	e->flush_all_calls = 0;
	KUNIT_EXPECT_EQ(test, vtlb_invlpg(&e->v, big + 0x207000), 0);
	for (h = 0; h < VTLB_NR_HIER; h++) {
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, lo), 0ULL, "hier %u", h);
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, hi), 0ULL, "hier %u", h);
		EXPECT_NOT_ACTIVE(test, e, h, lo);
		EXPECT_NOT_ACTIVE(test, e, h, hi);
	}
	KUNIT_EXPECT_EQ(test, e->v.stats.tables_cur, base);
	KUNIT_EXPECT_EQ(test, (long)e->v.stats.tables_cur, e->tables_live);
	KUNIT_EXPECT_EQ(test, e->v.stats.invlpg_pt_freed, freed + 4);
	KUNIT_EXPECT_EQ(test, e->flush_all_calls, 1UL);
	/* The 4 KiB page under the neighbouring PDE is not touched. */
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(1), G_PAGE(1), false, true);
	/* The next access fills again from the guest's 4 MiB PDE. */
	KUNIT_EXPECT_EQ(test, fault(e, lo, H_READ_NP, NULL), VTLB_PF_RETRY);
	EXPECT_ACTIVE(test, e, VTLB_USER, lo, lo, false, true);
}

/* Eager fill setup: virtual CPL 3, CR4 @cr4, CR3 = G_PD, CR0 @cr0. */
static void eager_start(struct core_env *e, u32 cr4, u32 cr0)
{
	vtlb_set_cpl(&e->v, 3);
	KUNIT_ASSERT_EQ(e->test, vtlb_write_cr4(&e->v, cr4), 0);
	KUNIT_ASSERT_EQ(e->test, vtlb_write_cr3(&e->v, G_PD), 0);
	KUNIT_ASSERT_EQ(e->test, vtlb_write_cr0(&e->v, cr0), 0);
	KUNIT_EXPECT_GE(e->test, e->v.stats.eager_walks, 1ULL);
}

/*
 * Fig 10A 1003-1006: a present guest PDE whose A bit is clear (a PDE -> PT
 * and a 4 MiB one) leaves both active PDEs of its 2 MiB halves not present
 * and allocates no active PT, so the first access faults and sets A.
 */
static void vtlb_core_eager_not_accessed_pde_1004(struct kunit *test)
{
	struct core_env *e = test->priv;
	u32 big = 0x00800000U, ctl = 0x00401000U;
	u64 base;
	unsigned int h;

	env_setup(e, 4, true, 0);
	base = e->v.stats.tables_cur;
	gset(e, pde_gpa(G_PD, 0), G_PT0 | G_URW);		/* A = 0 */
	map4k(e, VA(1), G_PAGE(1), G_URW | PTE_A | PTE_D);
	gset(e, pde_gpa(G_PD, big), 0x00400000U | G_URW | PTE_PS | PTE_D);
	/* Control: an accessed PDE -> PT2 with an accessed PTE. */
	gset(e, pde_gpa(G_PD, ctl), G_PT2 | G_URW | PTE_A);
	gset(e, pte_gpa(G_PT2, ctl), G_PAGE(2) | G_URW | PTE_A | PTE_D);
	eager_start(e, CR4_PSE, CR0_ON);

	for (h = 0; h < VTLB_NR_HIER; h++) {
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, 0), 0ULL, "hier %u", h);
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, 0x00200000U), 0ULL,
				    "hier %u", h);
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, big), 0ULL, "hier %u", h);
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, big + 0x00200000U), 0ULL,
				    "hier %u", h);
		EXPECT_NOT_ACTIVE(test, e, h, VA(1));
		EXPECT_NOT_ACTIVE(test, e, h, big + 0x1000);
		EXPECT_ACTIVE(test, e, h, ctl, G_PAGE(2), true, true);
	}
	/* Only the control's active PT, one per hierarchy. */
	KUNIT_EXPECT_EQ(test, e->v.stats.tables_cur, base + 2);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_total, 0ULL);
	KUNIT_EXPECT_FALSE(test, gget(e, pde_gpa(G_PD, 0)) & PTE_A);

	/* A emulation still works: the first access faults and sets A. */
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_READ_NP, NULL), VTLB_PF_RETRY);
	KUNIT_EXPECT_TRUE(test, gget(e, pde_gpa(G_PD, 0)) & PTE_A);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_hidden, 1ULL);
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(1), G_PAGE(1), true, true);
	KUNIT_EXPECT_EQ(test, fault(e, big + 0x1000, H_READ_NP, NULL),
			VTLB_PF_RETRY);
	KUNIT_EXPECT_TRUE(test, gget(e, pde_gpa(G_PD, big)) & PTE_A);
	EXPECT_ACTIVE(test, e, VTLB_USER, big + 0x1000, 0x00401000U, true, true);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_hidden, 2ULL);
}

/*
 * Fig 10A 1008 and Fig 10B 1034 (-> 1032): a PDE naming a page table (or a
 * 4 MiB page) outside guest RAM, or a PTE naming a frame outside RAM, stays
 * not present in both hierarchies; the access then raises the #MC (716,
 * 838). A PDE moved outside RAM loses its active entries on the next pass.
 */
static void vtlb_core_eager_frame_outside_ram_1008_1034(struct kunit *test)
{
	struct core_env *e = test->priv;
	u32 pt2 = 0x00400000U, big = 0x00c00000U;
	u64 base;
	unsigned int h;

	env_setup(e, 4, true, 0);
	base = e->v.stats.tables_cur;
	gset(e, pde_gpa(G_PD, 0), G_PT0 | G_URW | PTE_A);
	map4k(e, VA(1), G_PAGE(1), G_URW | PTE_A | PTE_D);
	map4k(e, VA(2), 0x10000000U, G_URW | PTE_A | PTE_D);	/* 1034 */
	map4k(e, VA(3), RAM_SIZE - 4096, G_URW | PTE_A | PTE_D);	/* last frame */
	gset(e, pde_gpa(G_PD, pt2), G_PT2 | G_URW | PTE_A);
	gset(e, pte_gpa(G_PT2, pt2), G_PAGE(4) | G_URW | PTE_A | PTE_D);
	gset(e, pde_gpa(G_PD, big),					/* 1008 */
	     0x10000000U | G_URW | PTE_A | PTE_D | PTE_PS);
	eager_start(e, CR4_PSE, CR0_ON);

	for (h = 0; h < VTLB_NR_HIER; h++) {
		EXPECT_ACTIVE(test, e, h, VA(1), G_PAGE(1), true, true);
		EXPECT_ACTIVE(test, e, h, VA(3), RAM_SIZE - 4096, true, true);
		EXPECT_NOT_ACTIVE(test, e, h, VA(2));
		EXPECT_ACTIVE(test, e, h, pt2, G_PAGE(4), true, true);
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, big), 0ULL, "hier %u", h);
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, big + 0x00200000U), 0ULL,
				    "hier %u", h);
	}
	KUNIT_EXPECT_EQ(test, e->v.stats.tables_cur, base + 4);

	/* 1008: the guest moves PDE 1's page table outside RAM; INVLPG elsewhere. */
	gset(e, pde_gpa(G_PD, pt2), 0x20000000U | G_URW | PTE_A);
	KUNIT_EXPECT_EQ(test, vtlb_invlpg(&e->v, VA(5)), 0);
	for (h = 0; h < VTLB_NR_HIER; h++) {
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, pt2), 0ULL, "hier %u", h);
		KUNIT_EXPECT_EQ_MSG(test, host_pde(e, h, pt2 + 0x00200000U), 0ULL,
				    "hier %u", h);
		EXPECT_ACTIVE(test, e, h, VA(1), G_PAGE(1), true, true);
	}
	KUNIT_EXPECT_EQ(test, e->v.stats.tables_cur, base + 2);
	KUNIT_EXPECT_EQ(test, (long)e->v.stats.tables_cur, e->tables_live);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_total, 0ULL);

	/* The fault path then raises the machine check for each of them. */
	KUNIT_EXPECT_EQ(test, fault(e, VA(2), H_READ_NP, NULL), VTLB_PF_MCE);
	KUNIT_EXPECT_EQ(test, fault(e, pt2, H_READ_NP, NULL), VTLB_PF_MCE);
	KUNIT_EXPECT_EQ(test, fault(e, big, H_READ_NP, NULL), VTLB_PF_MCE);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_mce, 3ULL);
	EXPECT_NOT_ACTIVE(test, e, VTLB_USER, VA(2));
}

/*
 * Fig 10A 1016-1018: an accessed 4 MiB PDE whose D bit is clear is mapped
 * read-only in both hierarchies, even in the supervisor one with CR0.WP = 0
 * (1018 before 1026); a dirty one is writable. The first write faults and
 * sets D. The halves are 2 MiB leaves or PTs of 4 KiB pieces, as the
 * host frames allow; the checks walk either.
 */
static void vtlb_core_eager_clean_4m_read_only_1016_1018(struct kunit *test)
{
	struct core_env *e = test->priv;
	u32 clean = 0x00400000U, dirty = 0x00800000U;
	unsigned int h;

	env_setup(e, 4, true, 0);
	gset(e, pde_gpa(G_PD, clean), clean | G_URW | PTE_A | PTE_PS);
	gset(e, pde_gpa(G_PD, dirty), G_URW | PTE_A | PTE_D | PTE_PS);
	eager_start(e, CR4_PSE, CR0_PE | CR0_PG);			/* WP = 0 */

	for (h = 0; h < VTLB_NR_HIER; h++) {
		EXPECT_ACTIVE(test, e, h, clean + 0x5000, clean + 0x5000, false, true);
		EXPECT_ACTIVE(test, e, h, clean + 0x3ff000, clean + 0x3ff000,
			      false, true);
		EXPECT_ACTIVE(test, e, h, dirty + 0x5000, 0x5000, true, true);
		EXPECT_ACTIVE(test, e, h, dirty + 0x3ff000, 0x3ff000, true, true);
	}
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_total, 0ULL);
	KUNIT_EXPECT_FALSE(test, gget(e, pde_gpa(G_PD, clean)) & PTE_D);

	/* The first write to the clean page faults; D is set, then writable. */
	KUNIT_EXPECT_EQ(test, fault(e, clean + 0x5000, H_WRITE_PROT, NULL),
			VTLB_PF_RETRY);
	KUNIT_EXPECT_TRUE(test, gget(e, pde_gpa(G_PD, clean)) & PTE_D);
	EXPECT_ACTIVE(test, e, VTLB_USER, clean + 0x5000, clean + 0x5000, true,
		      true);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_hidden, 1ULL);
}

/*
 * An eager pass that rewrites or drops pieces of a guest 4 MiB page
 * flushes the host TLB itself: the guest may INVLPG the page through any
 * address in it, after the pass has removed what said it was 4 MiB.
 */
static void vtlb_core_eager_4m_change_flushes(struct kunit *test)
{
	struct core_env *e = test->priv;
	u32 big = 0x00400000U;

	env_setup(e, 4, true, 0);
	gset(e, pde_gpa(G_PD, big), big | G_URW | PTE_A | PTE_D | PTE_PS);
	eager_start(e, CR4_PSE, CR0_PE | CR0_PG | CR0_WP);
	EXPECT_ACTIVE(test, e, VTLB_USER, big + 0x5000, big + 0x5000, true,
		      true);
	e->flush_all_calls = 0;
	KUNIT_EXPECT_EQ(test, vtlb_invlpg(&e->v, VA(1)), 0);	/* no change */
	KUNIT_EXPECT_EQ(test, e->flush_all_calls, 0UL);

	/* made clean (read-only), then an INVLPG of another page */
	gset(e, pde_gpa(G_PD, big), big | G_URW | PTE_A | PTE_PS);
	KUNIT_EXPECT_EQ(test, vtlb_invlpg(&e->v, VA(1)), 0);
	KUNIT_EXPECT_EQ(test, e->flush_all_calls, 1UL);
	KUNIT_EXPECT_EQ(test, e->v.stats.eager_flush, 1ULL);
	EXPECT_ACTIVE(test, e, VTLB_USER, big + 0x5000, big + 0x5000, false,
		      true);

	/* removed */
	gset(e, pde_gpa(G_PD, big), 0);
	KUNIT_EXPECT_EQ(test, vtlb_invlpg(&e->v, VA(1)), 0);
	KUNIT_EXPECT_EQ(test, e->flush_all_calls, 2UL);
	KUNIT_EXPECT_EQ(test, e->v.stats.eager_flush, 2ULL);
}

/*
 * Fig 7B 768-770 and Fig 7D 850-852: after a hidden fault is filled the
 * host TLB entry of the address is flushed (one flush_va, never a full
 * flush), then the access is retried.
 */
static void vtlb_core_flush_after_fill_768_850(struct kunit *test)
{
	struct core_env *e = test->priv;
	u32 big = 0x00400000U;

	env_setup(e, 4, false, 0);
	guest_start(e, 3, CR4_PSE);
	map4k(e, VA(1), G_PAGE(1), G_URW);
	gset(e, pde_gpa(G_PD, big), big | G_URW | PTE_PS);
	e->flush_va_calls = 0;
	e->flush_all_calls = 0;

	/* 850: a 4 KiB fill (Fig 7D). */
	KUNIT_EXPECT_EQ(test, fault(e, VA(1) + 0x10, H_READ_NP, NULL),
			VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_hidden, 1ULL);
	KUNIT_EXPECT_EQ(test, e->flush_va_calls, 1UL);
	KUNIT_EXPECT_EQ(test, e->last_flush_va, VA(1) + 0x10);
	/* 852 after 848: the refill for the first write flushes too. */
	KUNIT_EXPECT_EQ(test, fault(e, VA(1), H_WRITE_PROT, NULL), VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_hidden, 2ULL);
	KUNIT_EXPECT_EQ(test, e->flush_va_calls, 2UL);
	KUNIT_EXPECT_EQ(test, e->last_flush_va, VA(1));
	EXPECT_ACTIVE(test, e, VTLB_USER, VA(1), G_PAGE(1), true, true);

	/* 768: a 4 MiB PDE fill (Fig 7B). */
	KUNIT_EXPECT_EQ(test, fault(e, big + 0x2345, H_READ_NP, NULL),
			VTLB_PF_RETRY);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_hidden, 3ULL);
	KUNIT_EXPECT_EQ(test, e->flush_va_calls, 3UL);
	KUNIT_EXPECT_EQ(test, e->last_flush_va, big + 0x2345);
	EXPECT_ACTIVE(test, e, VTLB_USER, big + 0x2345, big + 0x2000, false, true);

	KUNIT_EXPECT_EQ(test, e->flush_all_calls, 0UL);
	KUNIT_EXPECT_EQ(test, e->v.stats.pf_spurious, 0ULL);
}

static struct kunit_case vtlb_core_cases[] = {
	KUNIT_CASE(vtlb_core_shape_4level),
	KUNIT_CASE(vtlb_core_shape_5level),
	KUNIT_CASE(vtlb_core_fill_4k_4level),
	KUNIT_CASE(vtlb_core_fill_4k_5level),
	KUNIT_CASE(vtlb_core_write_clean_one_fault),
	KUNIT_CASE(vtlb_core_reflect),
	KUNIT_CASE(vtlb_core_invlpg_frees_empty_pt),
	KUNIT_CASE(vtlb_core_cr3_flush),
	KUNIT_CASE(vtlb_core_write_protect),
	KUNIT_CASE(vtlb_core_fill_4m),
	KUNIT_CASE(vtlb_core_eager),
	KUNIT_CASE(vtlb_core_machine_check),
	KUNIT_CASE(vtlb_core_table_bound),
	KUNIT_CASE(vtlb_core_cpl_hierarchies),
	KUNIT_CASE(vtlb_core_translate),
	KUNIT_CASE(vtlb_core_paging_off),
	KUNIT_CASE(vtlb_core_invlpg_4m_drops_both_halves),
	KUNIT_CASE(vtlb_core_eager_not_accessed_pde_1004),
	KUNIT_CASE(vtlb_core_eager_frame_outside_ram_1008_1034),
	KUNIT_CASE(vtlb_core_eager_clean_4m_read_only_1016_1018),
	KUNIT_CASE(vtlb_core_eager_4m_change_flushes),
	KUNIT_CASE(vtlb_core_flush_after_fill_768_850),
	{}
};

static struct kunit_suite vtlb_core_suite = {
	.name = "vtlb_core",
	.init = core_test_init,
	.exit = core_test_exit,
	.test_cases = vtlb_core_cases,
};

kunit_test_suites(&vtlb_core_suite);
