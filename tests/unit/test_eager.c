// SPDX-License-Identifier: GPL-2.0
/* Figs 10A-10B: eager fill (cfg.eager). */
#include <stdlib.h>
#include "unit.h"

#define VA	0x00801234U
#define FRAME	0x00123000U
#define ALL	(G_P | G_RW | G_US)

TEST_CASE(fig10a_eager_fills_accessed_entries_without_fault)
{
	struct test_env *e = ut_env(4, true, 0);
	u64 hpa, r;
	u32 err;

	ut_map4k(e, VA, FRAME, ALL | G_A, ALL | G_A | G_D);
	ut_paging_on(e, 0, true);
	CHECK(e->v.stats.eager_walks >= 1);
	CHECK(e->v.stats.eager_entries >= 1024 + 1024);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, VA, &r), ENV_RAM_HPA + FRAME + 0x234);
	CHECK_EQ(r & (PTE_RW | PTE_US), PTE_RW | PTE_US);
	CHECK_EQ(ut_host_lookup(e, VTLB_USER, VA, &r), ENV_RAM_HPA + FRAME + 0x234);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK_EQ(e->v.stats.pf_total, 0);
	ut_done(e);
}

TEST_CASE(fig10a_eager_not_accessed_stays_not_present_1004_1030)
{
	struct test_env *e = ut_env(4, true, 0);
	u64 hpa, r;
	u32 err;

	ut_map4k(e, VA, FRAME, ALL, ALL | G_A);			/* PDE A = 0 */
	ut_map4k(e, 0x01001000, FRAME, ALL | G_A, ALL);		/* PTE A = 0 */
	ut_paging_on(e, 0, true);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, VA, &r), UT_NP);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, 0x01001000, &r), UT_NP);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));	/* no empty PTs */
	CHECK_EQ(ut_access(e, 0x01001000, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pte(e, 0x01001000) & G_A, G_A);
	CHECK_EQ(e->v.stats.pf_hidden, 1);
	ut_done(e);
}

TEST_CASE(fig10b_eager_rw_rules_1044_1052)
{
	struct test_env *e = ut_env(4, true, 0);
	u64 r;

	ut_map4k(e, VA, FRAME, ALL | G_A, ALL | G_A);		/* clean */
	ut_map4k(e, VA + 0x1000, FRAME, ALL | G_A, G_P | G_US | G_A | G_D);
	ut_paging_on(e, 0, false);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, 0);				/* 1044 */
	CHECK(ut_host_lookup(e, VTLB_USER, VA, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, 0);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA + 0x1000, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, PTE_RW);				/* 1050 */
	CHECK(ut_host_lookup(e, VTLB_USER, VA + 0x1000, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, 0);				/* 1046 */
	CHECK_EQ(vtlb_write_cr0(&e->v, CR0_PE | CR0_PG | CR0_WP), 0);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA + 0x1000, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, 0);				/* 1052 */
	ut_done(e);
}

TEST_CASE(fig10a_eager_user_bit_1014_and_4m_pages_1012_1018)
{
	struct test_env *e = ut_env(4, true, 0);
	u32 va = 0x01000000;
	u64 r;

	ut_set_pde(e, va, 0x00800000 | G_P | G_RW | G_A | G_PS);	/* clean */
	ut_set_pde(e, va + 0x400000, 0x00800000 | ALL | G_PS);	/* A = 0 */
	ut_paging_on(e, CR4_PSE, true);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va) & (PTE_P | PTE_PS | PTE_RW | PTE_US),
		 PTE_P | PTE_PS | PTE_US);
	CHECK_EQ(ut_host_pde(e, VTLB_USER, va + 0x200000) &
		 (PTE_P | PTE_PS | PTE_RW | PTE_US), PTE_P | PTE_PS);
	CHECK_EQ(ut_host_lookup(e, VTLB_USER, va + 0x200010, &r),
		 ENV_RAM_HPA + 0x00A00010);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x400000), 0);
	ut_done(e);
}

