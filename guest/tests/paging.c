// SPDX-License-Identifier: GPL-2.0
/*
 * paging: 4 KiB pages. Turning paging on (and off and on again), A and D
 * set by accesses and set again after the guest clears them (with INVLPG),
 * read-then-write of a clean page, remapping with INVLPG and with a CR3
 * reload, not-present -> present without a flush (PTE and PDE), weakening
 * with invalidation, global pages with CR4.PGE, PWT/PCD accepted.
 * Patent: Fig 6, 7A (704-712, 732-738), 7C (826-830, 832-852), 8 (884-900).
 */
#include "guest.h"

#define VA 0x80000000u
#define VA2 0x80c00000u	/* a 4 MiB region with no page table yet */

static u32 pd;

static u32 fresh_frame(u32 tag)
{
	u32 pa = frame_alloc(), i;

	for (i = 0; i < PAGE_SIZE / 4; i++)
		((u32 *)pa)[i] = tag ^ i;
	return pa;
}


static void show(const char *what, u32 va)
{
	printf("  %-34s PDE %s PTE %s\n", what, pgflags(*pde_ptr(pd, va)),
	       pgflags(*pte_ptr(pd, va)));
}

int main(void);
int main(void)
{
	u32 a, b, c, *pte, *pde, v, e;
	int f;

	kspace_init(0);
	pd = kspace_pd();
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	printf("paging on: CR0 %08x CR3 = page directory %s\n", read_cr0(),
	       read_cr3() == pd ? "as loaded" : "WRONG");
	CHECK(read_cr3() == pd, "CR3 readback");

	/* A and D on a clean page: read, then write. */
	a = fresh_frame(0xaaaa0000);
	b = fresh_frame(0xbbbb0000);
	c = fresh_frame(0xcccc0000);
	map4k(pd, VA, a, PG_P | PG_RW);
	pte = pte_ptr(pd, VA);
	pde = pde_ptr(pd, VA);
	*pde &= ~PG_A;
	show("mapped, not yet used", VA);
	CHECK(!(*pte & (PG_A | PG_D)), "fresh PTE has A/D");
	v = peek(VA + 8);
	show("after a read", VA);
	CHECK(v == (0xaaaa0000 ^ 2), "read %x", v);
	CHECK((*pte & (PG_A | PG_D)) == PG_A, "read: PTE %x", *pte);
	CHECK(*pde & PG_A, "read: PDE A");
	poke(VA + 8, 0x11111111);
	show("after a write", VA);
	CHECK((*pte & (PG_A | PG_D)) == (PG_A | PG_D), "write: PTE %x", *pte);
	CHECK(peek(a + 8) == 0x11111111, "write reached the frame");

	/* Clear A and D, invalidate: both are set again by the next accesses. */
	*pte &= ~(PG_A | PG_D);
	*pde &= ~PG_A;
	invlpg(VA);
	show("guest cleared A, D; INVLPG", VA);
	v = peek(VA);
	show("read again", VA);
	CHECK((*pte & (PG_A | PG_D)) == PG_A && (*pde & PG_A), "A again: %x", *pte);
	poke(VA + 4, 0x22222222);
	show("write again", VA);
	CHECK(*pte & PG_D, "D again: %x", *pte);
	/* Clear only D: a read does not set it, a write does. */
	*pte &= ~PG_D;
	invlpg(VA);
	v = peek(VA);
	CHECK(!(*pte & PG_D), "read set D");
	poke(VA, 0x33333333);
	show("D cleared, read, write", VA);
	CHECK(*pte & PG_D, "D third time");

	/* Remap to another frame: INVLPG. */
	*pte = b | PG_P | PG_RW;
	invlpg(VA);
	v = peek(VA + 12);
	printf("  remapped to frame B, INVLPG: read %08x\n", v);
	CHECK(v == (0xbbbb0000 ^ 3), "INVLPG remap %x", v);
	/* Remap again: reload CR3 instead. */
	*pte = c | PG_P | PG_RW;
	write_cr3(read_cr3());
	v = peek(VA + 12);
	printf("  remapped to frame C, CR3 reload: read %08x\n", v);
	CHECK(v == (0xcccc0000 ^ 3), "CR3 remap %x", v);

	/* Weaken (read-only) and invalidate: a supervisor write faults (WP=1). */
	*pte &= ~PG_RW;
	invlpg(VA);
	f = kprobe_write(VA, 1);
	printf("  made read-only, INVLPG, write: %s err %x cr2 %08x\n",
	       f ? "#PF" : "no fault", last_fault.err, last_fault.cr2);
	CHECK(f && last_fault.err == 3 && last_fault.cr2 == VA, "RO write");
	/* WP=0: the supervisor may write read-only pages. */
	write_cr0(read_cr0() & ~CR0_WP);
	f = kprobe_write(VA, 0x44444444);
	printf("  CR0.WP=0, write: %s, frame C word 0 %08x\n", f ? "#PF" : "no fault",
	       peek(c));
	CHECK(!f && peek(c) == 0x44444444, "WP=0 write");
	/*
	 * WP=1 again, no INVLPG: the TLB keeps R/W=0 and applies WP at each
	 * access, so the write faults (vtlb: Fig 9 drops the supervisor
	 * hierarchy, which had the page writable).
	 */
	write_cr0(read_cr0() | CR0_WP);
	f = kprobe_write(VA, 0x55555555);
	printf("  CR0.WP=1 again, no INVLPG, write: %s err %x cr2 %08x\n",
	       f ? "#PF" : "no fault", last_fault.err, last_fault.cr2);
	CHECK(f && last_fault.err == 3 && last_fault.cr2 == VA &&
	      peek(c) == 0x44444444, "WP 0->1 write");

	/* Not present: fault; then present without any flush. */
	*pte = 0;
	invlpg(VA);
	f = kprobe_read(VA + 0x10, &v);
	printf("  unmapped, INVLPG, read: %s err %x cr2 %08x\n", f ? "#PF" : "no fault",
	       last_fault.err, last_fault.cr2);
	CHECK(f && last_fault.err == 0 && last_fault.cr2 == VA + 0x10, "NP read");
	f = kprobe_write(VA + 0x14, 5);
	CHECK(f && last_fault.err == 2 && last_fault.cr2 == VA + 0x14, "NP write %x", last_fault.err);
	*pte = a | PG_P | PG_RW;	/* no INVLPG: not-present is never cached */
	f = kprobe_read(VA + 8, &v);
	printf("  made present without a flush, read: %s %08x\n", f ? "#PF" : "ok", v);
	CHECK(!f && v == 0x11111111, "NP->P read %x", v);

	/* A whole page table appears (PDE not present -> present), no flush. */
	f = kprobe_read(VA2, &v);
	printf("  no page table at %08x, read: %s err %x\n", VA2, f ? "#PF" : "no fault",
	       last_fault.err);
	CHECK(f && last_fault.err == 0 && last_fault.cr2 == VA2, "NP PDE");
	map4k(pd, VA2, b, PG_P);
	f = kprobe_read(VA2 + 4, &v);
	printf("  page table added without a flush, read: %s %08x\n", f ? "#PF" : "ok", v);
	CHECK(!f && v == (0xbbbb0000 ^ 1), "NP PDE -> P %x", v);

	/* Paging off and on again (identity-mapped code keeps running). */
	write_cr0(read_cr0() & ~CR0_PG);
	v = peek(b + 4);
	write_cr0(read_cr0() | CR0_PG);
	printf("  paging off and on: physical read %08x, virtual read %08x\n", v, peek(VA2 + 4));
	CHECK(v == peek(VA2 + 4), "paging toggle");

	/* Global page (CR4.PGE, G) and PWT/PCD are accepted. */
	write_cr4(read_cr4() | CR4_PGE);
	*pte = a | PG_P | PG_RW | PG_G | PG_PWT | PG_PCD;
	invlpg(VA);
	v = peek(VA + 8);
	*pte = c | PG_P | PG_RW | PG_G;
	invlpg(VA);
	e = peek(VA);
	printf("  global page: read %08x, remapped + INVLPG: %08x\n", v, e);
	CHECK(v == 0x11111111 && e == 0x44444444, "global %x %x", v, e);
	write_cr4(read_cr4() & ~CR4_PGE);
	printf("  CR4 %08x\n", read_cr4());
	test_done("paging");
}
