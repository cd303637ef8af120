// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: process switch ping-pong: two tasks in their own address spaces yield to each other (int $0x80, MOV CR3, IRET), 2N switches.
 * The user part (user_ctxsw.c) times itself and prints its bench line
 * through the write system call.
 */
#include "bench.h"

void ctxsw_main(u32 n);

int main(void);
int main(void)
{
	u32 n = bench_arg(1000, 1000000), pd;
	int i;

	kspace_init(1);
	pd = kspace_pd();
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	for (i = 0; i < 2; i++)
		task_create((void (*)(void))ctxsw_main, n);
	run_tasks();
	for (i = 0; i < 2; i++)
		CHECK(tasks[i].exit_code == 0, "task %d exit code %d", tasks[i].pid, tasks[i].exit_code);
	test_done("ctxsw");
}
