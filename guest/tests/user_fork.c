// SPDX-License-Identifier: GPL-2.0
/*
 * User half of the fork test. The parent fills a heap buffer (demand paged),
 * forks children that each overwrite part of it (copy-on-write) and check
 * that they see their own data and the parent's data intact; grandchildren
 * too. Every process prints one deterministic line.
 */
#include "user.h"

#define PAGES 6
#define BUF_SIZE (PAGES * PAGE_SIZE)

static int check_pattern(const u8 *buf, u8 base, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		if (buf[i] != (u8)(base + i / PAGE_SIZE))
			return 0;
	return 1;
}

/* inherited: the page (or -1) and value a forking child wrote before us */
static int child_work(u8 *buf, int n, int depth, int inh_page, u8 inh_val)
{
	int pid = u_getpid(), ok, g, st;

	/* Write one page of our own; the rest must still be the parent's. */
	u_fill(buf + (n % PAGES) * PAGE_SIZE, (u8)(0x80 + n), PAGE_SIZE);
	ok = 1;
	for (g = 0; g < PAGES; g++) {
		if (g == n % PAGES)
			ok &= buf[g * PAGE_SIZE] == (u8)(0x80 + n) &&
			      buf[g * PAGE_SIZE + PAGE_SIZE - 1] == (u8)(0x80 + n);
		else if (g == inh_page)
			ok &= buf[g * PAGE_SIZE] == inh_val &&
			      buf[g * PAGE_SIZE + PAGE_SIZE - 1] == inh_val;
		else
			ok &= check_pattern(buf, 0x10, g * PAGE_SIZE, (g + 1) * PAGE_SIZE);
	}
	u_printf("  child %d (pid %d, depth %d): own page %d written, others intact: %s\n",
		 n, pid, depth, n % PAGES, ok ? "yes" : "NO");
	if (depth == 0 && n % 2 == 0) {
		g = u_fork();
		if (g == 0) {
			u_exit(child_work(buf, n + 100, depth + 1, n % PAGES, (u8)(0x80 + n)));
		}
		st = u_wait();
		u_printf("  child %d: grandchild exited with %d\n", n, st);
		ok &= st == 10 + n;
		/* The grandchild's writes did not reach us. */
		ok &= buf[((n + 100) % PAGES) * PAGE_SIZE] ==
		      (((n + 100) % PAGES) == n % PAGES ? (u8)(0x80 + n) :
		       (u8)(0x10 + (n + 100) % PAGES));
	}
	return ok ? 10 + n % 100 : 99;
}

void fork_main(u32 nchildren);
void fork_main(u32 nchildren)
{
	u8 *buf = (u8 *)u_sbrk(BUF_SIZE);
	u32 i, sum = 0;
	int pid, st, ok;

	for (i = 0; i < PAGES; i++)
		u_fill(buf + i * PAGE_SIZE, (u8)(0x10 + i), PAGE_SIZE);
	u_printf("parent (pid %d): %d pages on the heap filled, checksum %x\n",
		 u_getpid(), PAGES, u_sum(buf, BUF_SIZE));
	for (i = 0; i < nchildren; i++) {
		pid = u_fork();
		if (pid == 0)
			u_exit(child_work(buf, (int)i, 0, -1, 0));
		if (pid < 0)
			u_printf("fork failed\n");
	}
	for (i = 0; i < nchildren; i++) {
		st = u_wait();
		sum += (u32)st;
	}
	ok = check_pattern(buf, 0x10, 0, BUF_SIZE);
	u_printf("parent: children's exit codes sum to %u, my heap intact: %s, checksum %x\n",
		 sum, ok ? "yes" : "NO", u_sum(buf, BUF_SIZE));
	/* Now the parent writes: its pages are no longer shared. */
	u_fill(buf, 0x77, BUF_SIZE);
	u_exit(ok ? 0 : 1);
}
