/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace "host" of the vTLB core: guest RAM in a malloc'd buffer,
 * active tables from aligned_alloc with a fake host-physical address
 * space, flush calls counted and forwarded to optional hooks (the
 * simulated CPU's TLB in tests/model). Shared by tests/unit, tests/model,
 * tests/fuzz and tests/vcpu.
 *
 * Fake host-physical layout: guest RAM frame gpa is at ENV_RAM_HPA + gpa;
 * active tables get addresses from ENV_TABLE_HPA upwards. env_hpa_to_ptr
 * resolves both, so a simulated MMU can walk the active hierarchies.
 */
#ifndef _VTLB_TESTS_ENV_H
#define _VTLB_TESTS_ENV_H

#include <stdbool.h>
#include "vtlb/vtlb.h"

#define ENV_RAM_HPA	0x100000000000ULL	/* 16 TiB */
#define ENV_TABLE_HPA	0x200000000000ULL	/* 32 TiB */
#define ENV_MAX_TABLES	65536

struct test_env {
	struct vtlb v;
	u8 *ram;
	u64 ram_size;

	/* Active table pages handed out, indexed by (hpa - ENV_TABLE_HPA) >> 12. */
	void **tables;
	unsigned int tables_live;	/* allocated and not yet freed */
	unsigned int tables_total;	/* ever allocated */
	int fail_alloc_after;		/* >= 0: fail allocations after this many */
	/* Indexes of freed table slots, reused first (env.c private). */
	unsigned int *free_idx;
	unsigned int nr_free, next_idx;

	unsigned long flush_va_calls, flush_all_calls;
	void (*on_flush_va)(void *arg, u32 va);
	void (*on_flush_all)(void *arg);
	void *hook_arg;
};

/*
 * Set up guest RAM (zeroed) and call vtlb_init. @levels is 4 or 5,
 * @max_tables 0 for the default. Returns vtlb_init's result.
 */
int env_init(struct test_env *e, u64 ram_size, unsigned int levels,
	     bool eager, unsigned int max_tables);
/* vtlb_destroy, then free RAM; returns the number of leaked tables (0). */
unsigned int env_destroy(struct test_env *e);

/* Host pointer for a fake host-physical address (RAM or table), or NULL. */
void *env_hpa_to_ptr(struct test_env *e, u64 hpa);

/* Guest RAM accessors (little-endian, like the guest). */
u32 env_read32(struct test_env *e, u32 gpa);
void env_write32(struct test_env *e, u32 gpa, u32 val);

extern const struct vtlb_ops env_ops;

#endif
