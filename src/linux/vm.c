// SPDX-License-Identifier: GPL-2.0
/*
 * VM file descriptors: creation (VTLB_CREATE_VM), guest RAM, the ops table
 * through which the portable vTLB core reaches the host, the VM ioctls, and
 * teardown when the last reference to the fd goes away.
 *
 * Every ioctl argument is a versioned struct (include/uapi/vtlb.h): an
 * unknown size, unknown flag or non-zero reserved field is -EINVAL.
 */
#define pr_fmt(fmt) "vtlb: " fmt

#include <linux/anon_inodes.h>
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/pgtable.h>
#include "vm.h"
#include "glue.h"

/* One VM per CPU: the VM owns the core it runs on (vm->cpu). */
static DEFINE_MUTEX(vtlb_cpu_lock);
static struct vtlb_vm *vtlb_cpu_owner[NR_CPUS];
static atomic_t vtlb_next_id = ATOMIC_INIT(0);

static bool reserved_zero(const u64 *r, size_t n)
{
	while (n--)
		if (*r++)
			return false;
	return true;
}

/* ---- guest RAM ---------------------------------------------------------- */

void *vtlb_vm_gpa_to_hva(struct vtlb_vm *vm, u64 gpa)
{
	if (gpa >= vm->mem_size)
		return NULL;
	return page_address(vm->pages[gpa >> PAGE_SHIFT]) + offset_in_page(gpa);
}

static void vtlb_vm_free_ram(struct vtlb_vm *vm)
{
	unsigned long i;

	bitmap_free(vm->ram_2m);
	vm->ram_2m = NULL;
	if (!vm->pages)
		return;
	for (i = 0; i < vm->nr_pages; i++)
		if (vm->pages[i])
			__free_page(vm->pages[i]);
	kvfree(vm->pages);
	vm->pages = NULL;
}

#define VTLB_RAM_2M_ORDER	(21 - PAGE_SHIFT)
#define VTLB_RAM_2M_PAGES	(1UL << VTLB_RAM_2M_ORDER)

/*
 * One 2 MiB-aligned host block for guest RAM pages [@i, @i + 512), split
 * into order-0 pages so that teardown frees every page alike. Only taken
 * if free: no direct reclaim or compaction (kswapd may be woken); without
 * one, these pages are 4 KiB host pages.
 */
static bool vtlb_vm_alloc_2m(struct vtlb_vm *vm, unsigned long i)
{
	struct page *page;
	unsigned long j;

	page = alloc_pages((GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN) &
			   ~__GFP_DIRECT_RECLAIM, VTLB_RAM_2M_ORDER);
	if (!page)
		return false;
	split_page(page, VTLB_RAM_2M_ORDER);
	for (j = 0; j < VTLB_RAM_2M_PAGES; j++)
		vm->pages[i + j] = page + j;
	__set_bit(i / VTLB_RAM_2M_PAGES, vm->ram_2m);
	vm->ram_2m_blocks++;
	return true;
}

/*
 * Guest RAM is charged to the creator's memory cgroup (__GFP_ACCOUNT).
 * Each whole 2 MiB of it is one 2 MiB host block while the host has free
 * ones (unless VTLB_VM_RAM_4K), so the vTLB core can map a guest 4 MiB
 * page with 2 MiB host leaves (Fig 7B); the rest is 4 KiB pages.
 */
