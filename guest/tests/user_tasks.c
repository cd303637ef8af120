// SPDX-License-Identifier: GPL-2.0
/* User programs of the tasks test: each runs in its own address space. */
#include "user.h"

/* Counts, yielding after each step; its heap grows by demand paging. */
void counter_main(u32 id);
void counter_main(u32 id)
{
	u32 *heap = (u32 *)u_sbrk(3 * PAGE_SIZE), i, sum = 0;

	for (i = 0; i < 3 * PAGE_SIZE / 4; i += 256)
		heap[i] = id * 1000 + i;
	for (i = 0; i < 5; i++) {
		u_printf("  task %d (id %u): step %u, my heap starts with %u\n", u_getpid(), id,
			 i, heap[0]);
		heap[0]++;
		u_yield();
	}
	for (i = 0; i < 3 * PAGE_SIZE / 4; i += 256)
		sum += heap[i];
	u_printf("  task %d (id %u): done, heap sum %u\n", u_getpid(), id, sum);
	u_exit((int)id);
}

/* Touches a kernel page: the kernel kills it, the others go on. */
void intruder_main(u32 addr);
void intruder_main(u32 addr)
{
	u_printf("  task %d: reading kernel memory at %x\n", u_getpid(), addr);
	u_printf("  task %d: read %x (must not happen)\n", u_getpid(), *(volatile u32 *)addr);
	u_exit(0);
}
