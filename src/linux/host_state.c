// SPDX-License-Identifier: GPL-2.0
/*
 * Host state around the world switch (world-switch-pitfalls.md section 2).
 * The switcher restores CR3, GDT, TR, IDT, LDT, selectors and FS/GS bases
 * in assembly before any C runs; this file records those values beforehand
 * and handles the rest: SYSCALL/SYSENTER, debug registers, PKRU, user CET,
 * and handing host events to Linux.
 */
#define pr_fmt(fmt) "vtlb: " fmt

#include <linux/kernel.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/irq_vectors.h>
#include <asm/mce.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/ptrace.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include "switch.h"
#include "host_state.h"

/*
 * PCIDs Linux never uses (kernel 1..6, user 2049..2054), one per active
 * hierarchy: the two hierarchies map the same guest addresses differently,
 * so a translation cached while the guest ran at virtual CPL 0 must never
 * serve an access at virtual CPL 3, and entering with the other root must
 * not inherit it (a shared PCID plus the no-flush bit would).
 */
#define VTLB_PCID_SUP		0x7feULL
#define VTLB_PCID_USER		0x7ffULL
#define VTLB_CR3_NOFLUSH	BIT_ULL(63)
/* DR7 with no breakpoint enabled (bit 10 always reads 1). */
#define DR7_FIXED_1_VTLB	0x400UL

static void sw_store_dtr(struct vtlb_sw_dtr *dst, const struct desc_ptr *src)
{
	dst->limit = src->size;
	dst->base = src->address;
}

static u16 sw_sldt(void)
{
	u16 sel;

	asm volatile("sldt %0" : "=r" (sel));
	return sel;
}

void vtlb_host_save(struct vtlb_switch *sw, struct vtlb_host_state *hs)
{
	struct vtlb_sw_data *d = sw->d;
	int cpu = smp_processor_id();
	struct desc_struct *gdt_rw = get_cpu_gdt_rw(cpu);
	struct desc_ptr dt;
	u16 sel;

	/* Registers the switcher restores in assembly. */
	d->host_cr3 = __native_read_cr3();
	native_store_gdt(&dt);
	sw_store_dtr(&d->host_gdt, &dt);
	d->host_gdt_rw.limit = dt.size;
	d->host_gdt_rw.base = (unsigned long)gdt_rw;
	store_idt(&dt);
	sw_store_dtr(&d->host_idt, &dt);
	d->host_tr = native_store_tr();
	d->host_tssdesc = (unsigned long)&gdt_rw[d->host_tr >> 3];
	d->host_ldt = sw_sldt();
	savesegment(ds, sel);
	d->host_ds = sel;
	savesegment(es, sel);
	d->host_es = sel;
	savesegment(fs, sel);
	d->host_fs = sel;
	savesegment(gs, sel);
	d->host_gs = sel;
	rdmsrl(MSR_FS_BASE, d->host_fsbase);
	rdmsrl(MSR_GS_BASE, d->host_gsbase);

	/* A guest SYSCALL/SYSENTER must fault (#UD/#GP), not enter Linux. */
	rdmsrl(MSR_EFER, hs->efer);
	if (hs->efer & EFER_SCE)
		wrmsrl(MSR_EFER, hs->efer & ~EFER_SCE);
	rdmsrl(MSR_IA32_SYSENTER_CS, hs->sysenter_cs);
	if (hs->sysenter_cs)
		wrmsrl(MSR_IA32_SYSENTER_CS, 0);

	/* The launcher's watchpoints are in the guest's address range. */
	hs->dr7_cleared = hw_breakpoint_active();
	if (hs->dr7_cleared)
		set_debugreg(DR7_FIXED_1_VTLB, 7);

	hs->pkru_valid = cpu_feature_enabled(X86_FEATURE_OSPKE);
	if (hs->pkru_valid)
		hs->pkru = rdpkru();

	hs->u_cet_valid = false;
#ifdef X86_FEATURE_USER_SHSTK
	/* IRET to CPL 3 would otherwise run the guest on the launcher's SSP. */
	if (cpu_feature_enabled(X86_FEATURE_USER_SHSTK)) {
		rdmsrl(MSR_IA32_U_CET, hs->u_cet);
		hs->u_cet_valid = true;
		if (hs->u_cet)
			wrmsrl(MSR_IA32_U_CET, 0);
	}
#endif
}

void vtlb_host_restore(struct vtlb_switch *sw, struct vtlb_host_state *hs)
{
	if (hs->efer & EFER_SCE)
		wrmsrl(MSR_EFER, hs->efer);
	if (hs->sysenter_cs)
		wrmsrl(MSR_IA32_SYSENTER_CS, hs->sysenter_cs);
	if (hs->dr7_cleared)
		hw_breakpoint_restore();
	/* WRPKRU works at CPL 3: the guest may have changed it. */
	if (hs->pkru_valid && rdpkru() != hs->pkru)
		wrpkru(hs->pkru);
#ifdef X86_FEATURE_USER_SHSTK
	if (hs->u_cet_valid && hs->u_cet)
		wrmsrl(MSR_IA32_U_CET, hs->u_cet);
#endif
}

void vtlb_host_forward_irq(struct vtlb_switch *sw, unsigned int vector)
{
	gate_desc *gate = (gate_desc *)sw->d->host_idt.base + vector;

	/*
	 * The guest cannot raise a vector >= 32 itself (INT n is a #GP on our
	 * DPL 0 gates), so this is a real interrupt; never call the INT 0x80
	 * system-call gate, whatever arrives there.
	 */
	if (WARN_ON_ONCE(vector == IA32_SYSCALL_VECTOR))
		return;
	vtlb_sw_call_irqoff(gate_offset(gate));
}

void vtlb_host_forward_nmi(void)
{
	vtlb_sw_call_irqoff((unsigned long)VTLB_HOST_NMI_ENTRY);
}

void vtlb_host_forward_mce(void)
{
#ifdef CONFIG_X86_MCE
	/* As KVM's kvm_machine_check(): a fake ring-3 frame. */
	struct pt_regs regs = {
		.cs = 3,
		.flags = X86_EFLAGS_IF,
	};

	do_machine_check(&regs);
#endif
}

u64 vtlb_host_active_cr3(u64 root, enum vtlb_hier_id h, bool flush)
{
	u64 pcid = h == VTLB_USER ? VTLB_PCID_USER : VTLB_PCID_SUP;

	if (!boot_cpu_has(X86_FEATURE_PCID) ||
	    !(cr4_read_shadow() & X86_CR4_PCIDE))
		return root;
	BUILD_BUG_ON(VTLB_PCID_USER >= (1ULL << X86_CR3_PTI_PCID_USER_BIT));
	BUILD_BUG_ON(VTLB_PCID_SUP >= (1ULL << X86_CR3_PTI_PCID_USER_BIT));
	return root | pcid | (flush ? 0 : VTLB_CR3_NOFLUSH);
}
