// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: PTE modification at CPL 0. Each operation rewrites the PTE of
 * one page to the other of two frames, invalidates it with INVLPG and reads
 * the page (the next access after the change, which under vtlb refills the
 * active entry: the virtual TLB does not trace PTE writes, it pays at
 * INVLPG and at the next access).
 */
#include "bench.h"

#define VA 0x60000000u

int main(void);
int main(void)
{
	u32 n = bench_arg(2000, 1000000), f[2], pd, i, sum = 0;
	volatile u32 *pte;
	char line[128];
	u64 t0, t1;

	kspace_init(1);
	pd = kspace_pd();
	for (i = 0; i < 2; i++) {
		f[i] = frame_alloc();
		*(u32 *)f[i] = i + 1;
	}
	map4k(pd, VA, f[0], PG_P | PG_RW);
	pte = pte_ptr(pd, VA);
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	sum = peek(VA) - 1;
	t0 = rdtsc();
	for (i = 0; i < n; i++) {
		*pte = f[(i + 1) & 1] | PG_P | PG_RW;
		invlpg(VA);
		sum += peek(VA);
	}
	t1 = rdtsc();
	bench_format(line, "ptemod", n, t1 - t0);
	puts(line);
	CHECK(sum == n / 2 * 3 + (n & 1) * 2, "sum %u", sum);
	test_done("ptemod");
}
