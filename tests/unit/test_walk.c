// SPDX-License-Identifier: GPL-2.0
/*
 * Fig 4 (guest translation data structure, block 404) and the SDM rules of
 * the guest walker, exercised through vtlb_translate (the same walk the
 * fault path uses).
 */
#include "unit.h"

#define VA	0x00801234U	/* PDE 2, PTE 1 */
#define FRAME	0x00123000U

static enum vtlb_pf_result tr(struct test_env *e, u32 va, u32 acc, u64 *gpa,
			      u32 *err)
{
	*gpa = ~0ULL;
	*err = ~0U;
	return vtlb_translate(&e->v, va, acc, gpa, err);
}

TEST_CASE(fig4_walk_4k_read_sets_accessed_only)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, G_P | G_RW | G_US, G_P | G_RW | G_US);
	CHECK_EQ(tr(e, VA, 0, &gpa, &err), VTLB_PF_RETRY);
	CHECK_EQ(gpa, FRAME | 0x234);
	CHECK_EQ(ut_pde(e, VA) & (G_A | G_D), G_A);
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), G_A);
	CHECK_EQ(e->v.stats.a_set, 2);
	CHECK_EQ(e->v.stats.d_set, 0);
	ut_done(e);
}

TEST_CASE(fig4_walk_write_sets_dirty_in_leaf_only)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, G_P | G_RW, G_P | G_RW);
	CHECK_EQ(tr(e, VA, VTLB_ACC_WRITE, &gpa, &err), VTLB_PF_RETRY);
	CHECK_EQ(ut_pde(e, VA) & (G_A | G_D), G_A);
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), G_A | G_D);
	CHECK_EQ(e->v.stats.d_set, 1);
	ut_done(e);
}

TEST_CASE(fig4_walk_4m_page_with_pse)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, CR4_PSE, true);
	ut_set_pde(e, 0x00C00000, 0x00800000 | G_P | G_RW | G_PS);
	CHECK_EQ(tr(e, 0x00C12345, VTLB_ACC_WRITE, &gpa, &err), VTLB_PF_RETRY);
	CHECK_EQ(gpa, 0x00812345);
	CHECK_EQ(ut_pde(e, 0x00C00000) & (G_A | G_D), G_A | G_D);
	ut_done(e);
}

TEST_CASE(fig4_walk_ps_ignored_without_pse)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, 0, true);
	/* PS = 1 but CR4.PSE = 0: the PDE names a page table. */
	ut_map4k(e, VA, FRAME, G_P | G_RW | G_PS, G_P | G_RW);
	CHECK_EQ(tr(e, VA, 0, &gpa, &err), VTLB_PF_RETRY);
	CHECK_EQ(gpa, FRAME | 0x234);
	ut_done(e);
}

TEST_CASE(fig4_walk_user_needs_us_at_both_levels)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, G_P | G_RW, G_P | G_RW | G_US);
	CHECK_EQ(tr(e, VA, VTLB_ACC_USER, &gpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_U);
	ut_map4k(e, VA, FRAME, G_P | G_RW | G_US, G_P | G_RW);
	CHECK_EQ(tr(e, VA, VTLB_ACC_USER | VTLB_ACC_WRITE, &gpa, &err),
		 VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_U | PFERR_W);
	/* a fault sets neither A nor D */
	CHECK_EQ(ut_pde(e, VA) & (G_A | G_D), 0);
	CHECK_EQ(ut_pte(e, VA) & (G_A | G_D), 0);
	ut_map4k(e, VA, FRAME, G_P | G_RW | G_US, G_P | G_RW | G_US);
	CHECK_EQ(tr(e, VA, VTLB_ACC_USER | VTLB_ACC_WRITE, &gpa, &err),
		 VTLB_PF_RETRY);
	ut_done(e);
}

