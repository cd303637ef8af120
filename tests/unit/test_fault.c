// SPDX-License-Identifier: GPL-2.0
/*
 * Fig 5 (event dispatch), Fig 6 (two hierarchies, A/D emulation), Figs
 * 7A-7D (fills) and the machine-check blocks 716/838.
 */
#include <stdlib.h>
#include "unit.h"

#define VA	0x00801234U	/* PDE 2, PTE 1 */
#define FRAME	0x00123000U
#define ALL	(G_P | G_RW | G_US)

/* ---- Fig 5: classify the event ----------------------------------------- */

TEST_CASE(fig5_reflect_not_present_with_exact_error_code)
{
	struct test_env *e = ut_env(4, false, 0);
	u32 err = 0;

	ut_paging_on(e, 0, true);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(vtlb_page_fault(&e->v, VA, PFERR_U | PFERR_W, &err),
		 VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_U | PFERR_W);
	vtlb_set_cpl(&e->v, 0);
	/* the host error always has U set; the guest's says CPL 0 */
	CHECK_EQ(vtlb_page_fault(&e->v, VA, PFERR_U, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, 0);
	CHECK_EQ(e->v.stats.pf_reflected, 2);
	CHECK_EQ(e->v.stats.pf_total, 2);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	ut_done(e);
}

TEST_CASE(fig5_hidden_fault_fills_then_access_completes)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + FRAME + 0x234);
	CHECK_EQ(e->v.stats.pf_hidden, 1);
	CHECK_EQ(e->v.stats.pf_total, 1);
	CHECK(e->flush_va_calls >= 1);		/* block 768/850 */
	ut_done(e);
}

TEST_CASE(fig5_stale_entry_invlpg_and_retry_822_828)
{
	struct test_env *e = ut_env(4, false, 0);
	unsigned long fva;
	u64 hpa;
	u32 err;

	ut_paging_on(e, CR4_PSE, true);
	ut_map4k(e, VA, FRAME, ALL, ALL | G_D);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	/* the host TLB still had the old entry: active entry allows it */
	fva = e->flush_va_calls;
	CHECK_EQ(vtlb_page_fault(&e->v, VA, PFERR_U | PFERR_W, &err),
		 VTLB_PF_RETRY);
	CHECK_EQ(e->v.stats.pf_spurious, 1);	/* block 828 (4K) */
	CHECK_EQ(e->flush_va_calls, fva + 1);
	/* guest revoked the page but did not INVLPG: still stale, no walk */
	ut_set_pte(e, VA, 0);
	CHECK_EQ(vtlb_page_fault(&e->v, VA, PFERR_U, &err), VTLB_PF_RETRY);
	CHECK_EQ(e->v.stats.pf_spurious, 2);
	/* 4 MiB page: block 822 */
	ut_set_pde(e, 0x01000000, 0x00400000 | ALL | G_D | G_PS);
	CHECK_EQ(ut_access(e, 0x01000000, true, &hpa, &err), UT_OK);
	CHECK_EQ(vtlb_page_fault(&e->v, 0x01000000, PFERR_U | PFERR_W, &err),
		 VTLB_PF_RETRY);
	CHECK_EQ(e->v.stats.pf_spurious, 3);
	CHECK_EQ(e->v.stats.pf_reflected, 0);
	ut_done(e);
}

TEST_CASE(fig5_cpl_switch_selects_hierarchy_508_512)
{
	struct test_env *e = ut_env(4, false, 0);

	CHECK_EQ(vtlb_active_root(&e->v), e->v.hier[VTLB_SUP].root_hpa);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(vtlb_active_root(&e->v), e->v.hier[VTLB_USER].root_hpa);
	CHECK(e->v.hier[VTLB_USER].root_hpa != e->v.hier[VTLB_SUP].root_hpa);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(e->v.stats.cpl_switch, 1);
	vtlb_set_cpl(&e->v, 0);
	CHECK_EQ(e->v.stats.cpl_switch, 2);
	CHECK_EQ(vtlb_active_root(&e->v), e->v.hier[VTLB_SUP].root_hpa);
	ut_done(e);
}

