/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One virtual machine as the Linux glue sees it: guest RAM, the portable
 * vTLB core and virtual CPU, the CPU it is bound to, counters, debugfs.
 * Created by VTLB_CREATE_VM, destroyed when its file descriptor is closed.
 */
#ifndef _VTLB_LINUX_VM_H
#define _VTLB_LINUX_VM_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/mm_types.h>
#include "vtlb/vtlb.h"
#include "vtlb/vcpu.h"
#include "vcpu/io.h"
#include "uapi/vtlb.h"

struct dentry;
struct vtlb_switch;

#define VTLB_SERIAL_BUF	4096	/* COM1 bytes buffered in the kernel */
#define VTLB_VM_GDT_GUEST_MAX	506	/* == VTLB_GDT_GUEST_MAX (switch.h) */

struct vtlb_vm {
	struct mutex lock;		/* serialises ioctls on this VM */
	u32 id;				/* unique per module load */
	pid_t owner_pid;		/* tgid of the creator (debugfs name) */
	char owner_comm[16];
	u32 flags;			/* VTLB_VM_* */
	int cpu;			/* the CPU this VM runs on */

	/*
	 * Guest RAM: one struct page per 4 KiB frame, charged to the creator.
	 * Bit n of ram_2m is set when guest RAM [n * 2 MiB, (n + 1) * 2 MiB)
	 * is one 2 MiB-aligned host block; ram_2m_blocks counts them.
	 */
	u64 mem_size;
	unsigned long nr_pages;
	struct page **pages;
	unsigned long *ram_2m;
	unsigned long ram_2m_blocks;

	/* The portable virtual TLB (src/vtlb) and virtual CPU (src/vcpu). */
	struct vtlb vtlb;
	bool vtlb_ready;
	struct vcpu vcpu;
	struct vtlb_io_ctx io;		/* COM1 state for the vCPU */

	/*
	 * Shadows of the guest GDT for virtual CPL 0 and 3 (run.c), rebuilt
	 * after LGDT or an emulated segment load (gdt_dirty); gdt_cpl is the
	 * one in our real GDT (-1: none), gdt_copy how many entries to copy.
	 */
	u64 shadow_gdt[2][VTLB_VM_GDT_GUEST_MAX];
	unsigned int gdt_entries, gdt_copy;
	int gdt_cpl;
	bool gdt_dirty;

	/* World switch state (src/linux/switch*), NULL until first run. */
	struct vtlb_switch *sw;
	/* The core changed active entries: flush our PCID before next entry. */
	bool tlb_flush_pending[VTLB_NR_HIER];	/* per active hierarchy */

	/* COM1 output not yet handed to userspace. */
	u8 serial[VTLB_SERIAL_BUF];
	u32 serial_len;
	u8 com1_lcr;			/* line control: DLAB is bit 7 */

	/* Counters not owned by the core live in vtlb.stats too. */
	struct dentry *debugfs;
};

/* Guest RAM access for the glue and the ops table. */
void *vtlb_vm_gpa_to_hva(struct vtlb_vm *vm, u64 gpa);

/* vm.c */
int vtlb_vm_drain_serial(struct vtlb_vm *vm, struct vtlb_run *run);
void vtlb_vm_read_stats(struct vtlb_vm *vm, u64 *values, u32 nr);

/* run.c: the run loop, called with vm->lock held. */
int vtlb_vm_run(struct vtlb_vm *vm, struct vtlb_run *run);
/* switch.c: free the world-switch state (safe when vm->sw is NULL). */
void vtlb_vm_switch_free(struct vtlb_vm *vm);

#endif /* _VTLB_LINUX_VM_H */
