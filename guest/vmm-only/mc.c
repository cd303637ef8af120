// SPDX-License-Identifier: GPL-2.0
/*
 * mc (VMM only): page-table entries that reference guest-physical frames at
 * or above RAM (default 64 MiB) raise a machine check (#MC, vector 18) in the
 * guest (patent Fig 7A block 716, Fig 7C block 838; guest-abi.md "Memory").
 * Natively such accesses read open bus, so this guest has an expected
 * transcript (mc.txt) instead of a native run.
 *   1. a PTE whose frame is above RAM, read at CPL 0
 *   2. a PDE whose page table is above RAM
 *   3. a 4 MiB PDE whose page is above RAM
 *   4. a PTE above RAM, read at CPL 3
 * After each #MC the guest fixes the entry and goes on.
 */
#include "guest.h"

#define VA 0x80000000u
#define BAD 0xf0000000u		/* far above any RAM vtlb allows (3 GiB) */

static struct kctx back;
static u32 mc_count;

static int on_mc(struct frame *f)
{
	mc_count++;
	printf("  machine check: vector %u from %s\n", f->vector,
	       from_user(f) ? "user" : "kernel");
	if (from_user(f))
		return 0;
	krestore(&back, 1);
}

static void kernel_read(const char *what, u32 va)
{
	u32 before = mc_count, v;

	printf("%s\n", what);
	if (ksave(&back) == 0) {
		v = peek(va);
		printf("  read %08x: no machine check\n", v);
	}
	CHECK(mc_count == before + 1, "%s: no #MC", what);
}

int main(void);
int main(void)
{
	u32 pd, good, v, *pde;
	int r;

	kspace_init(1);
	pd = kspace_pd();
	good = frame_alloc();
	poke(good, 0x600d600d);
	paging_on(pd);
	trap_handlers[VEC_MC] = on_mc;

	map4k(pd, VA, BAD, PG_P | PG_RW | PG_US);
	kernel_read("1. PTE -> frame above RAM, kernel read", VA);
	*pte_ptr(pd, VA) = good | PG_P | PG_RW | PG_US;
	invlpg(VA);
	printf("  fixed the PTE: read %08x\n", peek(VA));

	pde = pde_ptr(pd, VA + BIG_PAGE);
	*pde = BAD | PG_P | PG_RW | PG_US;
	kernel_read("2. PDE -> page table above RAM, kernel read", VA + BIG_PAGE);
	*pde = 0;
	invlpg(VA + BIG_PAGE);

	map4m(pd, VA + 2 * BIG_PAGE, BAD, PG_P | PG_RW);
	kernel_read("3. 4 MiB PDE -> page above RAM, kernel read", VA + 2 * BIG_PAGE + 0x1234);
	*pde_ptr(pd, VA + 2 * BIG_PAGE) = 0;
	invlpg(VA + 2 * BIG_PAGE);

	printf("4. PTE -> frame above RAM, user read\n");
	*pte_ptr(pd, VA) = BAD | PG_P | PG_RW | PG_US;
	invlpg(VA);
	r = run_user(u_probe, VA, 0, &v);
	printf("  user probe ended with vector %d\n", r);
	CHECK(r == VEC_MC, "user #MC: %d", r);
	test_done("mc");
}
