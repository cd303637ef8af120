/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vtlb user ABI: /dev/vtlb and the VM file descriptors it hands out.
 *
 * Modelled on KVM's: a system fd (/dev/vtlb) answers VTLB_GET_API_VERSION
 * and creates VMs; each VM is an anonymous-inode fd that owns the guest RAM,
 * the virtual CPU and the virtual TLB, and is torn down when closed.
 *
 * Every struct passed by pointer starts with __u32 size = sizeof(struct) as
 * the caller knows it, has explicit padding, and ends in reserved fields that
 * must be zero. The kernel rejects an unknown size or a non-zero reserved
 * field with -EINVAL, so fields can be added later without breaking old
 * launchers.
 */
#ifndef _UAPI_VTLB_H
#define _UAPI_VTLB_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define VTLB_API_VERSION	1

/* ioctl type byte: unused in Documentation/userspace-api/ioctl/ioctl-number.rst */
#define VTLBIO			0xB7

/* Guest RAM limits (guest-abi.md, "Memory"). */
#define VTLB_MEM_DEFAULT	(64ULL << 20)
#define VTLB_MEM_MAX		(3ULL << 30)
#define VTLB_PAGE_SIZE		4096ULL

/* ---- /dev/vtlb ioctls ---------------------------------------------------- */

/* Returns VTLB_API_VERSION (as the ioctl's return value). */
#define VTLB_GET_API_VERSION	_IO(VTLBIO, 0x00)
/* Returns a new VM file descriptor (O_CLOEXEC). */
#define VTLB_CREATE_VM		_IOW(VTLBIO, 0x01, struct vtlb_vm_config)

/* vtlb_vm_config.flags */
#define VTLB_VM_FILL_EAGER	(1U << 0)	/* Figs 10A-10B instead of lazy fill */
/*
 * Back guest RAM with 4 KiB host pages only. By default each 2 MiB of guest
 * RAM is one 2 MiB-aligned host block where the host has one free, so a
 * guest 4 MiB page (or RAM with paging off) gets 2 MiB host leaves (Fig 7B).
 */
#define VTLB_VM_RAM_4K		(1U << 1)
/*
 * Test aid: after every hidden page fault, handle the same fault once more
 * before resuming the guest, as the CPU would if its TLB still held the old
 * entry. That fault must be found stale (Fig 7C blocks 820-830, counter
 * pf_spurious). vtlb.ko flushes the VM's PCIDs before the next entry after
 * every fill, so no CPU (real or QEMU's) retries with a stale entry: this is
 * how guests reach those blocks.
 */
#define VTLB_VM_DEBUG_REFAULT	(1U << 2)
#define VTLB_VM_FLAGS_ALL	(VTLB_VM_FILL_EAGER | VTLB_VM_RAM_4K | \
				 VTLB_VM_DEBUG_REFAULT)

#define VTLB_CPU_DEFAULT	(-1)		/* highest-numbered online CPU */

struct vtlb_vm_config {
	__u32 size;		/* sizeof(struct vtlb_vm_config) */
	__u32 flags;		/* VTLB_VM_* */
	__u64 mem_size;		/* bytes; 0 = VTLB_MEM_DEFAULT; 4 KiB multiple */
	__s32 cpu;		/* CPU the VM is bound to, or VTLB_CPU_DEFAULT */
	__u32 max_tables;	/* bound on active page-table pages; 0 = default */
	__u64 reserved[4];	/* must be zero */
};

/* ---- VM fd ioctls --------------------------------------------------------- */

/* Copy bytes between the caller and guest-physical memory. */
#define VTLB_WRITE_MEM		_IOW(VTLBIO, 0x10, struct vtlb_mem_io)
#define VTLB_READ_MEM		_IOW(VTLBIO, 0x11, struct vtlb_mem_io)
/* Guest register state (only while the VM is not running). */
#define VTLB_GET_REGS		_IOR(VTLBIO, 0x12, struct vtlb_regs)
#define VTLB_SET_REGS		_IOW(VTLBIO, 0x13, struct vtlb_regs)
/* Run until an exit that needs userspace; -EINTR on a pending signal. */
#define VTLB_RUN		_IOWR(VTLBIO, 0x14, struct vtlb_run)
/* Read the VM's counters (see VTLB_STATS below). */
#define VTLB_GET_STATS		_IOWR(VTLBIO, 0x15, struct vtlb_stats)

