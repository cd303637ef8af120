/* SPDX-License-Identifier: GPL-2.0 */
/* Multiboot v1 header, entry point, exception stubs, kernel contexts. */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003	/* page-align modules, memory info */

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .bss
	.balign 16
boot_stack:
	.skip 32768
boot_stack_top:

	.text
	.globl _start
_start:
	/* Keep the entry state before anything changes it. */
	mov %eax, mb_magic
	mov %ebx, mb_info
	mov %cr0, %eax
	mov %eax, entry_cr0
	mov %cr2, %eax
	mov %eax, entry_cr2
	mov %cr3, %eax
	mov %eax, entry_cr3
	mov %cr4, %eax
	mov %eax, entry_cr4
	mov $boot_stack_top, %esp
	xor %ebp, %ebp
	call cpu_init
	call main
	push $1
	call debug_exit

/* Exception and interrupt stubs: vector, error code (0 if none). */
#define ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17)
	.altmacro
	.macro stub v
	.text
isr_\v:
	.if !ERRCODE(\v)
	push $0
	.endif
	push $\v
	jmp isr_common
	.section .rodata
	.long isr_\v
	.endm

	.section .rodata
	.balign 4
	.globl isr_table
isr_table:
	.set i, 0
	.rept 256
	stub %i
	.set i, i + 1
	.endr

	.text
isr_common:
	pusha
	cld
	push %esp
	call trap
	add $4, %esp
	.globl trap_return
trap_return:
	popa
	add $8, %esp
	iret

/* int ksave(struct kctx *c); void krestore(struct kctx *c, int ret) */
	.globl ksave
ksave:
	mov 4(%esp), %eax
	mov %ebx, 0(%eax)
	mov %esi, 4(%eax)
	mov %edi, 8(%eax)
	mov %ebp, 12(%eax)
	lea 4(%esp), %ecx
	mov %ecx, 16(%eax)
	mov (%esp), %ecx
	mov %ecx, 20(%eax)
	xor %eax, %eax
	ret

	.globl krestore
krestore:
	mov 4(%esp), %edx
	mov 8(%esp), %eax
	mov 0(%edx), %ebx
	mov 4(%edx), %esi
	mov 8(%edx), %edi
	mov 12(%edx), %ebp
	mov 16(%edx), %esp
	jmp *20(%edx)

/* Enter user mode with the frame at (%esp) argument: copies it onto the
 * trap stack's frame slot layout and irets. void enter_frame(struct frame *) */
	.globl enter_frame
enter_frame:
	mov 4(%esp), %esp
	jmp trap_return

/*
 * Probes: access one address at CPL 0. A fault there is fixed up by the
 * trap handler, which sets EIP to probe_fixup (see cpu.c).
 */
	.globl kprobe_read, kprobe_write, probe_fixup, kprobe_rd_insn, kprobe_wr_insn
kprobe_read:
	mov 4(%esp), %ecx
	xor %eax, %eax
kprobe_rd_insn:
	mov (%ecx), %edx
	mov 8(%esp), %ecx
	mov %edx, (%ecx)
	ret
kprobe_write:
	mov 4(%esp), %ecx
	mov 8(%esp), %edx
	xor %eax, %eax
kprobe_wr_insn:
	mov %edx, (%ecx)
	ret
probe_fixup:
	mov $1, %eax
	ret
