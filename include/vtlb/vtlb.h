/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual TLB: the patent's method (Neiger et al., 2000) as portable C.
 *
 * A guest keeps IA-32 two-level page tables in its own memory (the "guest
 * translation data structure", Fig 3 block 308). The vTLB keeps two
 * "active" hierarchies in the host's long-mode format (block 306): one used
 * while the guest runs at virtual CPL 0 (active supervisor) and one at
 * virtual CPL 3 (active user). Both start empty -- every entry not present,
 * like a TLB after reset -- and are filled lazily on page faults (Figs 7A-7D)
 * or eagerly on every TLB-affecting operation (Figs 10A-10B).
 *
 * This header is the whole interface. The core reaches memory and the host
 * only through struct vtlb_ops, so the same code runs in vtlb.ko, in KUnit
 * and in userspace tests. All functions run with the guest stopped, on the
 * VM's own thread; nothing here is concurrent.
 */
#ifndef _VTLB_VTLB_H
#define _VTLB_VTLB_H

#include "vtlb/compat.h"
#include "vtlb/x86.h"
#include "uapi/vtlb.h"

/* How the core reaches guest memory and the host. */
struct vtlb_ops {
	/*
	 * Host pointer to guest-physical byte @gpa, valid up to the end of its
	 * 4 KiB frame; NULL when @gpa is not guest RAM. Used to read and
	 * update (A/D bits) the guest's page tables.
	 */
	void *(*gpa_to_hva)(void *ctx, u64 gpa);
	/* Host-physical address of guest RAM frame @gpa (page-aligned, in RAM). */
	u64 (*gpa_to_hpa)(void *ctx, u64 gpa);
	/*
	 * Optional: is guest RAM [@gpa_2m, @gpa_2m + 2 MiB) one 2 MiB-aligned
	 * host block? If so, set *@hpa to it. Without this hook the core asks
	 * gpa_to_hpa for each of the 512 frames (Fig 7B's 2 MiB leaf check).
	 */
	bool (*ram_2m_block)(void *ctx, u64 gpa_2m, u64 *hpa);
	/* A zeroed 4 KiB page for an active table; NULL on failure. */
	void *(*alloc_table)(void *ctx, u64 *hpa);
	void (*free_table)(void *ctx, void *table, u64 hpa);
	/* Invalidate host TLB entries for guest linear @va in both hierarchies. */
	void (*flush_va)(void *ctx, u32 va);
	/* Invalidate every host TLB entry of both active hierarchies. */
	void (*flush_all)(void *ctx);
};

struct vtlb_config {
	u64 ram_size;		/* guest RAM is [0, ram_size), 4 KiB multiple */
	unsigned int levels;	/* host paging levels: 4, or 5 with CR4.LA57 */
	unsigned int max_tables;/* bound on active table pages, 0 = default */
	bool eager;		/* Figs 10A-10B instead of lazy fill */
	bool host_4k_only;	/* never a 2 MiB host leaf for guest RAM */
};

#define VTLB_MAX_TABLES_DEFAULT	4096	/* 16 MiB of active tables per VM */

/* The two active hierarchies (patent Figs 3 and 6). */
enum vtlb_hier_id {
	VTLB_SUP = 0,		/* used at virtual CPL 0 */
	VTLB_USER = 1,		/* used at virtual CPL 3 */
	VTLB_NR_HIER
};

/* What the caller must do after a page fault (Fig 5 / Figs 7A-7D). */
enum vtlb_pf_result {
	VTLB_PF_RETRY,		/* filled or stale TLB flushed: re-execute */
	VTLB_PF_GUEST,		/* guest takes it natively: inject #PF, error code, CR2 */
	VTLB_PF_MCE,		/* guest entry names a frame outside RAM: inject #MC */
	VTLB_PF_NOMEM,		/* active-table bound or allocator exhausted */
};

/* Access type: the same bits as the page-fault error code. */
#define VTLB_ACC_WRITE	PFERR_W
#define VTLB_ACC_USER	PFERR_U

struct vtlb_counters {
#define VTLB_COUNTER_FIELD(id, name, help) u64 name;
	VTLB_STATS(VTLB_COUNTER_FIELD)
#undef VTLB_COUNTER_FIELD
};

/* What an active PT caches (struct vtlb_pt.kind). */
enum vtlb_pt_kind {
	VTLB_PT_NONE = 0,	/* no active PT for this 2 MiB */
	VTLB_PT_4K,		/* 4 KiB pages of a guest PT, or paging off */
	VTLB_PT_4M,		/* 4 KiB pieces of one guest 4 MiB page */
};

/*
 * Bookkeeping for one guest PDE (4 MiB): the active PTs behind its two
 * 2 MiB halves in each hierarchy (a guest PT of 1024 entries becomes two
 * host PTs of 512, per hierarchy). Host tables hold only host-physical
 * addresses, so the core keeps the pointers here.
 */
struct vtlb_pt {
	u64 *pt[VTLB_NR_HIER][2];	/* NULL if none */
	u64 hpa[VTLB_NR_HIER][2];
	u8 kind[VTLB_NR_HIER][2];	/* enum vtlb_pt_kind */
};

/* One active hierarchy: the fixed top levels covering the low 4 GiB. */
struct vtlb_hier {
	u64 *root;		/* PML5 or PML4 */
	u64 root_hpa;
	u64 *pml4;		/* == root with 4 levels */
	u64 pml4_hpa;
	u64 *pdpt;
	u64 pdpt_hpa;
	u64 *pd[4];		/* 4 x 512 PDEs = 2048 x 2 MiB = 4 GiB */
	u64 pd_hpa[4];
	u64 used[2048 / 64];	/* 2 MiB slots whose PDE may be non-zero */
};

struct vtlb {
	const struct vtlb_ops *ops;
	void *ctx;
	struct vtlb_config cfg;

	/* Guest control registers: the values the guest expects (Fig 6). */
	u32 cr0, cr3, cr4;
	unsigned int cpl;	/* virtual CPL: 0 or 3 */

	struct vtlb_hier hier[VTLB_NR_HIER];
	/*
	 * Active PTs per guest PDE (1024 entries of 4 MiB). Embedded (64 KiB):
	 * allocate struct vtlb with kvzalloc/malloc, never on the stack.
	 */
	struct vtlb_pt pt[1024];

	struct vtlb_counters stats;
};

/* Lifetime. vtlb_init allocates the fixed top levels; 0 or -ENOMEM/-EINVAL. */
int vtlb_init(struct vtlb *v, const struct vtlb_config *cfg,
	      const struct vtlb_ops *ops, void *ctx);
void vtlb_destroy(struct vtlb *v);

/*
 * Hook for the world switch: set top-level entry @index (>= 1; index 0
 * covers the guest's 4 GiB) to @entry in both hierarchies, e.g. to map the
 * switcher region supervisor-only. The core never touches these entries.
 */
void vtlb_set_root_entry(struct vtlb *v, unsigned int index, u64 entry);

/* Host-physical root of the hierarchy for the current virtual CPL. */
u64 vtlb_active_root(const struct vtlb *v);

/* Figure 5 blocks 508-512: a change of virtual privilege level. */
void vtlb_set_cpl(struct vtlb *v, unsigned int cpl);

/*
 * Guest writes to control registers and TLB instructions (Fig 5 block 514).
 * The caller (the virtual CPU) has already checked architectural validity
 * (e.g. CR4.PAE = 1 is its #GP). Return 0, or -ENOSPC / -ENOMEM when eager
 * fill hits the table bound.
 */
int vtlb_write_cr0(struct vtlb *v, u32 cr0);	/* PG, WP (Fig 9) */
int vtlb_write_cr3(struct vtlb *v, u32 cr3);	/* flush all (MOV CR3) */
int vtlb_write_cr4(struct vtlb *v, u32 cr4);	/* PSE/PGE change: flush all */
int vtlb_invlpg(struct vtlb *v, u32 va);	/* Fig 8 */

/*
 * A host #PF at guest linear @addr while the guest ran with the active
 * hierarchy of the current virtual CPL. @host_error is the hardware error
 * code (its U bit is always set: the guest really runs at CPL 3; the core
 * uses the virtual CPL instead). On VTLB_PF_GUEST, *guest_error is the error
 * code the guest would have seen natively; CR2 is @addr.
 */
enum vtlb_pf_result vtlb_page_fault(struct vtlb *v, u32 addr, u32 host_error,
				    u32 *guest_error);

/*
 * Software translation for the virtual CPU's own accesses to guest memory
 * (instruction bytes, descriptor tables, exception frames): walk the guest
 * tables exactly as the CPU would for @access (VTLB_ACC_* bits), setting A/D
 * on success, and keep the active entries consistent. On VTLB_PF_RETRY
 * *gpa is the guest-physical address.
 */
enum vtlb_pf_result vtlb_translate(struct vtlb *v, u32 va, u32 access,
				   u64 *gpa, u32 *guest_error);

#endif /* _VTLB_VTLB_H */
