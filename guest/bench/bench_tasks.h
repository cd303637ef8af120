/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel side of the CPL-3 workloads: paging on over the shared kernel
 * space (CR0.WP set), @ntasks user tasks running @fn(n) in their own
 * address spaces; afterwards every task must have exited with 0.
 */
#ifndef BENCH_TASKS_H
#define BENCH_TASKS_H
#include "bench.h"

static inline void bench_tasks_start(void (*fn)(u32), int ntasks, u32 n)
{
	int i;

	kspace_init(1);
	paging_on(kspace_pd());
	write_cr0(read_cr0() | CR0_WP);
	for (i = 0; i < ntasks; i++)
		task_create((void (*)(void))fn, n);
}

static inline void __noreturn bench_tasks_finish(const char *name, int ntasks)
{
	int i;

	for (i = 0; i < ntasks; i++)
		CHECK(tasks[i].exit_code == 0, "task %d exit code %d",
		      tasks[i].pid, tasks[i].exit_code);
	test_done(name);
}
#endif
