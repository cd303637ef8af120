/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Benchmark guests: time a loop with RDTSC and print one machine-readable
 * line, "bench NAME ops=N tsc=T tsc_per_op=X.Y". Under QEMU -icount shift=0
 * the TSC counts retired instructions (of the whole machine: under vtlb that
 * includes the host kernel's work on every exit), so T is deterministic.
 * Usable from kernel and user code (static inline only, no kernel calls).
 * The operation count comes from the Multiboot command line (last word,
 * decimal); scripts/bench runs every workload with N and with 0 to
 * subtract the setup from the VMM's exit counters.
 */
#ifndef BENCH_H
#define BENCH_H
#include "guest.h"

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((u64)hi << 32) | lo;
}

/* n / d and n % d without libgcc (bit-by-bit long division). */
static inline u64 bench_div(u64 n, u32 d, u32 *rem)
{
	u64 q = 0, r = 0;
	int i;

	for (i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	if (rem)
		*rem = (u32)r;
	return q;
}

static inline char *bench_put(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static inline char *bench_u64(char *p, u64 v)
{
	char tmp[24];
	int n = 0;
	u32 r;

	do {
		v = bench_div(v, 10, &r);
		tmp[n++] = (char)('0' + r);
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* "bench NAME ops=N tsc=T tsc_per_op=X.Y\n" into buf (>= 128 bytes). */
static inline void bench_format(char *buf, const char *name, u32 ops, u64 tsc)
{
	char *p = buf;
	u32 r;
	u64 q;

	p = bench_put(p, "bench ");
	p = bench_put(p, name);
	p = bench_put(p, " ops=");
	p = bench_u64(p, ops);
	p = bench_put(p, " tsc=");
	p = bench_u64(p, tsc);
	p = bench_put(p, " tsc_per_op=");
	if (ops) {
		q = bench_div(tsc * 10 + ops / 2, ops, &r);	/* one decimal, rounded */
		p = bench_u64(p, bench_div(q, 10, &r));
		*p++ = '.';
		*p++ = (char)('0' + r);
	} else {
		p = bench_put(p, "0.0");
	}
	*p++ = '\n';
	*p = 0;
}

/* Kernel side only (paging off, before kspace_init): the operation count,
 * the last word of the Multiboot command line if it is a number (QEMU
 * passes "<image> ARGS", vtlb "ARGS"), else def. Capped at max. */
static inline u32 bench_arg(u32 def, u32 max)
{
	const char *s, *w = NULL;
	u32 v = 0;

	if (mb_magic != 0x2badb002 || !(((u32 *)mb_info)[0] & 4))
		return def;
	s = (const char *)((u32 *)mb_info)[4];
	if (!s)
		return def;
	for (; *s; s++)
		if (*s != ' ' && (s == (const char *)((u32 *)mb_info)[4] || s[-1] == ' '))
			w = s;
	if (!w || *w < '0' || *w > '9')
		return def;
	for (; *w >= '0' && *w <= '9'; w++)
		v = v * 10 + (u32)(*w - '0');
	return v > max ? max : v;
}
#endif
