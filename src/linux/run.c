// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop (VTLB_RUN): enter the guest through the switcher, handle the
 * exit, repeat until something needs userspace.
 *
 * Between two world switches the loop runs with interrupts enabled and
 * passes through schedule() when asked, so a guest that spins forever
 * costs a CPU but causes no soft lockup or RCU stall: every host timer
 * interrupt exits the guest. A pending signal ends the call with -EINTR
 * (COM1 bytes already buffered still reach userspace: vm.c drains them).
 *
 * The VM runs only on vm->cpu: if the caller is elsewhere, the calling
 * task is restricted to that CPU (set_cpus_allowed_ptr) and migrates.
 */
#define pr_fmt(fmt) "vtlb: " fmt

#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <asm/debugreg.h>
#include <asm/irq_vectors.h>
#include <asm/processor-flags.h>
#include <asm/trap_pf.h>
#include <asm/trapnr.h>
#include "vm.h"
#include "switch.h"
#include "host_state.h"
#include "vcpu/io.h"

/* Guest EFLAGS bits that live in the real EFLAGS while the guest runs. */
#define RUN_EFLAGS_REAL	(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
			 X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_DF | \
			 X86_EFLAGS_OF | X86_EFLAGS_ID)

/* #GP error code: the fault was on an IDT gate (INT n through a DPL 0 gate). */
#define GP_ERR_IDT		0x2

enum run_next { RUN_RESUME, RUN_EXIT };

/* Load vm->regs into the switch data (real EFLAGS: IF on, no TF/AC/IOPL). */
static void run_regs_to_sw(struct vtlb_vm *vm, struct vtlb_sw_data *d)
{
	const struct vtlb_regs *r = &vm->regs;

	d->g_rax = r->eax;
	d->g_rcx = r->ecx;
	d->g_rdx = r->edx;
	d->g_rbx = r->ebx;
	d->g_rbp = r->ebp;
	d->g_rsi = r->esi;
	d->g_rdi = r->edi;
	d->g_rsp = r->esp;
	d->g_rip = r->eip;
	d->g_rflags = (r->eflags & RUN_EFLAGS_REAL) | X86_EFLAGS_IF |
		      X86_EFLAGS_FIXED;
}

static void run_regs_from_sw(struct vtlb_vm *vm, const struct vtlb_sw_data *d)
{
	struct vtlb_regs *r = &vm->regs;

	r->eax = d->g_rax;
	r->ecx = d->g_rcx;
	r->edx = d->g_rdx;
	r->ebx = d->g_rbx;
	r->ebp = d->g_rbp;
	r->esi = d->g_rsi;
	r->edi = d->g_rdi;
	r->esp = d->g_rsp;
	r->eip = d->g_rip;
	r->eflags = (r->eflags & ~RUN_EFLAGS_REAL) |
		    (d->g_rflags & RUN_EFLAGS_REAL) | X86_EFLAGS_FIXED;
}

/* One world switch. Interrupts off, on vm->cpu. */
static void run_once(struct vtlb_vm *vm)
{
	struct vtlb_switch *sw = vm->sw;
	struct vtlb_sw_data *d = sw->d;
	struct vtlb_host_state hs;
	bool flush;

	flush = vtlb_switch_need_flush(sw) || vm->tlb_flush_pending;
	vm->tlb_flush_pending = false;
	d->active_cr3 = vtlb_host_active_cr3(vtlb_active_root(&vm->vtlb),
					     flush);
	d->nmi_pending = 0;
	d->mce_pending = 0;
	vtlb_host_save(sw, &hs);
	d->fatal = 0;
	vtlb_sw_run(d);
	vtlb_host_restore(sw, &hs);
	/* A guest #DB (TF, ICEBP) left its status bits in DR6. */
	if (d->vector == X86_TRAP_DB)
		set_debugreg(DR6_RESERVED, 6);

	/* Linux must see these before interrupts are enabled again. */
	if (d->vector >= FIRST_EXTERNAL_VECTOR) {
		vm->vtlb.stats.exit_irq++;
		vtlb_host_forward_irq(sw, d->vector);
	}
	if (d->vector == X86_TRAP_NMI || d->nmi_pending) {
		vm->vtlb.stats.exit_nmi++;
		vtlb_host_forward_nmi();
	}
	if (d->vector == X86_TRAP_MC || d->mce_pending)
		vtlb_host_forward_mce();
}

