/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The world switch (Documentation/world-switch.md).
 *
 * vtlb_sw_run() saves the host's callee-saved registers and stack pointer,
 * loads our IDT, GDT and TSS, switches to the trap stack and the active
 * page tables and IRETs to the guest in ring 3 (compatibility mode). Every
 * vector of our IDT lands in a stub below; vtlb_sw_exit saves the guest
 * registers, restores the host (CR3, GDT, TR, selectors, bases, IDT, LDT)
 * and returns from vtlb_sw_run() as if it were an ordinary call.
 *
 * The code between vtlb_switcher_start and vtlb_switcher_end runs under the
 * active page tables and is mapped there; it must not call or jump outside.
 *
 * In the switch window (our IDT loaded) %rbx holds the switch data pointer
 * whenever Linux's TR is loaded, so an NMI or #MC can record itself.
 */
#include <linux/linkage.h>
#include <linux/version.h>
#include <asm/asm.h>
#include <asm/ibt.h>
#include <asm/msr-index.h>
#include <asm/nospec-branch.h>
#include <asm/page_types.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/smap.h>
#include <asm/unwind_hints.h>
#include "switch.h"

/* objtool's "no unwind info here" hint was renamed in 6.4. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define SW_HINT_UNDEFINED	UNWIND_HINT_UNDEFINED
#else
#define SW_HINT_UNDEFINED	UNWIND_HINT_EMPTY
#endif

#define SW_AREA_MASK	(~(VTLB_SW_AREA_SIZE - 1))

/* Vectors for which the CPU pushes an error code. */
.macro SW_HAS_ERR v
	.if (\v == 8) || ((\v >= 10) && (\v <= 14)) || (\v == 17) || \
	    (\v == 21) || (\v == 29) || (\v == 30)
	sw_err = 1
	.else
	sw_err = 0
	.endif
.endm

/* Fixed-size branches, so every IDT stub has a known size. */
.macro SW_JMP32 target
	.byte	0xe9
	.long	\target - (. + 4)
.endm
.macro SW_JZ32 target
	.byte	0x0f, 0x84
	.long	\target - (. + 4)
.endm

	.text
/*
 * void vtlb_sw_run(struct vtlb_sw_data *d) -- interrupts off, on vm->cpu.
 * Returns after the next exit with d->vector, d->error, d->cr2 and the
 * guest registers filled in. Code, not a function, for objtool: it leaves
 * through IRET and comes back through vtlb_sw_exit.
 */
SYM_CODE_START(vtlb_sw_run)
	UNWIND_HINT_FUNC
	ENDBR
	movq	%rbx, SW_HOST_RBX(%rdi)
	movq	%rbp, SW_HOST_RBP(%rdi)
	movq	%r12, SW_HOST_R12(%rdi)
	movq	%r13, SW_HOST_R13(%rdi)
	movq	%r14, SW_HOST_R14(%rdi)
	movq	%r15, SW_HOST_R15(%rdi)
	movq	%rsp, SW_HOST_RSP(%rdi)
	movq	%rdi, %rbx
	jmp	vtlb_sw_enter
SYM_CODE_END(vtlb_sw_run)

/*
 * Call a host IDT entry point with an interrupt-shaped frame, interrupts
 * off (as KVM's VMX_DO_EVENT_IRQOFF): Linux's handler runs and IRETs here.
 */
SYM_FUNC_START(vtlb_sw_call_irqoff)
	push	%rbp
	mov	%rsp, %rbp
	and	$-16, %rsp
	push	$__KERNEL_DS
	push	%rbp
	pushf
	push	$__KERNEL_CS
	CALL_NOSPEC rdi
	/* The callee IRETs to here; tell objtool the stack is RBP-based. */
	mov	%rbp, %rsp
	pop	%rbp
	RET
SYM_FUNC_END(vtlb_sw_call_irqoff)

	.pushsection .text.vtlb_switcher, "ax"
	.balign PAGE_SIZE
/*
 * 256 IDT entry stubs, VTLB_SW_STUB_SIZE bytes apart. Each pushes a dummy
 * error code where the CPU pushes none, then the vector. NMI and #MC from
 * ring 0 can only come from the switch window: record them and return.
 */
SYM_CODE_START_NOALIGN(vtlb_sw_vectors)
	vector = 0
	.rept 256
	SW_HAS_ERR vector
	UNWIND_HINT_IRET_REGS offset=sw_err*8
