// SPDX-License-Identifier: GPL-2.0
/*
 * Runs inside the test VM with vtlb.ko loaded: the /dev/vtlb and VM fd
 * interface as a user sees it -- versions, argument checks, VM lifetime,
 * debugfs naming, CPU ownership, module refcount. One "ok"/"not ok" line
 * per check (TAP-like); exit status 1 if any check failed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "uapi/vtlb.h"

static int checks, failures;

static void check(bool ok, const char *name)
{
	checks++;
	if (!ok)
		failures++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", checks, name);
	fflush(stdout);
}

/* ioctl that must fail with @err. */
static bool fails(int fd, unsigned long cmd, void *arg, int err)
{
	errno = 0;
	return ioctl(fd, cmd, arg) == -1 && errno == err;
}

static struct vtlb_vm_config config(uint64_t mem, int cpu)
{
	struct vtlb_vm_config c = { .size = sizeof(c), .mem_size = mem, .cpu = cpu };
	return c;
}

static int debugfs_vm_dirs(pid_t pid, char *name, size_t len)
{
	char prefix[32];
	struct dirent *de;
	int n = 0;
	DIR *d = opendir("/sys/kernel/debug/vtlb");

	if (!d)
		return -1;
	snprintf(prefix, sizeof(prefix), "%d-", pid);
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, prefix, strlen(prefix))) {
			snprintf(name, len, "%s", de->d_name);
			n++;
		}
	closedir(d);
	return n;
}

/* The number after "@key " in the debugfs info file @path, or -1. */
static long info_value(const char *path, const char *key)
{
	char line[256];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ' ')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static int last_cpu(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;
}

/*
 * A 37-byte guest at 0x1000: CR3 = 0x10000 (PD -> PT at 0x11000, the first
 * 128 KiB identity-mapped, supervisor read/write), paging on, a write to
 * 0x5000, OUT 7 to isa-debug-exit.
 */
static const unsigned char dump_guest[] = {
	0xb8, 0x00, 0x00, 0x01, 0x00,		/* mov $0x10000, %eax */
	0x0f, 0x22, 0xd8,			/* mov %eax, %cr3 */
	0x0f, 0x20, 0xc0,			/* mov %cr0, %eax */
	0x0d, 0x00, 0x00, 0x00, 0x80,		/* or $0x80000000, %eax */
	0x0f, 0x22, 0xc0,			/* mov %eax, %cr0 */
	0xc7, 0x05, 0x00, 0x50, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, /* movl $42, 0x5000 */
	0x66, 0xba, 0xf4, 0x00,			/* mov $0xf4, %dx */
	0xb0, 0x07,				/* mov $7, %al */
	0xee,					/* out %al, %dx */
	0xf4,					/* hlt */
};

static int write_guest(int vm, uint64_t gpa, const void *p, size_t len)
{
	struct vtlb_mem_io io = { .size = sizeof(io), .gpa = gpa, .len = len,
				  .buf = (uintptr_t)p };

	return ioctl(vm, VTLB_WRITE_MEM, &io);
}

