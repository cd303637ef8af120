// SPDX-License-Identifier: GPL-2.0
/*
 * The switcher region of one VM: allocate the area (switch data, GDT, IDT,
 * TSS, stacks), fill the descriptor tables, and map the area and the
 * switcher code supervisor-only, at their host addresses, into both active
 * hierarchies through vtlb_set_root_entry(). Nothing else of the host is
 * mapped while the guest runs.
 */
#define pr_fmt(fmt) "vtlb: " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/trapnr.h>
#include "vm.h"
#include "switch.h"

/* Intermediate and leaf entry bits; never _PAGE_USER, never _PAGE_GLOBAL. */
#define SW_PT_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define SW_PT_DATA	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define SW_PT_CODE	(_PAGE_PRESENT | _PAGE_ACCESSED)

static atomic64_t vtlb_sw_gen = ATOMIC64_INIT(0);
/* Which VM last loaded our PCID on this CPU (its entries may linger). */
static DEFINE_PER_CPU(u64, vtlb_pcid_owner);

#define CHECK_OFF(field, off) \
	BUILD_BUG_ON(offsetof(struct vtlb_sw_data, field) != (off))

static void vtlb_sw_check_layout(void)
{
	CHECK_OFF(g_rax, SW_G_RAX);
	CHECK_OFF(g_rdi, SW_G_RDI);
	CHECK_OFF(g_rip, SW_G_RIP);
	CHECK_OFF(g_ss, SW_G_SS);
	CHECK_OFF(g_gs, SW_G_GS);
	CHECK_OFF(vector, SW_VECTOR);
	CHECK_OFF(cr2, SW_CR2);
	CHECK_OFF(active_cr3, SW_ACTIVE_CR3);
	CHECK_OFF(host_cr3, SW_HOST_CR3);
	CHECK_OFF(host_r15, SW_HOST_R15);
	CHECK_OFF(host_gsbase, SW_HOST_GSBASE);
	CHECK_OFF(host_tssdesc, SW_HOST_TSSDESC);
	CHECK_OFF(host_gdt, SW_HOST_GDT);
	CHECK_OFF(host_gdt_rw, SW_HOST_GDT_RW);
	CHECK_OFF(host_idt, SW_HOST_IDT);
	CHECK_OFF(gdt, SW_GDT);
	CHECK_OFF(idt, SW_IDT);
	CHECK_OFF(host_tr, SW_HOST_TR);
	CHECK_OFF(host_gs, SW_HOST_GS);
	CHECK_OFF(verw_sel, SW_VERW_SEL);
	CHECK_OFF(nmi_pending, SW_NMI_PENDING);
	CHECK_OFF(mce_pending, SW_MCE_PENDING);
	CHECK_OFF(fatal, SW_FATAL);
	CHECK_OFF(fatal_rip, SW_FATAL_RIP);
	CHECK_OFF(idt_g, SW_IDT_G);
	CHECK_OFF(g_desc2, SW_G_DESC2);
	CHECK_OFF(k_desc2, SW_K_DESC2);
	BUILD_BUG_ON(sizeof(struct vtlb_sw_data) != SW_DATA_SIZE);
	BUILD_BUG_ON(VTLB_SEL_KCODE != __KERNEL_CS);
	BUILD_BUG_ON(GDT_ENTRY_TSS * 8 == VTLB_SEL_TSS);
	BUILD_BUG_ON(VTLB_SW_STUB_SIZE * 256 > 2 * PAGE_SIZE);
}

/* A raw 8-byte segment descriptor, accessed bit preset (no CPU writes). */
static u64 sw_seg(u32 type_dpl_p, bool l, bool db)
{
	u64 d = 0xffff;				/* limit 15:0 */

	d |= (u64)type_dpl_p << 40;		/* type, S, DPL, P */
	d |= 0xfULL << 48;			/* limit 19:16 */
	d |= (u64)l << 53 | (u64)db << 54 | 1ULL << 55;	/* L, D/B, G */
	return d;
}

