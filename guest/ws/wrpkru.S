/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile: WRPKRU works at CPL 3 when the host has CR4.PKE. arg 0 writes
 * PKRU = 0 (allow all) and exits with 0x12 (status 37); arg 1 denies key 0
 * (every guest page) and touches memory: the host #PF has PFERR_PK and the
 * VM ends "unsupported" (status 6). Either way the host's PKRU is restored.
 * Without OSPKE (CPUID.7.0:ECX[4]) WRPKRU is #UD: status 4 (no guest IDT).
 */
#include "common.h"

	.text
	.globl test_main
test_main:
	movl	%eax, %ebx
	PRINT	msg
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	movl	$3, %eax
	testl	%ebx, %ebx
	jnz	1f
	xorl	%eax, %eax
1:	.byte	0x0f, 0x01, 0xef	/* wrpkru */
	movl	$1, scratch
	PRINT	msg_after
	EXIT	0x12

	.section .rodata
msg:	.asciz	"wrpkru\n"
msg_after: .asciz "after wrpkru\n"
	.data
scratch: .long 0
