/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host CPU state around one world switch: what C saves before vtlb_sw_run()
 * and restores after it (the switcher itself restores everything a C
 * function or an interrupt could depend on), and the hand-off of host
 * interrupts, NMIs and machine checks that arrived while the guest ran.
 */
#ifndef _VTLB_LINUX_HOST_STATE_H
#define _VTLB_LINUX_HOST_STATE_H

#include <linux/types.h>
#include <linux/version.h>
#include "vtlb/vtlb.h"

/*
 * Linux's NMI entry for code that took an NMI by VM exit, as KVM uses it.
 * Declared in the kernel's headers only with KVM_INTEL; both are GPL
 * exports there, so vtlb.ko needs a kernel with KVM_INTEL=m or =y (Debian's
 * have it).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
void asm_exc_nmi_kvm_vmx(void);
#define VTLB_HOST_NMI_ENTRY	asm_exc_nmi_kvm_vmx
#else
void asm_exc_nmi_noist(void);
#define VTLB_HOST_NMI_ENTRY	asm_exc_nmi_noist
#endif

struct vtlb_switch;

/* State the switcher does not touch but the guest could see or change. */
struct vtlb_host_state {
	u64 efer;
	u64 sysenter_cs;
	u64 u_cet;
	u32 pkru;
	bool dr7_cleared;
	bool pkru_valid;
	bool u_cet_valid;
};

/* Interrupts off, on the VM's CPU, immediately around vtlb_sw_run(). */
void vtlb_host_save(struct vtlb_switch *sw, struct vtlb_host_state *hs);
void vtlb_host_restore(struct vtlb_switch *sw, struct vtlb_host_state *hs);

/*
 * Hand an event that exited the guest (or hit the switch window) to Linux:
 * external interrupts to the host IDT gate of their vector, NMIs to the
 * NMI entry KVM uses, #MC to do_machine_check(). Interrupts off.
 */
void vtlb_host_forward_irq(struct vtlb_switch *sw, unsigned int vector);
void vtlb_host_forward_nmi(void);
void vtlb_host_forward_mce(void);

/*
 * Active-table CR3 value for this entry: root @root of hierarchy @h, with
 * that hierarchy's own PCID, and the no-flush bit unless @flush.
 */
u64 vtlb_host_active_cr3(u64 root, enum vtlb_hier_id h, bool flush);

#endif /* _VTLB_LINUX_HOST_STATE_H */