/* Copy up to @want guest bytes at linear @va; returns how many it could. */
static unsigned int run_read_guest(struct vtlb_vm *vm, u32 va, u8 *buf,
				   unsigned int want)
{
	u32 acc = vm->vtlb.cpl == 3 ? VTLB_ACC_USER : 0;
	unsigned int n = 0;

	while (n < want) {
		u32 a = va + n;
		unsigned int chunk = min_t(unsigned int, want - n,
					   PAGE_SIZE - offset_in_page(a));
		u32 gerr;
		u64 gpa;
		void *hva;

		if (vtlb_translate(&vm->vtlb, a, acc, &gpa, &gerr) !=
		    VTLB_PF_RETRY)
			break;
		hva = vtlb_vm_gpa_to_hva(vm, gpa);
		if (!hva)
			break;
		memcpy(buf + n, hva, chunk);
		n += chunk;
	}
	return n;
}

static enum run_next run_unsupported(struct vtlb_vm *vm, struct vtlb_run *run)
{
	const struct vtlb_sw_data *d = vm->sw->d;

	run->exit_reason = VTLB_EXIT_UNSUPPORTED;
	run->unsupported.vector = d->vector;
	run->unsupported.error_code = d->error;
	run->unsupported.eip = vm->regs.eip;
	run->unsupported.cpl = vm->vtlb.cpl;
	run->unsupported.insn_len =
		run_read_guest(vm, vm->regs.eip, run->unsupported.insn,
			       VTLB_INSN_MAX);
	return RUN_EXIT;
}

static enum run_next run_internal(struct vtlb_run *run, int err, u32 where)
{
	run->exit_reason = VTLB_EXIT_INTERNAL_ERROR;
	run->internal.error = err;
	run->internal.where = where;
	return RUN_EXIT;
}

static enum run_next run_io(struct vtlb_vm *vm, struct vtlb_run *run,
			    const struct vtlb_io_insn *io)
{
	struct vtlb_io_ctx ctx = {
		.serial = vm->serial,
		.serial_len = &vm->serial_len,
		.serial_cap = VTLB_SERIAL_BUF,
		.com1_lcr = &vm->com1_lcr,
	};
	enum vtlb_io_action act;
	u32 mask, v;

	vm->regs.eip += io->len;
	if (io->in) {
		vm->vtlb.stats.io_in++;
		mask = io->size == 4 ? ~0U : (1U << (8 * io->size)) - 1;
		v = vtlb_io_in(&ctx, io->port, io->size);
		vm->regs.eax = (vm->regs.eax & ~mask) | (v & mask);
		return RUN_RESUME;
	}
	vm->vtlb.stats.io_out++;
	act = vtlb_io_out(&ctx, io->port, io->size, vm->regs.eax, &v);
	switch (act) {
	case VTLB_IO_DEBUG_EXIT:
		run->exit_reason = VTLB_EXIT_DEBUG_EXIT;
		run->debug_exit.value = v;
		return RUN_EXIT;
	case VTLB_IO_SERIAL_FULL:
		run->exit_reason = VTLB_EXIT_SERIAL;
		return RUN_EXIT;
	default:
		return RUN_RESUME;
	}
}

/*
 * A guest exception: the guest's own fault, as it would happen natively.
 * Delivering it through the guest's IDT is the virtual CPU's job; until it
 * does, a guest cannot have an IDT (LIDT is not emulated yet) and a fault
 * with no IDT is a triple fault (guest-abi.md). The unsupported fields are
 * filled in too, for the record (the launcher prints only the reason).
 */
static enum run_next run_guest_exception(struct vtlb_vm *vm,
					 struct vtlb_run *run)
{
	run_unsupported(vm, run);
	run->exit_reason = VTLB_EXIT_TRIPLE_FAULT;
	return RUN_EXIT;
}

/* #GP at CPL 3: I/O, HLT, CLI, STI; anything else is not emulated yet. */
static enum run_next run_gp(struct vtlb_vm *vm, struct vtlb_run *run)
{
	u32 error = vm->sw->d->error;
	struct vtlb_io_insn io;
	u8 insn[VTLB_INSN_MAX];
	unsigned int n;

	/* INT n, INT3, INTO: every gate of our IDT has DPL 0. */
	if (error & GP_ERR_IDT)
		return run_guest_exception(vm, run);
	/* A selector the guest never defined (our GDT is not its GDT). */
	if (error)
		return run_unsupported(vm, run);
	n = run_read_guest(vm, vm->regs.eip, insn, sizeof(insn));
	if (!vtlb_io_decode(insn, n, vm->regs.edx, &io))
		return run_io(vm, run, &io);
	if (n < 1)
		return run_unsupported(vm, run);
	switch (insn[0]) {
	case 0xf4:	/* HLT */
		if (vm->regs.eflags & X86_EFLAGS_IF)
			return run_unsupported(vm, run);
		vm->regs.eip += 1;
		run->exit_reason = VTLB_EXIT_HLT;
		return RUN_EXIT;
	case 0xfa:	/* CLI: the virtual IF only */
		vm->regs.eflags &= ~X86_EFLAGS_IF;
		break;
	case 0xfb:	/* STI */
		vm->regs.eflags |= X86_EFLAGS_IF;
		break;
	default:
		return run_unsupported(vm, run);
	}
	vm->vtlb.stats.insn_emulated++;
	vm->regs.eip += 1;
	return RUN_RESUME;
}

/*
 * #UD: the guest's own invalid opcode, except the instructions that only
 * fault because the guest runs in ring 3 of a long-mode host (SYSCALL,
 * SYSRET: EFER.SCE is off) -- those are "unsupported" (guest-abi.md).
 */
static enum run_next run_ud(struct vtlb_vm *vm, struct vtlb_run *run)
{
	u8 insn[2];

	if (run_read_guest(vm, vm->regs.eip, insn, 2) == 2 &&
	    insn[0] == 0x0f && (insn[1] == 0x05 || insn[1] == 0x07))
		return run_unsupported(vm, run);
	return run_guest_exception(vm, run);
}

static enum run_next run_pf(struct vtlb_vm *vm, struct vtlb_run *run)
{
	const struct vtlb_sw_data *d = vm->sw->d;
	u32 gerr;

	vm->vtlb.stats.exit_pf++;
	/* Protection keys: the guest changed PKRU (WRPKRU works at CPL 3). */
	if (d->error & X86_PF_PK)
		return run_unsupported(vm, run);
	/*
	 * A supervisor-mode access that faulted on behalf of a ring-3 guest:
	 * on hardware only the CPU's implicit accesses to our GDT/IDT/TSS are
	 * supervisor accesses, and those are mapped. QEMU TCG (7.2) does the
	 * stack pops and pushes of IRET and far CALL/RET as supervisor
	 * accesses, which SMAP refuses on the guest's user pages. Neither is
	 * the guest's fault nor something a fill can fix.
	 */
	if (!(d->error & X86_PF_USER))
		return run_unsupported(vm, run);
	switch (vtlb_page_fault(&vm->vtlb, d->cr2, d->error, &gerr)) {
	case VTLB_PF_RETRY:
		/* Never livelock on a fill that does not take. */
		if (d->cr2 == vm->sw->last_pf_addr &&
		    d->g_rip == vm->sw->last_pf_eip) {
			if (++vm->sw->same_pf > VTLB_SW_SAME_PF_MAX) {
				pr_err_ratelimited("vm%u: #PF at %#llx (eip %#llx, error %#llx) keeps coming back\n",
						   vm->id, d->cr2, d->g_rip,
						   d->error);
				return run_internal(run, -ELOOP,
						    VTLB_INTERNAL_VTLB);
			}
		} else {
			vm->sw->last_pf_addr = d->cr2;
			vm->sw->last_pf_eip = d->g_rip;
			vm->sw->same_pf = 0;
		}
		return RUN_RESUME;
	case VTLB_PF_NOMEM:
		return run_internal(run, -ENOMEM, VTLB_INTERNAL_VTLB);
	default:
		/* #PF with the guest's error code, or #MC: a guest fault. */
		vm->regs.cr2 = d->cr2;
		return run_guest_exception(vm, run);
	}
}

static void run_trace(struct vtlb_switch *sw)
{
	struct vtlb_sw_trace *t = &sw->trace[sw->trace_next++ % VTLB_SW_TRACE];

	t->vector = sw->d->vector;
	t->error = sw->d->error;
	t->eip = sw->d->g_rip;
	t->cr2 = sw->d->cr2;
}

