// SPDX-License-Identifier: GPL-2.0
/* The differential-test engine; see world.h. */
#include <stdarg.h>
#include <stdlib.h>
#include "world.h"
#include "vtlb/x86.h"

/* ---- random source ----------------------------------------------------- */

void rnd_seed(struct rnd *r, u64 seed)
{
	memset(r, 0, sizeof(*r));
	r->s = seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
	if (!r->s)
		r->s = 1;
}

void rnd_bytes(struct rnd *r, const u8 *buf, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
}

u32 rnd_u32(struct rnd *r)
{
	u32 v = 0;
	unsigned int i;

	if (r->buf) {
		for (i = 0; i < 4; i++) {
			if (r->pos >= r->len) {
				r->exhausted = true;
				break;
			}
			v |= (u32)r->buf[r->pos++] << (8 * i);
		}
		return v;
	}
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (u32)((r->s * 0x2545F4914F6CDD1DULL) >> 32);
}

/* From bytes, one byte per small choice so the fuzzer can steer it. */
u32 rnd_below(struct rnd *r, u32 n)
{
	if (n <= 1)
		return 0;
	if (r->buf && n <= 256) {
		if (r->pos >= r->len) {
			r->exhausted = true;
			return 0;
		}
		return r->buf[r->pos++] % n;
	}
	return rnd_u32(r) % n;
}

/* ---- logging and failure ----------------------------------------------- */

static void wlog(struct world *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void wlog(struct world *w, const char *fmt, ...)
{
	char *line = w->log[w->ops % W_LOG];
	int n;
	va_list ap;

	n = snprintf(line, sizeof(w->log[0]), "#%lu cpl%u cr0=%08x cr3=%08x cr4=%08x: ",
		     w->ops, w->c.cpl, w->c.cr0, w->c.cr3, w->c.cr4);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(w->log[0]))
		vsnprintf(line + n, sizeof(w->log[0]) - n, fmt, ap);
	va_end(ap);
	if (w->cfg.verbose)
		fprintf(stderr, "%s\n", line);
}

