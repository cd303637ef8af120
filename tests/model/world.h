/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differential-test engine shared by tests/model/diff.c and
 * tests/fuzz/fuzz_core.c: a guest world (RAM, page tables of several
 * address spaces, control registers, virtual CPL) kept twice -- once in the
 * env under the vTLB core and the simulated CPU, once in the reference
 * model's own copy of RAM -- and random operations applied to both, each
 * guest-visible outcome compared.
 *
 * Guest-physical layout (RAM = 16 MiB by default, at least 8 MiB):
 *   [0x001000, 0x009000)  page directories, one per address space
 *   [0x010000, 0x050000)  page tables (64 frames)
 *   [0x400000, RAM)       data: every leaf entry maps here or above RAM
 * Data words always have bits 31:22 != 0, so a data frame read as a page
 * table (a PS=1 PDE with CR4.PSE = 0) never maps the table area; writes are
 * not generated while CR4.PSE = 0 (they could modify such a "table" without
 * an invalidation). So every table change the test makes is followed by the
 * invalidation the architecture requires, and outcomes are deterministic.
 */
#ifndef _VTLB_TESTS_WORLD_H
#define _VTLB_TESTS_WORLD_H

#include <stdio.h>
#include "simcpu.h"
#include "ref.h"

/* Random source: xorshift64* from a seed, or the bytes of a fuzz input. */
struct rnd {
	u64 s;
	const u8 *buf;
	size_t len, pos;
	bool exhausted;
};

void rnd_seed(struct rnd *r, u64 seed);
void rnd_bytes(struct rnd *r, const u8 *buf, size_t len);
u32 rnd_u32(struct rnd *r);
u32 rnd_below(struct rnd *r, u32 n);

#define W_RAM_MAX	(16U << 20)	/* default and largest RAM */
#define W_PD_BASE	0x1000U
#define W_MAX_AS	8
#define W_PT_BASE	0x10000U
#define W_NR_PT		64
#define W_DATA_BASE	0x400000U
#define W_LOG		32
#define W_RECENT	8

struct world_cfg {
	unsigned int levels;	/* 4 or 5 */
	bool eager;
	unsigned int max_tables;/* 0: default */
	bool allow_nomem;	/* a table bound small enough to be hit */
	unsigned int nas;	/* address spaces, <= W_MAX_AS */
	unsigned int npt;	/* page tables in use, <= W_NR_PT */
	bool verbose;		/* print every operation */
	unsigned int ram_mb;	/* 0: 16 */
	bool strict_tlb;	/* simcpu keep_on_fault */
};

struct world {
	struct world_cfg cfg;
	u32 ram;		/* guest RAM size */
	struct test_env e;
	struct simcpu cpu;
	struct ref_mem m;	/* the model's own RAM */
	struct ref_cpu c;	/* the model's registers */
	unsigned int cur;	/* current address space */
	u32 data_frames[64];	/* pool of 4 KiB data frames for PTEs */
	bool live;
	u32 recent[W_RECENT];	/* recently accessed addresses */
	unsigned int recent_pos;

	unsigned long ops;
	unsigned long n_ok, n_pf, n_mce, n_nomem, n_flush_checks;
	int failed;
	char log[W_LOG][160];	/* last operations, for a failure report */
};

/* Build RAM and tables from @r, init the core; false on failure. */
bool world_init(struct world *w, const struct world_cfg *cfg, struct rnd *r);
/* One random operation; false once a disagreement was found. */
bool world_step(struct world *w, struct rnd *r);
/* Full-memory comparison and bound checks; false on a disagreement. */
bool world_check_all(struct world *w);
/* env_destroy; returns the number of leaked tables, world_fail()s on > 0. */
unsigned int world_destroy(struct world *w);

#endif
