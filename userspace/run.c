// SPDX-License-Identifier: GPL-2.0
/*
 * `vtlb run`: create a VM, load the image, run it, copy COM1 output to
 * stdout, and turn the VM's end into the ABI's exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include "launcher.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* No SA_RESTART: a signal makes VTLB_RUN return -EINTR at once. */
static void install_handlers(double timeout)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct itimerval it = { 0 };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	if (timeout > 0) {
		it.it_value.tv_sec = (time_t)timeout;
		it.it_value.tv_usec = (suseconds_t)((timeout - (double)it.it_value.tv_sec) * 1e6);
		if (!it.it_value.tv_sec && !it.it_value.tv_usec)
			it.it_value.tv_usec = 1;
		setitimer(ITIMER_REAL, &it, NULL);
	}
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int describe_exit(const struct vtlb_run *r)
{
	unsigned int i;

	switch (r->exit_reason) {
	case VTLB_EXIT_DEBUG_EXIT:
		return ((r->debug_exit.value << 1) | 1) & 0xff;
	case VTLB_EXIT_HLT:
		fprintf(stderr, "vtlb: guest halted with interrupts disabled\n");
		return EXIT_HALTED;
	case VTLB_EXIT_TRIPLE_FAULT:
		fprintf(stderr, "vtlb: triple fault\n");
		return EXIT_TRIPLE;
	case VTLB_EXIT_UNSUPPORTED:
		fprintf(stderr, "vtlb: unsupported: vector %u error code %#x at cpl %u eip %#x, instruction",
			r->unsupported.vector, r->unsupported.error_code,
			r->unsupported.cpl, r->unsupported.eip);
		for (i = 0; i < r->unsupported.insn_len && i < VTLB_INSN_MAX; i++)
			fprintf(stderr, " %02x", r->unsupported.insn[i]);
		if (!r->unsupported.insn_len)
			fprintf(stderr, " bytes unreadable");
		fprintf(stderr, "\n");
		return EXIT_UNSUPPORTED;
	case VTLB_EXIT_INTERNAL_ERROR:
		fprintf(stderr, "vtlb: VMM internal error %d (%s) at %u\n",
			r->internal.error, strerror(-r->internal.error),
			r->internal.where);
		return EXIT_INTERNAL;
	default:
		fprintf(stderr, "vtlb: unknown exit reason %u\n", r->exit_reason);
		return EXIT_INTERNAL;
	}
}

static int run_loop(int vmfd)
{
	static unsigned char serial[65536];
	struct vtlb_run r;
	int ret;

	for (;;) {
		memset(&r, 0, sizeof(r));
		r.size = sizeof(r);
		r.serial_buf = (uintptr_t)serial;
		r.serial_cap = sizeof(serial);
		ret = ioctl(vmfd, VTLB_RUN, &r);
		if (r.serial_len && write_all(STDOUT_FILENO, serial, r.serial_len)) {
			fprintf(stderr, "vtlb: writing guest output: %s\n", strerror(errno));
			return EXIT_INTERNAL;
		}
		if (ret < 0 && errno == EINTR) {
			if (stop_signal) {
				fprintf(stderr, "vtlb: stopped by %s\n",
					stop_signal == SIGALRM ? "--timeout" : strsignal(stop_signal));
				return EXIT_STOPPED;
			}
			continue;
		}
		if (ret < 0) {
			fprintf(stderr, "vtlb: VTLB_RUN: %s\n", strerror(errno));
			return EXIT_INTERNAL;
		}
		if (r.exit_reason == VTLB_EXIT_SERIAL || r.exit_reason == VTLB_EXIT_NONE)
			continue;
		return describe_exit(&r);
	}
}

static void usage_run(FILE *f)
{
	fprintf(f,
		"usage: vtlb run [--mem SIZE] [--cpu N] [--timeout S] [--cmdline STR]\n"
		"                [--fill=lazy|eager] [--host-pages=2m|4k] [--debug-refault]\n"
		"                [--stats[=json]] GUEST.elf\n");
}

