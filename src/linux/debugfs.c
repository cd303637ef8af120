// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: /sys/kernel/debug/vtlb/<pid>-<comm>-vm<id>/ for every live VM,
 * so a person can tell which process owns it.
 *   stats  one "name value" line per counter (include/uapi/vtlb.h order)
 *   info   memory size, CPU, fill mode, guest registers
 *   vtlb   the virtual TLB for the current guest CR3: every 4 MiB region
 *          the guest maps or the active hierarchies cache, the guest PDE
 *          next to the active supervisor and user PD entries of its two
 *          2 MiB halves, then per 4 KiB page the guest PTE next to the
 *          active supervisor and user PTEs (Documentation/vtlb-core.md)
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
	vcpu_get_regs(&vm->vcpu, &r);
	seq_printf(m, "owner %d %s\nmem %llu\nram_2m_blocks %lu\ncpu %d\nfill %s\nlevels %u\n",
		   vm->owner_pid, vm->owner_comm, vm->mem_size,
		   vm->ram_2m_blocks, vm->cpu,
		   vm->flags & VTLB_VM_FILL_EAGER ? "eager" : "lazy",
		   vm->vtlb.cfg.levels);
	if (vm->flags & VTLB_VM_DEBUG_REFAULT)
		seq_puts(m, "debug refault\n");
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

/* A guest page-table page (1024 entries), or NULL outside guest RAM. */
static const u32 *vtlb_dump_guest_table(struct vtlb_vm *vm, u32 pa)
{
	return vtlb_vm_gpa_to_hva(vm, pa & ~0xfffU);
}

/* Active PD entry for 2 MiB slot @j (0..2047) of hierarchy @h. */
static u64 vtlb_dump_pde(const struct vtlb *v, unsigned int h, unsigned int j)
{
	const u64 *pd = v->hier[h].pd[j >> 9];

	return pd ? pd[j & 511] : 0;
}

/* Active PTE for 4 KiB page @k (0..1023) of guest PDE @i, hierarchy @h. */
static u64 vtlb_dump_pte(const struct vtlb *v, unsigned int i, unsigned int h,
			 unsigned int k)
{
	const u64 *pt = v->pt[i].pt[h][k >> 9];

	return pt ? pt[k & 511] : 0;
}

static void vtlb_dump_region(struct seq_file *m, struct vtlb_vm *vm,
			     unsigned int i, u32 pde, bool paging)
{
	const struct vtlb *v = &vm->vtlb;
	const u32 *gpt = NULL;
	unsigned int k, h;

	if (paging)
		seq_printf(m, "%08x guest-pde %08x", i << 22, pde);
	else
		seq_printf(m, "%08x guest-pde (paging off)", i << 22);
	seq_printf(m, " sup %016llx %016llx user %016llx %016llx\n",
		   vtlb_dump_pde(v, VTLB_SUP, 2 * i),
		   vtlb_dump_pde(v, VTLB_SUP, 2 * i + 1),
		   vtlb_dump_pde(v, VTLB_USER, 2 * i),
		   vtlb_dump_pde(v, VTLB_USER, 2 * i + 1));
	if (paging && (pde & PTE_P) && !((pde & PTE_PS) && (v->cr4 & CR4_PSE)))
		gpt = vtlb_dump_guest_table(vm, pde);
	for (k = 0; k < 1024; k++) {
		u32 pte = gpt ? gpt[k] : 0;
		u64 a[VTLB_NR_HIER];
		bool any = pte & PTE_P;

		for (h = 0; h < VTLB_NR_HIER; h++) {
			a[h] = vtlb_dump_pte(v, i, h, k);
			any |= a[h] != 0;
		}
		if (!any)
			continue;
		seq_printf(m, "  %08x guest-pte %08x sup %016llx user %016llx\n",
			   (i << 22) | (k << 12), pte, a[VTLB_SUP], a[VTLB_USER]);
	}
}

/* Does region @i (guest PDE @i, 4 MiB) have anything to show? */
static bool vtlb_dump_region_used(struct vtlb_vm *vm, unsigned int i)
{
	const struct vtlb *v = &vm->vtlb;
	const u32 *gpd = NULL;
	unsigned int h;

	if (v->cr0 & CR0_PG)
		gpd = vtlb_dump_guest_table(vm, v->cr3);
	if (gpd && (gpd[i] & PTE_P))
		return true;
	for (h = 0; h < VTLB_NR_HIER; h++)
		if (vtlb_dump_pde(v, h, 2 * i) || vtlb_dump_pde(v, h, 2 * i + 1))
			return true;
	return false;
}

/*
 * The picture is streamed one record per 4 MiB region (seq_file position
 * 1 + region; 0 is the header line), so a guest mapping gigabytes needs no
 * big buffer. The VM's lock is held for each read() call, not across them:
 * a dump read in several calls of a VM that ran in between mixes states.
 */
static void *vtlb_dump_next_used(struct vtlb_vm *vm, loff_t *pos)
{
	for (; *pos <= 1024; ++*pos)
		if (*pos == 0 || vtlb_dump_region_used(vm, *pos - 1))
			return (void *)(uintptr_t)(*pos + 1);	/* never NULL */
	return NULL;
}

static void *vtlb_dump_start(struct seq_file *m, loff_t *pos)
{
	struct vtlb_vm *vm = m->private;

	if (mutex_lock_interruptible(&vm->lock))
		return ERR_PTR(-EINTR);
	return vtlb_dump_next_used(vm, pos);
}

static void *vtlb_dump_next(struct seq_file *m, void *p, loff_t *pos)
{
	++*pos;
	return vtlb_dump_next_used(m->private, pos);
}

static void vtlb_dump_stop(struct seq_file *m, void *p)
{
	struct vtlb_vm *vm = m->private;

	if (!IS_ERR(p))
		mutex_unlock(&vm->lock);
}

static int vtlb_dump_show(struct seq_file *m, void *p)
{
	struct vtlb_vm *vm = m->private;
	const struct vtlb *v = &vm->vtlb;
	unsigned long pos = (uintptr_t)p - 1;
	bool paging = v->cr0 & CR0_PG;
	const u32 *gpd = NULL;

	if (paging)
		gpd = vtlb_dump_guest_table(vm, v->cr3);
	if (pos == 0) {
		seq_printf(m, "cr0 %08x cr3 %08x cr4 %08x cpl %u fill %s tables %llu\n",
			   v->cr0, v->cr3, v->cr4, v->cpl,
			   v->cfg.eager ? "eager" : "lazy", v->stats.tables_cur);
		if (paging && !gpd)
			seq_puts(m, "guest CR3 outside RAM\n");
		return 0;
	}
	vtlb_dump_region(m, vm, pos - 1, gpd ? gpd[pos - 1] : 0, paging);
	return 0;
}

static const struct seq_operations vtlb_dump_sops = {
	.start = vtlb_dump_start,
	.next = vtlb_dump_next,
	.stop = vtlb_dump_stop,
	.show = vtlb_dump_show,
};
DEFINE_SEQ_ATTRIBUTE(vtlb_dump);

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
	debugfs_create_file("vtlb", 0400, vm->debugfs, vm, &vtlb_dump_fops);
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
