// SPDX-License-Identifier: GPL-2.0
/*
 * Fig 8 (INVLPG), MOV CR3, Fig 9 (CR0.WP), CR0.PG and CR4.PSE/PGE.
 */
#include <stdlib.h>
#include "unit.h"

#define VA	0x00801234U
#define FRAME	0x00123000U
#define ALL	(G_P | G_RW | G_US)

TEST_CASE(fig8_invlpg_clears_pte_new_mapping_seen)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	ut_map4k(e, VA + 0x1000, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_access(e, VA + 0x1000, false, &hpa, &err), UT_OK);
	ut_set_pte(e, VA, 0x00456000 | ALL);
	/* without INVLPG the old translation may stay (a TLB) */
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + FRAME + 0x234);
	CHECK_EQ(vtlb_invlpg(&e->v, VA), 0);
	CHECK_EQ(e->v.stats.invlpg, 1);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + 0x00456234);
	CHECK_EQ(e->v.stats.invlpg_pt_freed, 0);	/* PT not empty */
	ut_done(e);
}

TEST_CASE(fig8_invlpg_frees_empty_pt_894_896)
{
	struct test_env *e = ut_env(4, false, 0);
	unsigned long fva;
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	fva = e->flush_va_calls;
	CHECK_EQ(vtlb_invlpg(&e->v, VA), 0);
	CHECK_EQ(e->v.stats.invlpg_pt_freed, 2);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, VA), 0);
	CHECK_EQ(ut_host_pde(e, VTLB_USER, VA), 0);
	CHECK_EQ(e->flush_va_calls, fva + 1);		/* block 900 */
	ut_done(e);
}

TEST_CASE(fig8_invlpg_reemulates_accessed_bit)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	ut_set_pte(e, VA, FRAME | ALL);			/* guest clears A, D */
	CHECK_EQ(vtlb_invlpg(&e->v, VA), 0);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), G_A);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), G_A | G_D);
	ut_done(e);
}

TEST_CASE(fig8_invlpg_drops_whole_4m_page_886_888)
{
	struct test_env *e = calloc(1, sizeof(*e));
	u32 va = 0x01000000, err;
	u64 hpa;

	CHECK_EQ(env_init(e, 5ULL << 20, 4, false, 0), 0);
	ut_paging_on(e, CR4_PSE, true);
	/* 4 MiB page at 0: first half a 2 MiB leaf, second half 4K pieces */
	ut_set_pde(e, va, 0x00000000 | ALL | G_PS);
	ut_set_pde(e, va + 0x400000, 0x00400000 | ALL | G_PS);
	CHECK_EQ(ut_access(e, va, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_access(e, va + 0x200000, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_access(e, va + 0x400000, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x400000) & PTE_PS, 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	/* INVLPG anywhere in the 4 MiB page drops both halves */
	CHECK_EQ(vtlb_invlpg(&e->v, va + 0x3FF000), 0);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va), 0);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x200000), 0);
	CHECK_EQ(ut_host_pde(e, VTLB_USER, va), 0);
	CHECK(ut_host_pde(e, VTLB_SUP, va + 0x400000) != 0);
	CHECK_EQ(vtlb_invlpg(&e->v, va + 0x400000 + 0x3000), 0);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x400000), 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	CHECK_EQ(e->v.stats.invlpg_pt_freed, 2);
	CHECK_EQ(env_destroy(e), 0);
	free(e);
}

TEST_CASE(cr3_write_frees_all_active_tables_and_flushes)
{
	struct test_env *e = ut_env(4, false, 0);
	unsigned long fall;
	u64 hpa;
	u32 err, i;

	ut_paging_on(e, 0, true);
	for (i = 0; i < 8; i++) {
		ut_map4k(e, i << 22, FRAME, ALL, ALL);
		CHECK_EQ(ut_access(e, i << 22, false, &hpa, &err), UT_OK);
	}
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 16);
	fall = e->flush_all_calls;
	CHECK_EQ(vtlb_write_cr3(&e->v, UT_PD), 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	CHECK_EQ(e->flush_all_calls, fall + 1);
	CHECK_EQ(e->v.stats.flush_cr3, 2);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, 0, &hpa), UT_NP);
	ut_done(e);
}

TEST_CASE(fig9_wp_0_to_1_revokes_supervisor_writes)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa, r;
	u32 err;

	ut_paging_on(e, 0, false);
	ut_map4k(e, VA, FRAME, ALL, G_P | G_US);		/* read-only */
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, PTE_RW);
	CHECK_EQ(vtlb_write_cr0(&e->v, CR0_PE | CR0_PG | CR0_WP), 0);
	CHECK_EQ(e->v.stats.wp_change, 1);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) == UT_NP ||
	      !(r & PTE_RW));
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_W);
	/* the user hierarchy does not depend on WP and was kept */
	CHECK(ut_host_lookup(e, VTLB_USER, VA, &r) != UT_NP);
	ut_done(e);
}

TEST_CASE(fig9_wp_1_to_0_widens_on_next_fault)
{
	struct test_env *e = ut_env(4, false, 0);
	unsigned long fall;
	u64 hpa, r;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, G_P | G_US | G_D);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), VTLB_PF_GUEST);
	fall = e->flush_all_calls;
	CHECK_EQ(e->v.stats.wp_change, 1);	/* ut_paging_on: 0 -> 1 */
	CHECK_EQ(vtlb_write_cr0(&e->v, CR0_PE | CR0_PG), 0);
	CHECK_EQ(e->v.stats.wp_change, 2);
	CHECK_EQ(e->flush_all_calls, fall);	/* no action needed (Fig 9) */
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, PTE_RW);
	ut_done(e);
}

TEST_CASE(cr0_pg_and_cr4_pse_pge_changes_flush_all)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	CHECK_EQ(e->v.stats.flush_other, 1);	/* CR0.PG 0 -> 1 */
	e->v.stats.flush_other = 0;
	ut_map4k(e, VA, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(vtlb_write_cr4(&e->v, CR4_PSE), 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	CHECK_EQ(e->v.stats.flush_other, 1);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(vtlb_write_cr4(&e->v, CR4_PSE | CR4_PGE), 0);
	CHECK_EQ(e->v.stats.flush_other, 2);
	CHECK_EQ(vtlb_write_cr4(&e->v, CR4_PSE | CR4_PGE | CR4_DE), 0);
	CHECK_EQ(e->v.stats.flush_other, 2);	/* DE is not TLB-related */
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(vtlb_write_cr0(&e->v, CR0_PE | CR0_WP), 0);	/* PG off */
	CHECK_EQ(e->v.stats.flush_other, 3);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + VA);		/* identity now */
	CHECK_EQ(vtlb_write_cr0(&e->v, CR0_PE | CR0_WP | CR0_PG), 0);
	CHECK_EQ(e->v.stats.flush_other, 4);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + FRAME + 0x234);
	ut_done(e);
}
