/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Start-up for the world-switch guests: Multiboot v1 header, a stack, the
 * command line parsed into (word, number), then test_main(number) with
 * %esi = the word after the number (or ""). Helpers: puts (%esi), putc
 * (%al), puthex (%eax). Nothing here loads a GDT or IDT.
 */
#include "common.h"

#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000002	/* memory info */

	.section .multiboot, "a"
	.align 4
	.long	MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	movl	$stack_top, %esp
	movl	%eax, mb_magic
	movl	%ebx, mb_info
	xorl	%eax, %eax
	movl	$empty, %esi
	cmpl	$0x2badb002, mb_magic
	jne	1f
	testl	$4, (%ebx)		/* flags bit 2: cmdline */
	jz	1f
	movl	16(%ebx), %esi
	cmpb	$'/', (%esi)		/* native QEMU puts the image path first */
	jne	11f
10:	movb	(%esi), %cl
	testb	%cl, %cl
	jz	11f
	incl	%esi
	cmpb	$' ', %cl
	jne	10b
11:	call	parse_number
1:	movl	%eax, arg
	call	test_main
	EXIT 0x7f			/* test_main returned: status 255 */

/*
 * Command line: "N" or "N WORD" or "WORD N"... keep it simple: skip to the
 * first digit, read a decimal or 0x-hex number into %eax, leave %esi after
 * it (skipping one space).
 */
parse_number:
	xorl	%eax, %eax
2:	movb	(%esi), %cl
	testb	%cl, %cl
	jz	9f
	cmpb	$'0', %cl
	jb	3f
	cmpb	$'9', %cl
	jbe	4f
3:	incl	%esi
	jmp	2b
4:	cmpb	$'0', %cl
	jne	6f
	movb	1(%esi), %cl
	orb	$0x20, %cl
	cmpb	$'x', %cl
	jne	6f
	addl	$2, %esi
5:	movzbl	(%esi), %ecx		/* hex digits */
	subl	$'0', %ecx
	cmpl	$9, %ecx
	jbe	51f
	movzbl	(%esi), %ecx
	orl	$0x20, %ecx
	subl	$'a', %ecx
	cmpl	$5, %ecx
	ja	8f
	addl	$10, %ecx
51:	shll	$4, %eax
	addl	%ecx, %eax
	incl	%esi
	jmp	5b
6:	movzbl	(%esi), %ecx		/* decimal digits */
	subl	$'0', %ecx
	cmpl	$9, %ecx
	ja	8f
	imull	$10, %eax
	addl	%ecx, %eax
	incl	%esi
	jmp	6b
8:	cmpb	$' ', (%esi)
	jne	9f
	incl	%esi
9:	ret

	.globl putc
putc:					/* %al */
	pushl	%edx
	pushl	%eax
	movw	$COM1 + 5, %dx
1:	inb	%dx, %al
	testb	$0x20, %al
	jz	1b
	popl	%eax
	movw	$COM1, %dx
	outb	%al, %dx
	popl	%edx
	ret

	.globl puts
puts:					/* %esi */
	pushl	%eax
1:	lodsb
	testb	%al, %al
	jz	2f
	call	putc
	jmp	1b
2:	popl	%eax
	ret

	.globl puthex
puthex:					/* %eax as 8 hex digits */
	pushl	%ecx
	pushl	%eax
	movl	$8, %ecx
1:	roll	$4, %eax
	pushl	%eax
	andl	$15, %eax
	movb	hexdigits(%eax), %al
	call	putc
	popl	%eax
	loop	1b
	popl	%eax
	popl	%ecx
	ret

	.section .rodata
hexdigits:
	.ascii	"0123456789abcdef"
empty:
	.byte	0

	.data
	.globl arg, mb_magic, mb_info
arg:	.long 0
mb_magic: .long 0
mb_info: .long 0

	.bss
	.align 16
	.skip	16384
stack_top:
