// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the vTLB core's entry points, through the
 * differential engine of tests/model (world.h): the input bytes become a
 * guest world and a sequence of events -- accesses through the simulated
 * CPU, vtlb_translate calls, PTE/PDE writes each followed by the
 * invalidation the architecture requires (or none for not-present ->
 * present), MOV CR0 (WP, PG), MOV CR3, MOV CR4 (PSE), INVLPG, CPL
 * switches -- and every guest-visible outcome is compared with the
 * reference model. A disagreement, an active-table leak, a bound overrun,
 * a retry loop or a sanitizer report aborts.
 *
 * Input: byte 0 = configuration (bit 0: 5-level host, bit 1: eager fill,
 * bits 3:2: address spaces - 1, bit 4: table bound 40 with NOMEM allowed),
 * bytes 1-4 = seed of the initial guest tables, then the events (world.c
 * reads one byte per small choice, 4 bytes per value).
 *
 * Built with clang -fsanitize=fuzzer (-DVTLB_LIBFUZZER) it is a libFuzzer
 * target; built without, main() replays the files named on the command
 * line (gcc, ASan): fuzz-replay crash-<sha1>.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "world.h"

#define FUZZ_MAX_OPS 300

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world w;
	struct world_cfg cfg;
	struct rnd tr, r;
	bool ok;

	if (size < 5)
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	cfg.levels = data[0] & 1 ? 5 : 4;
	cfg.eager = data[0] & 2;
	cfg.nas = 1 + ((data[0] >> 2) & 3);
	cfg.npt = 16;
	cfg.ram_mb = 8;
	if (data[0] & 0x10) {
		cfg.max_tables = 40;
		cfg.allow_nomem = true;
	}
	cfg.verbose = getenv("FUZZ_VERBOSE");
	rnd_seed(&tr, (u64)data[1] | (u64)data[2] << 8 | (u64)data[3] << 16 |
		      (u64)data[4] << 24);
	ok = world_init(&w, &cfg, &tr);
	if (ok) {
		rnd_bytes(&r, data + 5, size - 5);
		while (ok && !r.exhausted && w.ops < FUZZ_MAX_OPS)
			ok = world_step(&w, &r);
		if (ok)
			ok = world_check_all(&w);
	}
	if (world_destroy(&w) || !ok || w.failed) {
		fprintf(stderr, "fuzz-core: disagreement, leak or setup failure\n");
		abort();
	}
	return 0;
}

#ifndef VTLB_LIBFUZZER
int main(int argc, char **argv)
{
	int i, passed = 0, failed = 0;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		static uint8_t buf[1 << 20];
		size_t n;

		if (!f) {
			perror(argv[i]);
			failed++;
			continue;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		/* A failure aborts: the summary is printed only if all pass. */
		LLVMFuzzerTestOneInput(buf, n);
		passed++;
	}
	printf("fuzz-replay: %d passed, %d failed\n", passed, failed);
	return failed || !passed;
}
#endif
