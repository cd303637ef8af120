// SPDX-License-Identifier: GPL-2.0
/* Active-table memory: bounds, allocator failure, teardown, 5 levels. */
#include <stdlib.h>
#include "unit.h"

#define VA	0x00801234U
#define FRAME	0x00123000U
#define ALL	(G_P | G_RW | G_US)

TEST_CASE(bound_fill_evicts_when_full_then_nomem)
{
	struct test_env *e = ut_env(4, false, UT_FIXED(4) + 2);
	u64 hpa, r;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	ut_map4k(e, 0x01001000, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	/* a second guest PT: the bound is hit, everything is evicted */
	CHECK_EQ(ut_access(e, 0x01001000, false, &hpa, &err), UT_OK);
	CHECK(e->v.stats.tables_limit >= 1);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4) + 2);
	CHECK_EQ(ut_host_lookup(e, VTLB_SUP, VA, &r), UT_NP);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	ut_done(e);

	/* no room for a single PT: a clear error, no crash */
	e = ut_env(4, false, UT_FIXED(4));
	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_NOMEM);
	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(4));
	CHECK_EQ(e->v.stats.pf_hidden, 0);
	ut_done(e);
}

TEST_CASE(bound_allocator_failure_is_nomem)
{
	struct test_env *e = ut_env(4, false, 0);
	u64 hpa;
	u32 err;

	ut_paging_on(e, 0, true);
	ut_map4k(e, VA, FRAME, ALL, ALL);
	e->fail_alloc_after = (int)e->tables_total;
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), VTLB_PF_NOMEM);
	e->fail_alloc_after = -1;
	CHECK_EQ(ut_access(e, VA, false, &hpa, &err), UT_OK);
	ut_done(e);
}

TEST_CASE(init_rejects_bad_config)
{
	struct test_env *e = ut_env(4, false, 0);
	struct vtlb_config cfg = { .ram_size = 1 << 20, .levels = 4 };
	unsigned int live;

	vtlb_destroy(&e->v);
	live = e->tables_live;
	CHECK_EQ(live, 0);
	cfg.levels = 3;
	CHECK_EQ(vtlb_init(&e->v, &cfg, &env_ops, e), -EINVAL);
	cfg.levels = 5;
	cfg.ram_size = 0x1800;
	CHECK_EQ(vtlb_init(&e->v, &cfg, &env_ops, e), -EINVAL);
	cfg.ram_size = 1 << 20;
	cfg.max_tables = UT_FIXED(5) - 1;
	CHECK_EQ(vtlb_init(&e->v, &cfg, &env_ops, e), -EINVAL);
	CHECK_EQ(e->tables_live, 0);
	cfg.max_tables = UT_FIXED(5);
	CHECK_EQ(vtlb_init(&e->v, &cfg, &env_ops, e), 0);
	CHECK_EQ(e->tables_live, UT_FIXED(5));
	ut_done(e);
}

TEST_CASE(init_failure_frees_partial_tables)
{
	struct test_env *e = ut_env(4, false, 0);
	struct vtlb_config cfg = { .ram_size = 1 << 20, .levels = 5 };
	unsigned int n;

	for (n = 0; n < UT_FIXED(5); n++) {
		vtlb_destroy(&e->v);
		CHECK_EQ(e->tables_live, 0);
		e->fail_alloc_after = (int)(e->tables_total + n);
		CHECK_EQ(vtlb_init(&e->v, &cfg, &env_ops, e), -ENOMEM);
		CHECK_EQ(e->tables_live, 0);
		e->fail_alloc_after = -1;
		CHECK_EQ(vtlb_init(&e->v, &cfg, &env_ops, e), 0);
	}
	ut_done(e);
}

TEST_CASE(destroy_frees_everything)
{
	struct test_env *e = ut_env(5, false, 0);
	u64 hpa;
	u32 err, i;

	ut_paging_on(e, CR4_PSE, true);
	for (i = 0; i < 64; i++) {
		u32 va = 0x00800000 + i * 0x00201000;

		if (i & 1)
			ut_set_pde(e, va, 0x00400000 | ALL | G_PS);
		else
			ut_map4k(e, va, FRAME, ALL, ALL);
		CHECK_EQ(ut_access(e, va, true, &hpa, &err), UT_OK);
	}
	vtlb_set_cpl(&e->v, 3);
	CHECK(e->v.stats.tables_cur > UT_FIXED(5));
	CHECK_EQ(e->v.stats.tables_peak, e->v.stats.tables_cur);
	ut_done(e);		/* checks 0 leaks, tables_freed == alloc */
}

TEST_CASE(five_level_hierarchy_maps_low_4g)
{
	struct test_env *e = ut_env(5, false, 0);
	struct vtlb_hier *h = &e->v.hier[VTLB_SUP];
	u64 hpa;
	u32 err;

	CHECK_EQ(e->v.stats.tables_cur, UT_FIXED(5));
	CHECK(h->root != h->pml4);
	CHECK_EQ(h->root[0] & HOST_ADDR_MASK, h->pml4_hpa);
	CHECK_EQ(h->pml4[0] & HOST_ADDR_MASK, h->pdpt_hpa);
	CHECK_EQ(h->pdpt[3] & HOST_ADDR_MASK, h->pd_hpa[3]);
	ut_paging_on(e, 0, true);
	ut_map4k(e, 0xFFC01000, FRAME, ALL, ALL);	/* top of 4 GiB */
	vtlb_set_cpl(&e->v, 3);
	CHECK_EQ(ut_access(e, 0xFFC01008, true, &hpa, &err), UT_OK);
	CHECK_EQ(hpa, ENV_RAM_HPA + FRAME + 8);
	ut_done(e);
}

TEST_CASE(root_entries_above_zero_belong_to_world_switch)
{
	unsigned int levels;

	for (levels = 4; levels <= 5; levels++) {
		struct test_env *e = ut_env(levels, false, 0);
		u64 root0 = e->v.hier[VTLB_SUP].root[0];

		vtlb_set_root_entry(&e->v, 0, 0x1234067);
		CHECK_EQ(e->v.hier[VTLB_SUP].root[0], root0);
		vtlb_set_root_entry(&e->v, 511, 0xABC000 | PTE_P | PTE_RW);
		CHECK_EQ(e->v.hier[VTLB_SUP].root[511], 0xABC000 | PTE_P | PTE_RW);
		CHECK_EQ(e->v.hier[VTLB_USER].root[511], 0xABC000 | PTE_P | PTE_RW);
		ut_paging_on(e, 0, true);
		CHECK_EQ(vtlb_write_cr3(&e->v, UT_PD), 0);
		CHECK_EQ(e->v.hier[VTLB_USER].root[511], 0xABC000 | PTE_P | PTE_RW);
		vtlb_set_root_entry(&e->v, 511, 0);
		ut_done(e);
	}
}
