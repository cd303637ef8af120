// SPDX-License-Identifier: GPL-2.0
/*
 * vtlb: the launcher for the vtlb shadow-paging VMM.
 *   vtlb run [options] GUEST.elf   run a guest (see `vtlb run --help`)
 *   vtlb stats PID|VM [--json]     counters of a running VM (debugfs)
 *   vtlb version                   launcher and module API versions
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "launcher.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vtlb COMMAND [ARGS]\n"
		"\n"
		"commands:\n"
		"  run [--mem SIZE] [--cpu N] [--timeout S] [--cmdline STR]\n"
		"      [--fill=lazy|eager] [--host-pages=2m|4k] [--debug-refault]\n"
		"      [--stats[=json]] GUEST.elf\n"
		"                      run a guest image (guest-abi.md); COM1 output\n"
		"                      goes to stdout, the exit status is the guest's\n"
		"  stats PID|VM [--json]\n"
		"                      counters of a running VM, from debugfs\n"
		"  version             launcher and module API versions\n"
		"  help                this text\n"
		"\n"
		"exit status: (v << 1) | 1 for isa-debug-exit value v; 2 halted,\n"
		"4 triple fault, 6 unsupported, 8 signal/timeout, 64 usage,\n"
		"66 bad image, 68 module not loaded, 70 internal error\n");
}

static int cmd_version(void)
{
	int fd;

	printf("vtlb launcher %s, API version %d\n", LAUNCHER_VERSION,
	       VTLB_API_VERSION);
	fd = open_device();
	printf("vtlb module API version %d\n", ioctl(fd, VTLB_GET_API_VERSION, 0));
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version"))
		return cmd_version();
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(cmd, "stats"))
		return cmd_stats(argc - 1, argv + 1);
	fprintf(stderr, "vtlb: unknown command '%s'\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
