// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "vtlb_vm": VM file descriptors through the module's real paths.
 *
 * KUnit runs a module's suites while the module is still "coming", before
 * its init function: /dev/vtlb is not registered yet. The suite therefore
 * enters one step below the misc device, at vtlb_vm_create() -- the function
 * the VTLB_CREATE_VM ioctl of /dev/vtlb calls with the user's pointer -- and
 * then drives the VM file exactly as userspace does: ioctl through the
 * file's f_op, close() through the fd table.
 *
 * Arguments must be real user memory (copy_from_user rejects kernel
 * addresses), so each case borrows the address space of the insmod process
 * that is loading the module (kthread_use_mm) and maps a scratch buffer in it.
 * Cases avoid KUNIT_ASSERT_* while that address space is in use: an assert
 * would end the test thread with the borrowed mm still attached.
 */
#include <kunit/test.h>
#include <linux/debugfs.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>
#include "uapi/vtlb.h"
#include "../src/linux/vm.h"
#include "../src/linux/glue.h"
#include "../src/vtlb/internal.h"

#define VM_TEST_MEM	((1ULL << 20) + (64ULL << 12))	/* 1 MiB + 256 KiB */
#define UBUF_SIZE	(4 * PAGE_SIZE)

static struct mm_struct *vm_test_mm;	/* the insmod process's mm */

struct vm_test {
	unsigned long ubuf;		/* user address of the scratch buffer */
	bool mm_used;
};

/* Runs in the insmod process (not in a test thread). */
static int vm_test_suite_init(struct kunit_suite *suite)
{
	if (!current->mm)
		return -EINVAL;
	mmget(current->mm);
	vm_test_mm = current->mm;
	/* The module's init has not run: give the VMs their debugfs root. */
	vtlb_debugfs_init();
	return 0;
}

static void vm_test_suite_exit(struct kunit_suite *suite)
{
	vtlb_debugfs_exit();
	mmput(vm_test_mm);
	vm_test_mm = NULL;
}

static bool vm_test_begin(struct kunit *test, struct vm_test *t)
{
	memset(t, 0, sizeof(*t));
	if (!vm_test_mm) {
		KUNIT_FAIL(test, "no user address space to borrow");
		return false;
	}
	kthread_use_mm(vm_test_mm);
	t->mm_used = true;
	t->ubuf = vm_mmap(NULL, 0, UBUF_SIZE, PROT_READ | PROT_WRITE,
			  MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(t->ubuf)) {
		KUNIT_FAIL(test, "vm_mmap: %ld", (long)t->ubuf);
		kthread_unuse_mm(vm_test_mm);
		t->mm_used = false;
		return false;
	}
	return true;
}

static void vm_test_end(struct vm_test *t)
{
	vm_munmap(t->ubuf, UBUF_SIZE);
	kthread_unuse_mm(vm_test_mm);
	t->mm_used = false;
}

static void __user *uptr(struct vm_test *t, size_t off)
{
	return (void __user *)(t->ubuf + off);
}

static struct vtlb_vm_config good_config(s32 cpu)
{
	struct vtlb_vm_config cfg = {
		.size = sizeof(cfg),
		.mem_size = VM_TEST_MEM,
		.cpu = cpu,
	};

	return cfg;
}

/* VTLB_CREATE_VM with @cfg copied to user memory; returns fd or -errno. */
static int create_vm(struct vm_test *t, const struct vtlb_vm_config *cfg)
{
	if (copy_to_user(uptr(t, 0), cfg, sizeof(*cfg)))
		return -EFAULT;
	return vtlb_vm_create(uptr(t, 0));
}

/* close(fd) as the syscall does it, then wait for ->release to have run. */
static int close_vm(int fd)
{
	int ret = close_fd(fd);

	flush_delayed_fput();
	return ret;
}

/* ioctl(fd, cmd, arg) as the syscall does it once it has the file. */
static long vm_ioctl(int fd, unsigned int cmd, void __user *arg)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = vfs_ioctl(file, cmd, (unsigned long)arg);
	fput(file);
	return ret;
}

/* The vtlb_vm behind @fd (NULL if @fd is not open). */
static struct vtlb_vm *vm_of(int fd)
{
	struct file *file = fget(fd);
	struct vtlb_vm *vm;

