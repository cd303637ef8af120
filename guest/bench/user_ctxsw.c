// SPDX-License-Identifier: GPL-2.0
/* User part of the ctxsw benchmark: the first task times 2N switches. */
#include "bench.h"
#include "user.h"

void ctxsw_main(u32 n);
void ctxsw_main(u32 n)
{
	char line[128];
	int first = u_getpid() == 1;
	u32 i;
	u64 t0, t1;

	t0 = rdtsc();
	for (i = 0; i < n; i++)
		u_yield();
	t1 = rdtsc();
	if (first) {
		bench_format(line, "ctxsw", 2 * n, t1 - t0);
		u_printf("%s", line);
	}
	u_exit(0);
}
