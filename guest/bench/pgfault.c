// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: demand paging at CPL 3 (the Adams & Agesen "page fault"): N first writes to fresh heap pages, each a guest #PF that the guest kernel resolves with a zeroed frame.
 * The user part (user_pgfault.c) times itself and prints its bench line
 * through the write system call.
 */
#include "bench_tasks.h"

void pgfault_main(u32 n);

int main(void);
int main(void)
{
	u32 n = bench_arg(400, 480);

	bench_tasks_start(pgfault_main, 1, n);
	run_tasks();
	bench_tasks_finish("pgfault", 1);
}
