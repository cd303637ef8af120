/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual CPU: trap-and-emulate of the IA-32 privileged architecture
 * for a guest kernel and its user programs that both really run at CPL 3.
 * See Documentation/vcpu.md.
 *
 * Portable like the vTLB core: no Linux calls. Guest memory is reached only
 * through vtlb_translate() (the guest's own paging, A/D bits and faults)
 * and the core's ops->gpa_to_hva(); port I/O through src/vcpu/io.h; the
 * world switch through struct vcpu_ops.
 *
 * The run loop calls vcpu_handle_exit() once per exit from the guest and
 * acts on the returned enum vcpu_action. All state the guest can observe
 * (registers, virtual IF/IOPL, control registers, virtual CPL, descriptor
 * table registers, selectors) lives in struct vcpu.
 */
#ifndef _VTLB_VCPU_H
#define _VTLB_VCPU_H

#include "vtlb/compat.h"
#include "vtlb/x86.h"
#include "vtlb/vtlb.h"

struct vtlb_io_ctx;
struct vcpu;

/* General registers, in ModRM register-number order. */
enum vcpu_gpr {
	VCPU_EAX, VCPU_ECX, VCPU_EDX, VCPU_EBX,
	VCPU_ESP, VCPU_EBP, VCPU_ESI, VCPU_EDI,
	VCPU_NR_GPR
};

/* Segment registers, in the encoding of the sreg field of ModRM. */
enum vcpu_seg {
	VCPU_ES, VCPU_CS, VCPU_SS, VCPU_DS, VCPU_FS, VCPU_GS,
	VCPU_NR_SEG
};

/* EFLAGS bits. */
#define EFL_CF		VTLB_BIT(0)
#define EFL_FIXED	VTLB_BIT(1)
#define EFL_PF		VTLB_BIT(2)
#define EFL_AF		VTLB_BIT(4)
#define EFL_ZF		VTLB_BIT(6)
#define EFL_SF		VTLB_BIT(7)
#define EFL_TF		VTLB_BIT(8)
#define EFL_IF		VTLB_BIT(9)
#define EFL_DF		VTLB_BIT(10)
#define EFL_OF		VTLB_BIT(11)
#define EFL_IOPL	(3U << 12)
#define EFL_IOPL_SHIFT	12
#define EFL_NT		VTLB_BIT(14)
#define EFL_RF		VTLB_BIT(16)
#define EFL_VM		VTLB_BIT(17)
#define EFL_AC		VTLB_BIT(18)
#define EFL_VIF		VTLB_BIT(19)
#define EFL_VIP		VTLB_BIT(20)
#define EFL_ID		VTLB_BIT(21)

/* Flags that live in the real EFLAGS while the guest runs. */
#define EFL_REAL_MASK	(EFL_CF | EFL_PF | EFL_AF | EFL_ZF | EFL_SF | \
			 EFL_DF | EFL_OF | EFL_ID)

/* Guest entry state (guest-abi.md, "Machine state at entry"). */
#define VCPU_CR0_RESET	(CR0_PE | CR0_ET)
#define VCPU_EFLAGS_RESET EFL_FIXED

/* A descriptor-table register as the guest loaded it. */
struct vcpu_dtr {
	u32 base;
	u16 limit;
};

/* A system-segment register (TR, LDTR): selector and cached descriptor. */
struct vcpu_sysseg {
	u16 sel;
	u32 base;
	u32 limit;	/* byte granular, expanded */
};

/* How the virtual CPU reaches the world switch. Both hooks optional. */
struct vcpu_ops {
	/*
	 * The guest executed LGDT (GDTR is in c->gdtr), or a segment load was
	 * emulated from its GDT: rebuild the guest part of the real GDT from
	 * vcpu_shadow_gdt() before the guest runs again.
	 */
	void (*gdt_loaded)(void *ctx, struct vcpu *c);
};