	if (!file)
		return NULL;
	vm = file->private_data;
	fput(file);
	return vm;
}

static int last_online_cpu(void)
{
	int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

static void vtlb_vm_create_release(struct kunit *test)
{
	struct vtlb_vm_config cfg = good_config(VTLB_CPU_DEFAULT);
	struct dentry *root, *dir;
	struct vtlb_vm *vm;
	struct vm_test t;
	char name[48] = "";
	int fd, fd2;

	if (!vm_test_begin(test, &t))
		return;
	fd = create_vm(&t, &cfg);
	KUNIT_EXPECT_GE(test, fd, 0);
	if (fd < 0)
		goto out;
	vm = vm_of(fd);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, vm);
	if (vm) {
		KUNIT_EXPECT_EQ(test, vm->mem_size, VM_TEST_MEM);
		KUNIT_EXPECT_EQ(test, vm->nr_pages,
				(unsigned long)(VM_TEST_MEM >> PAGE_SHIFT));
		/* VTLB_CPU_DEFAULT is the highest-numbered online CPU. */
		KUNIT_EXPECT_EQ(test, vm->cpu, last_online_cpu());
		KUNIT_EXPECT_TRUE(test, vm->vtlb_ready);
		/* Guest RAM starts zeroed and is reachable from both ends. */
		KUNIT_EXPECT_NOT_NULL(test, vtlb_vm_gpa_to_hva(vm, 0));
		KUNIT_EXPECT_NOT_NULL(test, vtlb_vm_gpa_to_hva(vm, VM_TEST_MEM - 1));
		KUNIT_EXPECT_NULL(test, vtlb_vm_gpa_to_hva(vm, VM_TEST_MEM));
		if (vtlb_vm_gpa_to_hva(vm, VM_TEST_MEM - 1))
			KUNIT_EXPECT_EQ(test,
					*(u8 *)vtlb_vm_gpa_to_hva(vm, VM_TEST_MEM - 1), 0);
		/* debugfs: <pid>-<comm>-vm<id> under vtlb/. */
		snprintf(name, sizeof(name), "%d-%s-vm%u", vm->owner_pid,
			 vm->owner_comm, vm->id);
		root = debugfs_lookup("vtlb", NULL);
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, root);
		if (!IS_ERR_OR_NULL(root)) {
			dir = debugfs_lookup(name, root);
			KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, dir, "%s", name);
			dput(dir);
			dput(root);
		}
	}
	/* Release frees the CPU: the same CPU can be claimed again. */
	KUNIT_EXPECT_EQ(test, close_vm(fd), 0);
	if (vm) {
		root = debugfs_lookup("vtlb", NULL);
		if (!IS_ERR_OR_NULL(root)) {
			dir = debugfs_lookup(name, root);
			KUNIT_EXPECT_NULL_MSG(test, dir, "%s after close", name);
			dput(dir);
			dput(root);
		}
	}
	fd2 = create_vm(&t, &cfg);
	KUNIT_EXPECT_GE(test, fd2, 0);
	if (fd2 >= 0)
		KUNIT_EXPECT_EQ(test, close_vm(fd2), 0);
out:
	vm_test_end(&t);
}