static void run_dump_trace(struct vtlb_vm *vm)
{
	struct vtlb_switch *sw = vm->sw;
	unsigned int i, n = min_t(unsigned int, sw->trace_next, VTLB_SW_TRACE);

	for (i = 0; i < n; i++) {
		const struct vtlb_sw_trace *t =
			&sw->trace[(sw->trace_next - n + i) % VTLB_SW_TRACE];

		pr_err("vm%u: exit -%u: vector %u error %#x eip %#x cr2 %#x\n",
		       vm->id, n - i, t->vector, t->error, t->eip, t->cr2);
	}
}

static enum run_next run_handle_exit(struct vtlb_vm *vm, struct vtlb_run *run)
{
	const struct vtlb_sw_data *d = vm->sw->d;

	vm->vtlb.stats.exits++;
	if (d->fatal) {
		pr_err("vm%u: fault inside the world switch: vector %llu error %#llx rip %pS cr2 %#llx\n",
		       vm->id, d->vector, d->error, (void *)d->fatal_rip,
		       d->cr2);
		run_dump_trace(vm);
		return run_internal(run, -EFAULT, VTLB_INTERNAL_FATAL);
	}
	run_trace(vm->sw);
	if (d->vector != X86_TRAP_PF)
		vm->sw->same_pf = 0;
	/* Virtual-8086 mode (only emulators let IRET enter it here). */
	if (d->g_rflags & X86_EFLAGS_VM)
		return run_unsupported(vm, run);
	if (d->vector >= FIRST_EXTERNAL_VECTOR || d->vector == X86_TRAP_NMI ||
	    d->vector == X86_TRAP_MC)
		return RUN_RESUME;	/* already handed to Linux */
	switch (d->vector) {
	case X86_TRAP_PF:
		return run_pf(vm, run);
	case X86_TRAP_GP:
		vm->vtlb.stats.exit_gp++;
		return run_gp(vm, run);
	}
	vm->vtlb.stats.exit_other_exc++;
	switch (d->vector) {
	case X86_TRAP_UD:
		return run_ud(vm, run);
	case X86_TRAP_DE:	/* divide error */
	case X86_TRAP_DB:	/* TF single step, ICEBP */
	case X86_TRAP_BR:	/* BOUND */
	case X86_TRAP_AC:	/* EFLAGS.AC with the host's CR0.AM */
		return run_guest_exception(vm, run);
	case X86_TRAP_DF:	/* never from ring 3: a VMM bug */
		run_dump_trace(vm);
		return run_internal(run, -EFAULT, VTLB_INTERNAL_FATAL);
	default:
		/*
		 * #NM (x87/SSE: CR0.TS is set while the guest runs, and the
		 * ABI has no FPU), #TS/#NP/#SS on a selector of ours, #CP ...
		 */
		return run_unsupported(vm, run);
	}
}

/* Make sure the caller runs on vm->cpu (may migrate it). */
static int run_bind_cpu(struct vtlb_vm *vm)
{
	if (raw_smp_processor_id() == vm->cpu &&
	    cpumask_equal(current->cpus_ptr, cpumask_of(vm->cpu)))
		return 0;
	return set_cpus_allowed_ptr(current, cpumask_of(vm->cpu));
}

int vtlb_vm_run(struct vtlb_vm *vm, struct vtlb_run *run)
{
	u64 start = ktime_get_ns();
	int ret;

	ret = vtlb_switch_setup(vm);
	if (!ret)
		ret = run_bind_cpu(vm);
	if (ret) {
		run_internal(run, ret, VTLB_INTERNAL_SWITCH);
		ret = 0;
		goto out;
	}

	for (;;) {
		enum run_next next;

		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (need_resched())
			schedule();
		/* Leftover output the caller has not taken yet. */
		if (vm->serial_len >= VTLB_SERIAL_BUF) {
			run->exit_reason = VTLB_EXIT_SERIAL;
			break;
		}

		local_irq_disable();
		if (smp_processor_id() != vm->cpu) {
			local_irq_enable();
			ret = run_bind_cpu(vm);
			if (ret) {
				run_internal(run, ret, VTLB_INTERNAL_SWITCH);
				ret = 0;
				break;
			}
			continue;
		}
		run_regs_to_sw(vm, vm->sw->d);
		run_once(vm);
		local_irq_enable();

		run_regs_from_sw(vm, vm->sw->d);
		next = run_handle_exit(vm, run);
		if (next == RUN_EXIT)
			break;
	}
out:
	vm->vtlb.stats.run_ns += ktime_get_ns() - start;
	return ret;
}