/* What vcpu_handle_exit() tells the run loop to do. */
enum vcpu_action {
	VCPU_RESUME,		/* enter the guest again */
	VCPU_EXIT_HLT,		/* HLT with virtual IF = 0: end the VM (status 2) */
	VCPU_EXIT_IDLE,		/* HLT, IF = 1 (c->halted): sleep until signal */
	VCPU_EXIT_TRIPLE_FAULT,	/* status 4 */
	VCPU_EXIT_UNSUPPORTED,	/* c->exit.*: outside guest-abi.md (status 6) */
	VCPU_EXIT_DEBUG_EXIT,	/* OUT to isa-debug-exit: c->exit.value */
	VCPU_EXIT_SERIAL_FULL,	/* COM1 buffer full: drain, then resume */
	VCPU_EXIT_INTERNAL,	/* c->exit.error (-ENOMEM, ...) */
};

#define VCPU_INSN_MAX	15

/* Details of the last exit that was not VCPU_RESUME. */
struct vcpu_exit_info {
	u32 vector;		/* exception that trapped */
	u32 error_code;
	u32 eip;		/* of the instruction */
	u32 cpl;
	u32 insn_len;		/* bytes valid in insn[] (best effort) */
	u8 insn[16];
	u32 value;		/* VCPU_EXIT_DEBUG_EXIT: the value written */
	int error;		/* VCPU_EXIT_INTERNAL: -errno */
};

struct vcpu {
	struct vtlb *vtlb;	/* the core: CR0/CR3/CR4/CPL are mirrored there */
	const struct vcpu_ops *ops;
	void *ctx;		/* for ops */
	struct vtlb_io_ctx *io;	/* COM1 state; NULL: every port is open bus */

	u32 gpr[VCPU_NR_GPR];
	u32 eip;
	u32 eflags;		/* as the guest sees it: virtual IF and IOPL */
	u32 cr0, cr2, cr3, cr4;
	unsigned int cpl;	/* virtual CPL: 0 or 3 */
	/*
	 * Selectors as the guest loaded them (RPL of CS and SS = virtual CPL).
	 * The real ones are vcpu_real_sel(). 0 before the guest loads its own.
	 */
	u16 sel[VCPU_NR_SEG];
	u8 sel_valid;		/* bit per enum vcpu_seg: guest loaded it */
	struct vcpu_dtr gdtr, idtr;
	struct vcpu_sysseg tr, ldtr;

	/*
	 * HLT with IF = 1 executed: no interrupt will ever come, so the run
	 * loop must not enter the guest again (it sleeps until a signal on
	 * every VTLB_RUN), as QEMU stays halted. Cleared by vcpu_set_regs.
	 */
	bool halted;

	struct vcpu_exit_info exit;
};

/*
 * Reset @c to the guest-abi.md entry state (CR0 = PE|ET, EFLAGS = 2,
 * virtual CPL 0) and bind it to the initialised core @v. The core's
 * CR0/CR3/CR4 and CPL are set to match.
 */
int vcpu_init(struct vcpu *c, struct vtlb *v, const struct vcpu_ops *ops,
	      void *ctx, struct vtlb_io_ctx *io);

/* struct vtlb_regs <-> struct vcpu (VTLB_GET_REGS / VTLB_SET_REGS). */
void vcpu_get_regs(const struct vcpu *c, struct vtlb_regs *r);
/* Validates (CPL 0/3, CR values) and pushes CRs/CPL into the core. */
int vcpu_set_regs(struct vcpu *c, const struct vtlb_regs *r);

/*
 * Handle one exit: exception @vector (0..31) raised by the real CPU while
 * the guest ran, with its @error_code (0 if the vector has none) and, for
 * #PF, @cr2. The run loop has copied the guest registers into @c (with
 * vcpu_merge_real_eflags() for EFLAGS) and copies them back afterwards.
 * Host interrupts, NMIs and #MC are the run loop's business: for those
 * vectors this returns VCPU_RESUME without touching anything.
 *
 * Counters (in c->vtlb->stats): exit_pf, exit_gp, exit_other_exc,
 * insn_emulated, exc_injected, io_in, io_out are counted here; the run
 * loop counts runs, exits, exit_irq, exit_nmi and run_ns.
 */