static void sw_fill_gdt(struct vtlb_sw_data *d, u64 *gdt, u64 tss)
{
	/* P=1 | DPL | S=1 | type: 0xb code exec/read accessed, 0x3 data rw accessed. */
	d->k_desc2 = sw_seg(0x9b, true, false);
	BUILD_BUG_ON(VTLB_SEL_KCODE != 2 * 8);
	gdt[VTLB_SEL_KCODE >> 3] = d->k_desc2;
	gdt[VTLB_SEL_KCODE_HI >> 3] = d->k_desc2;
	gdt[VTLB_SEL_KDATA >> 3] = sw_seg(0x93, false, true);
	gdt[VTLB_SEL_GCODE >> 3] = sw_seg(0xfb, false, true);
	gdt[VTLB_SEL_GDATA >> 3] = sw_seg(0xf3, false, true);
	/* 64-bit available TSS (type 9), limit covers the 104-byte TSS only. */
	gdt[VTLB_SEL_TSS >> 3] = (sizeof(struct x86_hw_tss) - 1) |
		(tss & 0xffffff) << 16 | 0x89ULL << 40 |
		((tss >> 24) & 0xff) << 56;
	gdt[(VTLB_SEL_TSS >> 3) + 1] = tss >> 32;
}

static void sw_fill_idt(gate_desc *idt, u16 cs)
{
	unsigned long stub = (unsigned long)vtlb_sw_vectors;
	unsigned int v;

	for (v = 0; v < 256; v++, stub += VTLB_SW_STUB_SIZE) {
		gate_desc *g = &idt[v];

		memset(g, 0, sizeof(*g));
		g->offset_low = stub & 0xffff;
		g->segment = cs;
		g->bits.type = GATE_INTERRUPT;
		g->bits.dpl = 0;
		g->bits.p = 1;
		g->offset_middle = (stub >> 16) & 0xffff;
		g->offset_high = stub >> 32;
		if (v == X86_TRAP_DF)
			g->bits.ist = VTLB_IST_DF;
		else if (v == X86_TRAP_NMI)
			g->bits.ist = VTLB_IST_NMI;
		else if (v == X86_TRAP_MC)
			g->bits.ist = VTLB_IST_MC;
	}
}

static void sw_fill_tss(struct x86_hw_tss *tss, unsigned long base)
{
	memset(tss, 0, sizeof(*tss));
	tss->sp0 = base + VTLB_SW_TRAP_TOP;
	tss->ist[VTLB_IST_DF - 1] = base + VTLB_SW_DF_TOP;
	tss->ist[VTLB_IST_NMI - 1] = base + VTLB_SW_NMI_TOP;
	tss->ist[VTLB_IST_MC - 1] = base + VTLB_SW_MC_TOP;
	/* No I/O bitmap: every IN/OUT at CPL 3 with IOPL 0 raises #GP. */
	tss->io_bitmap_base = sizeof(*tss);
}

static u64 *sw_alloc_table(struct vtlb_switch *sw, u64 *pa)
{
	struct page *p;

	if (sw->nr_tables >= VTLB_SW_MAX_TABLES)
		return NULL;
	p = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!p)
		return NULL;
	sw->tables[sw->nr_tables++] = p;
	*pa = page_to_phys(p);
	return page_address(p);
}

/* Map one 4 KiB page at @va in our private top level (sw->root). */
static int sw_map(struct vtlb_switch *sw, unsigned long va, u64 pa, u64 prot)
{
	int level = pgtable_l5_enabled() ? 5 : 4;
	u64 *table = sw->root;

	for (; level > 1; level--) {
		unsigned int idx = (va >> (12 + 9 * (level - 1))) & 511;
		u64 next;

		if (!(table[idx] & _PAGE_PRESENT)) {
			if (!sw_alloc_table(sw, &next))
				return -ENOMEM;
			table[idx] = next | SW_PT_TABLE;
		}
		table = __va(table[idx] & PTE_PFN_MASK);
	}
	table[(va >> 12) & 511] = pa | prot;
	return 0;
}

static int sw_map_region(struct vtlb_vm *vm, struct vtlb_switch *sw)
{
	unsigned long base = (unsigned long)sw->d, va;
	u64 nx = __supported_pte_mask & _PAGE_NX;
	unsigned int i;
	u64 pa;
	int ret;

	for (i = 0; i < VTLB_SW_AREA_SIZE / PAGE_SIZE; i++) {
		va = base + i * PAGE_SIZE;
		ret = sw_map(sw, va, __pa(va), SW_PT_DATA | nx);
		if (ret)
			return ret;
	}
	for (va = (unsigned long)vtlb_sw_vectors;
	     va < (unsigned long)vtlb_switcher_end; va += PAGE_SIZE) {
		unsigned long pfn = vmalloc_to_pfn((void *)va);

		if (!pfn)
			return -EFAULT;
		pa = (u64)pfn << PAGE_SHIFT;
		ret = sw_map(sw, va, pa, SW_PT_CODE);
		if (ret)
			return ret;
	}
	/* Index 0 is the guest's 4 GiB: host addresses never land there. */
	if (sw->root[0])
		return -EINVAL;
	for (i = 1; i < 512; i++)
		if (sw->root[i])
			vtlb_set_root_entry(&vm->vtlb, i, sw->root[i]);
	return 0;
}

