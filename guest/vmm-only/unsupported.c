// SPDX-License-Identifier: GPL-2.0
/*
 * unsupported (VMM only): an instruction outside guest-abi.md's list (MOV
 * to a debug register) ends the VM with launcher status 6 and a reason
 * naming the instruction and its address on standard error (not compared).
 * Natively the instruction just works, so there is no native counterpart.
 */
#include "guest.h"

int main(void);
int main(void)
{
	u32 pd;

	kspace_init(0);
	pd = kspace_pd();
	paging_on(pd);
	printf("unsupported: executing mov %%eax, %%dr7\n");
	asm volatile("xor %%eax, %%eax\n\tmov %%eax, %%db7" : : : "eax", "memory");
	printf("unsupported: still running (wrong under vtlb)\n");
	test_done("unsupported");
}
