// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "vtlb_switch": the Linux glue of the world switch that can be
 * checked without entering a guest -- the switch data layout shared with
 * switcher.S, the descriptor tables and TSS built by vtlb_switch_setup(),
 * the supervisor-only mapping of the switcher region in both active
 * hierarchies (walked from the roots as the MMU would), its removal, and the
 * active CR3 / PCID-ownership helpers.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include "../src/linux/vm.h"
#include "../src/linux/switch.h"
#include "../src/linux/host_state.h"

/* ---- a VM with just enough for vtlb_switch_setup() ---------------------- */

static void *sw_gpa_to_hva(void *ctx, u64 gpa)
{
	return NULL;
}

static u64 sw_gpa_to_hpa(void *ctx, u64 gpa)
{
	return 0;
}

static void *sw_alloc_table(void *ctx, u64 *hpa)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return NULL;
	*hpa = page_to_phys(page);
	return page_address(page);
}

static void sw_free_table(void *ctx, void *table, u64 hpa)
{
	free_page((unsigned long)table);
}

static void sw_flush_va(void *ctx, u32 va)
{
}

static void sw_flush_all(void *ctx)
{
}

static const struct vtlb_ops sw_test_ops = {
	.gpa_to_hva = sw_gpa_to_hva,
	.gpa_to_hpa = sw_gpa_to_hpa,
	.alloc_table = sw_alloc_table,
	.free_table = sw_free_table,
	.flush_va = sw_flush_va,
	.flush_all = sw_flush_all,
};

static int switch_test_init(struct kunit *test)
{
	struct vtlb_config cfg = {
		.ram_size = 2ULL << 20,
		.levels = pgtable_l5_enabled() ? 5 : 4,
	};
	struct vtlb_vm *vm;
	int ret;

	vm = kvzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return -ENOMEM;
	test->priv = vm;
	mutex_init(&vm->lock);
	vm->cpu = -1;
	vm->mem_size = cfg.ram_size;
	ret = vtlb_init(&vm->vtlb, &cfg, &sw_test_ops, vm);
	if (ret)
		return ret;
	vm->vtlb_ready = true;
	return vtlb_switch_setup(vm);
}

static void switch_test_exit(struct kunit *test)
{
	struct vtlb_vm *vm = test->priv;

	if (!vm)
		return;
	vtlb_vm_switch_free(vm);
	if (vm->vtlb_ready)
		vtlb_destroy(&vm->vtlb);
	kvfree(vm);
}

static unsigned long area_base(struct vtlb_vm *vm)
{
	return (unsigned long)vm->sw->d;
}

/* ---- cases -------------------------------------------------------------- */

struct sw_field {
	const char *name;
	size_t offset, want;
};

#define SWF(field, off) { #field, offsetof(struct vtlb_sw_data, field), off }

