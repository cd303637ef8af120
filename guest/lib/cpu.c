// SPDX-License-Identifier: GPL-2.0
/* GDT, IDT, TSS and exception dispatch. */
#include "guest.h"

u32 mb_magic, mb_info;
u32 entry_cr0, entry_cr2, entry_cr3, entry_cr4;
u32 ram_size;
struct tss tss __aligned(128);
trap_fn trap_handlers[256];
struct fault_info last_fault;

static u64 gdt[6] __aligned(8);
static u64 idt[256] __aligned(8);

extern char kprobe_rd_insn[], kprobe_wr_insn[], probe_fixup[];
void trap(struct frame *f);
int user_trap(struct frame *f);

static u64 seg_desc(u32 base, u32 limit, u32 type, u32 dpl, u32 flags)
{
	u64 d;

	d = (limit & 0xffff) | ((u64)(base & 0xffffff) << 16);
	d |= (u64)(type | (dpl << 5) | 0x80) << 40;	/* P = 1 */
	d |= (u64)((limit >> 16) & 0xf) << 48;
	d |= (u64)flags << 52;
	d |= (u64)(base >> 24) << 56;
	return d;
}

void idt_set(int vec, void (*handler)(void), int dpl, int present)
{
	u32 h = (u32)handler;

	idt[vec] = (h & 0xffff) | ((u64)KCS << 16) |
		   ((u64)(0x0e | (dpl << 5) | (present ? 0x80 : 0)) << 40) |
		   ((u64)(h >> 16) << 48);
}

void load_idt(u32 limit)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) d = {
		(u16)limit, (u32)idt
	};

	asm volatile("lidt %0" : : "m"(d));
}

void cpu_init(void)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) g;
	int i;

	gdt[0] = 0;
	gdt[1] = seg_desc(0, 0xfffff, 0x1a, 0, 0xc);	/* KCS: code, read */
	gdt[2] = seg_desc(0, 0xfffff, 0x12, 0, 0xc);	/* KDS: data, write */
	gdt[3] = seg_desc(0, 0xfffff, 0x1a, 3, 0xc);	/* UCS */
	gdt[4] = seg_desc(0, 0xfffff, 0x12, 3, 0xc);	/* UDS */
	gdt[5] = seg_desc((u32)&tss, sizeof(tss) - 1, 0x09, 0, 0); /* TSS */
	g.limit = sizeof(gdt) - 1;
	g.base = (u32)gdt;
	asm volatile("lgdt %0" : : "m"(g));
	/*
	 * Reload CS with a same-privilege IRET (the ABI lists IRET, not far
	 * jumps), then the data segments: DS/ES/FS/GS get the DPL-3 data
	 * segment so they stay valid across IRET to ring 3; SS the kernel's.
	 */
	asm volatile("pushl $0x2\n\t"
		     "pushl %0\n\t"
		     "pushl $1f\n\t"
		     "iret\n"
		     "1:\n\t"
		     "mov %1, %%ds\n\t"
		     "mov %1, %%es\n\t"
		     "mov %1, %%fs\n\t"
		     "mov %1, %%gs\n\t"
		     "mov %2, %%ss\n\t"
		     : : "i"(KCS), "r"(UDS), "r"(KDS) : "memory");
	memset(&tss, 0, sizeof(tss));
	tss.ss0 = KDS;
	tss.esp0 = trap_stack_top();
	tss.iomap = sizeof(tss);	/* no I/O bitmap: IN/OUT at CPL 3 fault */
	asm volatile("ltr %w0" : : "r"(TSS_SEL));
	for (i = 0; i < 256; i++)
		idt_set(i, isr_table[i], 0, 1);
	idt_set(VEC_BP, isr_table[VEC_BP], 3, 1);
	idt_set(VEC_OF, isr_table[VEC_OF], 3, 1);
	idt_set(VEC_SYSCALL, isr_table[VEC_SYSCALL], 3, 1);
	load_idt(sizeof(idt) - 1);
	serial_init();
	ram_size = 0;
	if (mb_magic == 0x2badb002 && (((u32 *)mb_info)[0] & 1))
		ram_size = (((u32 *)mb_info)[2] + 1024) * 1024;
}

int from_user(const struct frame *f)
{
	/* A CPL 3 -> 0 transition pushes SS:ESP at the top of SS0:ESP0. */
	return (u32)f + sizeof(*f) == tss.esp0;
}

static const char *vec_name(u32 v)
{
	static const char *const n[] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
		"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "res",
		"#MF", "#AC", "#MC", "#XM",
	};

	if (v < ARRAY_SIZE(n))
		return n[v];
	return v == VEC_SYSCALL ? "int80" : "int";
}

void print_frame(const char *what, const struct frame *f)
{
	printf("%s: vector %u (%s) err %x cr2 %08x eip %08x from %s\n",
	       what, f->vector, vec_name(f->vector), f->err,
	       f->vector == VEC_PF ? read_cr2() : 0, f->eip,
	       from_user(f) ? "user" : "kernel");
}

void trap(struct frame *f)
{
	trap_fn h = trap_handlers[f->vector];

	if (f->vector == VEC_PF || f->vector == VEC_GP || f->vector == VEC_DE) {
		u32 eip = f->eip;

		if (!from_user(f) && (eip == (u32)kprobe_rd_insn ||
				      eip == (u32)kprobe_wr_insn)) {
			last_fault.vector = f->vector;
			last_fault.err = f->err;
			last_fault.cr2 = f->vector == VEC_PF ? read_cr2() : 0;
			last_fault.eip = f->eip;
			f->eip = (u32)probe_fixup;
			return;
		}
	}
	if (h && h(f))
		return;
	if (from_user(f) && user_trap(f))
		return;
	print_frame("unexpected exception", f);
	checks_failed++;
	test_done("aborted");
}
