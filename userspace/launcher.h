/* SPDX-License-Identifier: GPL-2.0 */
/* The vtlb launcher: shared declarations of its small modules. */
#ifndef VTLB_LAUNCHER_H
#define VTLB_LAUNCHER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "uapi/vtlb.h"

#define LAUNCHER_VERSION "0.1.0"

/* Exit statuses of guest-abi.md, "Launcher exit status". */
enum exit_status {
	EXIT_HALTED = 2,	/* HLT with interrupts disabled */
	EXIT_TRIPLE = 4,	/* triple fault */
	EXIT_UNSUPPORTED = 6,	/* guest used something outside the ABI */
	EXIT_STOPPED = 8,	/* signal or --timeout */
	EXIT_USAGE = 64,
	EXIT_BADIMAGE = 66,
	EXIT_NODEV = 68,	/* module not loaded or device unusable */
	EXIT_INTERNAL = 70,
};

struct run_opts {
	uint64_t mem;		/* bytes */
	int cpu;		/* -1: highest online */
	double timeout;		/* seconds, 0 = none */
	const char *cmdline;	/* NULL: none */
	int stats;		/* 0 none, 1 table, 2 json */
	bool eager;
	bool ram_4k;		/* --host-pages=4k */
	bool debug_refault;	/* --debug-refault */
	const char *image;
};

/* device.c */
int open_device(void);			/* fd, or exits with EXIT_NODEV */
int highest_online_cpu(void);

/* load.c: ELF + Multiboot. Returns 0 or an exit status (message printed). */
int load_guest(int vmfd, const struct run_opts *o, struct vtlb_regs *regs);

/* run.c */
int cmd_run(int argc, char **argv);

/* stats.c */
void print_stats(FILE *f, const struct vtlb_stats *st, bool json);
int cmd_stats(int argc, char **argv);
int get_stats(int vmfd, struct vtlb_stats *st);

/* Parse "64M", "1G", "4096", "65536K". Returns false on error. */
bool parse_size(const char *s, uint64_t *out);

#endif