/* Many cycles: nothing may leak or stay claimed (kmemleak-free run). */
static void vtlb_vm_create_release_cycles(struct kunit *test)
{
	struct vtlb_vm_config cfg = good_config(0);
	struct vm_test t;
	int i, fd, bad = 0;

	if (!vm_test_begin(test, &t))
		return;
	for (i = 0; i < 50; i++) {
		fd = create_vm(&t, &cfg);
		if (fd < 0) {
			bad++;
			continue;
		}
		if (close_vm(fd))
			bad++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	vm_test_end(&t);
}

static void vtlb_vm_busy_cpu(struct kunit *test)
{
	struct vtlb_vm_config cfg = good_config(0);
	struct vm_test t;
	int a, b;

	if (!vm_test_begin(test, &t))
		return;
	a = create_vm(&t, &cfg);
	KUNIT_EXPECT_GE(test, a, 0);
	if (a < 0)
		goto out;
	/* One VM per CPU. */
	b = create_vm(&t, &cfg);
	KUNIT_EXPECT_EQ(test, b, -EBUSY);
	if (b >= 0)
		close_vm(b);
	/* Another CPU is free, if there is one. */
	if (num_online_cpus() > 1 && cpu_online(1)) {
		cfg.cpu = 1;
		b = create_vm(&t, &cfg);
		KUNIT_EXPECT_GE(test, b, 0);
		if (b >= 0) {
			KUNIT_EXPECT_PTR_NE(test, vm_of(a), vm_of(b));
			if (vm_of(b))
				KUNIT_EXPECT_EQ(test, vm_of(b)->cpu, 1);
			close_vm(b);
		}
		cfg.cpu = 0;
	}
	KUNIT_EXPECT_EQ(test, close_vm(a), 0);
	b = create_vm(&t, &cfg);
	KUNIT_EXPECT_GE(test, b, 0);
	if (b >= 0)
		close_vm(b);
out:
	vm_test_end(&t);
}

static void vtlb_vm_create_bad_args(struct kunit *test)
{
	struct vtlb_vm_config cfg;
	struct vm_test t;
	int fd;

	if (!vm_test_begin(test, &t))
		return;

#define EXPECT_CREATE(err, what, change) do {				\
	cfg = good_config(0);						\
	change;								\
	fd = create_vm(&t, &cfg);					\
	KUNIT_EXPECT_EQ_MSG(test, fd, err, "%s", what);			\
	if (fd >= 0)							\
		close_vm(fd);						\
} while (0)

	EXPECT_CREATE(-EINVAL, "size 0", cfg.size = 0);
	EXPECT_CREATE(-EINVAL, "size - 8", cfg.size -= 8);
	EXPECT_CREATE(-EINVAL, "size + 8", cfg.size += 8);
	EXPECT_CREATE(-EINVAL, "unknown flag", cfg.flags = 1U << 31);
	EXPECT_CREATE(-EINVAL, "flag 8", cfg.flags = 8);
	EXPECT_CREATE(-EINVAL, "reserved[0]", cfg.reserved[0] = 1);
	EXPECT_CREATE(-EINVAL, "reserved[3]", cfg.reserved[3] = 1ULL << 63);
	EXPECT_CREATE(-EINVAL, "mem not 4K multiple", cfg.mem_size += 1);
	EXPECT_CREATE(-EINVAL, "mem > max", cfg.mem_size = VTLB_MEM_MAX + 4096);
	EXPECT_CREATE(-EINVAL, "mem huge", cfg.mem_size = ~0ULL << 12);
	EXPECT_CREATE(-EINVAL, "mem 1 MiB", cfg.mem_size = 1ULL << 20);
	EXPECT_CREATE(-EINVAL, "cpu -2", cfg.cpu = -2);
	EXPECT_CREATE(-EINVAL, "cpu nr_cpu_ids", cfg.cpu = nr_cpu_ids);
	EXPECT_CREATE(-EINVAL, "cpu huge", cfg.cpu = 1 << 30);
#undef EXPECT_CREATE

	/* The smallest legal memory and the eager flag are accepted. */
	cfg = good_config(0);
	cfg.mem_size = (1ULL << 20) + 4096;
	fd = create_vm(&t, &cfg);
	KUNIT_EXPECT_GE_MSG(test, fd, 0, "mem 1 MiB + 4 KiB");
	if (fd >= 0)
		close_vm(fd);
	cfg = good_config(0);
	cfg.flags = VTLB_VM_FILL_EAGER;
	fd = create_vm(&t, &cfg);
	KUNIT_EXPECT_GE_MSG(test, fd, 0, "eager");
	if (fd >= 0) {
		if (vm_of(fd))
			KUNIT_EXPECT_TRUE(test, vm_of(fd)->vtlb.cfg.eager);
		close_vm(fd);
	}

	/* Pointers the caller does not own. */
	KUNIT_EXPECT_EQ(test, vtlb_vm_create(NULL), -EFAULT);
	KUNIT_EXPECT_EQ(test, vtlb_vm_create((void __user *)(TASK_SIZE_MAX - 4)),
			-EFAULT);
	/* The failed attempts left CPU 0 unclaimed. */
	cfg = good_config(0);
	fd = create_vm(&t, &cfg);
	KUNIT_EXPECT_GE(test, fd, 0);
	if (fd >= 0)
		close_vm(fd);
	vm_test_end(&t);
}

