// SPDX-License-Identifier: GPL-2.0
/*
 * protect: the user/supervisor protection matrix. Every combination of
 * PDE and PTE U/S and R/W (and of 4 MiB PDEs), read and write, from CPL 3
 * and CPL 0, with CR0.WP = 0 and 1, against the SDM's rules; the error code
 * and CR2 of each #PF; A set by every successful access, D by every
 * successful write (nothing is asserted about A/D after a fault).
 * Patent: Fig 5 (508-512: CPL changes switch hierarchies), 7A/7B (708-722,
 * 750-764, 802-812), 7C/7D (826-852), 9 (CR0.WP), 10 (eager: same result).
 */
#include "guest.h"

#define VA4K 0x80000000u	/* + k * 4 MiB, page j: PDE combo k, PTE combo j */
#define VA4M 0x90000000u	/* + k * 4 MiB: 4 MiB page with combo k */

static u32 pd;

static const char *combo(u32 e)
{
	static const char *const n[] = { "S RO", "S RW", "U RO", "U RW" };

	return n[((e & PG_US) ? 2 : 0) + ((e & PG_RW) ? 1 : 0)];
}

static u32 bits(int k)
{
	return ((k & 1) ? PG_RW : 0) | ((k & 2) ? PG_US : 0);
}

/* One access; returns 0 if it completed, else the #PF error code | 0x100. */
static u32 access(u32 va, int user, int write)
{
	u32 v;
	int r;

	if (user) {
		r = run_user(u_probe, va, write ? 0x5a5a5a5a : 0, &v);
		if (r == RUN_USER_OK)
			return 0;
		CHECK(r == VEC_PF, "user probe: vector %d", r);
	} else {
		if (!(write ? kprobe_write(va, 0x5a5a5a5a) : kprobe_read(va, &v)))
			return 0;
		CHECK(last_fault.vector == VEC_PF, "kernel probe: vector %u", last_fault.vector);
	}
	CHECK(last_fault.cr2 == va, "CR2 %x for %x", last_fault.cr2, va);
	return 0x100 | last_fault.err;
}

static int allowed(u32 pde, u32 pte, int user, int write, int wp)
{
	u32 both = pde & pte;

	if (user)
		return (both & PG_US) && (!write || (both & PG_RW));
	return !write || !wp || (both & PG_RW);
}

static void probe(u32 va, u32 *pde, u32 *pte, char *out, int user, int write, int wp)
{
	u32 pdv = *pde, ptv = pte ? *pte : *pde, r, ad;
	int ok = allowed(pdv, ptv, user, write, wp);

	*pde &= ~(PG_A | PG_D);
	if (pte)
		*pte &= ~(PG_A | PG_D);
	invlpg(va);
	r = access(va, user, write);
	ad = (pte ? *pte : *pde) & (PG_A | PG_D);
	if (!r) {
		CHECK(ok, "%s %s %s wp=%d: allowed, should fault", combo(pdv),
		      combo(ptv), write ? "write" : "read", wp);
		CHECK(ad == (write ? PG_A | PG_D : PG_A), "A/D %x after %s", ad,
		      write ? "write" : "read");
		CHECK(*pde & PG_A, "PDE A after access");
		snprintf(out, 8, " ok  ");
	} else {
		u32 want = 0x100 | 1 | (write ? 2 : 0) | (user ? 4 : 0);

		CHECK(!ok, "%s %s %s %s wp=%d: faulted (err %x), should be allowed",
		      combo(pdv), combo(ptv), user ? "user" : "kernel",
		      write ? "write" : "read", wp, r & 0xff);
		CHECK(r == want, "error code %x, want %x", r & 0xff, want & 0xff);
		snprintf(out, 8, " PF%x ", r & 0xff);
	}
}

static void row(const char *label, u32 va, u32 *pde, u32 *pte)
{
	char o[6][8];

	write_cr0(read_cr0() & ~CR0_WP);
	probe(va, pde, pte, o[0], 1, 0, 0);
	probe(va, pde, pte, o[1], 1, 1, 0);
	probe(va, pde, pte, o[2], 0, 0, 0);
	probe(va, pde, pte, o[3], 0, 1, 0);
	write_cr0(read_cr0() | CR0_WP);
	probe(va, pde, pte, o[4], 0, 0, 1);
	probe(va, pde, pte, o[5], 0, 1, 1);
	/* user access does not depend on WP: check it once more */
	{
		char x[2][8];

		probe(va, pde, pte, x[0], 1, 0, 1);
		probe(va, pde, pte, x[1], 1, 1, 1);
		CHECK(!memcmp(x[0], o[0], 6) && !memcmp(x[1], o[1], 6), "user access depends on WP");
	}
	printf("%-16s|%s%s|%s%s|%s%s\n", label, o[0], o[1], o[2], o[3], o[4], o[5]);
}

int main(void);
int main(void)
{
	char label[32];
	int k, j;

	kspace_init(0);
	pd = kspace_pd();
	write_cr4(read_cr4() | CR4_PSE);
	for (k = 0; k < 4; k++) {
		for (j = 0; j < 4; j++)
			map4k(pd, VA4K + k * BIG_PAGE + j * PAGE_SIZE,
			      TEST_PHYS + (k * 4 + j) * PAGE_SIZE, PG_P | bits(j));
		*pde_ptr(pd, VA4K + k * BIG_PAGE) = (*pde_ptr(pd, VA4K + k * BIG_PAGE) & ~0xfffu) |
						     PG_P | bits(k);
		map4m(pd, VA4M + k * BIG_PAGE, TEST_PHYS, PG_P | bits(k));
	}
	paging_on(pd);
	printf("protection matrix (ok, or PF<error code>)\n");
	printf("PDE  / PTE      |user rd user wr|WP=0: sup rd sup wr|WP=1: sup rd sup wr\n");
	for (k = 0; k < 4; k++) {
		for (j = 0; j < 4; j++) {
			u32 va = VA4K + k * BIG_PAGE + j * PAGE_SIZE;

			snprintf(label, sizeof(label), "%s / %s", combo(bits(k)), combo(bits(j)));
			row(label, va, pde_ptr(pd, va), pte_ptr(pd, va));
		}
	}
	for (k = 0; k < 4; k++) {
		u32 va = VA4M + k * BIG_PAGE + 0x123000;

		snprintf(label, sizeof(label), "%s / 4 MiB", combo(bits(k)));
		row(label, va, pde_ptr(pd, va), NULL);
	}
	test_done("protect");
}
