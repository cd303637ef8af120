// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: fork with copy-on-write at CPL 3: the parent (8 heap pages) forks, the child writes 4 of them (4 COW faults) and exits, the parent waits; N times.
 * The user part (user_forkcow.c) times itself and prints its bench line
 * through the write system call.
 */
#include "bench_tasks.h"

void forkcow_main(u32 n);

int main(void);
int main(void)
{
	u32 n = bench_arg(50, 10000);

	bench_tasks_start(forkcow_main, 1, n);
	run_tasks();
	bench_tasks_finish("forkcow", 1);
}
