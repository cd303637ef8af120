/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile: IRET with a forged frame. arg selects the frame:
 * 0 CS = 0x10 (the host kernel's CS selector), 1 CS = 0x18, 2 CS = 0 (null),
 * 3 EFLAGS with IOPL 3 and IF (ignored at CPL 3; a following OUT still
 * traps and is emulated: the guest exits normally with 0x13, status 39),
 * 4 EFLAGS.NT = 1 then a second IRET (#GP in long mode), 5 EFLAGS.TF = 1
 * (#DB after one instruction), 6 EFLAGS.AC = 1 and a misaligned load (#AC
 * where the host has CR0.AM), 7 EFLAGS.VM = 1, 8 CS = 0x0ff0 (TSS slot).
 */
#include "common.h"

	.text
	.globl test_main
test_main:
	cmpl	$8, %eax
	ja	bad
	movl	%eax, %ebx
	PRINT	msg
	movl	%cs, %ecx
	movl	$0x2, %edx		/* EFLAGS */
	movl	$target, %esi
	cmpl	$0, %ebx
	jne	1f
	movl	$0x10, %ecx
1:	cmpl	$1, %ebx
	jne	1f
	movl	$0x18, %ecx
1:	cmpl	$2, %ebx
	jne	1f
	xorl	%ecx, %ecx
1:	cmpl	$3, %ebx
	jne	1f
	movl	$0x3202, %edx
1:	cmpl	$4, %ebx
	jne	1f
	movl	$0x4002, %edx
	movl	$nt_target, %esi
1:	cmpl	$5, %ebx
	jne	1f
	movl	$0x102, %edx
1:	cmpl	$6, %ebx
	jne	1f
	movl	$0x40002, %edx
	movl	$ac_target, %esi
1:	cmpl	$7, %ebx
	jne	1f
	movl	$0x20002, %edx
1:	cmpl	$8, %ebx
	jne	1f
	movl	$0xff0, %ecx
1:	pushl	%edx
	pushl	%ecx
	pushl	%esi
	iret
target:
	nop
	nop
	PRINT	msg_target
	EXIT	0x13
nt_target:
	pushl	$0x2
	pushl	%cs
	pushl	$target
	iret				/* with NT = 1: #GP in long mode */
ac_target:
	movl	misaligned + 1, %eax
	PRINT	msg_target
	EXIT	0x13
bad:	EXIT	0x7e

	.section .rodata
msg:	.asciz	"iret\n"
msg_target: .asciz "iret target reached\n"
	.data
misaligned: .long 0, 0