TEST_CASE(fig5_user_hierarchy_denies_supervisor_page)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, G_P | G_RW);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_U);
	CHECK_EQ(e->v.stats.pf_reflected, 1);
	ut_done(e);
}

/* ---- Fig 6: the two hierarchies and A/D emulation ---------------------- */

TEST_CASE(fig6_supervisor_entries_user_accessible_user_entries_mirror)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa, r = 0;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, G_P | G_RW, G_P | G_RW | G_D);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(r & (PTE_US | PTE_RW), PTE_US | PTE_RW);
	/* the user hierarchy was filled too, U/S = 0 as in the guest */
	CHECK(ut_host_lookup(e, VTLB_USER, VA, &r) != UT_NP);
	CHECK_EQ(r & (PTE_US | PTE_RW), PTE_RW);
	CHECK_EQ(ut_host_pde(e, VTLB_USER, VA) & PTE_US, 0);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, VA) & PTE_US, PTE_US);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, VA) & (VTLB_BIT64(63) | PTE_G), 0);
	ut_done(e);
}

TEST_CASE(fig6_read_fill_read_only_until_dirty)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa, r = 0;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), G_A);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, 0);
	CHECK(ut_host_lookup(e, VTLB_USER, VA, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, 0);
	CHECK_EQ(e->v.stats.pf_total, 1);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);	/* block 848 */
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), G_A | G_D);
	CHECK_EQ(e->v.stats.pf_total, 2);
	CHECK_EQ(e->v.stats.d_set, 1);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, PTE_RW);
	ut_done(e);
}

TEST_CASE(fig6_write_to_clean_page_sets_a_and_d_in_one_fault)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK_EQ(e->v.stats.pf_total, 1);
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), G_A | G_D);
	CHECK_EQ(ut_pde(e, VA) & (G_A | G_D), G_A);
	CHECK_EQ(e->v.stats.a_set, 2);
	CHECK_EQ(e->v.stats.d_set, 1);
	ut_done(e);
}

/* ---- Figs 7A-7D --------------------------------------------------------- */

TEST_CASE(fig7a_pde_not_present_reflects_712)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	ut_set_pde(e, VA, UT_PT(GUEST_PDE_INDEX(VA)) | G_RW);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, 0);
	CHECK_EQ(e->v.stats.fill_pt, 0);
	ut_done(e);
}

TEST_CASE(fig7a_guest_pt_gets_active_pt_pair_732)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(e->v.stats.fill_pt, 1);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	CHECK_EQ(e->v.stats.fill_4k, 1);
	/* second page of the same 2 MiB: no new PT */
	ut_map4k(e, VA + 0x1000, FRAME + 0x1000, ALL, ALL);
	CHECK_EQ(ut_access(e, VA + 0x1000, false, &hpa, &err), UT_OK);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	CHECK_EQ(e->v.stats.fill_4k, 2);
	ut_done(e);
}

TEST_CASE(fig7a_one_guest_pt_becomes_two_host_pts_per_hierarchy)
{
	struct test_env *e = ut_env(4, false, 0);
	u32 lo = 0x00800000, hi = 0x00800000 + 0x200000 + 0x3000, err;
	u64 hpa;

	ut_paging_on(e, 0, true);
	ut_map4k(e, lo, 0x00200000, ALL, ALL);
	ut_map4k(e, hi, 0x00300000, ALL, ALL);
	CHECK_EQ(ut_access(e, lo, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + 0x00200000);
	CHECK_EQ(ut_access(e, hi, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + 0x00300000);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 4);
	CHECK(ut_host_pde(e, VTLB_SUP, lo) != ut_host_pde(e, VTLB_SUP, hi));
	ut_done(e);
}

TEST_CASE(fig7b_4m_page_maps_two_2m_leaves)
{
	struct test_env *e = ut_env(4, false, 0);
	u32 va = 0x01000000, err;
	u64 hpa;

	ut_paging_on(e, CR4_PSE, true);
	ut_set_pde(e, va, 0x00800000 | ALL | G_PS);
	CHECK_EQ(ut_access(e, va + 0x1234, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + 0x00801234);
	CHECK_EQ(ut_access(e, va + 0x3FFFFC, false, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + 0x00BFFFFC);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va) & PTE_PS, PTE_PS);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x200000) & PTE_PS, PTE_PS);
	CHECK_EQ(ut_host_pde(e, VTLB_USER, va) & (PTE_PS | PTE_US | PTE_RW),
		 PTE_PS | PTE_US);	/* clean: read-only */
	CHECK_EQ(e->v.stats.fill_4m, 2);
	CHECK_EQ(e->v.stats.fill_4m_2m, 2);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));	/* no PT needed */
	ut_done(e);
}

