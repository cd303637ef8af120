// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction profile of the vTLB core (src/vtlb) on the paths the
 * benchmarks exercise, in userspace with the test host (tests/lib/env.c),
 * under valgrind's callgrind (bench/coreprof.sh; Documentation/benchmarks.md,
 * "Where the VMM's instructions go"):
 *   coreprof SCENARIO [lazy|eager]
 * SCENARIO: read | write | rw | cr3 | invlpg | big4m. The guest tables
 * mirror guest/bench's touch_*, cr3, ptemod and big4m: N fresh present
 * PTEs (A = D = 0) at CPL 0, and each host fault the CPU would take is
 * handed to vtlb_page_fault() as the run loop does. Only the core's work
 * is measured: no world switch, no exception entry, no instruction
 * emulation (those need the module-side counters).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "env.h"
#include "vtlb/x86.h"
#include <valgrind/callgrind.h>

#define RAM	(64u << 20)
#define PD	0x00100000u
#define PT0	0x00200000u	/* page tables: PT0 + i * 4 KiB */
#define VA	0x50000000u
#define FRAMES	0x01400000u
#define N	2048u
#define GP	0x001u
#define GRW	0x002u
#define GPS	0x080u

static struct test_env env;

static void die(const char *what)
{
	fprintf(stderr, "coreprof: %s\n", what);
	exit(1);
}

static void fault(u32 va, u32 err)
{
	u32 gerr;

	if (vtlb_page_fault(&env.v, va, err | PFERR_U, &gerr) != VTLB_PF_RETRY)
		die("fault not hidden");
}

int main(int argc, char **argv)
{
	const char *sc = argc > 1 ? argv[1] : "read";
	bool eager = argc > 2 && !strcmp(argv[2], "eager");
	u32 i, cr4 = 0;

	if (env_init(&env, RAM, 4, eager, 0))
		die("env_init");
	if (!strcmp(sc, "big4m")) {
		cr4 = CR4_PSE;
		for (i = 0; i < 256; i++)
			env_write32(&env, PD + ((VA >> 22) + i) * 4,
				    (FRAMES + (i % 3) * 0x400000u) | GP | GRW | GPS);
	} else {
		for (i = 0; i < N / 1024; i++)
			env_write32(&env, PD + ((VA >> 22) + i) * 4, (PT0 + i * 4096) | GP | GRW);
		for (i = 0; i < N; i++)
			env_write32(&env, PT0 + i * 4, (FRAMES + i * 4096) | GP | GRW);
	}
	if (vtlb_write_cr4(&env.v, cr4) || vtlb_write_cr3(&env.v, PD) ||
	    vtlb_write_cr0(&env.v, CR0_PE | CR0_PG | CR0_WP))
		die("paging on");
	CALLGRIND_TOGGLE_COLLECT;	/* only the loop below (run with --collect-atstart=no) */
	if (!strcmp(sc, "read") || !strcmp(sc, "write")) {
		for (i = 0; i < N; i++)
			fault(VA + i * 4096, sc[0] == 'w' ? PFERR_W : 0);
	} else if (!strcmp(sc, "rw")) {
		for (i = 0; i < N; i++) {
			fault(VA + i * 4096, 0);
			fault(VA + i * 4096, PFERR_W | PFERR_P);
		}
	} else if (!strcmp(sc, "cr3")) {
		for (i = 0; i < N; i++) {
			if (vtlb_write_cr3(&env.v, PD))
				die("cr3");
			if (!eager)	/* eager refilled it (A already set) */
				fault(VA, 0);
		}
	} else if (!strcmp(sc, "invlpg")) {
		fault(VA, 0);
		for (i = 0; i < N; i++) {
			env_write32(&env, PT0, (FRAMES + (i & 1) * 4096) | GP | GRW | 0x20);
			if (vtlb_invlpg(&env.v, VA))
				die("invlpg");
			if (!eager)
				fault(VA, 0);
		}
	} else if (!strcmp(sc, "big4m")) {
		for (i = 0; i < 256; i++)
			fault(VA + i * 0x400000u, 0);
	} else {
		die("scenario: read|write|rw|cr3|invlpg|big4m");
	}
	CALLGRIND_TOGGLE_COLLECT;
	printf("coreprof %s %s: pf_hidden=%llu fill_4k=%llu fill_4m=%llu fill_pt=%llu d_set=%llu\n",
	       sc, eager ? "eager" : "lazy", (unsigned long long)env.v.stats.pf_hidden,
	       (unsigned long long)env.v.stats.fill_4k, (unsigned long long)env.v.stats.fill_4m,
	       (unsigned long long)env.v.stats.fill_pt, (unsigned long long)env.v.stats.d_set);
	return 0;
}
