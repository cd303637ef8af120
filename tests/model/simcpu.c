// SPDX-License-Identifier: GPL-2.0
/* The simulated host CPU; see simcpu.h. */
#include <stdio.h>
#include "simcpu.h"
#include "vtlb/x86.h"

const char *sim_kind_name(enum sim_kind k)
{
	static const char *const names[] = {
		[SIM_OK] = "ok", [SIM_PF] = "#PF", [SIM_MCE] = "#MC",
		[SIM_NOMEM] = "nomem", [SIM_LOOP] = "retry-loop",
		[SIM_BAD] = "bad-active-tables",
	};

	return k <= SIM_BAD ? names[k] : "?";
}

static bool covers(const struct sim_tlbe *t, u64 va)
{
	return t->valid && (va >> t->shift) == (t->va >> t->shift);
}

static void hook_flush_va(void *arg, u32 va)
{
	struct simcpu *s = arg;
	unsigned int i;

	s->flush_va++;
	for (i = 0; i < SIM_TLB_ENTRIES; i++)
		if (covers(&s->tlb[i], va))
			s->tlb[i].valid = false;
}

static void hook_flush_all(void *arg)
{
	struct simcpu *s = arg;
	unsigned int i;

	s->flush_all++;
	for (i = 0; i < SIM_TLB_ENTRIES; i++)
		s->tlb[i].valid = false;
}

void sim_init(struct simcpu *s, struct test_env *e)
{
	memset(s, 0, sizeof(*s));
	s->e = e;
	e->on_flush_va = hook_flush_va;
	e->on_flush_all = hook_flush_all;
	e->hook_arg = s;
}

static bool is_ram_hpa(const struct simcpu *s, u64 hpa, u64 len)
{
	return hpa >= ENV_RAM_HPA && hpa - ENV_RAM_HPA <= s->e->ram_size &&
	       len <= s->e->ram_size - (hpa - ENV_RAM_HPA);
}

enum walk_res { W_OK, W_FAULT, W_BAD };

/*
 * The x86-64 page walk of a user-mode (CPL 3) data access with CR0.WP = 1,
 * no SMAP/SMEP needed: U/S must be 1 at every level, R/W at every level
 * for a write. Sets A (and D in the leaf on a write) on success, as the
 * hardware does.
 */
static enum walk_res host_walk(struct simcpu *s, u64 root, u32 va, bool write,
			       struct sim_tlbe *out, u32 *herr,
			       const char **why)
{
	static const unsigned int shifts[] = { 48, 39, 30, 21, 12 };
	unsigned int levels = s->e->v.cfg.levels;
	unsigned int first = 5 - levels, l, n = 0;
	u64 *ents[5];
	u64 table = root, ent = 0, base;
	bool rw = true, us = true;
	unsigned int shift = 12;

	*herr = PFERR_U | (write ? PFERR_W : 0);
	for (l = first; l < 5; l++) {
		u64 *t;

		shift = shifts[l];
		if (is_ram_hpa(s, table, 1)) {
			*why = "active table entry points into guest RAM";
			return W_BAD;
		}
		t = env_hpa_to_ptr(s->e, table);
		if (!t) {
			*why = "active table entry points to no table";
			return W_BAD;
		}
		ents[n] = &t[((u64)va >> shift) & 511];
		ent = *ents[n++];
		if (!(ent & PTE_P))
			return W_FAULT;
		rw = rw && (ent & PTE_RW);
		us = us && (ent & PTE_US);
		if (shift == 12)
			break;
		if (ent & PTE_PS) {
			if (shift > 30) {
				*why = "PS set in a PML5E/PML4E (reserved)";
				return W_BAD;
			}
			if (ent & HOST_ADDR_MASK & ((1ULL << shift) - 1)) {
				*why = "reserved address bits in a large-page entry";
				return W_BAD;
			}
			break;
		}
		table = ent & HOST_ADDR_MASK;
	}
	if (!us || (write && !rw)) {
		*herr |= PFERR_P;
		return W_FAULT;
	}
	base = ent & HOST_ADDR_MASK & ~((1ULL << shift) - 1);
	if (!is_ram_hpa(s, base, 1ULL << shift)) {
		*why = "guest-reachable active entry maps a page that is not all guest RAM";
		return W_BAD;
	}
	for (l = 0; l < n; l++)
		*ents[l] |= PTE_A;
	if (write)
		*ents[n - 1] |= PTE_D;
	out->valid = true;
	out->writable = rw;
	out->dirty = *ents[n - 1] & PTE_D;
	out->shift = shift;
	out->root = root;
	out->va = va & ~((1ULL << shift) - 1);
	out->hpa = base;
	return W_OK;
}

