// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: fork with copy-on-write at CPL 3: the parent (8 heap pages) forks, the child writes 4 of them (4 COW faults) and exits, the parent waits; N times.
 * The user part (user_forkcow.c) times itself and prints its bench line
 * through the write system call.
 */
#include "bench.h"

void forkcow_main(u32 n);

int main(void);
int main(void)
{
	u32 n = bench_arg(50, 10000), pd;
	int i;

	kspace_init(1);
	pd = kspace_pd();
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	for (i = 0; i < 1; i++)
		task_create((void (*)(void))forkcow_main, n);
	run_tasks();
	for (i = 0; i < 1; i++)
		CHECK(tasks[i].exit_code == 0, "task %d exit code %d", tasks[i].pid, tasks[i].exit_code);
	test_done("forkcow");
}