/* Every SW_* offset switcher.S uses matches the C struct. */
static void vtlb_switch_data_layout(struct kunit *test)
{
	static const struct sw_field f[] = {
		SWF(g_rax, SW_G_RAX), SWF(g_rcx, SW_G_RCX), SWF(g_rdx, SW_G_RDX),
		SWF(g_rbx, SW_G_RBX), SWF(g_rbp, SW_G_RBP), SWF(g_rsi, SW_G_RSI),
		SWF(g_rdi, SW_G_RDI), SWF(g_rip, SW_G_RIP), SWF(g_cs, SW_G_CS),
		SWF(g_rflags, SW_G_RFLAGS), SWF(g_rsp, SW_G_RSP),
		SWF(g_ss, SW_G_SS), SWF(g_ds, SW_G_DS), SWF(g_es, SW_G_ES),
		SWF(g_fs, SW_G_FS), SWF(g_gs, SW_G_GS), SWF(vector, SW_VECTOR),
		SWF(error, SW_ERROR), SWF(cr2, SW_CR2),
		SWF(active_cr3, SW_ACTIVE_CR3), SWF(host_cr3, SW_HOST_CR3),
		SWF(host_rsp, SW_HOST_RSP), SWF(host_rbx, SW_HOST_RBX),
		SWF(host_rbp, SW_HOST_RBP), SWF(host_r12, SW_HOST_R12),
		SWF(host_r13, SW_HOST_R13), SWF(host_r14, SW_HOST_R14),
		SWF(host_r15, SW_HOST_R15), SWF(host_fsbase, SW_HOST_FSBASE),
		SWF(host_gsbase, SW_HOST_GSBASE),
		SWF(host_tssdesc, SW_HOST_TSSDESC), SWF(host_gdt, SW_HOST_GDT),
		SWF(host_gdt_rw, SW_HOST_GDT_RW), SWF(host_idt, SW_HOST_IDT),
		SWF(gdt, SW_GDT), SWF(idt, SW_IDT), SWF(host_tr, SW_HOST_TR),
		SWF(host_ldt, SW_HOST_LDT), SWF(host_ds, SW_HOST_DS),
		SWF(host_es, SW_HOST_ES), SWF(host_fs, SW_HOST_FS),
		SWF(host_gs, SW_HOST_GS), SWF(verw_sel, SW_VERW_SEL),
		SWF(nmi_pending, SW_NMI_PENDING),
		SWF(mce_pending, SW_MCE_PENDING), SWF(fatal, SW_FATAL),
		SWF(fatal_rip, SW_FATAL_RIP),
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(f); i++)
		KUNIT_EXPECT_EQ_MSG(test, f[i].offset, f[i].want, "%s", f[i].name);
	KUNIT_EXPECT_EQ(test, sizeof(struct vtlb_sw_data), (size_t)SW_DATA_SIZE);
	/* LGDT/LIDT operands: limit at +6, base at +8 of each dtr. */
	KUNIT_EXPECT_EQ(test, offsetof(struct vtlb_sw_dtr, limit), (size_t)6);
	KUNIT_EXPECT_EQ(test, offsetof(struct vtlb_sw_dtr, base), (size_t)8);
	KUNIT_EXPECT_EQ(test, sizeof(struct vtlb_sw_dtr), (size_t)16);
	/* The data page, stacks and tables fit the area, in order. */
	KUNIT_EXPECT_LE(test, (size_t)SW_DATA_SIZE, (size_t)VTLB_SW_GDT_OFF);
	KUNIT_EXPECT_LT(test, VTLB_SW_GDT_OFF, VTLB_SW_IDT_OFF);
	KUNIT_EXPECT_LE(test, VTLB_SW_IDT_OFF + 256 * 16, VTLB_SW_TSS_OFF);
	KUNIT_EXPECT_LE(test, VTLB_SW_TRAP_TOP, VTLB_SW_AREA_SIZE);
}

struct seg {
	u32 base, limit;
	unsigned int type, s, dpl, p, l, db, g;
};

static struct seg decode(u64 d)
{
	return (struct seg){
		.limit = (d & 0xffff) | ((d >> 32) & 0xf0000),
		.base = ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000),
		.type = (d >> 40) & 0xf, .s = (d >> 44) & 1,
		.dpl = (d >> 45) & 3, .p = (d >> 47) & 1,
		.l = (d >> 53) & 1, .db = (d >> 54) & 1, .g = (d >> 55) & 1,
	};
}

