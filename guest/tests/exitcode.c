// SPDX-License-Identifier: GPL-2.0
/*
 * exitcode: isa-debug-exit with a 32-bit OUT of a value whose low bits
 * matter: the launcher must exit with ((v << 1) | 1) & 0xff = 0xf1.
 * guest-abi.md: Devices (isa-debug-exit, any width), Launcher exit status.
 * vtlb-expect-status: 241
 */
#include "guest.h"

int main(void);
int main(void)
{
	printf("exitcode: writing 0x12345678 to port 0xf4 with OUTL\n");
	printf("expected status ((v << 1) | 1) & 0xff = %u\n", ((0x12345678u << 1) | 1) & 0xff);
	outl(0xf4, 0x12345678);
	printf("still running after isa-debug-exit\n");
	debug_exit(1);
}
