// SPDX-License-Identifier: GPL-2.0
/* User part of the mixed benchmark: one task's rounds. */
#include "user.h"

void mixed_main(u32 n);
void mixed_main(u32 n)
{
	volatile u32 *heap = (volatile u32 *)u_sbrk(0);
	u32 r, p, k, bad = 0, sum = 0;
	int pid = u_getpid(), child;

	for (r = 0; r < n; r++) {
		u_sbrk(PAGE_SIZE);
		heap[r * (PAGE_SIZE / 4)] = r;		/* demand fault */
		for (k = 0; k < 4; k++)
			bad += u_getpid() != pid;
		for (p = 0; p <= r; p += 3) {
			sum += heap[p * (PAGE_SIZE / 4)];
			heap[p * (PAGE_SIZE / 4) + 1] = sum;
		}
		if (r % 8 == 7) {
			child = u_fork();
			if (child == 0) {
				heap[0] += 1;
				heap[(r / 2) * (PAGE_SIZE / 4)] += 1;
				u_exit(0);
			}
			bad += child < 0 || u_wait() != 0;
		}
		u_yield();
	}
	for (r = 0; r < n; r++)
		bad += heap[r * (PAGE_SIZE / 4)] != r;
	u_exit((int)bad);
}