static int vtlb_vm_alloc_ram(struct vtlb_vm *vm)
{
	bool try_2m = !(vm->flags & VTLB_VM_RAM_4K);
	unsigned long i;

	vm->nr_pages = vm->mem_size >> PAGE_SHIFT;
	vm->pages = kvcalloc(vm->nr_pages, sizeof(*vm->pages),
			     GFP_KERNEL_ACCOUNT);
	vm->ram_2m = bitmap_zalloc(vm->nr_pages / VTLB_RAM_2M_PAGES + 1,
				   GFP_KERNEL_ACCOUNT);
	if (!vm->pages || !vm->ram_2m)
		return -ENOMEM;
	for (i = 0; i < vm->nr_pages; i++) {
		/* Whole 2 MiB pieces first; after the first miss, 4 KiB only. */
		if (try_2m && !(i % VTLB_RAM_2M_PAGES) &&
		    vm->nr_pages - i >= VTLB_RAM_2M_PAGES)
			try_2m = vtlb_vm_alloc_2m(vm, i);
		if (!vm->pages[i]) {
			vm->pages[i] = alloc_page(GFP_KERNEL_ACCOUNT |
						  __GFP_ZERO);
			if (!vm->pages[i])
				return -ENOMEM;
		}
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/* ---- the vTLB core's view of the host (struct vtlb_ops) ---------------- */

static void *ops_gpa_to_hva(void *ctx, u64 gpa)
{
	return vtlb_vm_gpa_to_hva(ctx, gpa);
}

static u64 ops_gpa_to_hpa(void *ctx, u64 gpa)
{
	struct vtlb_vm *vm = ctx;

	return page_to_phys(vm->pages[gpa >> PAGE_SHIFT]);
}

/* One bit test instead of the core's 512 gpa_to_hpa calls (Fig 7B). */
static bool ops_ram_2m_block(void *ctx, u64 gpa_2m, u64 *hpa)
{
	struct vtlb_vm *vm = ctx;
	unsigned long n = gpa_2m >> 21;

	if (gpa_2m + SZ_2M > vm->mem_size || !test_bit(n, vm->ram_2m))
		return false;
	*hpa = page_to_phys(vm->pages[n * VTLB_RAM_2M_PAGES]);
	return true;
}

static void *ops_alloc_table(void *ctx, u64 *hpa)
{
	struct page *page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);

	if (!page)
		return NULL;
	*hpa = page_to_phys(page);
	return page_address(page);
}

static void ops_free_table(void *ctx, void *table, u64 hpa)
{
	free_page((unsigned long)table);
}

/*
 * The active hierarchies are only ever loaded on vm->cpu, under their own
 * PCID; the world switch flushes that PCID before the next entry when asked.
 */
static void ops_flush_va(void *ctx, u32 va)
{
	struct vtlb_vm *vm = ctx;

	vm->tlb_flush_pending[VTLB_SUP] = true;
	vm->tlb_flush_pending[VTLB_USER] = true;
}

static void ops_flush_all(void *ctx)
{
	struct vtlb_vm *vm = ctx;

	vm->tlb_flush_pending[VTLB_SUP] = true;
	vm->tlb_flush_pending[VTLB_USER] = true;
}

/* ---- the virtual CPU's view of the world switch (struct vcpu_ops) ------ */

/* LGDT or an emulated segment load: rebuild the shadows before entry. */
static void ops_gdt_loaded(void *ctx, struct vcpu *c)
{
	struct vtlb_vm *vm = ctx;

	vm->gdt_dirty = true;
}

static const struct vcpu_ops vtlb_vcpu_ops = {
	.gdt_loaded = ops_gdt_loaded,
};

static const struct vtlb_ops vtlb_linux_ops = {
	.gpa_to_hva = ops_gpa_to_hva,
	.gpa_to_hpa = ops_gpa_to_hpa,
	.ram_2m_block = ops_ram_2m_block,
	.alloc_table = ops_alloc_table,
	.free_table = ops_free_table,
	.flush_va = ops_flush_va,
	.flush_all = ops_flush_all,
};

/* ---- lifetime ----------------------------------------------------------- */

static void vtlb_vm_destroy(struct vtlb_vm *vm)
{
	vtlb_debugfs_remove_vm(vm);
	vtlb_vm_switch_free(vm);
	if (vm->vtlb_ready)
		vtlb_destroy(&vm->vtlb);
	vtlb_vm_free_ram(vm);
	mutex_lock(&vtlb_cpu_lock);
	if (vm->cpu >= 0 && vtlb_cpu_owner[vm->cpu] == vm)
		vtlb_cpu_owner[vm->cpu] = NULL;
	mutex_unlock(&vtlb_cpu_lock);
	kvfree(vm);
}

static int vtlb_vm_release(struct inode *inode, struct file *file)
{
	vtlb_vm_destroy(file->private_data);
	return 0;
}

static int vtlb_pick_cpu(s32 want)
{
	int cpu;

	if (want == VTLB_CPU_DEFAULT) {
		for (cpu = nr_cpu_ids - 1; cpu >= 0; cpu--)
			if (cpu_online(cpu))
				return cpu;
		return -ENODEV;
	}
	if (want < 0 || want >= nr_cpu_ids || !cpu_online(want))
		return -EINVAL;
	return want;
}

static int vtlb_vm_claim_cpu(struct vtlb_vm *vm, s32 want)
{
	int cpu, ret = 0;

	mutex_lock(&vtlb_cpu_lock);
	cpu = vtlb_pick_cpu(want);
	if (cpu < 0)
		ret = cpu;
	else if (vtlb_cpu_owner[cpu])
		ret = -EBUSY;
	else
		vtlb_cpu_owner[cpu] = vm;
	mutex_unlock(&vtlb_cpu_lock);
	vm->cpu = ret ? -1 : cpu;
	return ret;
}

static int vtlb_check_config(struct vtlb_vm_config *cfg)
{
	if (cfg->flags & ~VTLB_VM_FLAGS_ALL)
		return -EINVAL;
	if (!reserved_zero(cfg->reserved, ARRAY_SIZE(cfg->reserved)))
		return -EINVAL;
	if (!cfg->mem_size)
		cfg->mem_size = VTLB_MEM_DEFAULT;
	/* At least the first MiB plus one page: Multiboot images load at 1 MiB. */
	if (cfg->mem_size % VTLB_PAGE_SIZE || cfg->mem_size > VTLB_MEM_MAX ||
	    cfg->mem_size < (1ULL << 20) + VTLB_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

static const struct file_operations vtlb_vm_fops;

int vtlb_vm_create(void __user *uconfig)
{
	struct vtlb_config core_cfg = {};
	struct vtlb_vm_config cfg;
	struct vtlb_vm *vm;
	u32 size;
	int ret, fd;

	if (get_user(size, (u32 __user *)uconfig))
		return -EFAULT;
	if (size != sizeof(cfg))
		return -EINVAL;
	if (copy_from_user(&cfg, uconfig, sizeof(cfg)))
		return -EFAULT;
	ret = vtlb_check_config(&cfg);
	if (ret)
		return ret;

	vm = kvzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return -ENOMEM;
	mutex_init(&vm->lock);
	vm->id = atomic_inc_return(&vtlb_next_id) - 1;
	vm->owner_pid = task_tgid_nr(current);
	get_task_comm(vm->owner_comm, current);
	vm->flags = cfg.flags;
	vm->mem_size = cfg.mem_size;
	vm->cpu = -1;
	vm->gdt_cpl = -1;
	vm->gdt_dirty = true;
	vm->io.serial = vm->serial;
	vm->io.serial_len = &vm->serial_len;
	vm->io.serial_cap = VTLB_SERIAL_BUF;
	vm->io.com1_lcr = &vm->com1_lcr;

	ret = vtlb_vm_claim_cpu(vm, cfg.cpu);
	if (ret)
		goto fail;
	ret = vtlb_vm_alloc_ram(vm);
	if (ret)
		goto fail;

	core_cfg.ram_size = vm->mem_size;
	core_cfg.levels = pgtable_l5_enabled() ? 5 : 4;
	core_cfg.max_tables = cfg.max_tables;
	core_cfg.eager = cfg.flags & VTLB_VM_FILL_EAGER;
	/* 4 KiB pages may still be contiguous by chance: say "no" outright. */
	core_cfg.host_4k_only = cfg.flags & VTLB_VM_RAM_4K;
	ret = vtlb_init(&vm->vtlb, &core_cfg, &vtlb_linux_ops, vm);
	if (ret)
		goto fail;
	vm->vtlb_ready = true;
	ret = vcpu_init(&vm->vcpu, &vm->vtlb, &vtlb_vcpu_ops, vm, &vm->io);
	if (ret)
		goto fail;

	vtlb_debugfs_add_vm(vm);
	fd = anon_inode_getfd("vtlb-vm", &vtlb_vm_fops, vm, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto fail;
	}
	return fd;
fail:
	vtlb_vm_destroy(vm);
	return ret;
}

/* ---- VM ioctls ---------------------------------------------------------- */

static int vtlb_vm_mem_io(struct vtlb_vm *vm, void __user *uarg, bool write)
{
	struct vtlb_mem_io io;
	u8 __user *buf;
	u64 done = 0;

	if (copy_from_user(&io, uarg, sizeof(io)))
		return -EFAULT;
	if (io.size != sizeof(io) || io.flags ||
	    !reserved_zero(io.reserved, ARRAY_SIZE(io.reserved)))
		return -EINVAL;
	if (io.gpa > vm->mem_size || io.len > vm->mem_size - io.gpa)
		return -EINVAL;
	buf = u64_to_user_ptr(io.buf);

	while (done < io.len) {
		u64 gpa = io.gpa + done;
		size_t chunk = min_t(u64, io.len - done,
				     PAGE_SIZE - offset_in_page(gpa));
		void *hva = vtlb_vm_gpa_to_hva(vm, gpa);
		unsigned long left;

		if (write)
			left = copy_from_user(hva, buf + done, chunk);
		else
			left = copy_to_user(buf + done, hva, chunk);
		if (left)
			return -EFAULT;
		done += chunk;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

static int vtlb_vm_get_regs(struct vtlb_vm *vm, void __user *uarg)
{
	struct vtlb_regs regs = { .size = sizeof(regs) };
	u32 size;

	if (get_user(size, (u32 __user *)uarg))
		return -EFAULT;
	if (size != sizeof(regs))
		return -EINVAL;
	vcpu_get_regs(&vm->vcpu, &regs);
	return copy_to_user(uarg, &regs, sizeof(regs)) ? -EFAULT : 0;
}

static int vtlb_vm_set_regs(struct vtlb_vm *vm, void __user *uarg)
{
	struct vtlb_regs regs;

	if (copy_from_user(&regs, uarg, sizeof(regs)))
		return -EFAULT;
	if (regs.size != sizeof(regs) || (regs.cpl != 0 && regs.cpl != 3) ||
	    !reserved_zero(regs.reserved, ARRAY_SIZE(regs.reserved)))
		return -EINVAL;
	/* The vCPU validates (CR0.PE, CR4.PAE, ...) and updates the core. */
	return vcpu_set_regs(&vm->vcpu, &regs);
}

static int vtlb_vm_run_ioctl(struct vtlb_vm *vm, void __user *uarg)
{
	struct vtlb_run run;
	int ret;

	if (copy_from_user(&run, uarg, sizeof(run)))
		return -EFAULT;
	if (run.size != sizeof(run) || !run.serial_cap ||
	    !reserved_zero(run.reserved, ARRAY_SIZE(run.reserved)))
		return -EINVAL;
	if (!access_ok(u64_to_user_ptr(run.serial_buf), run.serial_cap))
		return -EFAULT;
	run.exit_reason = VTLB_EXIT_NONE;
	run.serial_len = 0;
	memset(run.pad, 0, sizeof(run.pad));

	vm->vtlb.stats.runs++;
	ret = vtlb_vm_run(vm, &run);
	/* Serial output reaches userspace whatever the outcome (-EINTR too). */
	if (vtlb_vm_drain_serial(vm, &run))
		return -EFAULT;
	if (copy_to_user(uarg, &run, sizeof(run)))
		return -EFAULT;
	return ret;
}

/* Hand buffered COM1 bytes to the caller's buffer; the rest stay queued. */
int vtlb_vm_drain_serial(struct vtlb_vm *vm, struct vtlb_run *run)
{
	u32 n = min(vm->serial_len, run->serial_cap);

	if (!n)
		return 0;
	if (copy_to_user(u64_to_user_ptr(run->serial_buf), vm->serial, n))
		return -EFAULT;
	memmove(vm->serial, vm->serial + n, vm->serial_len - n);
	vm->serial_len -= n;
	run->serial_len = n;
	return 0;
}

static int vtlb_vm_get_stats(struct vtlb_vm *vm, void __user *uarg)
{
	struct vtlb_stats *st;
	u32 size, nr;
	int ret = 0;

	BUILD_BUG_ON(sizeof(struct vtlb_counters) != VTLB_STAT_NR * sizeof(u64));
	BUILD_BUG_ON(ARRAY_SIZE(st->values) < VTLB_STAT_NR);

	if (get_user(size, (u32 __user *)uarg) ||
	    get_user(nr, (u32 __user *)uarg + 1))
		return -EFAULT;
	if (size != sizeof(*st))
		return -EINVAL;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->size = sizeof(*st);
	st->nr = min_t(u32, nr, VTLB_STAT_NR);
	vtlb_vm_read_stats(vm, st->values, st->nr);
	if (copy_to_user(uarg, st, sizeof(*st)))
		ret = -EFAULT;
	kfree(st);
	return ret;
}

void vtlb_vm_read_stats(struct vtlb_vm *vm, u64 *values, u32 nr)
{
	memcpy(values, &vm->vtlb.stats, nr * sizeof(u64));
}

static long vtlb_vm_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct vtlb_vm *vm = file->private_data;
	void __user *uarg = (void __user *)arg;
	long ret;

	switch (cmd) {
	case VTLB_WRITE_MEM:
	case VTLB_READ_MEM:
	case VTLB_GET_REGS:
	case VTLB_SET_REGS:
	case VTLB_RUN:
	case VTLB_GET_STATS:
		break;
	default:
		return -ENOTTY;
	}

	if (mutex_lock_interruptible(&vm->lock))
		return -EINTR;
	switch (cmd) {
	case VTLB_WRITE_MEM:
		ret = vtlb_vm_mem_io(vm, uarg, true);
		break;
	case VTLB_READ_MEM:
		ret = vtlb_vm_mem_io(vm, uarg, false);
		break;
	case VTLB_GET_REGS:
		ret = vtlb_vm_get_regs(vm, uarg);
		break;
	case VTLB_SET_REGS:
		ret = vtlb_vm_set_regs(vm, uarg);
		break;
	case VTLB_RUN:
		ret = vtlb_vm_run_ioctl(vm, uarg);
		break;
	default:
		ret = vtlb_vm_get_stats(vm, uarg);
		break;
	}
	mutex_unlock(&vm->lock);
	return ret;
}

static const struct file_operations vtlb_vm_fops = {
	.owner = THIS_MODULE,
	.release = vtlb_vm_release,
	.unlocked_ioctl = vtlb_vm_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};
