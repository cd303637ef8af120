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
#include <asm/msr.h>
#include <asm/irq_vectors.h>
#include <asm/processor-flags.h>
#include <asm/trap_pf.h>
#include <asm/trapnr.h>
#include "vm.h"
#include "switch.h"
#include "host_state.h"
#include "vtlb/vcpu.h"

enum run_next { RUN_RESUME, RUN_EXIT, RUN_IDLE };

/*
 * Real selector to enter the guest with: the guest's own (vcpu_real_sel)
 * or, for a register it has not loaded yet, our flat descriptor.
 */
static u16 run_sel(const struct vcpu *c, enum vcpu_seg seg)
{
	u16 sel;

	if (vcpu_real_sel(c, seg, &sel))
		return sel;
	return seg == VCPU_CS ? VTLB_SEL_GCODE : VTLB_SEL_GDATA;
}

/*
 * The guest part of our GDT for the current virtual CPL (vcpu.md, "Shadow
 * GDT"): both shadows are rebuilt from the guest's GDT after LGDT or an
 * emulated segment load, and copied into the real GDT when the virtual CPL
 * differs from the one loaded. Entry 2 goes to d->g_desc2 (switch.h).
 * Interrupts on: reading the guest's GDT may fill active tables.
 */
static void run_sync_gdt(struct vtlb_vm *vm)
{
	struct vcpu *c = &vm->vcpu;
	struct vtlb_sw_data *d = vm->sw->d;
	u64 *gdt = (u64 *)((unsigned long)d + VTLB_SW_GDT_OFF);
	unsigned int cpl = c->cpl ? 1 : 0, n, i;
	const u64 *src;

	BUILD_BUG_ON(VTLB_VM_GDT_GUEST_MAX != VTLB_GDT_GUEST_MAX);
	if (vm->gdt_dirty) {
		vm->gdt_dirty = false;
		n = vcpu_shadow_gdt(c, vm->shadow_gdt[0], VTLB_GDT_GUEST_MAX, 0);
		vcpu_shadow_gdt(c, vm->shadow_gdt[1], VTLB_GDT_GUEST_MAX, 3);
		/* Clear what the previous, larger GDT left. */
		vm->gdt_copy = max(n, vm->gdt_entries);
		vm->gdt_entries = n;
		vm->gdt_cpl = -1;
	}
	if (vm->gdt_cpl == cpl)
		return;
	src = vm->shadow_gdt[cpl];
	for (i = 0; i < vm->gdt_copy; i++)
		if (i != VTLB_SEL_KCODE >> 3)
			gdt[i] = src[i];
	d->g_desc2 = src[VTLB_SEL_KCODE >> 3];
	vm->gdt_cpl = cpl;
}

/* Load the virtual CPU into the switch data; @sel gets what was entered. */
static void run_regs_to_sw(struct vtlb_vm *vm, struct vtlb_sw_data *d,
			   u16 *sel)
{
	const struct vcpu *c = &vm->vcpu;
	unsigned int s;

	d->g_rax = c->gpr[VCPU_EAX];
	d->g_rcx = c->gpr[VCPU_ECX];
	d->g_rdx = c->gpr[VCPU_EDX];
	d->g_rbx = c->gpr[VCPU_EBX];
	d->g_rsp = c->gpr[VCPU_ESP];
	d->g_rbp = c->gpr[VCPU_EBP];
	d->g_rsi = c->gpr[VCPU_ESI];
	d->g_rdi = c->gpr[VCPU_EDI];
	d->g_rip = c->eip;
	d->g_rflags = vcpu_real_eflags(c);
	for (s = 0; s < VCPU_NR_SEG; s++)
		sel[s] = run_sel(c, s);
	d->g_es = sel[VCPU_ES];
	d->g_cs = sel[VCPU_CS];
	d->g_ss = sel[VCPU_SS];
	d->g_ds = sel[VCPU_DS];
	d->g_fs = sel[VCPU_FS];
	d->g_gs = sel[VCPU_GS];
}

