/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the world-switch test guests (common.S). */
#define COM1		0x3f8
#define DEBUG_EXIT	0xf4

/* Leave the VM: status (v << 1) | 1, under vtlb and natively. */
.macro EXIT v
	movl	$\v, %eax
	outl	%eax, $DEBUG_EXIT
	cli
	hlt
.endm

/* Print the NUL-terminated string at label s. */
.macro PRINT s
	movl	$\s, %esi
	call	puts
.endm
