// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: /sys/kernel/debug/vtlb/<pid>-<comm>-vm<id>/ for every live VM,
 * so a person can tell which process owns it.
 *   stats  one "name value" line per counter (include/uapi/vtlb.h order)
 *   info   memory size, CPU, fill mode, guest registers
 * Files are read under the VM's lock, so they never see a half-updated VM.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include "vm.h"
#include "glue.h"

static struct dentry *vtlb_debugfs_root;

static const char *const vtlb_stat_names[] = {
#define VTLB_STAT_NAME(id, name, help) #name,
	VTLB_STATS(VTLB_STAT_NAME)
#undef VTLB_STAT_NAME
};

static int stats_show(struct seq_file *m, void *unused)
{
	struct vtlb_vm *vm = m->private;
	u64 values[VTLB_STAT_NR];
	int i;

	if (mutex_lock_interruptible(&vm->lock))
		return -EINTR;
	vtlb_vm_read_stats(vm, values, VTLB_STAT_NR);
	mutex_unlock(&vm->lock);
	for (i = 0; i < VTLB_STAT_NR; i++)
		seq_printf(m, "%s %llu\n", vtlb_stat_names[i], values[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int info_show(struct seq_file *m, void *unused)
{
	struct vtlb_vm *vm = m->private;
	struct vtlb_regs r;

	if (mutex_lock_interruptible(&vm->lock))
		return -EINTR;
	r = vm->regs;
	seq_printf(m, "owner %d %s\nmem %llu\ncpu %d\nfill %s\nlevels %u\n",
		   vm->owner_pid, vm->owner_comm, vm->mem_size, vm->cpu,
		   vm->flags & VTLB_VM_FILL_EAGER ? "eager" : "lazy",
		   vm->vtlb.cfg.levels);
	mutex_unlock(&vm->lock);
	seq_printf(m, "cpl %u eip %08x eflags %08x\n", r.cpl, r.eip, r.eflags);
	seq_printf(m, "eax %08x ebx %08x ecx %08x edx %08x\n",
		   r.eax, r.ebx, r.ecx, r.edx);
	seq_printf(m, "esi %08x edi %08x ebp %08x esp %08x\n",
		   r.esi, r.edi, r.ebp, r.esp);
	seq_printf(m, "cr0 %08x cr2 %08x cr3 %08x cr4 %08x\n",
		   r.cr0, r.cr2, r.cr3, r.cr4);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(info);

void vtlb_debugfs_add_vm(struct vtlb_vm *vm)
{
	char name[48];
	char *c;

	if (IS_ERR_OR_NULL(vtlb_debugfs_root))
		return;
	snprintf(name, sizeof(name), "%d-%s-vm%u", vm->owner_pid,
		 vm->owner_comm, vm->id);
	for (c = name; *c; c++)	/* comm is arbitrary: keep the name a name */
		if (*c == '/' || *c == ' ')
			*c = '_';
	vm->debugfs = debugfs_create_dir(name, vtlb_debugfs_root);
	debugfs_create_file("stats", 0400, vm->debugfs, vm, &stats_fops);
	debugfs_create_file("info", 0400, vm->debugfs, vm, &info_fops);
}

void vtlb_debugfs_remove_vm(struct vtlb_vm *vm)
{
	debugfs_remove_recursive(vm->debugfs);
	vm->debugfs = NULL;
}

void vtlb_debugfs_init(void)
{
	vtlb_debugfs_root = debugfs_create_dir("vtlb", NULL);
}

void vtlb_debugfs_exit(void)
{
	debugfs_remove_recursive(vtlb_debugfs_root);
}
