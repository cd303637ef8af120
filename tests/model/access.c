// SPDX-License-Identifier: GPL-2.0
/*
 * The 32-bit access matrix, in the manner of kvm-unit-tests x86/access.c:
 * every combination of
 *	PTE {P, W, U, A, D} x PDE {P, W, U, A, PS} x CR4.PSE x CR0.WP x
 *	virtual CPL {0, 3} x access {read, write, read-then-write ("TWICE")}
 * is run through the simulated CPU and the vTLB core and checked against
 * the reference model: fault or not, error code and CR2, data read, where
 * a write lands, PDE/PTE (A/D) and data words afterwards. Lazy and eager
 * fill, 4- and 5-level host hierarchies.
 *
 * Layout: PD at 0x1000; the PDE for TEST_VA names frame 0x400000, which is
 * the page table (PS = 0, or PS = 1 with CR4.PSE = 0) or the 4 MiB page
 * (PS = 1 with CR4.PSE = 1); the PTE names data frame 0x300000. Between
 * cases the entries are rewritten and the translation invalidated
 * (alternately MOV CR3 and INVLPG, both architecturally sufficient here:
 * the PT has one entry, the 4 MiB page one TLB entry).
 */
#include <stdlib.h>
#include "check.h"
#include "simcpu.h"
#include "ref.h"
#include "vtlb/x86.h"

#define A_RAM		(8U << 20)
#define A_PD		0x1000U
#define A_BIG		0x400000U
#define A_DATA		0x300000U
#define TEST_VA		0x00405010U	/* PDE 1, PTE 5, offset 0x10 */
#define PDE_GPA		(A_PD + 1 * 4)
#define PTE_GPA		(A_BIG + 5 * 4)
#define DATA4K_GPA	(A_DATA + 0x10)
#define DATA4M_GPA	(A_BIG + 0x5010)

enum { ACC_READ, ACC_WRITE, ACC_TWICE, NR_ACC };
static const char *const acc_name[] = { "read", "write", "read+write" };

static const u32 pte_bits[] = { PTE_P, PTE_RW, PTE_US, PTE_A, PTE_D };
static const u32 pde_bits[] = { PTE_P, PTE_RW, PTE_US, PTE_A, PTE_PS };

static u32 expand(unsigned int mask, const u32 *bits)
{
	u32 v = 0;
	unsigned int i;

	for (i = 0; i < 5; i++)
		if (mask & (1U << i))
			v |= bits[i];
	return v;
}

struct matrix {
	struct test_env e;
	struct simcpu cpu;
	struct ref_mem m;
	unsigned long cases, accesses, printed;
	unsigned long outcomes[3][32];	/* ok/#PF/#MC x error code */
};

static const u32 watch[] = { PDE_GPA, PTE_GPA, DATA4K_GPA, DATA4M_GPA };
#define NWATCH (sizeof(watch) / sizeof(watch[0]))

static void put(struct matrix *x, u32 gpa, u32 v)
{
	env_write32(&x->e, gpa, v);
	ref_write32(&x->m, gpa, v);
}

/* One access: false (and a message) on any disagreement. */
static bool one(struct matrix *x, const struct ref_cpu *c, bool write,
		u32 val, const char *what)
{
	struct ref_result rr;
	struct sim_out so;
	u32 data = val;
	bool ok = true;
	unsigned int i;

	x->accesses++;
	ref_walk(c, &x->m, TEST_VA, write, &rr);
	sim_access(&x->cpu, TEST_VA, write, &data, &so);
	if (rr.kind == REF_OK) {
		x->outcomes[0][0]++;
		ok = so.kind == SIM_OK && so.hpa == ENV_RAM_HPA + rr.gpa;
		if (ok && write)
			ref_write32(&x->m, rr.gpa, val);
		else if (ok)
			ok = data == ref_read32(&x->m, rr.gpa);
		ref_commit(&x->m, &rr);
	} else if (rr.kind == REF_PF) {
		x->outcomes[1][rr.error & 31]++;
		ok = so.kind == SIM_PF && so.error == rr.error &&
		     so.cr2 == TEST_VA;
	} else {
		x->outcomes[2][0]++;
		ok = so.kind == SIM_MCE;
	}
	for (i = 0; ok && i < NWATCH; i++)
		ok = env_read32(&x->e, watch[i]) == ref_read32(&x->m, watch[i]);
	if (!ok && x->printed++ < 20) {
		fprintf(stderr,
			"access matrix: %s (%s): model %s err %#x gpa %#llx; "
			"core %s err %#x hpa %#llx (%s)\n", what, write ? "write" : "read",
			rr.kind == REF_OK ? "ok" : rr.kind == REF_PF ? "#PF" : "#MC",
			rr.error, (unsigned long long)rr.gpa,
			sim_kind_name(so.kind), so.error,
			(unsigned long long)so.hpa, so.why ? so.why : "");
		for (i = 0; i < NWATCH; i++)
			fprintf(stderr, "    gpa %#x: core %#x model %#x\n",
				watch[i], env_read32(&x->e, watch[i]),
				ref_read32(&x->m, watch[i]));
	}
	return ok;
}

