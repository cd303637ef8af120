// SPDX-License-Identifier: GPL-2.0
/* The tour's user programs: small, chatty, each in its own address space. */
#include "user.h"

void hello_prog(u32 n);
void hello_prog(u32 n)
{
	u32 i;

	for (i = 1; i <= n; i++) {
		u_printf("  [hello, pid %d] hello number %u; now letting the others run\n",
			 u_getpid(), i);
		u_yield();
	}
	u_exit(0);
}

void heap_prog(u32 pages);
void heap_prog(u32 pages)
{
	u8 *p = (u8 *)u_sbrk(pages * PAGE_SIZE);
	u32 i;

	u_printf("  [heap, pid %d] I asked for %u pages of heap at %x; touching them now\n",
		 u_getpid(), pages, (u32)p);
	for (i = 0; i < pages; i++)
		p[i * PAGE_SIZE] = (u8)i;
	u_printf("  [heap, pid %d] all %u pages work; goodbye\n", u_getpid(), pages);
	u_exit(0);
}

void fork_prog(u32 unused);
void fork_prog(u32 unused)
{
	u32 *shared = (u32 *)u_sbrk(PAGE_SIZE);
	int pid, code;

	*shared = 42;
	u_printf("  [fork, pid %d] my number is %u; forking a child\n", u_getpid(), *shared);
	pid = u_fork();
	if (pid == 0) {
		u_printf("  [fork child, pid %d] I see %u too; changing mine to 7\n", u_getpid(),
			 *shared);
		*shared = 7;
		u_printf("  [fork child, pid %d] mine is now %u\n", u_getpid(), *shared);
		u_exit(7);
	}
	code = u_wait();
	u_printf("  [fork, pid %d] child %d finished with %d; my number is still %u\n",
		 u_getpid(), pid, code, *shared);
	u_exit(0);
}

void bad_prog(u32 addr);
void bad_prog(u32 addr)
{
	u_printf("  [snoop, pid %d] let me peek at kernel memory at %x...\n", u_getpid(), addr);
	u_printf("  [snoop] got %x\n", *(volatile u32 *)addr);
	u_exit(0);
}