static void vtlb_vm_ioctl_args(struct kunit *test)
{
	struct vtlb_vm_config cfg = good_config(0);
	struct vtlb_mem_io io;
	struct vtlb_regs regs;
	struct vtlb_stats *st;
	struct vtlb_run run;
	struct vtlb_vm *vm;
	struct vm_test t;
	u32 nr;
	u8 *hva;
	int fd;

	st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st);
	if (!vm_test_begin(test, &t))
		return;
	fd = create_vm(&t, &cfg);
	KUNIT_EXPECT_GE(test, fd, 0);
	if (fd < 0)
		goto out;
	vm = vm_of(fd);

	/* Unknown commands, including /dev/vtlb's own, are -ENOTTY. */
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, _IO(VTLBIO, 0x7f), NULL), -ENOTTY);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_CREATE_VM, uptr(&t, 0)), -ENOTTY);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_GET_API_VERSION, NULL), -ENOTTY);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, _IOW(VTLBIO, 0x10, u32), uptr(&t, 0)),
			-ENOTTY);

	/* VTLB_WRITE_MEM / VTLB_READ_MEM. */
#define MEM_IO(cmd, err, what, change) do {				\
	io = (struct vtlb_mem_io){ .size = sizeof(io), .gpa = 0x1ff0,	\
		.len = 32, .buf = t.ubuf + PAGE_SIZE };			\
	change;								\
	KUNIT_EXPECT_EQ_MSG(test, copy_to_user(uptr(&t, 0), &io,	\
			    sizeof(io)), 0UL, "%s", what);		\
	KUNIT_EXPECT_EQ_MSG(test, vm_ioctl(fd, cmd, uptr(&t, 0)),	\
			    (long)(err), "%s", what);			\
} while (0)
	MEM_IO(VTLB_WRITE_MEM, -EINVAL, "size 0", io.size = 0);
	MEM_IO(VTLB_WRITE_MEM, -EINVAL, "size + 8", io.size += 8);
	MEM_IO(VTLB_WRITE_MEM, -EINVAL, "flags", io.flags = 1);
	MEM_IO(VTLB_WRITE_MEM, -EINVAL, "reserved", io.reserved[1] = 1);
	MEM_IO(VTLB_WRITE_MEM, -EINVAL, "past RAM", io.gpa = VM_TEST_MEM - 16);
	MEM_IO(VTLB_READ_MEM, -EINVAL, "gpa past RAM", io.gpa = VM_TEST_MEM + 4096);
	MEM_IO(VTLB_READ_MEM, -EINVAL, "wrap", (io.gpa = 16, io.len = ~0ULL - 8));
	MEM_IO(VTLB_WRITE_MEM, -EFAULT, "bad buf", io.buf = 0);
	MEM_IO(VTLB_WRITE_MEM, 0, "empty at end", (io.gpa = VM_TEST_MEM, io.len = 0));

	/* A write crossing a page boundary lands in guest RAM, reads back. */
	{
		u8 pattern[32], back[32];
		int i;

		for (i = 0; i < 32; i++)
			pattern[i] = 0xa0 + i;
		KUNIT_EXPECT_EQ(test, copy_to_user(uptr(&t, PAGE_SIZE), pattern,
						   32), 0UL);
		MEM_IO(VTLB_WRITE_MEM, 0, "write", (void)0);
		if (vm) {
			hva = vtlb_vm_gpa_to_hva(vm, 0x1ff0);
			KUNIT_EXPECT_NOT_NULL(test, hva);
			if (hva)
				KUNIT_EXPECT_EQ(test, hva[15], 0xa0 + 15);
			hva = vtlb_vm_gpa_to_hva(vm, 0x2000);
			KUNIT_EXPECT_NOT_NULL(test, hva);
			if (hva)
				KUNIT_EXPECT_EQ(test, hva[0], 0xa0 + 16);
		}
		KUNIT_EXPECT_EQ(test, clear_user(uptr(&t, PAGE_SIZE), 32), 0UL);
		MEM_IO(VTLB_READ_MEM, 0, "read", (void)0);
		KUNIT_EXPECT_EQ(test, copy_from_user(back, uptr(&t, PAGE_SIZE),
						     32), 0UL);
		KUNIT_EXPECT_EQ(test, memcmp(back, pattern, 32), 0);
	}
