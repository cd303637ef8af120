// SPDX-License-Identifier: GPL-2.0
/*
 * triple (VMM only): a fault while delivering #DF is a triple fault, which
 * ends the VM with launcher status 4 (guest-abi.md). The kernel stack is
 * moved to an unmapped page, then a #PF: its delivery faults (#DF), and
 * the #DF's delivery faults too. Natively QEMU (-no-reboot) stops as well,
 * and scripts/run-native maps that to 4, so the expected transcript is
 * checked natively too.
 * vtlb-native-same: yes
 */
#include "guest.h"

int main(void);
int main(void)
{
	u32 pd;

	kspace_init(0);
	pd = kspace_pd();
	paging_on(pd);
	printf("triple: stack on an unmapped page, then a page fault\n");
	asm volatile("mov $0x7f001000, %%esp\n\t"
		     "movl (0x7f100000), %%eax\n\t"
		     : : : "eax", "memory");
	printf("triple: still running (wrong)\n");
	test_done("triple");
}
