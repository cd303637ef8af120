// SPDX-License-Identifier: GPL-2.0
/* Helpers of the core's unit tests (see unit.h). */
#include <stdlib.h>
#include "unit.h"

struct test_env *ut_env(unsigned int levels, bool eager, unsigned int max)
{
	struct test_env *e = calloc(1, sizeof(*e));
	int ret;

	if (!e)
		abort();
	ret = env_init(e, UT_RAM, levels, eager, max);
	CHECK_EQ(ret, 0);
	return e;
}

void ut_done(struct test_env *e)
{
	struct vtlb_counters st = e->v.stats;
	unsigned int leaks = env_destroy(e);

	CHECK_EQ(leaks, 0);
	CHECK_EQ(e->v.stats.tables_cur, 0);
	CHECK_EQ(e->v.stats.tables_freed, st.tables_alloc);
	free(e);
}

void ut_paging_on(struct test_env *e, u32 cr4, bool wp)
{
	CHECK_EQ(vtlb_write_cr4(&e->v, cr4), 0);
	CHECK_EQ(vtlb_write_cr3(&e->v, UT_PD), 0);
	CHECK_EQ(vtlb_write_cr0(&e->v, CR0_PE | CR0_PG | (wp ? CR0_WP : 0)), 0);
}

void ut_set_pde(struct test_env *e, u32 va, u32 val)
{
	env_write32(e, UT_PD + GUEST_PDE_INDEX(va) * 4, val);
}

u32 ut_pde(struct test_env *e, u32 va)
{
	return env_read32(e, UT_PD + GUEST_PDE_INDEX(va) * 4);
}

void ut_set_pte(struct test_env *e, u32 va, u32 val)
{
	env_write32(e, UT_PT(GUEST_PDE_INDEX(va)) + GUEST_PTE_INDEX(va) * 4, val);
}

u32 ut_pte(struct test_env *e, u32 va)
{
	return env_read32(e, UT_PT(GUEST_PDE_INDEX(va)) + GUEST_PTE_INDEX(va) * 4);
}

void ut_map4k(struct test_env *e, u32 va, u32 frame, u32 pde_flags,
	      u32 pte_flags)
{
	ut_set_pde(e, va, UT_PT(GUEST_PDE_INDEX(va)) | pde_flags);
	ut_set_pte(e, va, frame | pte_flags);
}

u64 ut_host_lookup(struct test_env *e, enum vtlb_hier_id h, u32 va,
		   u64 *rights)
{
	u64 hpa = e->v.hier[h].root_hpa;
	u64 r = PTE_RW | PTE_US;
	int lvl;

	for (lvl = e->v.cfg.levels; lvl >= 1; lvl--) {
		u64 *t = env_hpa_to_ptr(e, hpa);
		u64 ent;

		if (!t) {
			CHECK(!"active entry points to an unknown table");
			return UT_NP;
		}
		ent = t[((u64)va >> (12 + 9 * (lvl - 1))) & 511];
		if (!(ent & PTE_P))
			return UT_NP;
		r &= ent;
		if (lvl == 2 && (ent & PTE_PS)) {
			CHECK_EQ(ent & 0x1FF000, 0);
			*rights = r;
			return (ent & HOST_ADDR_MASK) + (va & 0x1FFFFF);
		}
		hpa = ent & HOST_ADDR_MASK;
	}
	*rights = r;
	return hpa + (va & 0xFFF);
}

u64 ut_host_pde(struct test_env *e, enum vtlb_hier_id h, u32 va)
{
	return e->v.hier[h].pd[va >> 30][(va >> 21) & 511];
}

int ut_access(struct test_env *e, u32 va, bool write, u64 *hpa, u32 *gerr)
{
	int tries;

	for (tries = 0; tries < 4; tries++) {
		enum vtlb_hier_id h = e->v.cpl == 3 ? VTLB_USER : VTLB_SUP;
		u64 r = 0, pa = ut_host_lookup(e, h, va, &r);
		u32 herr = PFERR_U | (write ? PFERR_W : 0);
		enum vtlb_pf_result res;

		if (pa != UT_NP && (r & PTE_US) && (!write || (r & PTE_RW))) {
			*hpa = pa;
			return UT_OK;
		}
		if (pa != UT_NP)
			herr |= PFERR_P;
		res = vtlb_page_fault(&e->v, va, herr, gerr);
		if (res != VTLB_PF_RETRY)
			return res;
	}
	return UT_LOOP;
}