struct vtlb_mem_io {
	__u32 size;		/* sizeof(struct vtlb_mem_io) */
	__u32 flags;		/* must be zero */
	__u64 gpa;		/* guest-physical address */
	__u64 len;		/* bytes; [gpa, gpa + len) must lie in guest RAM */
	__u64 buf;		/* user pointer */
	__u64 reserved[2];
};

/* Architectural state of the virtual CPU, as the guest sees it. */
struct vtlb_regs {
	__u32 size;		/* sizeof(struct vtlb_regs) */
	__u32 cpl;		/* virtual CPL: 0 or 3 */
	__u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
	__u32 eip, eflags;
	__u32 cr0, cr2, cr3, cr4;
	__u64 reserved[4];
};

/* vtlb_run.exit_reason */
enum vtlb_exit_reason {
	VTLB_EXIT_NONE = 0,
	VTLB_EXIT_SERIAL = 1,		/* serial buffer full: drain, run again */
	VTLB_EXIT_DEBUG_EXIT = 2,	/* OUT to isa-debug-exit (0xf4) */
	VTLB_EXIT_HLT = 3,		/* HLT with interrupts disabled */
	VTLB_EXIT_TRIPLE_FAULT = 4,
	VTLB_EXIT_UNSUPPORTED = 5,	/* something guest-abi.md does not allow */
	VTLB_EXIT_INTERNAL_ERROR = 6,	/* VMM could not continue (e.g. -ENOMEM) */
};

#define VTLB_INSN_MAX	15

/* vtlb_run.internal.where: which part of the VMM could not continue. */
#define VTLB_INTERNAL_SWITCH	1	/* world-switch setup or CPU binding */
#define VTLB_INTERNAL_VTLB	2	/* vTLB could not fill (table bound, memory) */
#define VTLB_INTERNAL_FATAL	3	/* fault inside the world switch (VMM bug) */

struct vtlb_run {
	__u32 size;		/* sizeof(struct vtlb_run) */
	__u32 exit_reason;	/* out: enum vtlb_exit_reason */
	__u64 serial_buf;	/* in: user buffer for COM1 output */
	__u32 serial_cap;	/* in: its size in bytes (>= 1) */
	__u32 serial_len;	/* out: bytes written there by this call */
	union {
		struct {
			__u32 value;		/* value written to port 0xf4 */
		} debug_exit;
		struct {
			__u32 vector;		/* exception vector that trapped */
			__u32 error_code;
			__u32 eip;		/* guest linear address */
			__u32 cpl;
			__u32 insn_len;		/* bytes valid in insn[] */
			__u8 insn[16];
		} unsupported;
		struct {
			__s32 error;		/* -errno */
			__u32 where;		/* VTLB_INTERNAL_* */
		} internal;
		__u64 pad[8];
	};
	__u64 reserved[4];
};

/*
 * Counters. One list, used for the ids, the names shown by the launcher and
 * debugfs, and the core's own struct. New counters are only ever appended.
 *   X(id suffix, name, one-line meaning)
 */