0:
	ENDBR
	.if vector == 2
	testb	$3, 8(%rsp)
	SW_JZ32	vtlb_sw_nmi_window
	.endif
	.if vector == 18
	testb	$3, 8(%rsp)
	SW_JZ32	vtlb_sw_mce_window
	.endif
	.if sw_err == 0
	pushq	$0
	.endif
	pushq	$vector
	SW_JMP32	vtlb_sw_exit
	.fill 0b + VTLB_SW_STUB_SIZE - ., 1, 0xcc
	vector = vector + 1
	.endr
SYM_CODE_END(vtlb_sw_vectors)
/* Find the switch data of an NMI/#MC at ring 0 (see the header comment). */
.macro SW_WINDOW_EVENT flag
	UNWIND_HINT_IRET_REGS
	pushq	%rax
	str	%ax
	cmpw	$VTLB_SEL_TSS, %ax
	jne	1f
	movq	%rsp, %rax
	andq	$SW_AREA_MASK, %rax
	movb	$1, \flag(%rax)
	jmp	2f
1:	movb	$1, \flag(%rbx)
2:	popq	%rax
	iretq
.endm

SYM_CODE_START_LOCAL(vtlb_sw_nmi_window)
	SW_WINDOW_EVENT SW_NMI_PENDING
SYM_CODE_END(vtlb_sw_nmi_window)

SYM_CODE_START_LOCAL(vtlb_sw_mce_window)
	SW_WINDOW_EVENT SW_MCE_PENDING
SYM_CODE_END(vtlb_sw_mce_window)

/* Host -> guest. %rbx = switch data = area base, interrupts off. */
SYM_CODE_START_LOCAL(vtlb_sw_enter)
	UNWIND_HINT_FUNC
	/* NT, AC, DF off (IRETQ with NT = 1 faults in long mode); IF stays 0. */
	pushq	$X86_EFLAGS_FIXED
	popfq
	/*
	 * Onto our trap stack first (the host RSP is saved): from here until
	 * the host RSP is reloaded every CPL 0 fault of the window pushes its
	 * frame inside the area, where vtlb_sw_fatal can find the data page.
	 */
	leaq	(VTLB_SW_TRAP_TOP - 5 * 8)(%rbx), %rsp
	UNWIND_HINT_IRET_REGS
	/*
	 * A null SS is valid at CPL 0 whatever GDT is loaded: the IRETQ of an
	 * NMI in the window reloads it (our GDT's 0x18 is the guest's).
	 */
	xorl	%eax, %eax
	movl	%eax, %ss
	/* Our gates are valid with either GDT: from here NMIs are ours. */
	lidt	SW_IDT+6(%rbx)
	lldt	%ax
	lgdt	SW_GDT+6(%rbx)
	/* LTR faults on a busy descriptor; ours was left busy last time. */
	andb	$~0x02, (VTLB_SW_GDT_OFF + VTLB_SEL_TSS + 5)(%rbx)
	movl	$VTLB_SEL_TSS, %eax
	ltr	%ax
	/*
	 * Hand GDT entry 2 (0x10) to the guest (switch.h): first the guest
	 * IDT, whose gates use the high kernel CS, then CS itself moves to the
	 * high selector (an IRETQ to the next instruction), then the entry.
	 */
	lidt	SW_IDT_G+6(%rbx)
	leaq	1f(%rip), %rax
	movq	%rax, 0(%rsp)
	movq	$VTLB_SEL_KCODE_HI, 8(%rsp)
	movq	$X86_EFLAGS_FIXED, 16(%rsp)
	movq	%rsp, 24(%rsp)
	movq	$0, 32(%rsp)
	iretq
1:
	UNWIND_HINT_IRET_REGS
	movq	SW_G_DESC2(%rbx), %rax
	movq	%rax, (VTLB_SW_GDT_OFF + VTLB_SEL_KCODE)(%rbx)
	/* Guest data selectors (FS/GS bases become 0: no per-CPU data now). */
	movw	SW_G_DS(%rbx), %ds
	movw	SW_G_ES(%rbx), %es
	movw	SW_G_FS(%rbx), %fs
	movw	SW_G_GS(%rbx), %gs
	/* The IRET frame goes on our trap stack, which both CR3s map. */
	movq	SW_G_RIP(%rbx), %rax
	movq	%rax, 0(%rsp)
	movq	SW_G_CS(%rbx), %rax
	movq	%rax, 8(%rsp)
	movq	SW_G_RFLAGS(%rbx), %rax
	movq	%rax, 16(%rsp)
	movq	SW_G_RSP(%rbx), %rax
	movq	%rax, 24(%rsp)
	movq	SW_G_SS(%rbx), %rax
	movq	%rax, 32(%rsp)
	/* CR0.TS: guest x87/SSE faults (#NM) instead of touching host state. */
	movq	%cr0, %rax
	orq	$X86_CR0_TS, %rax
	movq	%rax, %cr0
	movq	SW_ACTIVE_CR3(%rbx), %rax
	movq	%rax, %cr3
	/* MDS: clear CPU buffers with a selector that is mapped here. */
	verw	SW_VERW_SEL(%rbx)
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	movl	SW_G_RAX(%rbx), %eax
	movl	SW_G_RCX(%rbx), %ecx
	movl	SW_G_RDX(%rbx), %edx
	movl	SW_G_RBP(%rbx), %ebp
	movl	SW_G_RSI(%rbx), %esi
	movl	SW_G_RDI(%rbx), %edi
	movl	SW_G_RBX(%rbx), %ebx
	iretq
