// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: system call round trip from CPL 3: int $0x80 (getpid) and IRET back, N times.
 * The user part (user_syscall.c) times itself and prints its bench line
 * through the write system call.
 */
#include "bench_tasks.h"

void syscall_main(u32 n);

int main(void);
int main(void)
{
	u32 n = bench_arg(2000, 1000000);

	bench_tasks_start(syscall_main, 1, n);
	run_tasks();
	bench_tasks_finish("syscall", 1);
}