enum vcpu_action vcpu_handle_exit(struct vcpu *c, unsigned int vector,
				  u32 error_code, u32 cr2);

/*
 * The real EFLAGS to run the guest with: the arithmetic flags of the
 * guest, IF = 1, IOPL = 0 (so CLI/STI/IN/OUT/HLT trap), and NT = 1 at
 * virtual CPL 0 so that the guest kernel's every IRET traps (#GP in
 * compatibility mode). vcpu_merge_real_eflags() takes the real flags back.
 */
u32 vcpu_real_eflags(const struct vcpu *c);
void vcpu_merge_real_eflags(struct vcpu *c, u32 real);

/*
 * Real selector for guest segment register @seg: false when the guest has
 * not loaded that register yet (the world switch then uses its own flat
 * descriptor, as at entry). CS and SS get RPL 3 (the real CPL); data
 * segment registers keep the guest's RPL, which DPL 3 shadows accept.
 * vcpu_sel_from_real() records a selector the guest loaded natively
 * (DS/ES/FS/GS by MOV/POP, CS by a far JMP): call it after an exit for
 * every register whose real value differs from the one entered with.
 */
bool vcpu_real_sel(const struct vcpu *c, enum vcpu_seg seg, u16 *real);
void vcpu_sel_from_real(struct vcpu *c, enum vcpu_seg seg, u16 real);

/*
 * Shadow GDT. vcpu_shadow_desc() is the pure rule for one descriptor,
 * for the real GDT used while the guest runs at virtual CPL @cpl:
 * code and data descriptors keep base, limit, type, G, D/B and P, with
 * DPL forced to 3, the accessed bit set (the CPU never writes the real
 * GDT) and L cleared (a guest must not get a 64-bit code segment). At
 * virtual CPL 0, code descriptors the guest gave DPL 3 are additionally
 * marked not present, so that a guest-kernel IRET (or far transfer) to
 * user code faults (#NP) even if the guest cleared EFLAGS.NT with POPF.
 * System descriptors (TSS, LDT, gates) become 0: the real GDT is in long
 * mode format, and only the VMM loads TR and LDTR.
 */
u64 vcpu_shadow_desc(u64 guest_desc, unsigned int cpl);
/*
 * Fill @dst[0..@max) with the shadows (for virtual CPL @cpl) of the
 * guest GDT entries, read through the guest's translation as supervisor
 * reads; unreadable entries and entries past the GDTR limit become 0.
 * Entry 0 is always 0. Returns the number of entries the guest GDT has,
 * (limit + 1) / 8 rounded up, capped at @max. The world switch keeps
 * one shadow per virtual CPL (or rebuilds on a CPL change: see
 * vcpu.md), and never places its own descriptors below that count.
 */
unsigned int vcpu_shadow_gdt(struct vcpu *c, u64 *dst, unsigned int max,
			     unsigned int cpl);

/* Guest memory through the guest's translation, at the virtual CPL. */
enum vcpu_mem_result {
	VCPU_MEM_OK,
	VCPU_MEM_PF,		/* *err: guest #PF error code, *fault_va: CR2 */
	VCPU_MEM_MCE,		/* frame outside RAM */
	VCPU_MEM_NOMEM,
};

/* @acc: VTLB_ACC_* bits. Accesses may cross any number of pages. */
enum vcpu_mem_result vcpu_read_mem(struct vcpu *c, u32 va, void *buf,
				   u32 len, u32 acc, u32 *err, u32 *fault_va);
/* Translates every page for write first, then writes (all or nothing). */
enum vcpu_mem_result vcpu_write_mem(struct vcpu *c, u32 va, const void *buf,
				    u32 len, u32 acc, u32 *err, u32 *fault_va);

#endif /* _VTLB_VCPU_H */