void sim_access(struct simcpu *s, u32 va, bool write, u32 *data,
		struct sim_out *o)
{
	struct test_env *e = s->e;
	unsigned int tries, i;

	memset(o, 0, sizeof(*o));
	for (tries = 0; tries <= SIM_MAX_RETRIES; tries++) {
		u64 root = vtlb_active_root(&e->v);
		struct sim_tlbe *hit = NULL, w;
		enum vtlb_pf_result pr;
		u32 herr = PFERR_U | (write ? PFERR_W : 0), gerr = 0;
		enum walk_res wr = W_OK;
		u8 *p;

		for (i = 0; i < SIM_TLB_ENTRIES; i++) {
			if (s->tlb[i].root == root && covers(&s->tlb[i], va)) {
				hit = &s->tlb[i];
				break;
			}
		}
		if (hit && write && !hit->writable) {
			wr = W_FAULT;	/* from the TLB entry, no walk */
			herr |= PFERR_P;
		} else if (!hit || (write && !hit->dirty)) {
			/* Miss, or a write through a clean entry: walk. */
			s->misses++;
			if (hit)
				hit->valid = false;
			wr = host_walk(s, root, va, write, &w, &herr, &o->why);
			if (wr == W_OK) {
				hit = &s->tlb[s->next];
				s->next = (s->next + 1) % SIM_TLB_ENTRIES;
				*hit = w;
			}
		} else {
			s->hits++;
		}
		if (wr == W_BAD) {
			o->kind = SIM_BAD;
			o->cr2 = va;
			return;
		}
		if (wr == W_OK) {
			o->hpa = hit->hpa | (va & ((1ULL << hit->shift) - 1));
			p = env_hpa_to_ptr(e, o->hpa);
			if (!p || !is_ram_hpa(s, o->hpa, 4)) {
				o->kind = SIM_BAD;
				o->why = "translation outside guest RAM";
				return;
			}
			if (write)
				memcpy(p, data, 4);
			else
				memcpy(data, p, 4);
			o->kind = SIM_OK;
			return;
		}
		/* Host #PF: the hardware drops the TLB entries for @va. */
		for (i = 0; i < SIM_TLB_ENTRIES && !s->keep_on_fault; i++)
			if (s->tlb[i].root == root && covers(&s->tlb[i], va))
				s->tlb[i].valid = false;
		s->host_faults++;
		o->faults++;
		pr = vtlb_page_fault(&e->v, va, herr, &gerr);
		switch (pr) {
		case VTLB_PF_RETRY:
			continue;
		case VTLB_PF_GUEST:
			o->kind = SIM_PF;
			o->error = gerr;
			o->cr2 = va;
			return;
		case VTLB_PF_MCE:
			o->kind = SIM_MCE;
			return;
		case VTLB_PF_NOMEM:
			o->kind = SIM_NOMEM;
			return;
		default:
			o->kind = SIM_BAD;
			o->why = "vtlb_page_fault returned an unknown value";
			return;
		}
	}
	o->kind = SIM_LOOP;
	o->why = "vtlb_page_fault keeps answering RETRY";
}
