/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile: far JMP (arg bit 16 clear) or far CALL (bit 16 set) to selector
 * arg & 0xffff. Only a DPL-3 32-bit code segment can be reached from ring 3;
 * if we land, print and exit with 0x11 (status 35). Anything else faults
 * into the VMM (status 6).
 */
#include "common.h"

	.text
	.globl test_main
test_main:
	movl	%eax, %ebx
	movw	%bx, farptr + 4
	PRINT	msg
	movl	%ebx, %eax
	call	puthex
	movb	$'\n', %al
	call	putc
	testl	$0x10000, %ebx
	jnz	1f
	ljmp	*farptr
1:	lcall	*farptr
	EXIT	0x10			/* lcall returned: not reached */
landed:
	PRINT	msg_landed
	EXIT	0x11

	.section .rodata
msg:	.asciz	"far transfer to "
msg_landed: .asciz "landed\n"
	.data
farptr:	.long	landed
	.word	0
