// SPDX-License-Identifier: GPL-2.0
/*
 * spaces: many address spaces and frequent CR3 switches. 40 page
 * directories map the same virtual pages to different frames; thousands
 * of CR3 loads in a pseudo-random order, each followed by reads and writes
 * checked against the frame that space owns, at CPL 0 and at CPL 3.
 * Patent: Fig 5 (514-516), 6, the "MOV CR3" paragraph after Fig 8
 * (deallocate active PTs, mark active PDEs invalid), 10 (eager refill).
 */
#include "guest.h"

#define NSPACES 40
#define VA 0x60000000u
#define NPAGES 3

static u32 pds[NSPACES], frames[NSPACES][NPAGES];

int main(void);
int main(void)
{
	u32 seed = 12345, i, s, p, v, hash = 0, user_ok = 0;
	int r;

	kspace_init(1);
	for (s = 0; s < NSPACES; s++) {
		pds[s] = kspace_pd();
		for (p = 0; p < NPAGES; p++) {
			frames[s][p] = frame_alloc();
			((u32 *)frames[s][p])[0] = (s << 16) | p;
			/* page 0 and 1 writable, page 2 read-only, all user */
			map4k(pds[s], VA + p * PAGE_SIZE, frames[s][p],
			      PG_P | PG_US | (p < 2 ? PG_RW : 0));
		}
	}
	paging_on(pds[0]);
	write_cr0(read_cr0() | CR0_WP);
	printf("%u address spaces, %u pages each at %08x\n", NSPACES, NPAGES, VA);
	for (i = 0; i < 4000; i++) {
		s = lcg(&seed) % NSPACES;
		p = lcg(&seed) % NPAGES;
		write_cr3(pds[s]);
		v = peek(VA + p * PAGE_SIZE);
		if (((v & 0xffff0000) >> 16) != s || (v & 0xff) != p) {
			CHECK(0, "switch %u: space %u page %u reads %x", i, s, p, v);
			break;
		}
		if (p < 2) {
			poke(VA + p * PAGE_SIZE, v + 0x100);
			poke(VA + p * PAGE_SIZE + 4, peek(VA + p * PAGE_SIZE + 4) + 1);
		}
		hash = hash * 33 + v;
		if (i % 50 == 0) {
			/* At CPL 3 in the same space: read page p, write page 2 (RO). */
			r = run_user(u_probe, VA + p * PAGE_SIZE, 0, &v);
			CHECK(r == RUN_USER_OK && (v >> 16) == s, "user read in %u: %d %x", s, r, v);
			r = run_user(u_probe, VA + 2 * PAGE_SIZE + 8, 7, &v);
			CHECK(r == VEC_PF && last_fault.err == 7, "user write RO in %u", s);
			user_ok++;
		}
	}
	printf("4000 CR3 switches, %u user-mode visits: hash %08x\n", user_ok, hash);
	/* Every write went to the right frame. */
	for (s = 0, v = 0; s < NSPACES; s++)
		for (p = 0; p < 2; p++)
			v += peek(frames[s][p] + 4);
	printf("writes counted in the frames: %u\n", v);
	/* A and D of each space's page 0 PTE. */
	for (s = 0, i = 0; s < NSPACES; s++)
		i += (*pte_ptr(pds[s], VA) & PG_D) ? 1 : 0;
	printf("spaces whose page 0 is dirty: %u\n", i);
	test_done("spaces");
}