TEST_CASE(fig7b_4m_page_not_2m_mappable_uses_4k_pieces)
{
	struct test_env *e = calloc(1, sizeof(*e));
	u32 va = 0x01000000, err;
	u64 hpa, r;

	/* RAM ends at 5 MiB: the 4 MiB page at 4 MiB is only partly RAM */
	CHECK_EQ(env_init(e, 5ULL << 20, 4, false, 0), 0);
	ut_paging_on(e, CR4_PSE, true);
	ut_set_pde(e, va, 0x00400000 | ALL | G_PS);
	CHECK_EQ(ut_access(e, va + 0x5678, true, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + 0x00405678);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, va) & PTE_PS, 0);
	CHECK(ut_host_lookup(e, VTLB_SUP, va + 0x5000, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, PTE_RW);
	CHECK_EQ(e->v.stats.fill_4m, 1);
	CHECK_EQ(e->v.stats.fill_4m_2m, 0);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	/* the page's frame beyond RAM: machine check (block 716) */
	CHECK_EQ(ut_access(e, va + 0x100000, false, &hpa, &err), VTLB_PF_MCE);
	CHECK_EQ(env_destroy(e), 0);
	free(e);
}

TEST_CASE(fig7b_4m_dirty_emulation_720_802_809)
{
	struct test_env *e = ut_env(4, false, 0);
	u32 va = 0x01000000, err;
	u64 hpa, r;

	ut_paging_on(e, CR4_PSE, false);
	ut_set_pde(e, va, 0x00800000 | G_P | G_US | G_PS);	/* read-only */
	CHECK_EQ(ut_access(e, va, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pde(e, va) & (G_A | G_D), G_A);
	/* supervisor write with WP = 0: allowed, D set, now writable */
	CHECK_EQ(ut_access(e, va, true, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pde(e, va) & (G_A | G_D), G_A | G_D);
	CHECK(ut_host_lookup(e, VTLB_SUP, va, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, PTE_RW);
	/* the user hierarchy keeps the guest's R/W = 0 (block 809) */
	CHECK(ut_host_lookup(e, VTLB_USER, va, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, 0);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, va, true, &hpa, &err), VTLB_PF_GUEST);	/* 722 */
	CHECK_EQ(err, PFERR_P | PFERR_W | PFERR_U);
	ut_done(e);
}

TEST_CASE(fig7c_pte_not_present_reflects_834)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL & ~G_P);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_U | PFERR_W);
	CHECK_EQ(ut_pde(e, VA) & G_A, 0);
	ut_done(e);
}

TEST_CASE(fig7d_pte_fill_sets_accessed_846)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), G_A);
	CHECK_EQ(ut_pde(e, VA) & (G_A | G_D), G_A);
	CHECK_EQ(e->v.stats.a_set, 2);
	ut_done(e);
}

TEST_CASE(fig7d_write_fault_on_clean_page_sets_dirty_848)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pte(e, VA) & G_D, 0);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK_EQ(ut_pte(e, VA) & G_D, G_D);
	CHECK_EQ(e->v.stats.pf_hidden, 2);
	ut_done(e);
}

TEST_CASE(fig7d_present_entry_protection_fault_reflects_844)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, G_P | G_US | G_D);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_W | PFERR_U);
	ut_done(e);
}

/* ---- machine checks: blocks 716 and 838 -------------------------------- */

