/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Paging off: print over COM1 (DX and imm8 port forms, LSR polling), show
 * the Multiboot magic, read an unused port (all ones),
 * then exit through isa-debug-exit with the command-line number, or 0x21
 * (status 67) by default. Same transcript natively and under vtlb.
 */
#include "common.h"

	.text
	.globl test_main
test_main:
	PRINT	msg_hello
	PRINT	msg_magic
	movl	mb_magic, %eax
	call	puthex
	movb	$'\n', %al
	call	putc
	/* imm8 form: OUT to port 0xf3 (nothing there), IN from 0xf3. */
	movb	$0x5a, %al
	outb	%al, $0xf3
	inb	$0xf3, %al
	call	puthex_al
	/* 16- and 32-bit IN from an unused port: all ones. */
	movw	$0x2f0, %dx
	inw	%dx, %ax
	movzwl	%ax, %eax
	call	puthex
	movb	$' ', %al
	call	putc
	inl	%dx, %eax
	call	puthex
	movb	$'\n', %al
	call	putc
	/* A loop long enough for host timer interrupts to hit it. */
	movl	$3000000, %ecx
1:	addl	%ecx, %edx
	loop	1b
	PRINT	msg_bye
	movl	arg, %eax
	testl	%eax, %eax
	jnz	2f
	movl	$0x21, %eax
2:	outl	%eax, $DEBUG_EXIT
	cli
	hlt

puthex_al:
	movzbl	%al, %eax
	call	puthex
	movb	$' ', %al
	jmp	putc

	.section .rodata
msg_hello:	.asciz	"Hello from a vtlb world-switch guest (paging off)\n"
msg_magic:	.asciz	"multiboot magic "
msg_bye:	.asciz	"bye\n"
	.data
sum:	.long 0