TEST_CASE(fig10b_eager_invlpg_reevaluates_whole_hierarchy)
{
	struct test_env *e = ut_env(4, true, 0);
	u64 hpa, r;
	u32 err, walks;

	ut_map4k(e, VA, FRAME, ALL | G_A, ALL | G_A | G_D);
	ut_map4k(e, 0x01001000, FRAME, ALL | G_A, ALL | G_A | G_D);
	ut_paging_on(e, 0, true);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 4);
	walks = e->v.stats.eager_walks;
	ut_set_pte(e, VA, 0x00456000 | ALL | G_A | G_D);
	ut_set_pde(e, 0x01001000, 0);
	CHECK_EQ(vtlb_invlpg(&e->v, VA), 0);
	CHECK_EQ(e->v.stats.eager_walks, walks + 1);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, VA, &r), ENV_RAM_HPA + 0x00456234);
	/* the other PDE went away too: its PTs are freed */
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, 0x01001000, &r), UT_NP);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK_EQ(e->v.stats.pf_total, 0);
	ut_done(e);
}

TEST_CASE(fig10a_eager_frame_outside_ram_not_present_1008_1032)
{
	struct test_env *e = ut_env(4, true, 0);
	u64 hpa, r;
	u32 err;

	ut_map4k(e, VA, 0xFFFF0000, ALL | G_A, ALL | G_A | G_D);
	ut_set_pde(e, 0x01000000, (u32)UT_RAM | ALL | G_A);
	ut_paging_on(e, 0, true);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, VA, &r), UT_NP);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, 0x01000000, &r), UT_NP);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_MCE);
	CHECK_EQ(ut_access(e, 0x01000000, false, &hpa, &err), VTLB_PF_MCE);
	ut_done(e);
}

TEST_CASE(fig10_eager_cr3_switch_and_pd_outside_ram)
{
	struct test_env *e = ut_env(4, true, 0);
	u64 r;

	ut_map4k(e, VA, FRAME, ALL | G_A, ALL | G_A);
	ut_paging_on(e, 0, true);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(vtlb_write_cr3(&e->v, 0x2000), 0);	/* an empty PD */
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, VA, &r), UT_NP);
	CHECK_EQ(vtlb_write_cr3(&e->v, UT_PD), 0);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(vtlb_write_cr3(&e->v, (u32)UT_RAM), 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	ut_done(e);
}

TEST_CASE(bound_eager_fill_returns_enospc)
{
	struct test_env *e = ut_env(4, true, UT_FIXED(4) + 2);
	u32 i;

	for (i = 0; i < 4; i++)
		ut_map4k(e, 0x00800000 + (i << 22), FRAME, ALL | G_A, ALL | G_A);
	CHECK_EQ(vtlb_write_cr3(&e->v, UT_PD), 0);	/* paging still off */
	CHECK_EQ(vtlb_write_cr0(&e->v, CR0_PE | CR0_PG), -ENOSPC);
	CHECK(e->v.stats.tables_limit >= 1);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	CHECK_EQ(e->v.stats.tables_peak, UT_FIXED(4) + 2);
	ut_done(e);
}

TEST_CASE(fig10a_eager_4m_rsvd_outside_ram_and_4k_pieces)
{
	struct test_env *e = calloc(1, sizeof(*e));
	u32 va = 0x01000000;
	u64 r;

	CHECK_EQ(env_init(e, 5ULL << 20, 4, true, 0), 0);
	ut_set_pde(e, va, 0x00400000 | ALL | G_A | G_D | G_PS);	/* part RAM */
	ut_set_pde(e, va + 0x400000, 0x00800000 | ALL | G_A | G_PS);	/* none */
	ut_set_pde(e, va + 0x800000, VTLB_BIT(14) | ALL | G_A | G_PS); /* RSVD */
	ut_paging_on(e, CR4_PSE, true);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, va + 0xFF000, &r),
		 ENV_RAM_HPA + 0x4FF000);
	CHECK_EQ(r & PTE_RW, PTE_RW);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, va + 0x100000, &r), UT_NP);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x200000), 0);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x400000), 0);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x800000), 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	/* the guest makes the PT-less half's only page not accessed */
	ut_set_pde(e, 0x00800000, UT_PT(2) | ALL | G_A);
	ut_set_pte(e, 0x00800000, 0x1000 | ALL | G_A);
	CHECK_EQ(vtlb_invlpg(&e->v, 0), 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 4);
	ut_set_pte(e, 0x00800000, 0x1000 | ALL);
	CHECK_EQ(vtlb_invlpg(&e->v, 0), 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	CHECK_EQ(env_destroy(e), 0);
	free(e);
}