#define VTLB_STATS(X)							\
	/* Figure 5 / 7A-7D: page faults seen by the virtual TLB */	\
	X(PF_TOTAL, pf_total, "host #PF exits handed to the vTLB")	\
	X(PF_HIDDEN, pf_hidden, "hidden faults: active entries filled") \
	X(PF_REFLECTED, pf_reflected, "faults the guest takes natively (#PF reflected)") \
	X(PF_SPURIOUS, pf_spurious, "stale host TLB: INVLPG and retry (blocks 822/828)") \
	X(PF_MCE, pf_mce, "guest entry references a frame outside RAM (#MC)") \
	X(FILL_PT, fill_pt, "active PT pair allocated for a guest PT (block 732)") \
	X(FILL_4M, fill_4m, "4 MiB guest page filled (Fig 7B)") \
	X(FILL_4K, fill_4k, "4 KiB guest page mapped (block 846)")	\
	X(FILL_PHYS, fill_phys, "paging-off identity mapping filled")	\
	X(A_SET, a_set, "guest A bits set by the vTLB")			\
	X(D_SET, d_set, "guest D bits set by the vTLB (blocks 802/848)") \
	/* Figure 8 and flushes */					\
	X(INVLPG, invlpg, "guest INVLPG emulated (Fig 8)")		\
	X(INVLPG_PT_FREED, invlpg_pt_freed, "active PTs freed by INVLPG (block 896)") \
	X(FLUSH_CR3, flush_cr3, "MOV CR3: all active entries dropped")	\
	X(FLUSH_OTHER, flush_other, "CR0.PG/CR4 change: all active entries dropped") \
	X(WP_CHANGE, wp_change, "CR0.WP changes (Fig 9)")		\
	X(CPL_SWITCH, cpl_switch, "virtual CPL changes: active hierarchy switched (block 512)") \
	/* active table memory */					\
	X(TABLES_ALLOC, tables_alloc, "active table pages allocated")	\
	X(TABLES_FREED, tables_freed, "active table pages freed")	\
	X(TABLES_CUR, tables_cur, "active table pages in use")		\
	X(TABLES_PEAK, tables_peak, "peak active table pages in use")	\
	X(TABLES_LIMIT, tables_limit, "fills refused: table bound reached") \
	/* Figures 10A-10B */						\
	X(EAGER_WALKS, eager_walks, "eager re-evaluations of the guest hierarchy") \
	X(EAGER_ENTRIES, eager_entries, "guest entries evaluated by eager fill") \
	/* run loop and world switch */					\
	X(RUNS, runs, "VTLB_RUN calls")					\
	X(EXITS, exits, "world switches back to the VMM")		\
	X(EXIT_PF, exit_pf, "exits: page fault")			\
	X(EXIT_GP, exit_gp, "exits: general protection (privileged insn, I/O)") \
	X(EXIT_OTHER_EXC, exit_other_exc, "exits: other guest exceptions") \
	X(EXIT_IRQ, exit_irq, "exits: host interrupts forwarded to Linux") \
	X(EXIT_NMI, exit_nmi, "exits: NMIs forwarded to Linux")		\
	X(IO_OUT, io_out, "OUT instructions emulated")			\
	X(IO_IN, io_in, "IN instructions emulated")			\
	X(INSN_EMULATED, insn_emulated, "privileged instructions emulated") \
	X(EXC_INJECTED, exc_injected, "exceptions delivered through the guest IDT") \
	X(RUN_NS, run_ns, "nanoseconds spent inside VTLB_RUN")		\
	X(TSC_PF_HIDDEN, tsc_pf_hidden, "host TSC handling hidden-fault exits") \
	X(TSC_PF_REFLECTED, tsc_pf_reflected, "host TSC handling reflected-fault exits") \
	X(TSC_PF_SPURIOUS, tsc_pf_spurious, "host TSC handling stale-TLB exits") \
	X(TSC_GP_IO, tsc_gp_io, "host TSC handling IN/OUT exits")	\
	X(TSC_GP_INSN, tsc_gp_insn, "host TSC handling other emulated instructions") \
	X(TSC_IRQ, tsc_irq, "host TSC handling host-interrupt exits")	\
	X(TSC_EXC_OTHER, tsc_exc_other, "host TSC handling all other exits") \
	X(FILL_4M_2M, fill_4m_2m, "of fill_4m: a 2 MiB host leaf, not 4 KiB pieces (Fig 7B)") \
	X(EAGER_FLUSH, eager_flush, "eager fills that changed a guest 4 MiB page: host TLB flushed")

enum vtlb_stat_id {
#define VTLB_STAT_ID(id, name, help) VTLB_STAT_##id,
	VTLB_STATS(VTLB_STAT_ID)
#undef VTLB_STAT_ID
	VTLB_STAT_NR
};

struct vtlb_stats {
	__u32 size;		/* sizeof(struct vtlb_stats) */
	__u32 nr;		/* in: entries of values[]; out: entries filled */
	__u64 values[64];	/* indexed by enum vtlb_stat_id */
};

#endif /* _UAPI_VTLB_H */
