/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile: a guest fault with no guest IDT (guest-abi.md: triple fault,
 * status 4). arg: 0 UD2, 1 divide by zero, 2 ESP above RAM then PUSH,
 * 3 ESP = 0 then PUSH (wraps to 0xfffffffc), 4 read at 0xfffff000,
 * 5 write at the first byte above RAM, 6 read across the end of RAM,
 * 7 BOUND out of range (#BR), 8 x87 FLD1 (#NM: status 6, no x87 in v1).
 * Paging is off, so an access above RAM is a machine check (#MC) in the
 * guest (Documentation/world-switch.md), which without an IDT is a
 * triple fault.
 */
#include "common.h"

	.text
	.globl test_main
test_main:
	cmpl	$8, %eax
	ja	bad
	movl	mb_info, %ebx
	movl	8(%ebx), %ebx		/* mem_upper KiB */
	shll	$10, %ebx
	addl	$0x100000, %ebx		/* %ebx = RAM size */
	jmp	*table(,%eax,4)
f0:	ud2
	jmp	back
f1:	xorl	%ecx, %ecx
	movl	$1, %eax
	cltd
	divl	%ecx
	jmp	back
f2:	leal	0x1000(%ebx), %esp
	pushl	$1
	jmp	back
f3:	xorl	%esp, %esp
	pushl	$1
	jmp	back
f4:	movl	0xfffff000, %eax
	jmp	back
f5:	movb	$1, (%ebx)
	jmp	back
f6:	movl	-2(%ebx), %eax
	jmp	back
f7:	movl	$5, %eax
	boundl	%eax, bounds
	jmp	back
f8:	fld1
back:	PRINT	msg_back
	EXIT	0x10
bad:	EXIT	0x7e

	.section .rodata
table:	.long	f0, f1, f2, f3, f4, f5, f6, f7, f8
msg_back: .asciz "came back?!\n"
bounds:	.long	0, 1
