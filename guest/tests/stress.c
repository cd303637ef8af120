// SPDX-License-Identifier: GPL-2.0
/*
 * stress: a page-table stress. 64 virtual pages (one page table) and a
 * 4 MiB region that switches between a 4 MiB page and a page table, over a
 * pool of frames. Pseudo-random mutations (map, remap, unmap, R/W and U/S
 * changes, A/D cleared, PDE swapped), each followed by the invalidation the
 * architecture requires (INVLPG, or a batch of changes then a CR3 reload),
 * or by none when none is required (not present -> present). Every page
 * read is checked byte for byte against a model; faults must be exactly
 * the ones the model predicts, with their error codes; A and D must be set
 * by the accesses that set them.
 * Patent: Fig 6, 7A-7D (all blocks reachable without bad addresses), 8,
 * 9 (WP toggles), 10 (eager refill of every entry), the CR3 paragraph.
 */
#include "guest.h"

#define VA 0x50000000u
#define NPAGES 64
#define NFRAMES 24
#define BIGVA 0x54000000u
#define OPS 3000

static u32 pool[NFRAMES];
static u32 shadow[NFRAMES][PAGE_SIZE / 4];
static int vmap[NPAGES];	/* frame index or -1 */
static u32 vflags[NPAGES];	/* PG_RW | PG_US of the mapping */
static int stale[NPAGES];	/* changed, invalidation pending (batched) */
static u32 pd, seed = 20001, hash, cnt[12];
static int big_is_4m;

static void set_pte(int p)
{
	u32 *pte = pte_ptr(pd, VA + p * PAGE_SIZE);

	*pte = vmap[p] < 0 ? 0 : pool[vmap[p]] | PG_P | vflags[p];
}

static void invalidate(int p, int batch)
{
	if (batch) {
		stale[p] = 1;
		return;
	}
	invlpg(VA + p * PAGE_SIZE);
}

static void flush_batch(void)
{
	int p, any = 0;

	for (p = 0; p < NPAGES; p++) {
		any |= stale[p];
		stale[p] = 0;
	}
	if (any) {
		write_cr3(pd);
		cnt[11]++;
	}
}

static void check_page(int p)
{
	u32 va = VA + p * PAGE_SIZE, i, v, *pte = pte_ptr(pd, va);
	int f;

	if (vmap[p] < 0) {
		f = kprobe_read(va + (lcg(&seed) % 1024) * 4, &v);
		CHECK(f && last_fault.err == 0, "page %d unmapped but readable (%x)", p, v);
		return;
	}
	*pte &= ~(PG_A | PG_D);
	invlpg(va);
	for (i = 0; i < PAGE_SIZE; i++) {
		u8 b = *(volatile u8 *)(va + i);

		if (b != ((u8 *)shadow[vmap[p]])[i]) {
			CHECK(0, "page %d frame %d byte %u: %02x, want %02x", p, vmap[p], i, b,
			      ((u8 *)shadow[vmap[p]])[i]);
			break;
		}
		hash = hash * 31 + b;
	}
	barrier();
	CHECK((*pte & (PG_A | PG_D)) == PG_A, "page %d A/D after reading: %x", p, *pte);
}

static void write_word(int p, int wp)
{
	u32 off = (lcg(&seed) % 1024) * 4, v = lcg(&seed), va = VA + p * PAGE_SIZE + off;
	int f = kprobe_write(va, v);
	int ok = vmap[p] >= 0 && (!wp || (vflags[p] & PG_RW));

	if (ok) {
		CHECK(!f, "page %d write faulted: err %x", p, last_fault.err);
		shadow[vmap[p]][off / 4] = v;
		CHECK(*pte_ptr(pd, va) & PG_D, "page %d: D not set by a write", p);
	} else {
		CHECK(f && last_fault.cr2 == va, "page %d write did not fault", p);
		CHECK(last_fault.err == (vmap[p] < 0 ? 2u : 3u), "page %d err %x", p,
		      last_fault.err);
		/* a write that faulted changed nothing */
		if (vmap[p] >= 0)
			CHECK(((u32 *)pool[vmap[p]])[off / 4] == shadow[vmap[p]][off / 4],
			      "faulting write reached memory");
	}
}