TEST_CASE(mce716_pde_names_page_table_outside_ram)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_set_pde(e, VA, (u32)UT_RAM | ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_MCE);
	CHECK_EQ(e->v.stats.pf_mce, 1);
	CHECK_EQ(ut_pde(e, VA) & G_A, 0);
	ut_done(e);
}

TEST_CASE(mce716_4m_page_outside_ram)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, CR4_PSE, true);
	ut_set_pde(e, VA, 0x40000000 | ALL | G_PS);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_MCE);
	/* but a fault the guest takes natively wins (decision box 710) */
	vtlb_set_cpl(&e->v, 3);
	ut_set_pde(e, VA, 0x40000000 | G_P | G_RW | G_PS);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_U);
	CHECK_EQ(e->v.stats.pf_mce, 1);
	ut_done(e);
}

TEST_CASE(mce838_pte_frame_outside_ram)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, 0xFFFFF000, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_MCE);
	CHECK_EQ(ut_pte(e, VA) & G_A, 0);
	ut_map4k(e, VA, 0xFFFFF000, ALL, G_P | G_RW);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_GUEST); /* 832 */
	CHECK_EQ(e->v.stats.pf_mce, 1);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	ut_done(e);
}

TEST_CASE(mce_guest_cr3_outside_ram_and_paging_off_beyond_ram)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	CHECK_EQ(ut_access(e, (u32)UT_RAM + 0x1000, false, &hpa, &err),
		 VTLB_PF_MCE);
	ut_paging_on(e, 0, true);
	CHECK_EQ(vtlb_write_cr3(&e->v, (u32)UT_RAM), 0);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_MCE);
	CHECK_EQ(e->v.stats.pf_mce, 2);
	ut_done(e);
}

/* ---- paging off ---------------------------------------------------------- */

TEST_CASE(pgoff_identity_fill_2m_and_4k)
{
	struct test_env *e = calloc(1, sizeof(*e));
	u64 hpa, r;
	u32 err;

	CHECK_EQ(env_init(e, (4ULL << 20) + 0x3000, 4, false, 0), 0);
	CHECK_EQ(ut_access(e, 0x00123456, true, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + 0x00123456);
	CHECK_EQ(ut_host_pde(e, VTLB_SUP, 0) & PTE_PS, PTE_PS);
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, 0x00400010, true, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + 0x00400010);
	CHECK_EQ(ut_host_pde(e, VTLB_USER, 0x00400000) & PTE_PS, 0);
	CHECK(ut_host_lookup(e, VTLB_USER, 0x00400010, &r) != UT_NP);
	CHECK_EQ(r & (PTE_RW | PTE_US), PTE_RW | PTE_US);
	CHECK_EQ(e->v.stats.fill_phys, 2);
	CHECK_EQ(ut_access(e, 0x00403000, false, &hpa, &err), VTLB_PF_MCE);
	CHECK_EQ(env_destroy(e), 0);
	free(e);
}

/* Host frames not contiguous: the 2 MiB shortcut must not be taken. */
static u64 swap_mask;
static u64 scrambled_gpa_to_hpa(void *ctx, u64 gpa)
{
	u64 f = gpa & ~0xFFFULL;

	if ((f & 0x1FF000) == 0x5000 || (f & 0x1FF000) == 0x6000)
		f ^= swap_mask & 0x3000;
	else if (swap_mask == 0x1000)
		f ^= 0x1000;
	return env_ops.gpa_to_hpa(ctx, f);
}

TEST_CASE(fig7b_4m_page_host_discontiguous_uses_4k_pieces)
{
	u64 masks[2] = { 0x1000, 0x3000 };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct test_env *e = ut_env(4, i == 1, 0);
		struct vtlb_ops ops = env_ops;
		u32 va = 0x01000000, err;
		u64 hpa, expect;

		swap_mask = masks[i];
		ops.gpa_to_hpa = scrambled_gpa_to_hpa;
		e->v.ops = &ops;
		expect = scrambled_gpa_to_hpa(e, 0x00805000) + 0x10;
		CHECK(expect != ENV_RAM_HPA + 0x00805010);
		ut_set_pde(e, va, 0x00800000 | ALL | G_PS);
		ut_paging_on(e, CR4_PSE, true);
		CHECK_EQ(ut_access(e, va + 0x5010, false, &hpa, &err), UT_OK);
		CHECK_EQ(hpa, expect);
		CHECK_EQ(ut_host_pde(e, VTLB_SUP, va) & PTE_PS, 0);
		CHECK_EQ(ut_host_pde(e, VTLB_USER, va + 0x200000) & PTE_PS, 0);
		CHECK_EQ(e->v.stats.fill_4m_2m, 0);
		e->v.ops = &env_ops;
		ut_done(e);
	}
}

