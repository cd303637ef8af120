/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile: a system instruction chosen by arg, not emulated yet:
 * 0 LGDT, 1 LIDT, 2 LLDT, 3 LTR, 4 MOV CR3, 5 WRMSR, 6 RDMSR, 7 CLTS,
 * 8 INVLPG, 9 MOV to DR7. Each is a #GP(0) at CPL 3: status 6.
 */
#include "common.h"

	.text
	.globl test_main
test_main:
	cmpl	$9, %eax
	ja	bad
	jmp	*table(,%eax,4)
i0:	lgdt	dtr
	jmp	back
i1:	lidt	dtr
	jmp	back
i2:	movw	$0x28, %ax
	lldt	%ax
	jmp	back
i3:	movw	$0x28, %ax
	ltr	%ax
	jmp	back
i4:	xorl	%eax, %eax
	movl	%eax, %cr3
	jmp	back
i5:	movl	$0xc0000080, %ecx	/* EFER */
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrmsr
	jmp	back
i6:	movl	$0xc0000101, %ecx	/* GS_BASE */
	rdmsr
	jmp	back
i7:	clts
	jmp	back
i8:	invlpg	dtr
	jmp	back
i9:	xorl	%eax, %eax
	movl	%eax, %dr7
back:	PRINT	msg_back
	EXIT	0x10
bad:	EXIT	0x7e

	.section .rodata
table:	.long	i0, i1, i2, i3, i4, i5, i6, i7, i8, i9
msg_back: .asciz "came back?!\n"
dtr:	.word	0
	.long	0
