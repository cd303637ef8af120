/* SPDX-License-Identifier: GPL-2.0 */
/* Print one line, then spin forever (paging off): --timeout and SIGINT. */
#include "common.h"

	.text
	.globl test_main
test_main:
	PRINT	msg
1:	incl	counter
	jmp	1b

	.section .rodata
msg:	.asciz	"spinning\n"
	.data
counter: .long 0