static void vtlb_switch_gdt(struct kunit *test)
{
	struct vtlb_vm *vm = test->priv;
	u64 *gdt = (u64 *)(area_base(vm) + VTLB_SW_GDT_OFF);
	u64 tss = area_base(vm) + VTLB_SW_TSS_OFF;
	struct seg s;

	KUNIT_EXPECT_EQ(test, gdt[0], 0ULL);
	/* Kernel code: 64-bit, DPL 0, the same selector as Linux's. */
	s = decode(gdt[VTLB_SEL_KCODE >> 3]);
	KUNIT_EXPECT_EQ(test, VTLB_SEL_KCODE, __KERNEL_CS);
	KUNIT_EXPECT_EQ(test, s.p, 1U);
	KUNIT_EXPECT_EQ(test, s.s, 1U);
	KUNIT_EXPECT_TRUE(test, s.type & 8);		/* code */
	KUNIT_EXPECT_EQ(test, s.dpl, 0U);
	KUNIT_EXPECT_EQ(test, s.l, 1U);
	KUNIT_EXPECT_EQ(test, s.db, 0U);
	/* The high kernel code the guest IDT's gates use: the same. */
	s = decode(gdt[VTLB_SEL_KCODE_HI >> 3]);
	KUNIT_EXPECT_EQ(test, s.p, 1U);
	KUNIT_EXPECT_TRUE(test, s.type & 8);
	KUNIT_EXPECT_EQ(test, s.dpl, 0U);
	KUNIT_EXPECT_EQ(test, s.l, 1U);
	/* Our descriptors sit above every selector a guest GDT can use. */
	KUNIT_EXPECT_GE(test, VTLB_SEL_GCODE & ~7, VTLB_GDT_GUEST_MAX * 8);
	KUNIT_EXPECT_GE(test, VTLB_SEL_GDATA & ~7, VTLB_GDT_GUEST_MAX * 8);
	KUNIT_EXPECT_GE(test, VTLB_SEL_KCODE_HI, VTLB_GDT_GUEST_MAX * 8);
	KUNIT_EXPECT_GE(test, VTLB_SEL_KDATA, VTLB_GDT_GUEST_MAX * 8);
	KUNIT_EXPECT_GE(test, VTLB_SEL_TSS, VTLB_GDT_GUEST_MAX * 8);
	/* Kernel data (VERW). */
	s = decode(gdt[VTLB_SEL_KDATA >> 3]);
	KUNIT_EXPECT_EQ(test, s.p, 1U);
	KUNIT_EXPECT_EQ(test, s.type & 0xa, 2U);	/* data, writable */
	KUNIT_EXPECT_EQ(test, s.dpl, 0U);
	/* Guest code and data: flat 4 GiB, 32-bit, DPL 3, RPL 3 selectors. */
	KUNIT_EXPECT_EQ(test, VTLB_SEL_GCODE & 3, 3);
	KUNIT_EXPECT_EQ(test, VTLB_SEL_GDATA & 3, 3);
	s = decode(gdt[VTLB_SEL_GCODE >> 3]);
	KUNIT_EXPECT_EQ(test, s.p, 1U);
	KUNIT_EXPECT_EQ(test, s.type & 0xa, 0xaU);	/* code, readable */
	KUNIT_EXPECT_EQ(test, s.dpl, 3U);
	KUNIT_EXPECT_EQ(test, s.l, 0U);
	KUNIT_EXPECT_EQ(test, s.db, 1U);
	KUNIT_EXPECT_EQ(test, s.base, 0U);
	KUNIT_EXPECT_EQ(test, s.limit, 0xfffffU);
	KUNIT_EXPECT_EQ(test, s.g, 1U);
	s = decode(gdt[VTLB_SEL_GDATA >> 3]);
	KUNIT_EXPECT_EQ(test, s.p, 1U);
	KUNIT_EXPECT_EQ(test, s.type & 0xa, 2U);	/* data, writable */
	KUNIT_EXPECT_EQ(test, s.dpl, 3U);
	KUNIT_EXPECT_EQ(test, s.db, 1U);
	KUNIT_EXPECT_EQ(test, s.base, 0U);
	KUNIT_EXPECT_EQ(test, s.limit, 0xfffffU);
	KUNIT_EXPECT_EQ(test, s.g, 1U);
	/* 64-bit available TSS (type 9), 16-byte descriptor, base = our TSS. */
	s = decode(gdt[VTLB_SEL_TSS >> 3]);
	KUNIT_EXPECT_EQ(test, s.p, 1U);
	KUNIT_EXPECT_EQ(test, s.s, 0U);
	KUNIT_EXPECT_EQ(test, s.type, 9U);
	KUNIT_EXPECT_EQ(test, s.dpl, 0U);
	KUNIT_EXPECT_GE(test, s.limit, (u32)(sizeof(struct x86_hw_tss) - 1));
	KUNIT_EXPECT_EQ(test, (u64)s.base | (gdt[(VTLB_SEL_TSS >> 3) + 1] << 32),
			(u64)tss);
	KUNIT_EXPECT_NE(test, VTLB_SEL_TSS, GDT_ENTRY_TSS * 8);
	KUNIT_EXPECT_LE(test, VTLB_SEL_TSS + 16, VTLB_GDT_LIMIT + 1);
	/* The switch data points the CPU at these tables. */
	KUNIT_EXPECT_EQ(test, vm->sw->d->gdt.base, (u64)(area_base(vm) + VTLB_SW_GDT_OFF));
	KUNIT_EXPECT_EQ(test, vm->sw->d->gdt.limit, (u16)VTLB_GDT_LIMIT);
	KUNIT_EXPECT_EQ(test, vm->sw->d->idt.base, (u64)(area_base(vm) + VTLB_SW_IDT_OFF));
	KUNIT_EXPECT_EQ(test, vm->sw->d->idt.limit, (u16)VTLB_IDT_LIMIT);
	KUNIT_EXPECT_EQ(test, vm->sw->d->g_cs, (u64)VTLB_SEL_GCODE);
	KUNIT_EXPECT_EQ(test, vm->sw->d->g_ss, (u64)VTLB_SEL_GDATA);
}

