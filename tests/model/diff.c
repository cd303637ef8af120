// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: the vTLB core under a simulated CPU against the
 * reference model of IA-32 paging (world.h describes the guest world and
 * the operations). Every guest-visible outcome -- #PF or not, its error
 * code and CR2, machine checks, the data read, where a write lands, the
 * A/D bits in guest memory -- must equal the model's.
 *
 * Seeded and reproducible:
 *	model-diff [SEED [OPS]]     or  DIFF_SEED=.. DIFF_OPS=.. model-diff
 * OPS is the number of operations of a lazy configuration (eager ones
 * run OPS/32, the bounded-table ones OPS/64); the default makes 1.005e6. DIFF_VERBOSE=1 prints every
 * operation; TEST_FILTER=eager_5 runs one case. A disagreement prints the
 * seed, the failing operation and the 32 operations before it.
 */
#include <stdlib.h>
#include <time.h>
#include "check.h"
#include "world.h"

#define CHUNK 50000UL	/* operations per world (fresh tables) */

static u64 seed = 1;
/*
 * Lazy configurations run OPS each, eager ones OPS / 32 (each eager
 * operation re-walks the whole guest hierarchy), bounded ones OPS / 64.
 */
static unsigned long ops_per_config = 480000;
static bool verbose;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * @ram_mb 14 puts the 4 MiB page at 12 MiB half outside RAM (the core
 * cannot map it with 2 MiB pages), 16 keeps every 4 MiB frame whole.
 */
static void run_cfg(const char *name, struct world_cfg cfg,
		    unsigned long nops, u64 salt);

static void run(const char *name, unsigned int levels, bool eager,
		unsigned int max_tables, unsigned long nops, u64 salt,
		unsigned int ram_mb)
{
	struct world_cfg cfg = {
		.levels = levels, .eager = eager, .max_tables = max_tables,
		.allow_nomem = max_tables != 0, .verbose = verbose,
		.ram_mb = ram_mb,
	};

	run_cfg(name, cfg, nops, salt);
}

static void run_cfg(const char *name, struct world_cfg cfg,
		    unsigned long nops, u64 salt)
{
	unsigned long done = 0, ok = 0, pf = 0, mce = 0, nomem = 0;
	unsigned long faults = 0, hits = 0, flushes = 0, spurious = 0;
	unsigned int peak = 0, chunk_no = 0;
	double t0 = now();
	clock_t c0 = clock();
	static struct world w;	/* large: keep it off the stack */

	while (done < nops) {
		unsigned long n = nops - done < CHUNK ? nops - done : CHUNK, i;
		u64 s = seed * 1000003 + salt * 1009 + chunk_no++;
		struct rnd r;

		rnd_seed(&r, s);
		if (!world_init(&w, &cfg, &r)) {
			CHECK(!"world_init");
			world_destroy(&w);
			return;
		}
		for (i = 0; i < n; i++) {
			if (!world_step(&w, &r))
				break;
			if (w.e.tables_live > peak)
				peak = w.e.tables_live;
		}
		if (!w.failed)
			world_check_all(&w);
		done += w.ops;
		ok += w.n_ok;
		pf += w.n_pf;
		mce += w.n_mce;
		nomem += w.n_nomem;
		faults += w.cpu.host_faults;
		spurious += w.e.v.stats.pf_spurious;
		hits += w.cpu.hits;
		flushes += w.cpu.flush_va + w.cpu.flush_all;
		if (world_destroy(&w))
			CHECK(!"leaked active tables");
		if (w.failed) {
			fprintf(stderr,
				"%s: reproduce with: model-diff %llu (world seed %llu, chunk %u)\n",
				name, (unsigned long long)seed,
				(unsigned long long)s, chunk_no - 1);
			CHECK(!w.failed);
			break;
		}
	}
	CHECK_EQ(done, nops);
	CHECK(ok > 0 && pf > 0 && mce > 0);
	printf("  %s: %lu ops (%lu ok, %lu #PF, %lu #MC, %lu nomem), %lu host faults "
	       "(%lu spurious), %lu TLB hits, %lu flushes, peak %u tables, %.1f s (%.1f s CPU)\n",
	       name, done, ok, pf, mce, nomem, faults, spurious, hits, flushes, peak,
	       now() - t0, (double)(clock() - c0) / CLOCKS_PER_SEC);
	fflush(stdout);
}

TEST_CASE(diff_lazy_4level)
{
	run("lazy-4", 4, false, 0, ops_per_config, 1, 16);
}

TEST_CASE(diff_lazy_5level)
{
	run("lazy-5", 5, false, 0, ops_per_config, 2, 14);
}

TEST_CASE(diff_eager_4level)
{
	run("eager-4", 4, true, 0, ops_per_config / 32, 3, 16);
}

TEST_CASE(diff_eager_5level)
{
	run("eager-5", 5, true, 0, ops_per_config / 32, 4, 14);
}

/* A bound small enough to be hit: NOMEM allowed, everything else exact. */
TEST_CASE(diff_bounded_tables)
{
	run("lazy-4-bound24", 4, false, 24, ops_per_config / 64, 5, 16);
	run("eager-5-bound96", 5, true, 96, ops_per_config / 64, 6, 14);
}

/*
 * Stricter than Intel hardware (which drops the TLB entries of a faulting
 * address): only the core's flushes remove entries, so a RETRY without the
 * flush of blocks 822/828 or 768/850 loops.
 */
TEST_CASE(diff_strict_tlb)
{
	struct world_cfg cfg = {
		.levels = 4, .max_tables = 0, .verbose = verbose,
		.strict_tlb = true,
	};

	run_cfg("lazy-4-strict-tlb", cfg, ops_per_config / 16, 7);
	cfg.levels = 5;
	cfg.eager = true;
	run_cfg("eager-5-strict-tlb", cfg, ops_per_config / 128, 8);
}

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : getenv("DIFF_SEED");
	const char *n = argc > 2 ? argv[2] : getenv("DIFF_OPS");

	if (s)
		seed = strtoull(s, NULL, 0);
	if (n)
		ops_per_config = strtoul(n, NULL, 0);
	verbose = getenv("DIFF_VERBOSE");
	printf("model-diff: seed %llu, %lu operations per configuration\n",
	       (unsigned long long)seed, ops_per_config);
	return test_main("model-diff");
}