SYM_CODE_END(vtlb_sw_enter)

/*
 * Guest -> host. On the trap stack or one of our IST stacks, both inside
 * the area, so the area base is RSP rounded down. Stack: vector, error
 * code, IRET frame.
 */
SYM_CODE_START_LOCAL(vtlb_sw_exit)
	UNWIND_HINT_IRET_REGS offset=16
	/*
	 * Ring 0 here means a fault inside the switch itself: a VMM bug. A
	 * frame with EFLAGS.VM is from the guest: hardware cannot enter
	 * virtual-8086 mode in IA-32e mode, but QEMU TCG does on an IRET
	 * with VM = 1, and its selectors then have any RPL.
	 */
	testl	$X86_EFLAGS_VM, 32(%rsp)
	jnz	1f
	testb	$3, 24(%rsp)
	jz	vtlb_sw_fatal
1:
	/* Interrupt gates do not clear AC: the guest may have set it. */
	ASM_CLAC
	cld
	pushq	%rax
	movq	%rsp, %rax
	andq	$SW_AREA_MASK, %rax
	movq	%rbx, SW_G_RBX(%rax)
	movq	%rax, %rbx
	popq	%rax
	movq	%rax, SW_G_RAX(%rbx)
	movq	%rcx, SW_G_RCX(%rbx)
	movq	%rdx, SW_G_RDX(%rbx)
	movq	%rbp, SW_G_RBP(%rbx)
	movq	%rsi, SW_G_RSI(%rbx)
	movq	%rdi, SW_G_RDI(%rbx)
	popq	SW_VECTOR(%rbx)
	popq	SW_ERROR(%rbx)
	UNWIND_HINT_IRET_REGS
	movq	%cr2, %rax
	movq	%rax, SW_CR2(%rbx)
	movq	0(%rsp), %rax
	movq	%rax, SW_G_RIP(%rbx)
	movq	8(%rsp), %rax
	movq	%rax, SW_G_CS(%rbx)
	movq	16(%rsp), %rax
	movq	%rax, SW_G_RFLAGS(%rbx)
	movq	24(%rsp), %rax
	movq	%rax, SW_G_RSP(%rbx)
	movq	32(%rsp), %rax
	movq	%rax, SW_G_SS(%rbx)
	movl	%ds, %eax
	movq	%rax, SW_G_DS(%rbx)
	movl	%es, %eax
	movq	%rax, SW_G_ES(%rbx)
	movl	%fs, %eax
	movq	%rax, SW_G_FS(%rbx)
	movl	%gs, %eax
	movq	%rax, SW_G_GS(%rbx)

	/*
	 * Host restore (also reached from vtlb_sw_fatal). %rbx = area base,
	 * %rsp inside the area, interrupts off.
	 */
.Lsw_restore_host:
	SW_HINT_UNDEFINED
	/* Drop the guest's AC, DF, NT, arithmetic flags; IF stays 0. */
	pushq	$X86_EFLAGS_FIXED
	popfq

	/*
	 * Take GDT entry 2 back from the guest (switch.h): our 64-bit code
	 * there, our GDT (it may not be loaded yet after a fault in the
	 * window) and the switch IDT (gates on 0x10), then CS = 0x10 by an
	 * IRETQ to the next instruction, on a frame deep in the trap stack.
	 * From here every IDT/GDT pair is valid with Linux's GDT as well.
	 */
	movq	SW_K_DESC2(%rbx), %rax
	movq	%rax, (VTLB_SW_GDT_OFF + VTLB_SEL_KCODE)(%rbx)
	lgdt	SW_GDT+6(%rbx)
	lidt	SW_IDT+6(%rbx)
	leaq	2f(%rip), %rax
	movq	%rax, VTLB_SW_CS_FRAME(%rbx)
	movq	$VTLB_SEL_KCODE, (VTLB_SW_CS_FRAME + 8)(%rbx)
	movq	$X86_EFLAGS_FIXED, (VTLB_SW_CS_FRAME + 16)(%rbx)
	movq	%rsp, (VTLB_SW_CS_FRAME + 24)(%rbx)
	movq	$0, (VTLB_SW_CS_FRAME + 32)(%rbx)
	leaq	VTLB_SW_CS_FRAME(%rbx), %rsp
	iretq