/* The whole debugfs file, read @chunk bytes per read(); its length or -1. */
static ssize_t read_dump(const char *path, char *buf, size_t cap, size_t chunk)
{
	size_t n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (n < cap - 1 && (r = read(fd, buf + n, chunk < cap - 1 - n ? chunk : cap - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	return n;
}

/*
 * debugfs "vtlb": after a guest turned paging on and wrote one page, the
 * picture shows the guest's PDE and PTE with A (and D) set next to a present,
 * writable active supervisor entry; reading it 7 bytes at a time gives the
 * same text as one read (the dump is streamed per 4 MiB region).
 */
static void dump_test(int dev)
{
	static char whole[1 << 16], pieces[1 << 16];
	struct vtlb_vm_config c = config(8ULL << 20, last_cpu());
	uint32_t pde = 0x11000 | 3, pt[32];
	struct vtlb_regs regs = { .size = sizeof(regs) };
	struct vtlb_run run = { .size = sizeof(run) };
	char dir[256], path[320], serial[64];
	unsigned long long sup = 0, user = 0;
	unsigned int va, gpte;
	const char *line;
	int vm, i, ok;

	for (i = 0; i < 32; i++)
		pt[i] = (uint32_t)i << 12 | 3;
	vm = ioctl(dev, VTLB_CREATE_VM, &c);
	ok = vm >= 0 && !write_guest(vm, 0x1000, dump_guest, sizeof(dump_guest)) &&
	     !write_guest(vm, 0x10000, &pde, 4) && !write_guest(vm, 0x11000, pt, sizeof(pt)) &&
	     !ioctl(vm, VTLB_GET_REGS, &regs);
	regs.eip = 0x1000;
	ok = ok && !ioctl(vm, VTLB_SET_REGS, &regs);
	run.serial_buf = (uintptr_t)serial;
	run.serial_cap = sizeof(serial);
	ok = ok && !ioctl(vm, VTLB_RUN, &run) &&
	     run.exit_reason == VTLB_EXIT_DEBUG_EXIT && run.debug_exit.value == 7;
	check(ok, "dump guest: paging on, a write, isa-debug-exit 7");
	ok = ok && debugfs_vm_dirs(getpid(), dir, sizeof(dir)) == 1;
	snprintf(path, sizeof(path), "/sys/kernel/debug/vtlb/%s/vtlb", dir);
	ok = ok && read_dump(path, whole, sizeof(whole), sizeof(whole)) > 0;
	check(ok && !strncmp(whole, "cr0 80000011 cr3 00010000 ", 26),
	      "debugfs vtlb: header with the guest's CR0 and CR3");
	check(ok && strstr(whole, "\n00000000 guest-pde 00011023 sup "),
	      "debugfs vtlb: guest PDE 0 with A set");
	line = ok ? strstr(whole, "\n  00005000 guest-pte ") : NULL;
	check(line && sscanf(line, " %x guest-pte %x sup %llx user %llx", &va, &gpte, &sup, &user) == 4 &&
	      gpte == 0x5063 && (sup & 3) == 3 && (sup & ~0xfffULL),
	      "debugfs vtlb: written page with A and D, active supervisor entry present and writable");
	check(ok && read_dump(path, pieces, sizeof(pieces), 7) == (ssize_t)strlen(whole) &&
	      !strcmp(whole, pieces), "debugfs vtlb: read 7 bytes at a time, the same text");
	if (vm >= 0)
		close(vm);
}

int main(void)
{
	struct vtlb_vm_config c;
	struct vtlb_mem_io io;
	struct vtlb_regs regs;
	struct vtlb_stats st;
	struct stat sb;
	char buf[64], back[64], dir[256], path[320];
	int dev, vm, vm2, i, ok;

	dev = open("/dev/vtlb", O_RDWR);
	check(dev >= 0, "open /dev/vtlb");
	if (dev < 0)
		return 1;
	check(!stat("/dev/vtlb", &sb) && (sb.st_mode & 0777) == 0600, "/dev/vtlb mode is 0600");
	check(ioctl(dev, VTLB_GET_API_VERSION, 0) == VTLB_API_VERSION, "VTLB_GET_API_VERSION");
	check(fails(dev, _IO(VTLBIO, 0x7f), NULL, ENOTTY), "unknown /dev/vtlb ioctl -> ENOTTY");
	check(fails(dev, _IO(0x42, 0x00), NULL, ENOTTY), "foreign ioctl type -> ENOTTY");

	c = config(0, VTLB_CPU_DEFAULT);
	c.size = 8;
	check(fails(dev, VTLB_CREATE_VM, &c, EINVAL), "CREATE_VM: wrong size -> EINVAL");
	c = config(0, VTLB_CPU_DEFAULT);
	c.flags = 0x80;
	check(fails(dev, VTLB_CREATE_VM, &c, EINVAL), "CREATE_VM: unknown flag -> EINVAL");
	c = config(0, VTLB_CPU_DEFAULT);
	c.reserved[3] = 1;
	check(fails(dev, VTLB_CREATE_VM, &c, EINVAL), "CREATE_VM: reserved field -> EINVAL");
	c = config((4ULL << 20) + 100, VTLB_CPU_DEFAULT);
	check(fails(dev, VTLB_CREATE_VM, &c, EINVAL), "CREATE_VM: mem not 4 KiB multiple -> EINVAL");
	c = config(4ULL << 30, VTLB_CPU_DEFAULT);
	check(fails(dev, VTLB_CREATE_VM, &c, EINVAL), "CREATE_VM: mem above 3 GiB -> EINVAL");
	c = config(4096, VTLB_CPU_DEFAULT);
	check(fails(dev, VTLB_CREATE_VM, &c, EINVAL), "CREATE_VM: mem below 1 MiB + 4 KiB -> EINVAL");
	c = config(0, 4096);
	check(fails(dev, VTLB_CREATE_VM, &c, EINVAL), "CREATE_VM: CPU out of range -> EINVAL");
	c = config(0, -2);
	check(fails(dev, VTLB_CREATE_VM, &c, EINVAL), "CREATE_VM: negative CPU -> EINVAL");
	check(fails(dev, VTLB_CREATE_VM, NULL, EFAULT), "CREATE_VM: NULL pointer -> EFAULT");
	check(fails(dev, VTLB_CREATE_VM, (void *)1, EFAULT), "CREATE_VM: bad pointer -> EFAULT");

	c = config(8ULL << 20, last_cpu());
	vm = ioctl(dev, VTLB_CREATE_VM, &c);
	check(vm >= 0, "CREATE_VM: 8 MiB on the last CPU");
	check(fcntl(vm, F_GETFD) & FD_CLOEXEC, "VM fd is close-on-exec");
	check(fails(dev, VTLB_CREATE_VM, &c, EBUSY), "second VM on the same CPU -> EBUSY");
	c = config(2ULL << 20, 0);
	vm2 = ioctl(dev, VTLB_CREATE_VM, &c);
	check(vm2 >= 0 || last_cpu() == 0, "second VM on another CPU");
	if (vm2 >= 0)
		close(vm2);

	check(fails(vm, _IO(VTLBIO, 0x7f), NULL, ENOTTY), "unknown VM ioctl -> ENOTTY");
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)(i * 7 + 1);
	io = (struct vtlb_mem_io){ .size = sizeof(io), .gpa = 0x7ffe0, .len = sizeof(buf),
				   .buf = (uintptr_t)buf };
	check(ioctl(vm, VTLB_WRITE_MEM, &io) == 0, "WRITE_MEM across a page boundary");
	io.buf = (uintptr_t)back;
	memset(back, 0, sizeof(back));
	check(ioctl(vm, VTLB_READ_MEM, &io) == 0 && !memcmp(buf, back, sizeof(buf)),
	      "READ_MEM returns what WRITE_MEM wrote");
	io.gpa = (8ULL << 20) - 16;
	check(fails(vm, VTLB_WRITE_MEM, &io, EINVAL), "WRITE_MEM past the end of RAM -> EINVAL");
	io.gpa = ~0ULL - 8;
	check(fails(vm, VTLB_WRITE_MEM, &io, EINVAL), "WRITE_MEM with wrapping range -> EINVAL");
	io.gpa = 0;
	io.buf = 8;
	check(fails(vm, VTLB_WRITE_MEM, &io, EFAULT), "WRITE_MEM from a bad user pointer -> EFAULT");
	io.buf = (uintptr_t)buf;
	io.flags = 1;
	check(fails(vm, VTLB_WRITE_MEM, &io, EINVAL), "WRITE_MEM with flags -> EINVAL");

	memset(&regs, 0, sizeof(regs));
	regs.size = sizeof(regs);
	check(ioctl(vm, VTLB_GET_REGS, &regs) == 0 && regs.size == sizeof(regs), "GET_REGS");
	regs.cpl = 1;
	check(fails(vm, VTLB_SET_REGS, &regs, EINVAL), "SET_REGS with CPL 1 -> EINVAL");
	regs.cpl = 0;
	regs.cr4 = 0x20;
	check(fails(vm, VTLB_SET_REGS, &regs, EINVAL), "SET_REGS with CR4.PAE -> EINVAL");
	regs.cr4 = 0;
	regs.cr0 = 0x11;
	regs.eip = 0x100000;
	check(ioctl(vm, VTLB_SET_REGS, &regs) == 0, "SET_REGS with the Multiboot entry state");

	memset(&st, 0, sizeof(st));
	st.size = 4;
	check(fails(vm, VTLB_GET_STATS, &st, EINVAL), "GET_STATS wrong size -> EINVAL");
	st.size = sizeof(st);
	st.nr = 64;
	check(ioctl(vm, VTLB_GET_STATS, &st) == 0 && st.nr == VTLB_STAT_NR, "GET_STATS returns every counter");

	ok = debugfs_vm_dirs(getpid(), dir, sizeof(dir));
	check(ok == 1, "one debugfs directory named after this process");
	snprintf(path, sizeof(path), "/sys/kernel/debug/vtlb/%s/stats", dir);
	check(ok == 1 && access(path, R_OK) == 0, "debugfs stats file");
	snprintf(path, sizeof(path), "/sys/kernel/debug/vtlb/%s/info", dir);
	check(ok == 1 && info_value(path, "ram_2m_blocks") == 4,
	      "8 MiB of guest RAM in four 2 MiB host blocks (debugfs info)");
	check(system("rmmod vtlb 2>/dev/null") != 0, "rmmod refused while a VM is alive");
	close(vm);
	check(debugfs_vm_dirs(getpid(), dir, sizeof(dir)) == 0, "debugfs directory removed with the VM");

	c = config(8ULL << 20, last_cpu());
	c.flags = VTLB_VM_RAM_4K;
	vm = ioctl(dev, VTLB_CREATE_VM, &c);
	ok = vm >= 0 && debugfs_vm_dirs(getpid(), dir, sizeof(dir)) == 1;
	snprintf(path, sizeof(path), "/sys/kernel/debug/vtlb/%s/info", dir);
	check(ok && info_value(path, "ram_2m_blocks") == 0,
	      "VTLB_VM_RAM_4K: no 2 MiB host blocks (debugfs info)");
	if (vm >= 0)
		close(vm);

	dump_test(dev);

	ok = 1;
	for (i = 0; i < 1000 && ok; i++) {
		c = config(2ULL << 20, last_cpu());
		vm = ioctl(dev, VTLB_CREATE_VM, &c);
		ok = vm >= 0 && close(vm) == 0;
	}
	check(ok, "1000 create/close VM cycles");
	close(dev);

	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
