// SPDX-License-Identifier: GPL-2.0
/* User part of the forkcow benchmark. */
#include "bench.h"
#include "user.h"

#define PAGES 8
#define WRITTEN 4

void forkcow_main(u32 n);
void forkcow_main(u32 n)
{
	volatile u32 *buf = (volatile u32 *)u_sbrk(PAGES * PAGE_SIZE);
	char line[128];
	u32 i, p, bad = 0;
	u64 t0, t1;
	int pid;

	for (p = 0; p < PAGES; p++)
		buf[p * (PAGE_SIZE / 4)] = p;
	t0 = rdtsc();
	for (i = 0; i < n; i++) {
		pid = u_fork();
		if (pid == 0) {
			for (p = 0; p < WRITTEN; p++)
				buf[p * (PAGE_SIZE / 4)] += 100;
			u_exit(0);
		}
		bad += pid < 0 || u_wait() != 0;
	}
	t1 = rdtsc();
	bench_format(line, "forkcow", n, t1 - t0);
	u_printf("%s", line);
	for (p = 0; p < PAGES; p++)
		bad += buf[p * (PAGE_SIZE / 4)] != p;
	u_exit((int)bad);
}
