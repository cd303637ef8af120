// SPDX-License-Identifier: GPL-2.0
/*
 * pse: 4 MiB pages (CR4.PSE) next to 4 KiB pages. The kernel's own memory
 * mapped with 4 MiB pages; A and D in a 4 MiB PDE, set again after being
 * cleared; INVLPG of a 4 MiB page after remapping; a 4 MiB PDE replaced by
 * a page table (CR3 reload) and back (INVLPG); a 4 MiB PDE cleared and
 * invalidated after another page; a not-present 4 MiB PDE made present
 * without a flush; the user bit of a 4 MiB page.
 * Patent: Fig 7A/7B (714-722, 740-764, 802-812), 8 (886-888, 900), 10.
 */
#include "guest.h"

#define VA 0xa0000000u


int main(void);
int main(void)
{
	u32 pd, *pde, v, i, w;
	int f;

	kspace_init(1);		/* [4 MiB, 32 MiB) through 4 MiB pages */
	pd = kspace_pd();
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	printf("CR4 %08x (PSE), kernel PDE for 8 MiB: %s\n", read_cr4(),
	       pgflags(*pde_ptr(pd, 0x800000)));
	CHECK(*pde_ptr(pd, 0x800000) & PG_PS, "kernel 4 MiB page");
	/* Fill the three 4 MiB test pages through the kernel's own big pages. */
	for (i = 0; i < 3; i++)
		for (w = 0; w < BIG_PAGE / 4; w += 1024)
			((u32 *)(TEST_PHYS + i * BIG_PAGE))[w] = 0x40000000 * i + w;

	map4m(pd, VA, TEST_PHYS, PG_P | PG_RW);
	pde = pde_ptr(pd, VA);
	printf("  4 MiB page at %08x -> %08x: PDE %s\n", VA, TEST_PHYS, pgflags(*pde));
	v = peek(VA + 0x200000);
	printf("  read at +2 MiB: %08x, PDE %s\n", v, pgflags(*pde));
	CHECK(v == 0x80000 && (*pde & (PG_A | PG_D)) == PG_A, "read %x %x", v, *pde);
	poke(VA + 0x3ff000, 0x0badcafe);
	printf("  write at +4092 KiB: PDE %s, memory %08x\n", pgflags(*pde),
	       peek(TEST_PHYS + 0x3ff000));
	CHECK((*pde & (PG_A | PG_D)) == (PG_A | PG_D), "write D %x", *pde);
	CHECK(peek(TEST_PHYS + 0x3ff000) == 0x0badcafe, "write through the 4 MiB page");
	*pde &= ~(PG_A | PG_D);
	invlpg(VA + 0x1000);	/* any address in the page invalidates it */
	v = peek(VA);
	printf("  A, D cleared + INVLPG, read: PDE %s\n", pgflags(*pde));
	CHECK((*pde & (PG_A | PG_D)) == PG_A, "A again %x", *pde);
	poke(VA + 4, 1);
	printf("  write: PDE %s\n", pgflags(*pde));
	CHECK(*pde & PG_D, "D again");

	/* Remap the 4 MiB page, INVLPG. */
	map4m(pd, VA, TEST_PHYS + BIG_PAGE, PG_P | PG_RW);
	invlpg(VA + 0x3ff000);
	v = peek(VA + 0x1000);
	printf("  remapped to %08x + INVLPG: read %08x\n", TEST_PHYS + BIG_PAGE, v);
	CHECK(v == 0x40000000 + 1024, "remap %x", v);

	/* Read-only 4 MiB page, WP=1: supervisor write faults. */
	*pde &= ~PG_RW;
	invlpg(VA);
	f = kprobe_write(VA + 0x5000, 3);
	printf("  read-only 4 MiB page, write: %s err %x cr2 %08x\n", f ? "#PF" : "no fault",
	       last_fault.err, last_fault.cr2);
	CHECK(f && last_fault.err == 3 && last_fault.cr2 == VA + 0x5000, "RO big");

	/* Replace the 4 MiB page by a page table of 4 KiB pages: CR3 reload. */
	*pde = 0;
	for (i = 0; i < 1024; i++)
		map4k(pd, VA + i * PAGE_SIZE, TEST_PHYS + 2 * BIG_PAGE + i * PAGE_SIZE,
		      PG_P | PG_RW);
	write_cr3(pd);
	v = peek(VA + 0x1000);
	printf("  now a page table of 4 KiB pages (CR3 reload): read %08x\n", v);
	CHECK(v == 0x80000000 + 1024, "4K over 4M %x", v);
	/* And back to a 4 MiB page: INVLPG of every 4 KiB page used. */
	map4m(pd, VA, TEST_PHYS, PG_P | PG_RW);
	invlpg(VA + 0x1000);
	v = peek(VA + 0x1000);
	printf("  back to a 4 MiB page (INVLPG): read %08x\n", v);
	CHECK(v == 1024, "4M over 4K %x", v);

	/*
	 * Not present, and an unrelated page invalidated before the 4 MiB
	 * page itself (through its first 4 KiB): the whole page is gone.
	 */
	v = peek(VA + 0x201000);
	*pde = 0;
	invlpg(VA + BIG_PAGE);
	invlpg(VA);
	f = kprobe_read(VA + 0x201000, &v);
	printf("  cleared, INVLPG elsewhere, INVLPG of its start, read at +2 MiB: %s err %x\n",
	       f ? "#PF" : "no fault", last_fault.err);
	CHECK(f && last_fault.err == 0 && last_fault.cr2 == VA + 0x201000, "NP big half");

	/* Not present -> present, no flush. */
	*pde = 0;
	invlpg(VA);
	f = kprobe_read(VA + 0x2000, &v);
	CHECK(f && last_fault.err == 0 && last_fault.cr2 == VA + 0x2000, "NP big");
	map4m(pd, VA, TEST_PHYS + BIG_PAGE, PG_P | PG_RW);
	f = kprobe_read(VA + 0x2000, &v);
	printf("  4 MiB PDE not present: #PF; made present without a flush: %08x\n", v);
	CHECK(!f && v == 0x40000000 + 2048, "NP->P big %x", v);

	/* A user 4 MiB page, read from CPL 3. */
	map4m(pd, VA, TEST_PHYS, PG_P | PG_US);
	invlpg(VA);
	f = run_user(u_probe, VA + 0x1000, 0, &v);
	printf("  user read of a user 4 MiB page: %s %08x, PDE %s\n",
	       f == RUN_USER_OK ? "ok" : "fault", v, pgflags(*pde));
	CHECK(f == RUN_USER_OK && v == 1024, "user big read");
	f = run_user(u_probe, VA + 0x1000, 1, &v);
	printf("  user write: %s err %x\n", f == RUN_USER_OK ? "ok" : "#PF", last_fault.err);
	CHECK(f == VEC_PF && last_fault.err == 7, "user big write");
	test_done("pse");
}
