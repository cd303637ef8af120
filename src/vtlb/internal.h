/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interface between the files of the vTLB core. Each file has one
 * job: walk.c reads the guest's tables (Fig 4 / SDM), hier.c owns the active
 * tables' memory, fill.c writes active entries (Figs 7A-7D, 6), fault.c
 * classifies page faults (Fig 5), control.c handles CR writes, INVLPG and the
 * virtual CPL (Figs 5, 8, 9), eager.c re-evaluates everything (Figs 10A-10B).
 */
#ifndef _VTLB_INTERNAL_H
#define _VTLB_INTERNAL_H

#include "vtlb/vtlb.h"

/* Host entry bits of a non-leaf entry that leaves all checks to lower levels. */
#define HOST_TABLE_FLAGS	((u64)(PTE_P | PTE_RW | PTE_US))
/* 4 MiB PDE bits the documented CPU model reserves (no PSE-36, MAXPHYADDR 32). */
#define GUEST_PDE_RSVD_MASK	(GUEST_PDE_RSVD_4M | GUEST_PSE36_MASK)

/* ---- walk.c: the guest walker ---------------------------------------- */

enum vtlb_walk_status {
	VTLB_WALK_OK,		/* translation exists and allows the access */
	VTLB_WALK_FAULT,	/* the guest takes a #PF; w->error is its code */
	VTLB_WALK_BAD_FRAME,	/* a table or the page is outside RAM: #MC */
};

struct vtlb_walk {
	u32 pde;		/* guest PDE after A/D update */
	u32 pte;		/* guest PTE after A/D update (4 KiB pages) */
	bool large;		/* 4 MiB page: pde is the leaf */
	u64 gpa;		/* guest-physical address of the access */
	u32 error;		/* #PF error code on VTLB_WALK_FAULT */
};

u32 *vtlb_guest_entry(const struct vtlb *v, u32 gpa);
bool vtlb_gpa_in_ram(const struct vtlb *v, u64 gpa);
bool vtlb_pde_is_large(const struct vtlb *v, u32 pde);
enum vtlb_walk_status vtlb_walk(struct vtlb *v, u32 va, u32 access,
				struct vtlb_walk *w);

/* ---- hier.c: active table memory and slots ----------------------------- */

static inline enum vtlb_hier_id vtlb_cur_hier(const struct vtlb *v)
{
	return v->cpl == 3 ? VTLB_USER : VTLB_SUP;
}

/* Host PD entry for 2 MiB slot @slot (guest linear >> 21, 0..2047). */
static inline u64 *vtlb_host_pde(struct vtlb *v, enum vtlb_hier_id h,
				 unsigned int slot)
{
	return &v->hier[h].pd[slot >> 9][slot & 511];
}

/*
 * Slot @slot of @h gets a PT or a 2 MiB leaf: remember it, so that a flush
 * (MOV CR3) visits the slots in use, not all 2048 (vtlb_drop_hier).
 */
static inline void vtlb_slot_used(struct vtlb *v, enum vtlb_hier_id h,
				  unsigned int slot)
{
	v->hier[h].used[slot >> 6] |= 1ULL << (slot & 63);
}

void vtlb_zero(void *p, unsigned long len);
u64 *vtlb_ensure_pt(struct vtlb *v, enum vtlb_hier_id h, unsigned int slot,
		    enum vtlb_pt_kind kind, int *err);
bool vtlb_holds_4m(struct vtlb *v, enum vtlb_hier_id h, unsigned int slot);
void vtlb_drop_half(struct vtlb *v, enum vtlb_hier_id h, unsigned int slot);
bool vtlb_drop_pt_if_empty(struct vtlb *v, enum vtlb_hier_id h,
			   unsigned int slot);
void vtlb_drop_hier(struct vtlb *v, enum vtlb_hier_id h);
void vtlb_drop_all(struct vtlb *v);

/* ---- fill.c: writing active entries ------------------------------------ */

u64 vtlb_host_rights(const struct vtlb *v, enum vtlb_hier_id h, u32 gentry,
		     bool leaf);
bool vtlb_can_map_2m(const struct vtlb *v, u64 gpa_2m, u64 *hpa);
int vtlb_set_4k(struct vtlb *v, enum vtlb_hier_id h, u32 va,
		enum vtlb_pt_kind kind, u64 pde_flags, u64 pte);
void vtlb_set_2m(struct vtlb *v, enum vtlb_hier_id h, u32 va, u64 leaf);
int vtlb_fill(struct vtlb *v, u32 va, const struct vtlb_walk *w);
int vtlb_fill_phys(struct vtlb *v, u32 va);

/* ---- eager.c ------------------------------------------------------------ */

int vtlb_eager_fill(struct vtlb *v);

#endif /* _VTLB_INTERNAL_H */