static void run_matrix(unsigned int levels, bool eager)
{
	static struct matrix x;
	unsigned int pte, pde, pse, wp, cpl, acc, n, failed = 0, kinds = 0, i;
	struct ref_cpu c;

	memset(&x, 0, sizeof(x));
	CHECK_EQ(env_init(&x.e, A_RAM, levels, eager, 0), 0);
	sim_init(&x.cpu, &x.e);
	x.m.size = A_RAM;
	x.m.ram = calloc(1, A_RAM);
	CHECK(x.m.ram);
	if (!x.m.ram)
		return;
	c.cr3 = A_PD;
	c.cr0 = CR0_PE | CR0_ET | CR0_PG;
	c.cr4 = 0;
	c.cpl = 0;
	CHECK_EQ(vtlb_write_cr4(&x.e.v, c.cr4), 0);
	CHECK_EQ(vtlb_write_cr3(&x.e.v, c.cr3), 0);
	CHECK_EQ(vtlb_write_cr0(&x.e.v, c.cr0), 0);

	for (n = 0; n < 2 * 2 * 2 * 32 * 32 * NR_ACC; n++) {
		char what[160];
		u32 pat = 0x80000000U | (u32)(x.cases << 4);
		bool ok;
		int ret = 0;

		acc = n % NR_ACC;
		pte = n / NR_ACC % 32;
		pde = n / NR_ACC / 32 % 32;
		cpl = n / NR_ACC / 1024 % 2;
		wp = n / NR_ACC / 2048 % 2;
		pse = n / NR_ACC / 4096;

		snprintf(what, sizeof(what),
			 "levels %u %s PSE=%u WP=%u CPL=%u PDE[P W U A PS]=%02x PTE[P W U A D]=%02x %s",
			 levels, eager ? "eager" : "lazy", pse, wp, cpl * 3,
			 pde, pte, acc_name[acc]);
		x.cases++;
		put(&x, PDE_GPA, A_BIG | expand(pde, pde_bits));
		put(&x, PTE_GPA, A_DATA | expand(pte, pte_bits));
		put(&x, DATA4K_GPA, pat | 1);
		put(&x, DATA4M_GPA, pat | 2);
		c.cr0 = (c.cr0 & ~CR0_WP) | (wp ? CR0_WP : 0);
		c.cr4 = pse ? CR4_PSE : 0;
		c.cpl = cpl * 3;
		ret |= vtlb_write_cr4(&x.e.v, c.cr4);
		ret |= vtlb_write_cr0(&x.e.v, c.cr0);
		if (x.cases & 1)
			ret |= vtlb_write_cr3(&x.e.v, c.cr3);
		else
			ret |= vtlb_invlpg(&x.e.v, TEST_VA);
		vtlb_set_cpl(&x.e.v, c.cpl);
		if (ret) {
			failed++;
			fprintf(stderr, "access matrix: %s: setup returned %d\n",
				what, ret);
			continue;
		}
		if (acc == ACC_READ)
			ok = one(&x, &c, false, 0, what);
		else if (acc == ACC_WRITE)
			ok = one(&x, &c, true, pat | 3, what);
		else
			ok = one(&x, &c, false, 0, what) &&
			     one(&x, &c, true, pat | 3, what);
		failed += !ok;
		if (x.e.tables_live > VTLB_MAX_TABLES_DEFAULT)
			failed++;
	}
	CHECK_EQ(failed, 0);
	CHECK_EQ(x.cases, 2 * 2 * 2 * 32 * 32 * NR_ACC);
	CHECK_EQ(env_destroy(&x.e), 0);
	free(x.m.ram);
	/* The matrix must reach success and several distinct #PF codes. */
	for (i = 0; i < 32; i++)
		kinds += !!x.outcomes[1][i];
	CHECK(x.outcomes[0][0] > 0);
	CHECK(kinds >= 6);
	printf("  levels %u %s: %lu cases, %lu accesses, %lu ok, %u distinct #PF codes, "
	       "%u failed\n",
	       levels, eager ? "eager" : "lazy", x.cases, x.accesses,
	       x.outcomes[0][0], kinds, failed);
}

TEST_CASE(access_matrix_lazy_4level)
{
	run_matrix(4, false);
}

TEST_CASE(access_matrix_eager_4level)
{
	run_matrix(4, true);
}

TEST_CASE(access_matrix_lazy_5level)
{
	run_matrix(5, false);
}

TEST_CASE(access_matrix_eager_5level)
{
	run_matrix(5, true);
}

int main(void)
{
	return test_main("access-matrix");
}
