// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: a mixed workload of several processes. Four tasks, each in
 * its own address space, do N rounds of: grow the heap by a page and write
 * it (demand fault), four system calls, a pass over the heap (reads and
 * writes), a yield (process switch); every 8th round a fork whose child
 * writes two heap pages (copy-on-write) and exits, then wait. The kernel
 * times the whole run; an operation is one round of one task.
 */
#include "bench_tasks.h"

#define NTASKS 4

void mixed_main(u32 n);

int main(void);
int main(void)
{
	u32 n = bench_arg(48, 400);
	char line[128];
	u64 t0, t1;

	bench_tasks_start(mixed_main, NTASKS, n);
	t0 = rdtsc();
	run_tasks();
	t1 = rdtsc();
	bench_format(line, "mixed", NTASKS * n, t1 - t0);
	puts(line);
	bench_tasks_finish("mixed", NTASKS);
}
