// SPDX-License-Identifier: GPL-2.0
/* User part of the pgfault benchmark. */
#include "bench.h"
#include "user.h"

void pgfault_main(u32 n);
void pgfault_main(u32 n)
{
	volatile u32 *heap = (volatile u32 *)u_sbrk(n * PAGE_SIZE);
	char line[128];
	u32 i, bad = 0;
	u64 t0, t1;

	t0 = rdtsc();
	for (i = 0; i < n; i++)
		heap[i * (PAGE_SIZE / 4)] = i + 1;
	t1 = rdtsc();
	bench_format(line, "pgfault", n, t1 - t0);
	u_printf("%s", line);
	for (i = 0; i < n; i++)
		bad += heap[i * (PAGE_SIZE / 4)] != i + 1;
	u_exit((int)bad);
}