static void big_toggle(void)
{
	u32 *pde = pde_ptr(pd, BIGVA), i, v, w;

	if (big_is_4m) {
		/* 4 MiB page -> page table mapping every 4 KiB page in reverse */
		*pde = 0;
		for (i = 0; i < 1024; i++)
			map4k(pd, BIGVA + i * PAGE_SIZE, TEST_PHYS + (1023 - i) * PAGE_SIZE,
			      PG_P | PG_RW);
		write_cr3(pd);	/* the whole 4 MiB range changed */
	} else {
		u32 pt = *pde & ~0xfffu;

		map4m(pd, BIGVA, TEST_PHYS, PG_P | PG_RW);
		for (i = 0; i < 1024; i++)
			invlpg(BIGVA + i * PAGE_SIZE);
		frame_free(pt);
	}
	big_is_4m = !big_is_4m;
	for (i = 0; i < 8; i++) {
		u32 page = lcg(&seed) % 1024, phys_page = big_is_4m ? page : 1023 - page;

		w = lcg(&seed) % 1024;
		v = peek(BIGVA + page * PAGE_SIZE + w * 4);
		CHECK(v == (phys_page << 16 | w), "big region page %u word %u: %x", page, w, v);
		hash = hash * 31 + v;
	}
}

int main(void);
int main(void)
{
	u32 i, op, wp = 1;
	int p, f, batch;

	kspace_init(1);
	pd = kspace_pd();
	for (i = 0; i < NFRAMES; i++) {
		pool[i] = frame_alloc();
		for (op = 0; op < PAGE_SIZE / 4; op++)
			shadow[i][op] = ((u32 *)pool[i])[op] = (i << 24) ^ (op * 0x9e3779b9u);
	}
	for (i = 0; i < 1024; i++)
		for (op = 0; op < 1024; op++)
			((u32 *)(TEST_PHYS + i * PAGE_SIZE))[op] = i << 16 | op;
	for (p = 0; p < NPAGES; p++) {
		vmap[p] = -1;
		map4k(pd, VA + p * PAGE_SIZE, 0, 0);
	}
	map4m(pd, BIGVA, TEST_PHYS, PG_P | PG_RW);
	big_is_4m = 1;
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	printf("stress: %d pages over %d frames, %d operations\n", NPAGES, NFRAMES, OPS);
	for (op = 0; op < OPS; op++) {
		u32 k = lcg(&seed) % 100;

		p = (int)(lcg(&seed) % NPAGES);
		batch = (lcg(&seed) % 4) == 0;
		if (k < 25) {			/* map or remap */
			int was = vmap[p];

			vmap[p] = (int)(lcg(&seed) % NFRAMES);
			vflags[p] = (lcg(&seed) & 1 ? PG_RW : 0) | (lcg(&seed) & 1 ? PG_US : 0);
			set_pte(p);
			if (was >= 0)
				invalidate(p, batch);
			cnt[0]++;
		} else if (k < 35) {		/* unmap */
			if (vmap[p] >= 0) {
				vmap[p] = -1;
				set_pte(p);
				invalidate(p, batch);
			}
			cnt[1]++;
		} else if (k < 45) {		/* permission change */
			if (vmap[p] >= 0) {
				vflags[p] ^= (lcg(&seed) & 1) ? PG_RW : PG_US;
				set_pte(p);
				invalidate(p, batch);
			}
			cnt[2]++;
		} else if (k < 70) {		/* read a whole page */
			flush_batch();
			check_page(p);
			cnt[3]++;
		} else if (k < 88) {		/* write a word */
			flush_batch();
			write_word(p, (int)wp);
			cnt[4]++;
		} else if (k < 93) {		/* user-mode read */
			u32 v, w = (lcg(&seed) % 1024) * 4;
			int ok = vmap[p] >= 0 && (vflags[p] & PG_US);

			flush_batch();
			f = run_user(u_probe, VA + p * PAGE_SIZE + w, 0, &v);
			if (ok)
				CHECK(f == RUN_USER_OK && v == shadow[vmap[p]][w / 4],
				      "user read page %d: %d %x", p, f, v);
			else
				CHECK(f == VEC_PF && last_fault.err == (vmap[p] < 0 ? 4u : 5u),
				      "user read page %d: %d err %x", p, f, last_fault.err);
			cnt[5]++;
		} else if (k < 96) {		/* CR0.WP toggle */
			wp = !wp;
			write_cr0(wp ? read_cr0() | CR0_WP : read_cr0() & ~CR0_WP);
			cnt[6]++;
		} else if (k < 98) {		/* 4 MiB page <-> page table */
			flush_batch();
			big_toggle();
			cnt[7]++;
		} else {			/* full flush */
			flush_batch();
			write_cr3(pd);
			cnt[8]++;
		}
		if ((op + 1) % 500 == 0)
			printf("  after %4u operations: hash %08x\n", op + 1, hash);
	}
	printf("maps %u unmaps %u perms %u page reads %u writes %u user reads %u\n",
	       cnt[0], cnt[1], cnt[2], cnt[3], cnt[4], cnt[5]);
	printf("WP toggles %u 4M/4K swaps %u CR3 reloads %u (batched %u)\n", cnt[6], cnt[7],
	       cnt[8], cnt[11]);
	test_done("stress");
}