static bool wfail(struct world *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool wfail(struct world *w, const char *fmt, ...)
{
	unsigned long i, from;
	va_list ap;

	if (w->failed++)
		return false;
	fprintf(stderr, "DISAGREEMENT (levels %u, %s, max_tables %u) at op #%lu: ",
		w->cfg.levels, w->cfg.eager ? "eager" : "lazy",
		w->cfg.max_tables, w->ops);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nlast operations:\n");
	from = w->ops >= W_LOG - 1 ? w->ops - (W_LOG - 1) : 0;
	for (i = from; i <= w->ops; i++)
		fprintf(stderr, "  %s\n", w->log[i % W_LOG]);
	return false;
}

/* ---- guest tables ------------------------------------------------------ */

static const u16 pdis[] = { 0, 1, 2, 3, 4, 255, 256, 511, 512, 767, 768,
			    1022, 1023 };
static const u16 ptis[] = { 0, 1, 2, 3, 7, 8, 255, 256, 511, 512, 513, 767,
			    1023 };
#define NPDIS (sizeof(pdis) / sizeof(pdis[0]))
#define NPTIS (sizeof(ptis) / sizeof(ptis[0]))

static u32 data_val(struct rnd *r)
{
	u32 v = rnd_u32(r);

	if (!(v & 0xFFC00000U))
		v |= 0x80000000U;
	return v;
}

static u32 above_ram_frame(struct world *w, struct rnd *r)
{
	switch (rnd_below(r, 4)) {
	case 0:
		return w->ram;
	case 1:
		return 0xFFFFF000U;
	default:
		return (w->ram + rnd_u32(r) % (0xFFFFF000U - w->ram)) & 0xFFFFF000U;
	}
}

static u32 pd_of(unsigned int as)
{
	return W_PD_BASE + as * 4096;
}

static u32 rand_pte(struct world *w, struct rnd *r)
{
	u32 x = rnd_u32(r) & 0xF7EU;	/* flags except P and PAT */
	u32 f;

	if (rnd_below(r, 5))
		x |= PTE_P;
	if (rnd_below(r, 10))
		f = w->data_frames[rnd_below(r, 64)];
	else
		f = above_ram_frame(w, r);
	return f | x;
}

static u32 rand_pde(struct world *w, struct rnd *r)
{
	static const u32 big[] = { 0x400000, 0x800000, 0xC00000, 0x400000,
				   0x800000, 0xC00000, W_RAM_MAX, 0xFFC00000U };
	u32 k = rnd_below(r, 20), x;

	if (k < 3)
		return rnd_u32(r) & ~PTE_P;
	x = (rnd_u32(r) & 0xF7EU) | PTE_P;
	if (k < 10) {
		u32 f = big[rnd_below(r, 8)];

		if (!rnd_below(r, 10))
			x |= rnd_u32(r) & 0x3FE000U;	/* bits 21:13 */
		return f | x | PTE_PS;
	}
	x &= ~PTE_PS;
	if (!rnd_below(r, 10))	/* a PD as page table: self-map / cross-map */
		return pd_of(rnd_below(r, w->cfg.nas)) | x;
	if (rnd_below(r, 20))
		return W_PT_BASE + rnd_below(r, w->cfg.npt) * 4096 + x;
	return above_ram_frame(w, r) | x;
}

/* Write an entry into both worlds. */
static void put(struct world *w, u32 gpa, u32 val)
{
	env_write32(&w->e, gpa, val);
	ref_write32(&w->m, gpa, val);
}

static u32 mget(struct world *w, u32 gpa)
{
	return ref_read32(&w->m, gpa);
}

static bool large(const struct world *w, u32 pde)
{
	return (w->c.cr4 & CR4_PSE) && (pde & PTE_PS);
}

/* ---- checks ------------------------------------------------------------ */

static bool check_tables(struct world *w)
{
	unsigned int bound = w->cfg.max_tables ? w->cfg.max_tables :
			     VTLB_MAX_TABLES_DEFAULT;

	if (w->e.tables_live > bound)
		return wfail(w, "%u active tables live, bound %u",
			     w->e.tables_live, bound);
	if (w->e.v.stats.tables_cur != w->e.tables_live)
		return wfail(w, "counter tables_cur %llu != tables live %u",
			     (unsigned long long)w->e.v.stats.tables_cur,
			     w->e.tables_live);
	return true;
}

static bool compare_ram(struct world *w, u32 from, u32 to)
{
	u32 a;

	if (!memcmp(w->e.ram + from, w->m.ram + from, to - from))
		return true;
	for (a = from; a < to; a += 4)
		if (env_read32(&w->e, a) != mget(w, a))
			break;
	return wfail(w, "guest RAM differs at gpa %#x: core %#x, model %#x",
		     a, env_read32(&w->e, a), mget(w, a));
}

bool world_check_all(struct world *w)
{
	w->n_flush_checks++;
	return check_tables(w) && compare_ram(w, 0, w->ram);
}

/* ---- setup ------------------------------------------------------------- */

static bool ret_ok(struct world *w, int ret, const char *what);

bool world_init(struct world *w, const struct world_cfg *cfg, struct rnd *r)
{
	unsigned int i, j, as;
	u32 salt;
	int ret;

	memset(w, 0, sizeof(*w));
	w->cfg = *cfg;
	w->ram = cfg->ram_mb ? cfg->ram_mb << 20 : W_RAM_MAX;
	if (w->ram < 2 * W_DATA_BASE || w->ram > W_RAM_MAX)
		w->ram = W_RAM_MAX;
	if (!w->cfg.nas || w->cfg.nas > W_MAX_AS)
		w->cfg.nas = 4;
	if (!w->cfg.npt || w->cfg.npt > W_NR_PT)
		w->cfg.npt = W_NR_PT;
	ret = env_init(&w->e, w->ram, cfg->levels, cfg->eager, cfg->max_tables);
	if (ret) {
		fprintf(stderr, "env_init: %d\n", ret);
		w->failed = 1;
		return false;
	}
	w->live = true;
	sim_init(&w->cpu, &w->e);
	w->cpu.keep_on_fault = cfg->strict_tlb;
	w->m.size = w->ram;
	w->m.ram = malloc(w->ram);
	if (!w->m.ram) {
		w->failed = 1;
		return false;
	}
	memset(w->m.ram, 0, W_DATA_BASE);
	/* Data: a distinct word per address (bits 31:22 never all zero). */
	salt = rnd_u32(r) | 1;
	for (i = W_DATA_BASE; i < w->ram; i += 4) {
		u32 v = (i * 2654435761U) ^ salt;

		if (!(v & 0xFFC00000U))
			v |= 0x80000000U;
		memcpy(w->m.ram + i, &v, 4);	/* little-endian host */
	}
	for (i = 0; i < 64; i++)
		w->data_frames[i] = W_DATA_BASE +
			rnd_below(r, (w->ram - W_DATA_BASE) / 4096) * 4096;
	for (as = 0; as < w->cfg.nas; as++) {
		for (i = 0; i < NPDIS; i++)
			if (rnd_below(r, 5))
				ref_write32(&w->m, pd_of(as) + pdis[i] * 4,
					    rand_pde(w, r));
		for (i = 0; i < 2; i++) {
			/* Separate statements: argument order is unspecified. */
			u32 a = pd_of(as) + rnd_below(r, 1024) * 4;

			ref_write32(&w->m, a, rand_pde(w, r));
		}
	}
	for (j = 0; j < w->cfg.npt; j++) {
		u32 pt = W_PT_BASE + j * 4096;

		for (i = 0; i < NPTIS; i++)
			if (rnd_below(r, 7))
				ref_write32(&w->m, pt + ptis[i] * 4,
					    rand_pte(w, r));
		for (i = 0; i < 3; i++) {
			u32 a = pt + rnd_below(r, 1024) * 4;

			ref_write32(&w->m, a, rand_pte(w, r));
		}
	}
	memcpy(w->e.ram, w->m.ram, w->ram);

	w->c.cr4 = rnd_below(r, 10) ? CR4_PSE : 0;
	w->c.cr3 = pd_of(0);
	w->c.cr0 = CR0_PE | CR0_ET | CR0_PG | (rnd_below(r, 2) ? CR0_WP : 0);
	w->c.cpl = 0;
	wlog(w, "init");
	if (!ret_ok(w, vtlb_write_cr4(&w->e.v, w->c.cr4), "vtlb_write_cr4") ||
	    !ret_ok(w, vtlb_write_cr3(&w->e.v, w->c.cr3), "vtlb_write_cr3") ||
	    !ret_ok(w, vtlb_write_cr0(&w->e.v, w->c.cr0), "vtlb_write_cr0"))
		return false;
	vtlb_set_cpl(&w->e.v, 0);
	return check_tables(w);
}

unsigned int world_destroy(struct world *w)
{
	unsigned int leaks = 0;

	if (w->live) {
		leaks = env_destroy(&w->e);
		w->live = false;
		if (leaks)
			wfail(w, "env_destroy: %u active tables leaked", leaks);
	}
	free(w->m.ram);
	w->m.ram = NULL;
	return leaks;
}

/* ---- operations -------------------------------------------------------- */

static u32 pick_va(struct world *w, struct rnd *r)
{
	u32 pdi, pti;

	if (!(w->c.cr0 & CR0_PG)) {
		if (rnd_below(r, 5))
			return (W_DATA_BASE + rnd_u32(r) % (w->ram - W_DATA_BASE)) & ~3U;
		return rnd_u32(r) & ~3U;
	}
	pdi = rnd_below(r, 20) ? pdis[rnd_below(r, NPDIS)] : rnd_below(r, 1024);
	pti = rnd_below(r, 20) ? ptis[rnd_below(r, NPTIS)] : rnd_below(r, 1024);
	return pdi << 22 | pti << 12 | rnd_below(r, 1024) << 2;
}

/* May a write to @va be generated without breaking determinism? */
static bool may_write(struct world *w, u32 va)
{
	if (!(w->c.cr0 & CR0_PG))
		return va >= W_DATA_BASE;
	return w->c.cr4 & CR4_PSE;
}

static const char *ref_name(enum ref_kind k)
{
	return k == REF_OK ? "ok" : k == REF_PF ? "#PF" : "#MC";
}

/* After a successful access, the A/D updates must be in guest memory. */
static bool check_updates(struct world *w, const struct ref_result *rr)
{
	unsigned int i;

	for (i = 0; i < rr->nupd; i++) {
		u32 a = rr->upd[i].gpa;

		if (env_read32(&w->e, a) != mget(w, a))
			return wfail(w, "A/D: entry at gpa %#x is %#x, model %#x",
				     a, env_read32(&w->e, a), mget(w, a));
	}
	return true;
}

static void note_outcome(struct world *w, enum ref_kind k)
{
	if (k == REF_OK)
		w->n_ok++;
	else if (k == REF_PF)
		w->n_pf++;
	else
		w->n_mce++;
}

/* Half of the accesses go to a recently used address: TLB hits. */
static u32 pick_access_va(struct world *w, struct rnd *r)
{
	u32 va;

	if (rnd_below(r, 2))
		return w->recent[rnd_below(r, W_RECENT)];
	va = pick_va(w, r);
	w->recent[w->recent_pos++ % W_RECENT] = va;
	return va;
}

static bool op_access(struct world *w, struct rnd *r)
{
	u32 va = pick_access_va(w, r);
	bool write = may_write(w, va) && rnd_below(r, 2);
	u32 val = write ? data_val(r) : 0;
	struct ref_result rr;
	struct sim_out so;

	ref_walk(&w->c, &w->m, va, write, &rr);
	if (write && rr.kind == REF_OK && rr.gpa < W_DATA_BASE) {
		/* Through a self-map: data must not change page tables. */
		write = false;
		val = 0;
		ref_walk(&w->c, &w->m, va, write, &rr);
	}
	sim_access(&w->cpu, va, write, &val, &so);
	wlog(w, "%s va %08x: model %s err %x gpa %llx; core %s err %x hpa %llx",
	     write ? "write" : "read", va, ref_name(rr.kind), rr.error,
	     (unsigned long long)rr.gpa, sim_kind_name(so.kind), so.error,
	     (unsigned long long)so.hpa);
	if (so.kind == SIM_NOMEM && w->cfg.allow_nomem) {
		/* The VM would stop here; resynchronise the tables. */
		w->n_nomem++;
		memcpy(w->m.ram, w->e.ram, W_DATA_BASE);
		return true;
	}
	if (so.kind == SIM_BAD || so.kind == SIM_LOOP || so.kind == SIM_NOMEM)
		return wfail(w, "simulated CPU: %s (%s)", sim_kind_name(so.kind),
			     so.why ? so.why : "");
	note_outcome(w, rr.kind);
	switch (rr.kind) {
	case REF_OK:
		if (so.kind != SIM_OK)
			return wfail(w, "outcome differs");
		if (so.hpa != ENV_RAM_HPA + rr.gpa)
			return wfail(w, "wrong frame: hpa %#llx, model gpa %#llx",
				     (unsigned long long)so.hpa,
				     (unsigned long long)rr.gpa);
		/*
		 * The walk's A/D updates come before the data access (a read
		 * through a self-map sees the A bit its own walk just set).
		 */
		ref_commit(&w->m, &rr);
		if (write)
			ref_write32(&w->m, rr.gpa, val);
		else if (val != mget(w, rr.gpa))
			return wfail(w, "read %#x, model memory has %#x", val,
				     mget(w, rr.gpa));
		return check_updates(w, &rr);
	case REF_PF:
		if (so.kind != SIM_PF || so.error != rr.error || so.cr2 != va)
			return wfail(w, "outcome differs");
		return true;
	default:
		if (so.kind != SIM_MCE)
			return wfail(w, "outcome differs");
		return true;
	}
}

/* The virtual CPU's own accesses: vtlb_translate, CPL-independent U. */
static bool op_translate(struct world *w, struct rnd *r)
{
	u32 va = pick_va(w, r);
	bool user = rnd_below(r, 2);
	bool write = may_write(w, va) && rnd_below(r, 2);
	struct ref_cpu c = w->c;
	struct ref_result rr;
	enum vtlb_pf_result pr;
	u64 gpa = 0;
	u32 err = 0;

	c.cpl = user ? 3 : 0;
	ref_walk(&c, &w->m, va, write, &rr);
	pr = vtlb_translate(&w->e.v, va, (write ? VTLB_ACC_WRITE : 0) |
			    (user ? VTLB_ACC_USER : 0), &gpa, &err);
	wlog(w, "translate %s%s va %08x: model %s err %x gpa %llx; core %d err %x gpa %llx",
	     user ? "user " : "sup ", write ? "write" : "read", va,
	     ref_name(rr.kind), rr.error, (unsigned long long)rr.gpa, pr, err,
	     (unsigned long long)gpa);
	if (pr == VTLB_PF_NOMEM && w->cfg.allow_nomem) {
		w->n_nomem++;
		memcpy(w->m.ram, w->e.ram, W_DATA_BASE);
		return true;
	}
	note_outcome(w, rr.kind);
	switch (rr.kind) {
	case REF_OK:
		if (pr != VTLB_PF_RETRY || gpa != rr.gpa)
			return wfail(w, "translate differs");
		ref_commit(&w->m, &rr);
		return check_updates(w, &rr);
	case REF_PF:
		if (pr != VTLB_PF_GUEST || err != rr.error)
			return wfail(w, "translate differs");
		return true;
	default:
		if (pr != VTLB_PF_MCE)
			return wfail(w, "translate differs");
		return true;
	}
}

static bool ret_ok(struct world *w, int ret, const char *what)
{
	if (!ret)
		return true;
	if ((ret == -ENOSPC || ret == -ENOMEM) && w->cfg.allow_nomem) {
		w->n_nomem++;
		return true;
	}
	return wfail(w, "%s returned %d", what, ret);
}

static bool invlpg(struct world *w, u32 va)
{
	return ret_ok(w, vtlb_invlpg(&w->e.v, va), "vtlb_invlpg");
}

static bool mov_cr3(struct world *w, u32 cr3)
{
	w->c.cr3 = cr3;
	return ret_ok(w, vtlb_write_cr3(&w->e.v, cr3), "vtlb_write_cr3");
}

/*
 * Write @new to the paging-structure word at @gpa and invalidate what SDM
 * 4.10.4.2 requires, from the state before the write. The word may play
 * two roles for the current address space: a PTE, for every present
 * non-4M PDE of the current PD that names its frame (page tables shared
 * between PDEs, and a PD used as a page table -- a self-map); and a PDE,
 * if its frame is the current PD. A role whose old entry was not present
 * needs nothing (Intel caches no not-present entries).
 */
static bool change_entry(struct world *w, struct rnd *r, u32 gpa, u32 new,
			 const char *what)
{
	u32 old = mget(w, gpa), pd = w->c.cr3 & 0xFFFFF000U;
	u32 frame = gpa & 0xFFFFF000U, idx = (gpa >> 2) & 1023, i, n = 0;
	u32 inv[1025];
	bool reload = false, ok = true, pd_in_ram = (u64)pd + 4096 <= w->ram;

	if (pd_in_ram && (old & PTE_P)) {
		/* PTE role. */
		for (i = 0; i < 1024; i++) {
			u32 pde = mget(w, pd + i * 4);

			if ((pde & PTE_P) && !large(w, pde) &&
			    (pde & 0xFFFFF000U) == frame)
				inv[n++] = i << 22 | idx << 12 | rnd_below(r, 4096);
		}
		/* PDE role. */
		if (frame == pd) {
			if (large(w, old)) {
				inv[n++] = idx << 22 | rnd_u32(r) % GUEST_LPAGE_SIZE;
			} else if (rnd_below(r, 2) || n > 1) {
				reload = true;
			} else {
				/* INVLPG each page the old PT maps, at least once. */
				u32 pt = old & 0xFFFFF000U, m = 0;

				for (i = 0; i < 1024 && (u64)pt + 4096 <= w->ram; i++)
					if (mget(w, pt + i * 4) & PTE_P)
						m++;
				if (m + n > 1024) {
					reload = true;
				} else {
					for (i = 0; i < 1024 && (u64)pt + 4096 <= w->ram; i++)
						if (mget(w, pt + i * 4) & PTE_P)
							inv[n++] = idx << 22 | i << 12;
					if (!m)
						inv[n++] = idx << 22 | rnd_below(r, 1024) << 12;
				}
			}
		}
		if (n && !rnd_below(r, 8))
			reload = true;
	}
	put(w, gpa, new);
	wlog(w, "%s at %x %08x -> %08x: %s (%u INVLPG)", what, gpa, old, new,
	     reload ? "MOV CR3" : n ? "INVLPG" : "no flush", reload ? 0 : n);
	if (reload)
		return mov_cr3(w, w->c.cr3);
	for (i = 0; i < n && ok; i++)
		ok = invlpg(w, inv[i]);
	return ok;
}

/* Change a PTE of a page table, preferably one the current PD uses. */
static bool op_pte(struct world *w, struct rnd *r)
{
	u32 pt, idx, pd = w->c.cr3 & 0xFFFFF000U;

	pt = W_PT_BASE + rnd_below(r, w->cfg.npt) * 4096;
	if ((u64)pd + 4096 <= w->ram && rnd_below(r, 4)) {
		u32 pde = mget(w, pd + pdis[rnd_below(r, NPDIS)] * 4);

		if ((pde & 0xFFFFF000U) >= W_PT_BASE &&
		    (pde & 0xFFFFF000U) < W_PT_BASE + w->cfg.npt * 4096)
			pt = pde & 0xFFFFF000U;
	}
	idx = rnd_below(r, 10) ? ptis[rnd_below(r, NPTIS)] : rnd_below(r, 1024);
	return change_entry(w, r, pt + idx * 4, rand_pte(w, r), "PTE");
}

/* Change a PDE of some address space (mostly the current one). */
static bool op_pde(struct world *w, struct rnd *r)
{
	unsigned int as = rnd_below(r, 3) ? w->cur : rnd_below(r, w->cfg.nas);
	u32 idx;

	if (as >= w->cfg.nas)		/* CR3 is outside RAM */
		as = rnd_below(r, w->cfg.nas);
	idx = rnd_below(r, 10) ? pdis[rnd_below(r, NPDIS)] : rnd_below(r, 1024);
	return change_entry(w, r, pd_of(as) + idx * 4, rand_pde(w, r), "PDE");
}

static bool op_cr3(struct world *w, struct rnd *r)
{
	if (!rnd_below(r, 16)) {
		/* A page directory outside RAM: every access is #MC. */
		w->cur = W_MAX_AS;
		wlog(w, "MOV CR3 outside RAM");
		return mov_cr3(w, above_ram_frame(w, r));
	}
	w->cur = rnd_below(r, w->cfg.nas);
	wlog(w, "MOV CR3 as%u", w->cur);
	return mov_cr3(w, pd_of(w->cur) | (rnd_u32(r) & (VTLB_BIT(3) | VTLB_BIT(4))));
}

static bool op_cr0(struct world *w, u32 bit)
{
	w->c.cr0 ^= bit;
	wlog(w, "MOV CR0 %08x", w->c.cr0);
	return ret_ok(w, vtlb_write_cr0(&w->e.v, w->c.cr0), "vtlb_write_cr0");
}

static bool op_cr4(struct world *w)
{
	w->c.cr4 ^= CR4_PSE;
	wlog(w, "MOV CR4 %08x", w->c.cr4);
	return ret_ok(w, vtlb_write_cr4(&w->e.v, w->c.cr4), "vtlb_write_cr4");
}

bool world_step(struct world *w, struct rnd *r)
{
	u32 k = rnd_below(r, 200);
	bool ok;

	if (w->failed)
		return false;
	w->ops++;
	if (k < 110) {
		ok = op_access(w, r);
	} else if (k < 120) {
		ok = op_translate(w, r);
	} else if (k < 130) {
		w->c.cpl = w->c.cpl ? 0 : 3;
		wlog(w, "CPL -> %u", w->c.cpl);
		vtlb_set_cpl(&w->e.v, w->c.cpl);
		ok = true;
	} else if (k < 150) {
		ok = op_pte(w, r);
	} else if (k < 166) {
		ok = op_pde(w, r);
	} else if (k < 174) {
		ok = op_cr3(w, r);
	} else if (k < 184) {
		ok = op_cr0(w, CR0_WP);
	} else if (k < 186) {
		ok = op_cr4(w);
	} else if (k < 188) {
		ok = op_cr0(w, CR0_PG);
	} else {
		u32 va = pick_va(w, r);

		wlog(w, "INVLPG %08x (nothing changed)", va);
		ok = invlpg(w, va);
	}
	if (ok)
		ok = check_tables(w);
	if (ok && !(w->ops & 1023))
		ok = compare_ram(w, 0, W_DATA_BASE);
	return ok;
}