/*
 * An eager fill that drops or rewrites pieces of a guest 4 MiB page must
 * flush the host TLB itself: the guest may INVLPG that page through any
 * address in it, and once the active entry is gone nothing says more than
 * one address needs flushing. (Found by the fuzzer: corpus file
 * regress-eager-drop-4m-flushes-host-tlb.)
 */
TEST_CASE(fig10a_eager_change_to_4m_page_flushes_host_tlb)
{
	struct test_env *e = ut_env(4, true, 0);
	u32 va = 0x01000000;
	unsigned long fall;
	u64 r;

	ut_set_pde(e, va, 0x00800000 | ALL | G_A | G_D | G_PS);
	ut_paging_on(e, CR4_PSE, true);
	CHECK(ut_host_pde(e, VTLB_SUP, va) & PTE_PS);	/* a 2 MiB leaf */
	fall = e->flush_all_calls;
	CHECK_EQ(vtlb_invlpg(&e->v, 0), 0);	/* nothing changed */
	CHECK_EQ(e->flush_all_calls, fall);
	CHECK_EQ(e->v.stats.eager_flush, 0);
	/* remapped, then an INVLPG of another page comes first */
	ut_set_pde(e, va, 0x00C00000 | ALL | G_A | G_D | G_PS);
	CHECK_EQ(vtlb_invlpg(&e->v, 0), 0);
	CHECK_EQ(e->flush_all_calls, fall + 1);
	CHECK_EQ(e->v.stats.eager_flush, 1);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, va + 0x300000, &r),
		 ENV_RAM_HPA + 0x00F00000);
	/* removed: the leaves go, and the host TLB with them */
	ut_set_pde(e, va, 0);
	CHECK_EQ(vtlb_invlpg(&e->v, 0), 0);
	CHECK_EQ(e->flush_all_calls, fall + 2);
	CHECK_EQ(e->v.stats.eager_flush, 2);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va), 0);
	ut_done(e);
}

/* The same for a 4 MiB page held as 4 KiB pieces (partly outside RAM). */
TEST_CASE(fig10a_eager_change_to_4m_pieces_flushes_host_tlb)
{
	struct test_env *e = calloc(1, sizeof(*e));
	u32 va = 0x01000000;
	unsigned long fall;
	u64 r;

	CHECK_EQ(env_init(e, 5ULL << 20, 4, true, 0), 0);
	ut_set_pde(e, va, 0x00400000 | ALL | G_A | G_D | G_PS);
	ut_paging_on(e, CR4_PSE, true);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, va + 0xFF000, &r),
		 ENV_RAM_HPA + 0x4FF000);
	CHECK_EQ(r & PTE_RW, PTE_RW);
	fall = e->flush_all_calls;
	/* write-protected, then an INVLPG of another page comes first */
	ut_set_pde(e, va, 0x00400000 | G_P | G_US | G_A | G_D | G_PS);
	CHECK_EQ(vtlb_invlpg(&e->v, 0), 0);
	CHECK_EQ(e->flush_all_calls, fall + 1);
	CHECK_EQ(e->v.stats.eager_flush, 1);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, va + 0xFF000, &r),
		 ENV_RAM_HPA + 0x4FF000);
	CHECK_EQ(r & PTE_RW, 0);
	CHECK_EQ(vtlb_invlpg(&e->v, 0), 0);	/* nothing changed */
	CHECK_EQ(e->flush_all_calls, fall + 1);
	CHECK_EQ(env_destroy(e), 0);
	free(e);
}