/*
 * Both IDTs (the switch IDT and the one loaded while the guest runs) send
 * every vector to its stub, as an interrupt gate, DPL 0, on @sel.
 */
static void check_idt(struct kunit *test, unsigned long off, u16 sel)
{
	struct vtlb_vm *vm = test->priv;
	gate_desc *idt = (gate_desc *)(area_base(vm) + off);
	unsigned long stubs = (unsigned long)vtlb_sw_vectors;
	unsigned int v, bad = 0;

	KUNIT_EXPECT_EQ(test, sizeof(gate_desc), (size_t)16);
	KUNIT_EXPECT_EQ(test, stubs & (PAGE_SIZE - 1), 0UL);
	KUNIT_EXPECT_LE(test, stubs + 256 * VTLB_SW_STUB_SIZE,
			(unsigned long)vtlb_switcher_end);
	for (v = 0; v < 256; v++) {
		gate_desc *g = &idt[v];
		unsigned long target = gate_offset(g);
		unsigned int want_ist = v == 8 ? VTLB_IST_DF :
					v == 2 ? VTLB_IST_NMI :
					v == 18 ? VTLB_IST_MC : 0;

		if (target != stubs + v * VTLB_SW_STUB_SIZE ||
		    g->segment != sel || !g->bits.p ||
		    g->bits.type != GATE_INTERRUPT || g->bits.dpl != 0 ||
		    g->bits.ist != want_ist) {
			if (bad++ < 4)
				KUNIT_FAIL(test,
					   "gate %u: target %lx seg %x p %u type %u dpl %u ist %u",
					   v, target, g->segment, g->bits.p,
					   g->bits.type, g->bits.dpl, g->bits.ist);
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void vtlb_switch_idt(struct kunit *test)
{
	check_idt(test, VTLB_SW_IDT_OFF, VTLB_SEL_KCODE);
	check_idt(test, VTLB_SW_IDT_G_OFF, VTLB_SEL_KCODE_HI);
}

static void vtlb_switch_tss(struct kunit *test)
{
	struct vtlb_vm *vm = test->priv;
	unsigned long base = area_base(vm);
	struct x86_hw_tss *tss = (struct x86_hw_tss *)(base + VTLB_SW_TSS_OFF);

	KUNIT_EXPECT_EQ(test, base & (VTLB_SW_AREA_SIZE - 1), 0UL);
	KUNIT_EXPECT_EQ(test, tss->sp0, (u64)(base + VTLB_SW_TRAP_TOP));
	KUNIT_EXPECT_EQ(test, tss->ist[VTLB_IST_DF - 1], (u64)(base + VTLB_SW_DF_TOP));
	KUNIT_EXPECT_EQ(test, tss->ist[VTLB_IST_NMI - 1], (u64)(base + VTLB_SW_NMI_TOP));
	KUNIT_EXPECT_EQ(test, tss->ist[VTLB_IST_MC - 1], (u64)(base + VTLB_SW_MC_TOP));
	/* Distinct stacks, each a page inside the area. */
	KUNIT_EXPECT_NE(test, tss->ist[VTLB_IST_DF - 1], tss->ist[VTLB_IST_NMI - 1]);
	KUNIT_EXPECT_NE(test, tss->ist[VTLB_IST_NMI - 1], tss->ist[VTLB_IST_MC - 1]);
	/* No I/O permission bitmap: the base points past the TSS limit. */
	KUNIT_EXPECT_GE(test, (size_t)tss->io_bitmap_base, sizeof(*tss));
}

struct walk {
	bool present, rw, us, nx;
	u64 pa;
};

/* The MMU's walk of a 64-bit address through an active hierarchy. */
static struct walk hw_walk(struct kunit *test, struct vtlb *v, unsigned int h,
			   unsigned long va)
{
	struct walk w = { .rw = true, .us = true };
	u64 table = v->hier[h].root_hpa;
	unsigned int level;

	for (level = v->cfg.levels; level >= 1; level--) {
		u64 *t = phys_to_virt(table);
		u64 e = t[(va >> (12 + 9 * (level - 1))) & 511];

		if (!(e & _PAGE_PRESENT))
			return (struct walk){};
		w.rw &= !!(e & _PAGE_RW);
		w.us &= !!(e & _PAGE_USER);
		w.nx |= !!(e & _PAGE_NX);
		if (level > 1 && (e & _PAGE_PSE)) {
			KUNIT_FAIL(test, "large page at level %u", level);
			return (struct walk){};
		}
		table = e & PTE_PFN_MASK;
	}
	w.pa = table;
	w.present = true;
	return w;
}

static void vtlb_switch_mapping(struct kunit *test)
{
	struct vtlb_vm *vm = test->priv;
	unsigned long base = area_base(vm), va;
	unsigned int h, i, present;
	struct walk w;

	KUNIT_EXPECT_EQ(test, vm->vtlb.cfg.levels, pgtable_l5_enabled() ? 5U : 4U);
	for (h = 0; h < VTLB_NR_HIER; h++) {
		/* Data pages: present, supervisor-only, writable, not executable. */
		for (i = 0; i < VTLB_SW_AREA_SIZE / PAGE_SIZE; i++) {
			va = base + i * PAGE_SIZE;
			w = hw_walk(test, &vm->vtlb, h, va);
			KUNIT_EXPECT_TRUE_MSG(test, w.present, "hier %u area page %u", h, i);
			KUNIT_EXPECT_EQ_MSG(test, w.pa, (u64)__pa(va), "area page %u", i);
			KUNIT_EXPECT_FALSE_MSG(test, w.us, "area page %u user", i);
			KUNIT_EXPECT_TRUE_MSG(test, w.rw, "area page %u", i);
			if (__supported_pte_mask & _PAGE_NX)
				KUNIT_EXPECT_TRUE_MSG(test, w.nx, "area page %u", i);
		}
		/* Code pages: present, supervisor-only, read-only, executable. */
		for (va = (unsigned long)vtlb_sw_vectors;
		     va < (unsigned long)vtlb_switcher_end; va += PAGE_SIZE) {
			w = hw_walk(test, &vm->vtlb, h, va);
			KUNIT_EXPECT_TRUE_MSG(test, w.present, "hier %u code %lx", h, va);
			KUNIT_EXPECT_EQ(test, w.pa, (u64)vmalloc_to_pfn((void *)va) << PAGE_SHIFT);
			KUNIT_EXPECT_FALSE(test, w.us);
			KUNIT_EXPECT_FALSE(test, w.rw);
			KUNIT_EXPECT_FALSE(test, w.nx);
		}
		/* Nothing else of the host: the module's data is not mapped. */
		w = hw_walk(test, &vm->vtlb, h, (unsigned long)vm);
		KUNIT_EXPECT_FALSE(test, w.present);
		w = hw_walk(test, &vm->vtlb, h, (unsigned long)switch_test_init);
		KUNIT_EXPECT_FALSE(test, w.present);
		/* Slot 0 is still the guest's, all user-accessible. */
		KUNIT_EXPECT_EQ(test, vm->vtlb.hier[h].root[0] & PTE_US, (u64)PTE_US);
	}
	/* Freeing the switch state takes the mapping out of both roots. */
	vtlb_vm_switch_free(vm);
	KUNIT_EXPECT_NULL(test, vm->sw);
	for (h = 0; h < VTLB_NR_HIER; h++) {
		present = 0;
		for (i = 1; i < 512; i++)
			if (vm->vtlb.hier[h].root[i] & _PAGE_PRESENT)
				present++;
		KUNIT_EXPECT_EQ_MSG(test, present, 0U, "hier %u", h);
	}
	/* And setting it up again works (a VM runs, stops, runs). */
	KUNIT_EXPECT_EQ(test, vtlb_switch_setup(vm), 0);
	if (vm->sw)
		KUNIT_EXPECT_TRUE(test, hw_walk(test, &vm->vtlb, VTLB_SUP, area_base(vm)).present);
}

static void vtlb_switch_cr3_and_pcid_owner(struct kunit *test)
{
	struct vtlb_vm *vm = test->priv;
	u64 root = vm->vtlb.hier[VTLB_SUP].root_hpa;
	u64 uroot = vm->vtlb.hier[VTLB_USER].root_hpa;
	u64 cr3 = vtlb_host_active_cr3(root, VTLB_SUP, true);
	u64 cr3_keep = vtlb_host_active_cr3(root, VTLB_SUP, false);
	u64 ucr3 = vtlb_host_active_cr3(uroot, VTLB_USER, false);
	bool first, second;

	KUNIT_EXPECT_EQ(test, cr3 & PTE_PFN_MASK, root);
	KUNIT_EXPECT_EQ(test, cr3_keep & PTE_PFN_MASK, root);
	if (boot_cpu_has(X86_FEATURE_PCID) && (cr4_read_shadow() & X86_CR4_PCIDE)) {
		/*
		 * Our own PCID, not one Linux uses: its kernel PCIDs are
		 * ASID + 1 for ASIDs 0..5 (TLB_NR_DYN_ASIDS, hidden from
		 * modules), user PCIDs the same with bit 11 set.
		 */
		KUNIT_EXPECT_GT(test, cr3 & 0x7ff, 6ULL);
		KUNIT_EXPECT_EQ(test, cr3 & BIT_ULL(63), 0ULL);
		KUNIT_EXPECT_EQ(test, cr3_keep & BIT_ULL(63), BIT_ULL(63));
		KUNIT_EXPECT_EQ(test, cr3 & 0xfff, cr3_keep & 0xfff);
		/* The two hierarchies never share a PCID. */
		KUNIT_EXPECT_GT(test, ucr3 & 0x7ff, 6ULL);
		KUNIT_EXPECT_NE(test, ucr3 & 0xfff, cr3 & 0xfff);
		KUNIT_EXPECT_EQ(test, ucr3 & PTE_PFN_MASK, uroot);
	} else {
		/* No PCIDs: the root, nothing else. */
		KUNIT_EXPECT_EQ(test, cr3, root);
		KUNIT_EXPECT_EQ(test, cr3_keep, root);
	}

	/* The first entry of a VM on a CPU flushes, the next does not. */
	preempt_disable();
	first = vtlb_switch_need_flush(vm->sw);
	second = vtlb_switch_need_flush(vm->sw);
	preempt_enable();
	KUNIT_EXPECT_TRUE(test, first);
	KUNIT_EXPECT_FALSE(test, second);
}

static struct kunit_case vtlb_switch_cases[] = {
	KUNIT_CASE(vtlb_switch_data_layout),
	KUNIT_CASE(vtlb_switch_gdt),
	KUNIT_CASE(vtlb_switch_idt),
	KUNIT_CASE(vtlb_switch_tss),
	KUNIT_CASE(vtlb_switch_mapping),
	KUNIT_CASE(vtlb_switch_cr3_and_pcid_owner),
	{}
};

static struct kunit_suite vtlb_switch_suite = {
	.name = "vtlb_switch",
	.init = switch_test_init,
	.exit = switch_test_exit,
	.test_cases = vtlb_switch_cases,
};

kunit_test_suites(&vtlb_switch_suite);