TEST_CASE(fig4_translate_reports_bad_frame_as_mce)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, (u32)UT_RAM, ALL, ALL);
	CHECK_EQ(vtlb_translate(&e->v, VA, 0, &gpa, &err), VTLB_PF_MCE);
	CHECK_EQ(ut_pte(e, VA) & G_A, 0);
	ut_done(e);
}

/*
 * cfg.host_4k_only (vtlb.ko: VTLB_VM_RAM_4K): even host-contiguous RAM is
 * mapped in 4 KiB pieces, with paging off, for a 4 MiB page, and eagerly.
 */
TEST_CASE(fig7b_host_4k_only_never_maps_2m_leaves)
{
	unsigned int eager;

	for (eager = 0; eager < 2; eager++) {
		struct test_env *e = ut_env(4, eager, 0);
		u32 va = 0x01000000, err;
		u64 hpa, r;

		e->v.cfg.host_4k_only = true;
		if (!eager) {
			CHECK_EQ(ut_access(e, 0x00123456, true, &hpa, &err), UT_OK);
			CHECK_EQ(hpa, ENV_RAM_HPA + 0x00123456);
			CHECK_EQ(ut_host_pde(e, VTLB_SUP, 0) & PTE_PS, 0);
		}
		ut_set_pde(e, va, 0x00800000 | ALL | G_PS | G_A);
		ut_paging_on(e, CR4_PSE, true);
		CHECK_EQ(ut_access(e, va + 0x201234, false, &hpa, &err), UT_OK);
		CHECK_EQ(hpa, ENV_RAM_HPA + 0x00A01234);
		CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x200000) & PTE_PS, 0);
		CHECK_EQ(ut_host_pde(e, VTLB_USER, va + 0x200000) & PTE_PS, 0);
		CHECK_EQ(ut_host_lookup(e, VTLB_SUP, va + 0x201234, &r),
			 ENV_RAM_HPA + 0x00A01234);
		CHECK_EQ(e->v.stats.fill_4m_2m, 0);
		if (!eager)
			CHECK_EQ(e->v.stats.fill_4m, 1);
		ut_done(e);
	}
}

/* A host that knows its 2 MiB blocks answers for the core (ops->ram_2m_block). */
static bool block_answer;
static u64 block_asked;
static bool ram_2m_block_hook(void *ctx, u64 gpa_2m, u64 *hpa)
{
	block_asked = gpa_2m;
	if (block_answer)
		*hpa = env_ops.gpa_to_hpa(ctx, gpa_2m);
	return block_answer;
}

TEST_CASE(fig7b_host_ram_2m_block_hook_decides)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct test_env *e = ut_env(4, false, 0);
		struct vtlb_ops ops = env_ops;
		u32 va = 0x01000000, err;
		u64 hpa;

		block_answer = i;
		block_asked = 0;
		ops.ram_2m_block = ram_2m_block_hook;
		e->v.ops = &ops;
		ut_set_pde(e, va, 0x00800000 | ALL | G_PS);
		ut_paging_on(e, CR4_PSE, true);
		CHECK_EQ(ut_access(e, va + 0x201234, false, &hpa, &err), UT_OK);
		CHECK_EQ(hpa, ENV_RAM_HPA + 0x00A01234);
		CHECK_EQ(block_asked, 0x00A00000);
		CHECK_EQ(ut_host_pde(e, VTLB_SUP, va + 0x200000) & PTE_PS,
			 i ? PTE_PS : 0);
		CHECK_EQ(e->v.stats.fill_4m_2m, i);
		e->v.ops = &env_ops;
		ut_done(e);
	}
}
