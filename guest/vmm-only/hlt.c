// SPDX-License-Identifier: GPL-2.0
/*
 * hlt (VMM only): HLT with interrupts disabled ends the VM with launcher
 * status 2 (guest-abi.md, Devices). Natively QEMU would wait forever;
 * scripts/run-native finds the halted CPU through the QEMU monitor and maps
 * it to 2 as well.
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
	printf("hlt: interrupts are off; halting\n");
	asm volatile("cli\n\thlt" : : : "memory");
	printf("hlt: woke up (wrong)\n");
	test_done("hlt");
}
