/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile: SYSENTER (arg 0) or SYSCALL (arg 1). While a guest runs,
 * SYSENTER_CS = 0 and EFER.SCE = 0, so both fault (#GP, #UD) into the VMM
 * instead of entering Linux: the VM ends "unsupported" (status 6).
 */
#include "common.h"

	.text
	.globl test_main
test_main:
	PRINT	msg
	cmpl	$1, %eax
	je	1f
	sysenter
	jmp	2f
1:	syscall
2:	PRINT	msg_back
	EXIT	0x10

	.section .rodata
msg:	.asciz	"sysenter/syscall\n"
msg_back: .asciz "came back?!\n"
