/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the core's unit tests: a guest page-table builder, a walker
 * of the active tables as the host MMU would walk them (ring 3, no TLB),
 * and a tiny CPU that retries an access through vtlb_page_fault.
 */
#ifndef _VTLB_TESTS_UNIT_H
#define _VTLB_TESTS_UNIT_H

#include "check.h"
#include "env.h"

#define UT_RAM		(16ULL << 20)
#define UT_PD		0x1000U			/* guest CR3 */
#define UT_PT(i)	(0x400000U + (i) * 0x1000U)	/* guest PT for PDE i */
#define UT_NP		(~0ULL)			/* ut_host_lookup: not present */
#define UT_OK		100			/* ut_access: access completed */
#define UT_LOOP		101			/* ut_access: faults never end */
#define UT_FIXED(levels)	(2U * ((levels) + 2))	/* fixed-top tables */

#define G_P	PTE_P
#define G_RW	PTE_RW
#define G_US	PTE_US
#define G_A	PTE_A
#define G_D	PTE_D
#define G_PS	PTE_PS

struct test_env *ut_env(unsigned int levels, bool eager, unsigned int max);
void ut_done(struct test_env *e);
/* CR4 = @cr4, CR3 = UT_PD, CR0 = PE | PG | (@wp ? WP : 0). */
void ut_paging_on(struct test_env *e, u32 cr4, bool wp);

void ut_set_pde(struct test_env *e, u32 va, u32 val);
u32 ut_pde(struct test_env *e, u32 va);
/* PDE -> UT_PT(pde index) with @pde_flags, PTE = @frame | @pte_flags. */
void ut_map4k(struct test_env *e, u32 va, u32 frame, u32 pde_flags,
	      u32 pte_flags);
u32 ut_pte(struct test_env *e, u32 va);
void ut_set_pte(struct test_env *e, u32 va, u32 val);

/* Host-physical address @va reaches in hierarchy @h, or UT_NP. */
u64 ut_host_lookup(struct test_env *e, enum vtlb_hier_id h, u32 va,
		   u64 *rights);
/* Host PD entry (2 MiB slot of @va) of hierarchy @h. */
u64 ut_host_pde(struct test_env *e, enum vtlb_hier_id h, u32 va);
/*
 * Access @va at the current virtual CPL like the CPU would: through the
 * active hierarchy, calling vtlb_page_fault on a host fault and retrying.
 * Returns UT_OK (with *hpa), or the vtlb_pf_result that stopped it.
 */
int ut_access(struct test_env *e, u32 va, bool write, u64 *hpa, u32 *gerr);

#endif
