// SPDX-License-Identifier: GPL-2.0
/*
 * vm-exit CODE: end the QEMU test VM through isa-debug-exit (port 0xf4);
 * QEMU then exits with status (CODE << 1) | 1. Built static for the
 * initramfs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>

int main(int argc, char **argv)
{
	int code = argc > 1 ? atoi(argv[1]) : 0;

	if (ioperm(0xf4, 4, 1)) {
		perror("vm-exit: ioperm");
		return 1;
	}
	outb((unsigned char)(code & 0x7f), 0xf4);
	return 1;	/* not reached when the device exists */
}
