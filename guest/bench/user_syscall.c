// SPDX-License-Identifier: GPL-2.0
/* User part of the syscall benchmark. */
#include "bench.h"
#include "user.h"

void syscall_main(u32 n);
void syscall_main(u32 n)
{
	char line[128];
	u32 i, bad = 0;
	u64 t0, t1;
	int pid = u_getpid();

	t0 = rdtsc();
	for (i = 0; i < n; i++)
		bad += u_getpid() != pid;
	t1 = rdtsc();
	bench_format(line, "syscall", n, t1 - t0);
	u_printf("%s", line);
	u_exit((int)bad);
}
