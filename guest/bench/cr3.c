// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: address-space switch ping-pong at CPL 0. Two page directories
 * map the same virtual page to different frames; each operation is a MOV
 * CR3 to the other one followed by a read of that page. Under vtlb a CR3
 * load drops every active entry, so the loop's code, stack and data pages
 * are refilled too (hidden faults), as a real kernel's would be.
 */
#include "bench.h"

#define VA 0x60000000u

int main(void);
int main(void)
{
	u32 n = bench_arg(2000, 1000000), pds[2], i, sum = 0;
	char line[128];
	u64 t0, t1;

	kspace_init(1);
	for (i = 0; i < 2; i++) {
		u32 f = frame_alloc();

		*(u32 *)f = i + 1;
		pds[i] = kspace_pd();
		map4k(pds[i], VA, f, PG_P | PG_RW);
	}
	paging_on(pds[0]);
	write_cr0(read_cr0() | CR0_WP);
	t0 = rdtsc();
	for (i = 0; i < n; i++) {
		write_cr3(pds[(i + 1) & 1]);
		sum += peek(VA);
	}
	t1 = rdtsc();
	bench_format(line, "cr3", n, t1 - t0);
	puts(line);
	CHECK(sum == n / 2 * 3 + (n & 1) * 2, "sum %u", sum);
	test_done("cr3");
}