#undef MEM_IO

	/* VTLB_GET_REGS / VTLB_SET_REGS. */
	KUNIT_EXPECT_EQ(test, put_user(sizeof(regs) - 4, (u32 __user *)uptr(&t, 0)), 0);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_GET_REGS, uptr(&t, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, put_user(sizeof(regs), (u32 __user *)uptr(&t, 0)), 0);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_GET_REGS, uptr(&t, 0)), 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(&regs, uptr(&t, 0), sizeof(regs)), 0UL);
	KUNIT_EXPECT_EQ(test, regs.size, (u32)sizeof(regs));
#define SET_REGS(err, what, change) do {				\
	memset(&regs, 0, sizeof(regs));					\
	regs.size = sizeof(regs);					\
	regs.eip = 0x100000;						\
	regs.cr0 = 0x11;	/* PE|ET: the vCPU refuses real mode */	\
	change;								\
	KUNIT_EXPECT_EQ_MSG(test, copy_to_user(uptr(&t, 0), &regs,	\
			    sizeof(regs)), 0UL, "%s", what);		\
	KUNIT_EXPECT_EQ_MSG(test, vm_ioctl(fd, VTLB_SET_REGS,		\
			    uptr(&t, 0)), (long)(err), "%s", what);	\
} while (0)
	SET_REGS(-EINVAL, "size", regs.size = 4);
	SET_REGS(-EINVAL, "cpl 1", regs.cpl = 1);
	SET_REGS(-EINVAL, "cpl 2", regs.cpl = 2);
	SET_REGS(-EINVAL, "reserved", regs.reserved[2] = 1);
	SET_REGS(-EINVAL, "CR4.PAE", regs.cr4 = 1U << 5);
	SET_REGS(0, "cpl 3", (regs.cpl = 3, regs.eax = 0x1234));
	SET_REGS(0, "cpl 0", (regs.cpl = 0, regs.eax = 0x5678));
#undef SET_REGS
	/* What was set is what GET_REGS returns. */
	KUNIT_EXPECT_EQ(test, clear_user(uptr(&t, 0), sizeof(regs)), 0UL);
	KUNIT_EXPECT_EQ(test, put_user(sizeof(regs), (u32 __user *)uptr(&t, 0)), 0);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_GET_REGS, uptr(&t, 0)), 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(&regs, uptr(&t, 0), sizeof(regs)), 0UL);
	KUNIT_EXPECT_EQ(test, regs.eax, 0x5678U);
	KUNIT_EXPECT_EQ(test, regs.eip, 0x100000U);
	KUNIT_EXPECT_EQ(test, regs.cpl, 0U);

	/* VTLB_GET_STATS: size checked, nr clamped to the known counters. */
	st->size = sizeof(*st) - 8;
	st->nr = 1;
	KUNIT_EXPECT_EQ(test, copy_to_user(uptr(&t, 0), st, sizeof(*st)), 0UL);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_GET_STATS, uptr(&t, 0)), -EINVAL);
	st->size = sizeof(*st);
	st->nr = 1000;
	KUNIT_EXPECT_EQ(test, copy_to_user(uptr(&t, 0), st, sizeof(*st)), 0UL);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_GET_STATS, uptr(&t, 0)), 0);
	KUNIT_EXPECT_EQ(test, get_user(nr, (u32 __user *)uptr(&t, 4)), 0);
	KUNIT_EXPECT_EQ(test, nr, (u32)VTLB_STAT_NR);
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_GET_STATS, NULL), -EFAULT);

	/* VTLB_RUN argument checks only: this suite never enters the guest. */
