// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: demand paging at CPL 3 (the Adams & Agesen "page fault"): N first writes to fresh heap pages, each a guest #PF that the guest kernel resolves with a zeroed frame.
 * The user part (user_pgfault.c) times itself and prints its bench line
 * through the write system call.
 */
#include "bench.h"

void pgfault_main(u32 n);

int main(void);
int main(void)
{
	u32 n = bench_arg(400, 480), pd;
	int i;

	kspace_init(1);
	pd = kspace_pd();
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	for (i = 0; i < 1; i++)
		task_create((void (*)(void))pgfault_main, n);
	run_tasks();
	for (i = 0; i < 1; i++)
		CHECK(tasks[i].exit_code == 0, "task %d exit code %d", tasks[i].pid, tasks[i].exit_code);
	test_done("pgfault");
}
