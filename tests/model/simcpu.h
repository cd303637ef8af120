/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated x86-64 CPU running a guest under the vTLB: guest accesses are
 * translated the way the host MMU would translate them, through the ACTIVE
 * hierarchy of the current virtual CPL (vtlb_active_root), as ring-3
 * accesses (the guest really runs at CPL 3), with a small TLB that really
 * caches translations and their permissions. The TLB is flushed only by
 * the core, through the env's flush hooks (and, like hardware, for the
 * faulting address on a page fault), so a missing invalidation in the core
 * shows up as a stale translation. Entries are tagged with the root they
 * were walked from (as with PCIDs), so switching the virtual CPL does not
 * flush anything either.
 *
 * Host page faults go to vtlb_page_fault, whose answer is acted on: RETRY
 * re-executes (bounded), GUEST is a guest-visible #PF, MCE a machine check.
 * Data goes to guest RAM through the host-physical address the active
 * entry names, so a wrong frame gives wrong data.
 */
#ifndef _VTLB_TESTS_SIMCPU_H
#define _VTLB_TESTS_SIMCPU_H

#include "env.h"

#define SIM_TLB_ENTRIES	64
#define SIM_MAX_RETRIES	16

struct sim_tlbe {
	bool valid;
	bool writable;		/* R/W = 1 at every level */
	bool dirty;		/* leaf D was set when cached */
	unsigned int shift;	/* 12, 21 or 30 */
	u64 root;		/* tag: active root it was walked from */
	u64 va;			/* page-aligned linear base */
	u64 hpa;		/* page-aligned host-physical base */
};

enum sim_kind {
	SIM_OK,
	SIM_PF,			/* guest-visible #PF: .error, .cr2 */
	SIM_MCE,		/* guest-visible machine check */
	SIM_NOMEM,		/* core returned VTLB_PF_NOMEM */
	SIM_LOOP,		/* RETRY more than SIM_MAX_RETRIES times */
	SIM_BAD,		/* active tables broken (see .why) */
};

struct sim_out {
	enum sim_kind kind;
	u32 error, cr2;
	u64 hpa;		/* SIM_OK */
	unsigned int faults;	/* host faults taken */
	const char *why;	/* SIM_BAD / SIM_LOOP */
};

struct simcpu {
	struct test_env *e;
	struct sim_tlbe tlb[SIM_TLB_ENTRIES];
	unsigned int next;	/* round-robin victim */
	/*
	 * Stricter than Intel hardware: keep the TLB entries of a faulting
	 * address, so only the core's own flush_va/flush_all remove them.
	 */
	bool keep_on_fault;
	unsigned long hits, misses, host_faults, flush_va, flush_all;
};

/* Hooks the TLB to the env's flush callbacks. */
void sim_init(struct simcpu *s, struct test_env *e);
/*
 * One 4-byte aligned guest data access at linear @va by the current
 * virtual CPL. A read stores the value in *@data, a write stores *@data.
 */
void sim_access(struct simcpu *s, u32 va, bool write, u32 *data,
		struct sim_out *o);
const char *sim_kind_name(enum sim_kind k);

#endif
