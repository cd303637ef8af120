/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference model of IA-32 two-level paging (CR4.PAE = 0), written from the
 * Intel SDM (Vol. 3A, 4.3 "32-bit paging", 4.6 "Access rights", 4.7
 * "Page-fault exceptions", 4.8 "Accessed and dirty flags") and independent
 * of src/vtlb. It has no TLB: it answers, for one access, what a CPU that
 * walks the guest tables on every access would do. Tests that keep the
 * architectural invalidation rules (INVLPG / MOV CR3 after every change
 * except not-present -> present) must see exactly these outcomes.
 *
 * Choices (the guest ABI, Documentation/guest-abi.md):
 * - A and D are set only when the whole access succeeds (no A bit in a PDE
 *   whose PTE then faults), A in the PDE and the PTE, D in the leaf on a
 *   write; a leaf that already has them is not written.
 * - A walk that reads a page table outside guest RAM, or an access that is
 *   permitted but lands on a frame outside guest RAM, is REF_MCE (machine
 *   check); nothing is written then. A not-present or permission fault is
 *   decided before the leaf frame is touched, so it wins over MCE on the
 *   leaf frame; it cannot win over a page table outside RAM, because the
 *   CPU must read the PTE to know whether it is present.
 * - 4 MiB PDE bits 21:13: see enum ref_pse_mode (default: ref_pse_mode).
 * - CR0.PG = 0: linear = physical, no protection; outside RAM -> MCE.
 */
#ifndef _VTLB_TESTS_REF_H
#define _VTLB_TESTS_REF_H

#include "vtlb/compat.h"

enum ref_pse_mode {
	/* No PSE-36, MAXPHYADDR 32: bits 21:13 reserved -> #PF with RSVD. */
	REF_PSE_RSVD_21_13,
	/* PSE-36, MAXPHYADDR 40: bits 20:13 are PA 39:32, bit 21 reserved. */
	REF_PSE36_M40,
	/* Pentium-style: bits 21:12 ignored. */
	REF_PSE_IGNORE,
};

/* The mode the model uses; tests set it once to the core's documented choice. */
extern enum ref_pse_mode ref_pse_mode;

struct ref_cpu {
	u32 cr0, cr3, cr4;
	unsigned int cpl;	/* 0 or 3 */
};

struct ref_mem {
	u8 *ram;		/* guest RAM [0, size) */
	u64 size;
};

enum ref_kind {
	REF_OK,
	REF_PF,			/* #PF with .error, CR2 = linear address */
	REF_MCE,		/* machine check */
};

struct ref_update {
	u32 gpa;		/* guest-physical address of the entry */
	u32 val;		/* its value after the access */
};

struct ref_result {
	enum ref_kind kind;
	u32 error;		/* PFERR_* for REF_PF */
	u64 gpa;		/* REF_OK: guest-physical address accessed */
	unsigned int nupd;	/* REF_OK: entries whose A/D change */
	struct ref_update upd[2];
	bool large;		/* REF_OK with a 4 MiB page */
};

/* Walk for an access (VTLB_ACC_WRITE, VTLB_ACC_USER derived from cpl). */
void ref_walk(const struct ref_cpu *c, const struct ref_mem *m, u32 va,
	      bool write, struct ref_result *r);
/* Apply the A/D updates of a REF_OK result to memory. */
void ref_commit(struct ref_mem *m, const struct ref_result *r);
/* Both. */
void ref_access(const struct ref_cpu *c, struct ref_mem *m, u32 va,
		bool write, struct ref_result *r);

u32 ref_read32(const struct ref_mem *m, u64 gpa);
void ref_write32(struct ref_mem *m, u64 gpa, u32 val);

#endif