2:
	SW_HINT_UNDEFINED

	/*
	 * Host restore, in this order (world-switch.md): CR3; GDT (writable
	 * alias, for LTR) and TR; the read-only GDT; SS and data selectors;
	 * FS/GS bases (the stack protector reads %gs:40); then the IDT, so a
	 * host IDT always sees host CR3, GDT, TR and GS base.
	 */
	movq	SW_HOST_CR3(%rbx), %rax
	movq	%rax, %cr3
	lgdt	SW_HOST_GDT_RW+6(%rbx)
	movq	SW_HOST_TSSDESC(%rbx), %rax
	andb	$~0x02, 5(%rax)
	ltr	SW_HOST_TR(%rbx)
	lgdt	SW_HOST_GDT+6(%rbx)
	movl	$__KERNEL_DS, %eax
	movl	%eax, %ss
	movw	SW_HOST_DS(%rbx), %ds
	movw	SW_HOST_ES(%rbx), %es
	movw	SW_HOST_FS(%rbx), %fs
	movw	SW_HOST_GS(%rbx), %gs
	movl	$MSR_FS_BASE, %ecx
	movl	SW_HOST_FSBASE(%rbx), %eax
	movl	SW_HOST_FSBASE+4(%rbx), %edx
	wrmsr
	movl	$MSR_GS_BASE, %ecx
	movl	SW_HOST_GSBASE(%rbx), %eax
	movl	SW_HOST_GSBASE+4(%rbx), %edx
	wrmsr
	lidt	SW_HOST_IDT+6(%rbx)
	lldt	SW_HOST_LDT(%rbx)
	clts

	movq	SW_HOST_RSP(%rbx), %rsp
	UNWIND_HINT_FUNC
	/*
	 * Speculation, as Linux's own entry from user mode: the guest ran at
	 * CPL 3 like a user task. SPEC_CTRL (IBRS) is never changed for the
	 * guest, so there is nothing to re-enter; untrain the return
	 * predictor and clear branch history before the first RET.
	 */
	UNTRAIN_RET
	CLEAR_BRANCH_HISTORY
	movq	SW_HOST_RBP(%rbx), %rbp
	movq	SW_HOST_R12(%rbx), %r12
	movq	SW_HOST_R13(%rbx), %r13
	movq	SW_HOST_R14(%rbx), %r14
	movq	SW_HOST_R15(%rbx), %r15
	movq	SW_HOST_RBX(%rbx), %rbx
	RET
SYM_CODE_END(vtlb_sw_exit)

/*
 * A fault at CPL 0 inside the switch window (a VMM bug): record vector,
 * error code and RIP, restore the host and return an internal error from
 * vtlb_sw_run(). Our stacks are inside the area, so with our TR loaded the
 * area base is RSP rounded down; with Linux's TR (an IST vector on Linux's
 * stacks) %rbx still holds it (see the header comment). A second fault
 * while restoring stops this CPU with interrupts off: QEMU's -d int log
 * then shows where.
 */
SYM_CODE_START_LOCAL(vtlb_sw_fatal)
	UNWIND_HINT_IRET_REGS offset=16
	pushq	%rax
	str	%ax
	cmpw	$VTLB_SEL_TSS, %ax
	jne	1f
	movq	%rsp, %rbx
	andq	$SW_AREA_MASK, %rbx
1:	popq	%rax
	cmpb	$0, SW_FATAL(%rbx)
	jne	3f
	movb	$1, SW_FATAL(%rbx)
	movq	0(%rsp), %rax
	movq	%rax, SW_VECTOR(%rbx)
	movq	8(%rsp), %rax
	movq	%rax, SW_ERROR(%rbx)
	movq	16(%rsp), %rax
	movq	%rax, SW_FATAL_RIP(%rbx)
	movq	%cr2, %rax
	movq	%rax, SW_CR2(%rbx)
	jmp	.Lsw_restore_host
3:	hlt
	jmp	3b
SYM_CODE_END(vtlb_sw_fatal)



	.balign PAGE_SIZE, 0xcc
SYM_DATA_START(vtlb_switcher_end)
SYM_DATA_END(vtlb_switcher_end)
	.popsection