#define RUN_ARGS(err, what, change) do {				\
	memset(&run, 0, sizeof(run));					\
	run.size = sizeof(run);						\
	run.serial_buf = t.ubuf + 2 * PAGE_SIZE;			\
	run.serial_cap = 0;						\
	change;								\
	KUNIT_EXPECT_EQ_MSG(test, copy_to_user(uptr(&t, 0), &run,	\
			    sizeof(run)), 0UL, "%s", what);		\
	KUNIT_EXPECT_EQ_MSG(test, vm_ioctl(fd, VTLB_RUN, uptr(&t, 0)),	\
			    (long)(err), "%s", what);			\
} while (0)
	RUN_ARGS(-EINVAL, "serial_cap 0", (void)0);
	RUN_ARGS(-EINVAL, "size", (run.size = 8, run.serial_cap = 16));
	RUN_ARGS(-EINVAL, "reserved", (run.reserved[0] = 1, run.serial_cap = 16));
	RUN_ARGS(-EFAULT, "serial_buf kernel",
		 (run.serial_buf = TASK_SIZE_MAX, run.serial_cap = 16));
#undef RUN_ARGS
	KUNIT_EXPECT_EQ(test, vm_ioctl(fd, VTLB_RUN, NULL), -EFAULT);

	KUNIT_EXPECT_EQ(test, close_vm(fd), 0);
out:
	vm_test_end(&t);
}

/*
 * Guest RAM backing: whole 2 MiB pieces are 2 MiB-aligned host blocks by
 * default (so the core may map them with 2 MiB leaves, Fig 7B), and never
 * with VTLB_VM_RAM_4K, which also forbids 2 MiB leaves outright.
 */
static void vtlb_vm_ram_backing(struct kunit *test)
{
	const u64 mem = (5ULL << 20) + 4096;	/* two whole 2 MiB pieces */
	unsigned int i;
	struct vm_test t;

	if (!vm_test_begin(test, &t))
		return;
	for (i = 0; i < 2; i++) {
		struct vtlb_vm_config cfg = good_config(0);
		struct vtlb_vm *vm;
		u64 hpa = 0, base;
		int fd;

		cfg.mem_size = mem;
		cfg.flags = i ? VTLB_VM_RAM_4K : 0;
		fd = create_vm(&t, &cfg);
		KUNIT_EXPECT_GE(test, fd, 0);
		if (fd < 0)
			continue;
		vm = vm_of(fd);
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, vm);
		if (vm && !i) {
			KUNIT_EXPECT_EQ(test, vm->ram_2m_blocks, 2UL);
			base = page_to_phys(vm->pages[512]);
			KUNIT_EXPECT_EQ(test, base & (SZ_2M - 1), 0ULL);
			KUNIT_EXPECT_EQ(test, page_to_phys(vm->pages[1023]),
					base + SZ_2M - PAGE_SIZE);
			KUNIT_EXPECT_TRUE(test, vtlb_can_map_2m(&vm->vtlb, SZ_2M, &hpa));
			KUNIT_EXPECT_EQ(test, hpa, base);
			/* [4 MiB, 6 MiB) is not all RAM */
			KUNIT_EXPECT_FALSE(test, vtlb_can_map_2m(&vm->vtlb, SZ_4M, &hpa));
		} else if (vm) {
			KUNIT_EXPECT_EQ(test, vm->ram_2m_blocks, 0UL);
			KUNIT_EXPECT_TRUE(test, vm->vtlb.cfg.host_4k_only);
			KUNIT_EXPECT_FALSE(test, vtlb_can_map_2m(&vm->vtlb, 0, &hpa));
		}
		KUNIT_EXPECT_EQ(test, close_vm(fd), 0);
	}
	vm_test_end(&t);
}

static struct kunit_case vtlb_vm_cases[] = {
	KUNIT_CASE(vtlb_vm_create_release),
	KUNIT_CASE(vtlb_vm_create_release_cycles),
	KUNIT_CASE(vtlb_vm_busy_cpu),
	KUNIT_CASE(vtlb_vm_create_bad_args),
	KUNIT_CASE(vtlb_vm_ram_backing),
	KUNIT_CASE(vtlb_vm_ioctl_args),
	{}
};

static struct kunit_suite vtlb_vm_suite = {
	.name = "vtlb_vm",
	.suite_init = vm_test_suite_init,
	.suite_exit = vm_test_suite_exit,
	.test_cases = vtlb_vm_cases,
};

kunit_test_suites(&vtlb_vm_suite);