static void run_regs_from_sw(struct vtlb_vm *vm, const struct vtlb_sw_data *d,
			     const u16 *sel)
{
	struct vcpu *c = &vm->vcpu;
	u16 real[VCPU_NR_SEG];
	unsigned int s;

	c->gpr[VCPU_EAX] = d->g_rax;
	c->gpr[VCPU_ECX] = d->g_rcx;
	c->gpr[VCPU_EDX] = d->g_rdx;
	c->gpr[VCPU_EBX] = d->g_rbx;
	c->gpr[VCPU_ESP] = d->g_rsp;
	c->gpr[VCPU_EBP] = d->g_rbp;
	c->gpr[VCPU_ESI] = d->g_rsi;
	c->gpr[VCPU_EDI] = d->g_rdi;
	c->eip = d->g_rip;
	vcpu_merge_real_eflags(c, d->g_rflags);
	real[VCPU_ES] = d->g_es;
	real[VCPU_CS] = d->g_cs;
	real[VCPU_SS] = d->g_ss;
	real[VCPU_DS] = d->g_ds;
	real[VCPU_FS] = d->g_fs;
	real[VCPU_GS] = d->g_gs;
	/* Registers the guest loaded natively (MOV/POP Sreg, far JMP). */
	for (s = 0; s < VCPU_NR_SEG; s++)
		if (real[s] != sel[s])
			vcpu_sel_from_real(c, s, real[s]);
}