void vtlb_vm_switch_free(struct vtlb_vm *vm)
{
	struct vtlb_switch *sw = vm->sw;
	unsigned int i;

	if (!sw)
		return;
	if (vm->vtlb_ready)
		for (i = 1; i < 512; i++)
			if (sw->root && sw->root[i])
				vtlb_set_root_entry(&vm->vtlb, i, 0);
	/*
	 * Our PCID may still cache these translations on vm->cpu; the next
	 * VM that loads it there sees another owner tag and flushes first.
	 */
	for (i = 0; i < sw->nr_tables; i++)
		__free_page(sw->tables[i]);
	if (sw->root)
		free_page((unsigned long)sw->root);
	if (sw->area)
		__free_pages(sw->area, VTLB_SW_AREA_ORDER);
	kfree(sw);
	vm->sw = NULL;
}

int vtlb_switch_setup(struct vtlb_vm *vm)
{
	struct vtlb_switch *sw;
	struct vtlb_sw_data *d;
	unsigned long base;
	int ret;

	vtlb_sw_check_layout();
	if (vm->sw)
		return 0;
	sw = kzalloc(sizeof(*sw), GFP_KERNEL_ACCOUNT);
	if (!sw)
		return -ENOMEM;
	vm->sw = sw;
	sw->gen = atomic64_inc_return(&vtlb_sw_gen);
	sw->root = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	/* Naturally aligned, so the exit stub finds it by rounding RSP down. */
	sw->area = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
			       VTLB_SW_AREA_ORDER);
	if (!sw->root || !sw->area) {
		ret = -ENOMEM;
		goto fail;
	}
	base = (unsigned long)page_address(sw->area);
	d = (struct vtlb_sw_data *)base;
	sw->d = d;

	sw_fill_gdt(d, (u64 *)(base + VTLB_SW_GDT_OFF), base + VTLB_SW_TSS_OFF);
	sw_fill_idt((gate_desc *)(base + VTLB_SW_IDT_OFF), VTLB_SEL_KCODE);
	sw_fill_idt((gate_desc *)(base + VTLB_SW_IDT_G_OFF), VTLB_SEL_KCODE_HI);
	sw_fill_tss((struct x86_hw_tss *)(base + VTLB_SW_TSS_OFF), base);
	d->gdt.limit = VTLB_GDT_LIMIT;
	d->gdt.base = base + VTLB_SW_GDT_OFF;
	d->idt.limit = VTLB_IDT_LIMIT;
	d->idt.base = base + VTLB_SW_IDT_OFF;
	d->idt_g.limit = VTLB_IDT_LIMIT;
	d->idt_g.base = base + VTLB_SW_IDT_G_OFF;
	d->verw_sel = VTLB_SEL_KDATA;
	d->g_cs = VTLB_SEL_GCODE;
	d->g_ss = VTLB_SEL_GDATA;
	d->g_ds = VTLB_SEL_GDATA;
	d->g_es = VTLB_SEL_GDATA;
	d->g_fs = VTLB_SEL_GDATA;
	d->g_gs = VTLB_SEL_GDATA;

	ret = sw_map_region(vm, sw);
	if (ret)
		goto fail;
	return 0;
fail:
	pr_err("switcher setup failed: %d\n", ret);
	vtlb_vm_switch_free(vm);
	return ret;
}

/*
 * True when our PCID on this CPU may hold another VM's (or stale)
 * translations. Call with interrupts off, on vm->cpu.
 */
bool vtlb_switch_need_flush(struct vtlb_switch *sw)
{
	if (this_cpu_read(vtlb_pcid_owner) == sw->gen)
		return false;
	this_cpu_write(vtlb_pcid_owner, sw->gen);
	return true;
}
