/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile: INT n for n = arg (0..255); 256 = INT3, 257 = INTO with OF = 1,
 * 258 = INT1 (ICEBP). Every gate of the real IDT has DPL 0, so INT n
 * cannot reach a host vector: it is a #GP (IDT bit set) in the VMM, a
 * guest exception the guest has no IDT for: triple fault (status 4).
 * INT1 is a #DB: the same.
 */
#include "common.h"

	.text
	.globl test_main
test_main:
	cmpl	$256, %eax
	je	int3
	cmpl	$257, %eax
	je	into
	cmpl	$258, %eax
	je	icebp
	movb	%al, insn + 1		/* patch the vector, then run it */
	jmp	insn
insn:	int	$0
	jmp	back
int3:	int3
	jmp	back
into:	movl	$0x7fffffff, %eax
	incl	%eax			/* OF = 1 */
	into
	jmp	back
icebp:	.byte	0xf1
back:	PRINT	msg_back
	EXIT	0x10

	.section .rodata
msg_back: .asciz "came back?!\n"
