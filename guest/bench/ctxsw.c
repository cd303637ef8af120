// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: process switch ping-pong: two tasks in their own address spaces yield to each other (int $0x80, MOV CR3, IRET), 2N switches.
 * The user part (user_ctxsw.c) times itself and prints its bench line
 * through the write system call.
 */
#include "bench_tasks.h"

void ctxsw_main(u32 n);

int main(void);
int main(void)
{
	u32 n = bench_arg(1000, 1000000);

	bench_tasks_start(ctxsw_main, 2, n);
	run_tasks();
	bench_tasks_finish("ctxsw", 2);
}
