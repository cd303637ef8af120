// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace host of the vTLB core (see env.h): guest RAM in one
 * buffer, active tables from aligned_alloc at fake host-physical
 * addresses, flushes counted and forwarded to optional hooks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "env.h"

static void *env_gpa_to_hva(void *ctx, u64 gpa)
{
	struct test_env *e = ctx;

	return gpa < e->ram_size ? e->ram + gpa : NULL;
}

static u64 env_gpa_to_hpa(void *ctx, u64 gpa)
{
	struct test_env *e = ctx;

	if (gpa >= e->ram_size) {
		fprintf(stderr, "env: gpa_to_hpa(%#llx) outside RAM\n",
			(unsigned long long)gpa);
		abort();
	}
	return ENV_RAM_HPA + (gpa & ~0xFFFULL);
}

static void *env_alloc_table(void *ctx, u64 *hpa)
{
	struct test_env *e = ctx;
	unsigned int idx;
	void *t;

	if (e->fail_alloc_after >= 0 &&
	    e->tables_total >= (unsigned int)e->fail_alloc_after)
		return NULL;
	if (e->nr_free)
		idx = e->free_idx[--e->nr_free];
	else if (e->next_idx < ENV_MAX_TABLES)
		idx = e->next_idx++;
	else
		return NULL;
	t = aligned_alloc(4096, 4096);
	if (!t) {
		e->free_idx[e->nr_free++] = idx;
		return NULL;
	}
	memset(t, 0, 4096);
	e->tables[idx] = t;
	e->tables_live++;
	e->tables_total++;
	*hpa = ENV_TABLE_HPA + ((u64)idx << 12);
	return t;
}

static void env_free_table(void *ctx, void *table, u64 hpa)
{
	struct test_env *e = ctx;
	u64 idx = (hpa - ENV_TABLE_HPA) >> 12;

	if (hpa < ENV_TABLE_HPA || idx >= ENV_MAX_TABLES ||
	    e->tables[idx] != table || (hpa & 0xFFF)) {
		fprintf(stderr, "env: free_table(%p, %#llx): not ours\n",
			table, (unsigned long long)hpa);
		abort();
	}
	free(table);
	e->tables[idx] = NULL;
	e->free_idx[e->nr_free++] = idx;
	e->tables_live--;
}

static void env_flush_va(void *ctx, u32 va)
{
	struct test_env *e = ctx;

	e->flush_va_calls++;
	if (e->on_flush_va)
		e->on_flush_va(e->hook_arg, va);
}

static void env_flush_all(void *ctx)
{
	struct test_env *e = ctx;

	e->flush_all_calls++;
	if (e->on_flush_all)
		e->on_flush_all(e->hook_arg);
}

const struct vtlb_ops env_ops = {
	.gpa_to_hva = env_gpa_to_hva,
	.gpa_to_hpa = env_gpa_to_hpa,
	.alloc_table = env_alloc_table,
	.free_table = env_free_table,
	.flush_va = env_flush_va,
	.flush_all = env_flush_all,
};

/*
 * Hooks (on_flush_*, hook_arg) set before env_init are kept; everything
 * else is reset. fail_alloc_after starts at -1 (never fail).
 */
int env_init(struct test_env *e, u64 ram_size, unsigned int levels,
	     bool eager, unsigned int max_tables)
{
	void (*fva)(void *, u32) = e->on_flush_va;
	void (*fall)(void *) = e->on_flush_all;
	void *arg = e->hook_arg;
	struct vtlb_config cfg = {
		.ram_size = ram_size,
		.levels = levels,
		.max_tables = max_tables,
		.eager = eager,
	};
	int ret;

	memset(e, 0, sizeof(*e));
	e->on_flush_va = fva;
	e->on_flush_all = fall;
	e->hook_arg = arg;
	e->fail_alloc_after = -1;
	e->ram_size = ram_size;
	e->ram = aligned_alloc(4096, (ram_size + 4095) & ~4095ULL);
	e->tables = calloc(ENV_MAX_TABLES, sizeof(*e->tables));
	e->free_idx = calloc(ENV_MAX_TABLES, sizeof(*e->free_idx));
	if (!e->ram || !e->tables || !e->free_idx) {
		fprintf(stderr, "env: out of memory\n");
		abort();
	}
	memset(e->ram, 0, ram_size);
	ret = vtlb_init(&e->v, &cfg, &env_ops, e);
	return ret;
}

unsigned int env_destroy(struct test_env *e)
{
	unsigned int leaks, i;

	vtlb_destroy(&e->v);
	leaks = e->tables_live;
	for (i = 0; i < ENV_MAX_TABLES && e->tables; i++)
		free(e->tables[i]);
	free(e->tables);
	free(e->free_idx);
	free(e->ram);
	e->tables = NULL;
	e->free_idx = NULL;
	e->ram = NULL;
	e->tables_live = 0;
	return leaks;
}

void *env_hpa_to_ptr(struct test_env *e, u64 hpa)
{
	if (hpa >= ENV_RAM_HPA && hpa - ENV_RAM_HPA < e->ram_size)
		return e->ram + (hpa - ENV_RAM_HPA);
	if (hpa >= ENV_TABLE_HPA) {
		u64 idx = (hpa - ENV_TABLE_HPA) >> 12;

		if (idx < ENV_MAX_TABLES && e->tables[idx])
			return (u8 *)e->tables[idx] + (hpa & 0xFFF);
	}
	return NULL;
}

u32 env_read32(struct test_env *e, u32 gpa)
{
	u32 val;

	if ((u64)gpa + 4 > e->ram_size) {
		fprintf(stderr, "env: read32(%#x) outside RAM\n", gpa);
		abort();
	}
	memcpy(&val, e->ram + gpa, 4);
	return val;
}

void env_write32(struct test_env *e, u32 gpa, u32 val)
{
	if ((u64)gpa + 4 > e->ram_size) {
		fprintf(stderr, "env: write32(%#x) outside RAM\n", gpa);
		abort();
	}
	memcpy(e->ram + gpa, &val, 4);
}