/* One world switch. Interrupts off, on vm->cpu. */
static void run_once(struct vtlb_vm *vm)
{
	struct vtlb_switch *sw = vm->sw;
	struct vtlb_sw_data *d = sw->d;
	struct vtlb_host_state hs;
	enum vtlb_hier_id h = vm->vtlb.cpl == 3 ? VTLB_USER : VTLB_SUP;
	bool flush;

	/*
	 * Each hierarchy has its own PCID, so each has its own pending flush:
	 * entering with one root flushes only that one's PCID. Another VM
	 * having used our PCIDs on this CPU makes both stale.
	 */
	if (vtlb_switch_need_flush(sw)) {
		vm->tlb_flush_pending[VTLB_SUP] = true;
		vm->tlb_flush_pending[VTLB_USER] = true;
	}
	flush = vm->tlb_flush_pending[h];
	vm->tlb_flush_pending[h] = false;
	d->active_cr3 = vtlb_host_active_cr3(vtlb_active_root(&vm->vtlb), h,
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

/* An exit the run loop refuses before the virtual CPU sees it. */
static enum run_next run_unsupported(struct vtlb_vm *vm, struct vtlb_run *run)
{
	struct vcpu *c = &vm->vcpu;
	const struct vtlb_sw_data *d = vm->sw->d;
	u32 n, err, fva;

	run->exit_reason = VTLB_EXIT_UNSUPPORTED;
	run->unsupported.vector = d->vector;
	run->unsupported.error_code = d->error;
	run->unsupported.eip = c->eip;
	run->unsupported.cpl = c->cpl;
	/* Best effort: as many bytes as can be read, page by page. */
	for (n = VTLB_INSN_MAX; n; n--)
		if (vcpu_read_mem(c, c->eip, run->unsupported.insn, n,
				  c->cpl == 3 ? VTLB_ACC_USER : 0, &err,
				  &fva) == VCPU_MEM_OK)
			break;
	run->unsupported.insn_len = n;
	return RUN_EXIT;
}

static enum run_next run_internal(struct vtlb_run *run, int err, u32 where)
{
	run->exit_reason = VTLB_EXIT_INTERNAL_ERROR;
	run->internal.error = err;
	run->internal.where = where;
	return RUN_EXIT;
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

/* Never livelock on a fill that does not take. */
static bool run_pf_livelock(struct vtlb_vm *vm)
{
	struct vtlb_switch *sw = vm->sw;
	const struct vtlb_sw_data *d = sw->d;

	if (d->cr2 != sw->last_pf_addr || d->g_rip != sw->last_pf_eip) {
		sw->last_pf_addr = d->cr2;
		sw->last_pf_eip = d->g_rip;
		sw->same_pf = 0;
		return false;
	}
	if (++sw->same_pf <= VTLB_SW_SAME_PF_MAX)
		return false;
	pr_err_ratelimited("vm%u: #PF at %#llx (eip %#llx, error %#llx) keeps coming back\n",
			   vm->id, d->cr2, d->g_rip, d->error);
	return true;
}

/*
 * Exits the virtual CPU must not see: faults inside the world switch, #DF
 * (never from ring 3), virtual-8086 mode (only TCG lets IRET enter it), and
 * #PF the guest's CPU would not have taken. Counted here as the virtual
 * CPU would count them.
 */
static bool run_filter(struct vtlb_vm *vm, struct vtlb_run *run,
		       enum run_next *next)
{
	const struct vtlb_sw_data *d = vm->sw->d;
	struct vtlb_counters *st = &vm->vtlb.stats;

	if (d->fatal) {
		pr_err("vm%u: fault inside the world switch: vector %llu error %#llx rip %pS cr2 %#llx\n",
		       vm->id, d->vector, d->error, (void *)d->fatal_rip,
		       d->cr2);
		run_dump_trace(vm);
		*next = run_internal(run, -EFAULT, VTLB_INTERNAL_FATAL);
		return true;
	}
	if (d->vector == X86_TRAP_DF) {
		st->exit_other_exc++;
		run_dump_trace(vm);
		*next = run_internal(run, -EFAULT, VTLB_INTERNAL_FATAL);
		return true;
	}
	if (d->vector < FIRST_EXTERNAL_VECTOR && d->vector != X86_TRAP_NMI &&
	    d->vector != X86_TRAP_MC && (d->g_rflags & X86_EFLAGS_VM)) {
		if (d->vector == X86_TRAP_PF)
			st->exit_pf++;
		else if (d->vector == X86_TRAP_GP)
			st->exit_gp++;
		else
			st->exit_other_exc++;
		*next = run_unsupported(vm, run);
		return true;
	}
	if (d->vector != X86_TRAP_PF)
		return false;
	/*
	 * Protection keys (the guest changed PKRU: WRPKRU works at CPL 3), or
	 * a supervisor-mode access on behalf of the ring-3 guest: QEMU TCG
	 * (7.2) does the stack accesses of a CPL 3 IRET and far CALL/RET as
	 * supervisor accesses, which SMAP refuses on user pages. Neither is
	 * the guest's fault nor something a fill can fix.
	 */
	if ((d->error & X86_PF_PK) || !(d->error & X86_PF_USER)) {
		st->exit_pf++;
		*next = run_unsupported(vm, run);
		return true;
	}
	if (run_pf_livelock(vm)) {
		st->exit_pf++;
		*next = run_internal(run, -ELOOP, VTLB_INTERNAL_VTLB);
		return true;
	}
	return false;
}

/* The counters that tell which kind of exit was just handled. */
struct run_kind_snap {
	u64 pf_hidden, pf_reflected, pf_spurious, io, insn;
};

static void run_kind_snap(const struct vtlb_counters *st,
			  struct run_kind_snap *s)
{
	s->pf_hidden = st->pf_hidden;
	s->pf_reflected = st->pf_reflected;
	s->pf_spurious = st->pf_spurious;
	s->io = st->io_in + st->io_out;
	s->insn = st->insn_emulated;
}

/*
 * Host TSC spent handling one exit (after the world switch back, up to the
 * decision to resume or stop), charged to the kind of exit it turned out
 * to be. Under QEMU -icount the TSC counts instructions, so make bench
 * divides these by the event counters to get instructions per exit kind.
 */
static void run_account_tsc(struct vtlb_counters *st,
			    const struct run_kind_snap *b, unsigned int vector,
			    u64 tsc)
{
	if (st->pf_hidden != b->pf_hidden)
		st->tsc_pf_hidden += tsc;
	else if (st->pf_reflected != b->pf_reflected)
		st->tsc_pf_reflected += tsc;
	else if (st->pf_spurious != b->pf_spurious)
		st->tsc_pf_spurious += tsc;
	else if (st->io_in + st->io_out != b->io)
		st->tsc_gp_io += tsc;
	else if (st->insn_emulated != b->insn)
		st->tsc_gp_insn += tsc;
	else if (vector >= FIRST_EXTERNAL_VECTOR)
		st->tsc_irq += tsc;
	else
		st->tsc_exc_other += tsc;
}

/*
 * Hand the exit to the virtual CPU. With VTLB_VM_DEBUG_REFAULT a hidden
 * fault is handed over a second time, unchanged: that is the exit a CPU
 * whose TLB kept the old entry would take on the retry, and the vTLB must
 * find it stale (Fig 7C 820-830) and resume. Without it no guest reaches
 * those blocks: run_once flushes the VM's PCIDs before entering after every
 * fill (and QEMU TCG flushes its whole TLB on every CR3 load anyway).
 */
static enum vcpu_action run_vcpu_exit(struct vtlb_vm *vm)
{
	const struct vtlb_sw_data *d = vm->sw->d;
	u64 hidden = vm->vtlb.stats.pf_hidden;
	enum vcpu_action act;

	act = vcpu_handle_exit(&vm->vcpu, d->vector, d->error, d->cr2);
	if ((vm->flags & VTLB_VM_DEBUG_REFAULT) && act == VCPU_RESUME &&
	    d->vector == X86_TRAP_PF && vm->vtlb.stats.pf_hidden != hidden) {
		vm->vtlb.stats.exits++;		/* counted as the exit it mimics */
		act = vcpu_handle_exit(&vm->vcpu, d->vector, d->error, d->cr2);
	}
	return act;
}

static enum run_next run_handle_exit(struct vtlb_vm *vm, struct vtlb_run *run)
{
	const struct vtlb_sw_data *d = vm->sw->d;
	struct vcpu *c = &vm->vcpu;
	enum run_next next;

	vm->vtlb.stats.exits++;
	if (!d->fatal)
		run_trace(vm->sw);
	if (d->vector != X86_TRAP_PF)
		vm->sw->same_pf = 0;
	if (run_filter(vm, run, &next))
		return next;

	switch (run_vcpu_exit(vm)) {
	case VCPU_RESUME:
		return RUN_RESUME;
	case VCPU_EXIT_HLT:
		run->exit_reason = VTLB_EXIT_HLT;
		return RUN_EXIT;
	case VCPU_EXIT_IDLE:
		return RUN_IDLE;
	case VCPU_EXIT_TRIPLE_FAULT:
		run->exit_reason = VTLB_EXIT_TRIPLE_FAULT;
		return RUN_EXIT;
	case VCPU_EXIT_UNSUPPORTED:
		run->exit_reason = VTLB_EXIT_UNSUPPORTED;
		run->unsupported.vector = c->exit.vector;
		run->unsupported.error_code = c->exit.error_code;
		run->unsupported.eip = c->exit.eip;
		run->unsupported.cpl = c->exit.cpl;
		run->unsupported.insn_len = min_t(u32, c->exit.insn_len,
						  VTLB_INSN_MAX);
		memcpy(run->unsupported.insn, c->exit.insn,
		       sizeof(run->unsupported.insn));
		return RUN_EXIT;
	case VCPU_EXIT_DEBUG_EXIT:
		run->exit_reason = VTLB_EXIT_DEBUG_EXIT;
		run->debug_exit.value = c->exit.value;
		return RUN_EXIT;
	case VCPU_EXIT_SERIAL_FULL:
		/* The OUT is complete: userspace drains COM1 and runs again. */
		run->exit_reason = VTLB_EXIT_SERIAL;
		return RUN_EXIT;
	case VCPU_EXIT_INTERNAL:
	default:
		return run_internal(run, c->exit.error ? c->exit.error : -EIO,
				    VTLB_INTERNAL_VTLB);
	}
}

/*
 * HLT with virtual IF = 1: no interrupt ever comes (the ABI's devices raise
 * none), so the guest stays halted, as QEMU does; sleep until a signal.
 */
static int run_idle(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return -EINTR;
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
	struct run_kind_snap snap;
	u64 tsc;
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
		u16 sel[VCPU_NR_SEG];
		enum run_next next;

		/* Halted for good: hand over the output first, then sleep. */
		if (vm->vcpu.halted) {
			if (vm->serial_len)
				run->exit_reason = VTLB_EXIT_SERIAL;
			else
				ret = run_idle();
			break;
		}
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
		run_sync_gdt(vm);

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
		run_regs_to_sw(vm, vm->sw->d, sel);
		run_once(vm);
		local_irq_enable();

		run_regs_from_sw(vm, vm->sw->d, sel);
		run_kind_snap(&vm->vtlb.stats, &snap);
		tsc = rdtsc_ordered();
		next = run_handle_exit(vm, run);
		run_account_tsc(&vm->vtlb.stats, &snap, vm->sw->d->vector,
				rdtsc_ordered() - tsc);
		if (next == RUN_EXIT)
			break;
		/* RUN_IDLE: c->halted is set; the top of the loop sleeps. */
	}
out:
	vm->vtlb.stats.run_ns += ktime_get_ns() - start;
	return ret;
}