static int parse_run(int argc, char **argv, struct run_opts *o)
{
	static const struct option opts[] = {
		{ "mem", required_argument, NULL, 'm' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "cmdline", required_argument, NULL, 'l' },
		{ "fill", required_argument, NULL, 'f' },
		{ "stats", optional_argument, NULL, 's' },
		{ "host-pages", required_argument, NULL, 'p' },
		{ "debug-refault", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->mem = VTLB_MEM_DEFAULT;
	o->cpu = -1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!parse_size(optarg, &o->mem) || !o->mem ||
			    o->mem % VTLB_PAGE_SIZE || o->mem > VTLB_MEM_MAX ||
			    o->mem < (1u << 20) + VTLB_PAGE_SIZE) {
				fprintf(stderr, "vtlb: --mem %s: need a multiple of 4 KiB between 1 MiB + 4 KiB and 3 GiB\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			o->cpu = (int)strtol(optarg, &end, 10);
			if (*end || o->cpu < 0) {
				fprintf(stderr, "vtlb: --cpu %s: not a CPU number\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			o->timeout = strtod(optarg, &end);
			if (*end || o->timeout <= 0) {
				fprintf(stderr, "vtlb: --timeout %s: need seconds > 0\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'l':
			o->cmdline = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "lazy"))
				o->eager = false;
			else if (!strcmp(optarg, "eager"))
				o->eager = true;
			else {
				fprintf(stderr, "vtlb: --fill %s: lazy or eager\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'p':
			if (!strcmp(optarg, "2m"))
				o->ram_4k = false;
			else if (!strcmp(optarg, "4k"))
				o->ram_4k = true;
			else {
				fprintf(stderr, "vtlb: --host-pages %s: 2m or 4k\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			o->debug_refault = true;
			break;
		case 's':
			if (!optarg || !strcmp(optarg, "table"))
				o->stats = 1;
			else if (!strcmp(optarg, "json"))
				o->stats = 2;
			else {
				fprintf(stderr, "vtlb: --stats=%s: table or json\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage_run(stdout);
			exit(0);
		default:
			usage_run(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage_run(stderr);
		return EXIT_USAGE;
	}
	o->image = argv[optind];
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct vtlb_vm_config cfg = { .size = sizeof(cfg) };
	struct vtlb_regs regs;
	struct run_opts o;
	cpu_set_t set;
	int devfd, vmfd, ret;

	ret = parse_run(argc, argv, &o);
	if (ret)
		return ret;
	devfd = open_device();
	if (o.cpu < 0)
		o.cpu = highest_online_cpu();
	cfg.mem_size = o.mem;
	cfg.cpu = o.cpu < 0 ? VTLB_CPU_DEFAULT : o.cpu;
	cfg.flags = (o.eager ? VTLB_VM_FILL_EAGER : 0) |
		    (o.ram_4k ? VTLB_VM_RAM_4K : 0) |
		    (o.debug_refault ? VTLB_VM_DEBUG_REFAULT : 0);
	vmfd = ioctl(devfd, VTLB_CREATE_VM, &cfg);
	if (vmfd < 0) {
		ret = errno;
		fprintf(stderr, "vtlb: cannot create a VM on CPU %d with %llu bytes: %s%s\n",
			o.cpu, (unsigned long long)o.mem, strerror(ret),
			ret == EBUSY ? " (another VM owns that CPU; try --cpu)" : "");
		return ret == ENOMEM || ret == EBUSY || ret == EINVAL ? EXIT_USAGE : EXIT_NODEV;
	}
	/* The VM is bound to its CPU: run this thread there. */
	if (o.cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(o.cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "vtlb: cannot run on CPU %d: %s\n", o.cpu, strerror(errno));
			return EXIT_USAGE;
		}
	}
	ret = load_guest(vmfd, &o, &regs);
	if (ret)
		return ret;
	if (ioctl(vmfd, VTLB_SET_REGS, &regs) < 0) {
		fprintf(stderr, "vtlb: VTLB_SET_REGS: %s\n", strerror(errno));
		return EXIT_INTERNAL;
	}
	install_handlers(o.timeout);
	ret = run_loop(vmfd);
	if (o.stats) {
		struct vtlb_stats st;

		if (!get_stats(vmfd, &st))
			print_stats(stderr, &st, o.stats == 2);
	}
	close(vmfd);
	close(devfd);
	return ret;
}
