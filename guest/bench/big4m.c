// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: first touch of N fresh 4 MiB pages at CPL 0 (CR4.PSE, PDEs
 * with PS = 1, A = 0, never accessed; they alias the three 4 MiB frames of
 * TEST_PHYS). One read per 4 MiB page: natively a TLB miss, under vtlb a
 * hidden fault that maps the page (as 2 x 2 MiB in the active tables).
 */
#include "bench.h"

#define VA 0x80000000u
#define MAX_BIG 256u	/* 0x80000000 .. 0xc0000000 */

int main(void);
int main(void)
{
	u32 n = bench_arg(256, MAX_BIG), pd, i, sum = 0;
	char line[128];
	u64 t0, t1;

	kspace_init(1);	/* turns on CR4.PSE */
	pd = kspace_pd();
	for (i = 0; i < 3; i++)
		*(u32 *)(TEST_PHYS + i * BIG_PAGE + (i + 1) * PAGE_SIZE) = i + 1;
	for (i = 0; i < n; i++)
		map4m(pd, VA + i * BIG_PAGE, TEST_PHYS + (i % 3) * BIG_PAGE, PG_P | PG_RW);
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	t0 = rdtsc();
	for (i = 0; i < n; i++)
		sum += peek(VA + i * BIG_PAGE + (i % 3 + 1) * PAGE_SIZE);
	t1 = rdtsc();
	bench_format(line, "big4m", n, t1 - t0);
	puts(line);
	CHECK(sum == n / 3 * 6 + (n % 3 >= 1) + (n % 3 == 2) * 2, "sum %u", sum);
	for (i = 0; i < n; i++)
		if (!(*pde_ptr(pd, VA + i * BIG_PAGE) & PG_A)) {
			CHECK(0, "4 MiB page %u: A clear", i);
			break;
		}
	test_done("big4m");
}