TEST_CASE(fig4_walk_user_write_needs_rw_at_both_levels)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, 0, false);	/* WP does not matter for users */
	ut_map4k(e, VA, FRAME, G_P | G_US, G_P | G_RW | G_US);
	CHECK_EQ(tr(e, VA, VTLB_ACC_USER | VTLB_ACC_WRITE, &gpa, &err),
		 VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_U | PFERR_W);
	CHECK_EQ(tr(e, VA, VTLB_ACC_USER, &gpa, &err), VTLB_PF_RETRY);
	ut_done(e);
}

TEST_CASE(fig4_walk_supervisor_write_obeys_cr0_wp)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, 0, false);
	ut_map4k(e, VA, FRAME, G_P, G_P);
	CHECK_EQ(tr(e, VA, VTLB_ACC_WRITE, &gpa, &err), VTLB_PF_RETRY);
	CHECK_EQ(ut_pte(e, VA) & G_D, G_D);
	CHECK_EQ(vtlb_write_cr0(&e->v, CR0_PE | CR0_PG | CR0_WP), 0);
	CHECK_EQ(tr(e, VA, VTLB_ACC_WRITE, &gpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_W);
	/* supervisor reads of user pages are always allowed (no SMAP) */
	ut_map4k(e, VA, FRAME, G_P | G_US, G_P | G_US);
	CHECK_EQ(tr(e, VA, 0, &gpa, &err), VTLB_PF_RETRY);
	ut_done(e);
}

TEST_CASE(fig4_walk_not_present_error_codes)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, 0, true);
	CHECK_EQ(tr(e, VA, VTLB_ACC_USER | VTLB_ACC_WRITE, &gpa, &err),
		 VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_U | PFERR_W);		/* PDE not present */
	/* PDE denies the user, but the PTE is not present: P = 0 wins */
	ut_map4k(e, VA, FRAME, G_P, G_RW | G_US);
	CHECK_EQ(tr(e, VA, VTLB_ACC_USER, &gpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_U);
	CHECK_EQ(ut_pde(e, VA) & G_A, 0);
	ut_done(e);
}

TEST_CASE(fig4_walk_reserved_bit_in_4m_pde)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	ut_paging_on(e, CR4_PSE, true);
	ut_set_pde(e, 0x00C00000, 0x00800000 | VTLB_BIT(13) | G_P | G_PS);
	CHECK_EQ(tr(e, 0x00C00000, 0, &gpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_RSVD);
	ut_set_pde(e, 0x00C00000, 0x00800000 | GUEST_PDE_RSVD_4M | G_P | G_PS);
	CHECK_EQ(tr(e, 0x00C00000, VTLB_ACC_WRITE, &gpa, &err), VTLB_PF_GUEST);
	CHECK_EQ(err, PFERR_P | PFERR_RSVD | PFERR_W);
	CHECK_EQ(ut_pde(e, 0x00C00000) & G_A, 0);
	ut_done(e);
}

TEST_CASE(fig4_translate_paging_off_is_identity)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa;
	u32 err;

	CHECK_EQ(tr(e, 0x00345678, VTLB_ACC_WRITE, &gpa, &err), VTLB_PF_RETRY);
	CHECK_EQ(gpa, 0x00345678);
	CHECK_EQ(tr(e, (u32)UT_RAM, 0, &gpa, &err), VTLB_PF_MCE);
	ut_done(e);
}

TEST_CASE(fig4_translate_keeps_active_entry_read_only_until_fault)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 gpa, hpa, r;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, G_P | G_RW, G_P | G_RW);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	/* the virtual CPU writes the page: D set, active entry may stay RO */
	CHECK_EQ(tr(e, VA, VTLB_ACC_WRITE, &gpa, &err), VTLB_PF_RETRY);
	CHECK_EQ(ut_pte(e, VA) & G_D, G_D);
	CHECK(ut_host_lookup(e, VTLB_SUP, VA, &r) != UT_NP);
	CHECK_EQ(r & PTE_RW, 0);
	CHECK_EQ(ut_access(e, VA, true, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + FRAME + 0x234);
	ut_done(e);
}
