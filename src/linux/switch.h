/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The switcher region: one naturally aligned 64 KiB block per VM holding
 * everything the CPU touches while the guest runs or while the world switch
 * is half done -- the switch data page, our GDT, two IDTs and the TSS, the IST
 * stacks and the trap stack -- plus the switcher code pages (switcher.S). All of it
 * is mapped supervisor-only at its host address in both active hierarchies.
 * See Documentation/world-switch.md.
 *
 * The layout constants are shared with switcher.S, so this header is also
 * included from assembly.
 */
#ifndef _VTLB_LINUX_SWITCH_H
#define _VTLB_LINUX_SWITCH_H

/* Area layout (offsets from the area base). */
#define VTLB_SW_AREA_ORDER	4
#define VTLB_SW_AREA_SIZE	(4096 << VTLB_SW_AREA_ORDER)
#define VTLB_SW_DATA_OFF	0x0000
#define VTLB_SW_GDT_OFF		0x1000
#define VTLB_SW_IDT_OFF		0x2000
#define VTLB_SW_TSS_OFF		0x3000
#define VTLB_SW_NMI_TOP		0x5000	/* IST stacks: one page each */
#define VTLB_SW_DF_TOP		0x6000
#define VTLB_SW_MC_TOP		0x7000
#define VTLB_SW_TRAP_TOP	0x8000	/* RSP0: exits from the guest */
#define VTLB_SW_IDT_G_OFF	0x8000	/* the IDT used while the guest runs */
/* An IRET frame deep in the trap stack, for reloading our own CS. */
#define VTLB_SW_CS_FRAME	(VTLB_SW_TRAP_TOP - 0x800)
#define VTLB_SW_STUB_SIZE	32	/* bytes per IDT entry stub */

/*
 * Selectors of our GDT (Documentation/world-switch.md, "Our GDT and the
 * guest's"). Entries 0 .. VTLB_GDT_GUEST_MAX - 1 are the shadows of the
 * guest's GDT (vcpu_shadow_gdt()), ours sit above them. One exception:
 * entry 2 (0x10) is Linux's __KERNEL_CS, used by the gates of our switch
 * IDT (VTLB_SW_IDT_OFF), which must stay valid whichever GDT is loaded
 * while the switch is half done (an NMI can arrive between LGDT and LIDT).
 * So entry 2 holds our 64-bit kernel code except while the guest runs:
 * the switcher loads the guest IDT (VTLB_SW_IDT_G_OFF, gates on the high
 * kernel CS), moves CS to the high selector, then writes the guest's
 * shadow of entry 2 (d->g_desc2) there just before IRETQ; the exit path
 * undoes this in the reverse order.
 */
#define VTLB_SEL_KCODE		0x10	/* switch IDT gates, == __KERNEL_CS */
#define VTLB_GDT_GUEST_MAX	506	/* guest entries 0..505 (0x000-0xfcf) */
#define VTLB_SEL_GCODE		0xfd3	/* guest flat 32-bit code, DPL 3 */
#define VTLB_SEL_GDATA		0xfdb	/* guest flat data, DPL 3 */
#define VTLB_SEL_KCODE_HI	0xfe0	/* guest IDT gates, 64-bit code */
#define VTLB_SEL_KDATA		0xfe8	/* kernel data (VERW) */
#define VTLB_SEL_TSS		0xff0	/* last two slots of the GDT page */
#define VTLB_GDT_LIMIT		0xfff
#define VTLB_IDT_LIMIT		0xfff

/* Our descriptors above the guest's; the guest IDT clear of the stacks. */
#if VTLB_GDT_GUEST_MAX * 8 > (VTLB_SEL_GCODE & ~7)
#error "guest part of the GDT overlaps our descriptors"
#endif
#if VTLB_SW_TRAP_TOP > VTLB_SW_IDT_G_OFF
#error "guest IDT on a stack"
#endif
#if VTLB_SW_IDT_G_OFF + 0x1000 > VTLB_SW_AREA_SIZE
#error "guest IDT outside the area"
#endif

/* IST slots, numbered as Linux numbers them (gate ist = index + 1). */
#define VTLB_IST_DF		1
#define VTLB_IST_NMI		2
#define VTLB_IST_MC		4

/* Switch data page (struct vtlb_sw_data below). */
#define SW_G_RAX	0x000
#define SW_G_RCX	0x008
#define SW_G_RDX	0x010
#define SW_G_RBX	0x018
#define SW_G_RBP	0x020
#define SW_G_RSI	0x028
#define SW_G_RDI	0x030
#define SW_G_RIP	0x038
#define SW_G_CS		0x040
#define SW_G_RFLAGS	0x048
#define SW_G_RSP	0x050
#define SW_G_SS		0x058
#define SW_G_DS		0x060
#define SW_G_ES		0x068
#define SW_G_FS		0x070
#define SW_G_GS		0x078
#define SW_VECTOR	0x080
#define SW_ERROR	0x088
#define SW_CR2		0x090
#define SW_ACTIVE_CR3	0x098
#define SW_HOST_CR3	0x0a0
#define SW_HOST_RSP	0x0a8
#define SW_HOST_RBX	0x0b0
#define SW_HOST_RBP	0x0b8
#define SW_HOST_R12	0x0c0
#define SW_HOST_R13	0x0c8
#define SW_HOST_R14	0x0d0
#define SW_HOST_R15	0x0d8
#define SW_HOST_FSBASE	0x0e0
#define SW_HOST_GSBASE	0x0e8
#define SW_HOST_TSSDESC	0x0f0
#define SW_HOST_GDT	0x0f8	/* descriptor-table registers: 6 pad bytes, */
#define SW_HOST_GDT_RW	0x108	/* then limit and base: LGDT/LIDT operands */
#define SW_HOST_IDT	0x118	/* start at +6 */
#define SW_GDT		0x128
#define SW_IDT		0x138
#define SW_HOST_TR	0x148
#define SW_HOST_LDT	0x14a
#define SW_HOST_DS	0x14c
#define SW_HOST_ES	0x14e
#define SW_HOST_FS	0x150
#define SW_HOST_GS	0x152
#define SW_VERW_SEL	0x158
#define SW_NMI_PENDING	0x160
#define SW_MCE_PENDING	0x161
#define SW_FATAL	0x162
#define SW_FATAL_RIP	0x168
#define SW_IDT_G	0x170
#define SW_G_DESC2	0x180	/* guest shadow of GDT entry 2 */
#define SW_K_DESC2	0x188	/* our 64-bit kernel code for entry 2 */
#define SW_DATA_SIZE	0x190

#ifndef __ASSEMBLY__

#include <linux/types.h>

struct vtlb_vm;
struct page;

struct vtlb_sw_dtr {
	u16 pad[3];
	u16 limit;
	u64 base;
} __packed;

/* Everything the switcher reads or writes, at the offsets above. */
struct vtlb_sw_data {
	u64 g_rax, g_rcx, g_rdx, g_rbx, g_rbp, g_rsi, g_rdi;
	u64 g_rip, g_cs, g_rflags, g_rsp, g_ss;
	u64 g_ds, g_es, g_fs, g_gs;
	u64 vector, error, cr2;
	u64 active_cr3;
	u64 host_cr3, host_rsp, host_rbx, host_rbp;
	u64 host_r12, host_r13, host_r14, host_r15;
	u64 host_fsbase, host_gsbase;
	u64 host_tssdesc;		/* host TSS descriptor, writable alias */
	struct vtlb_sw_dtr host_gdt, host_gdt_rw, host_idt, gdt, idt;
	u16 host_tr, host_ldt, host_ds, host_es, host_fs, host_gs;
	u64 verw_sel;			/* a selector for VERW (MDS buffers) */
	u8 nmi_pending;			/* NMI hit the switch window */
	u8 mce_pending;			/* #MC hit the switch window */
	u8 fatal;			/* CPL 0 fault in the switch window */
	u8 pad[5];
	u64 fatal_rip;			/* where it happened (vector, error too) */
	struct vtlb_sw_dtr idt_g;	/* IDT while the guest runs */
	u64 g_desc2;			/* GDT entry 2 while the guest runs */
	u64 k_desc2;			/* GDT entry 2 otherwise */
};

#define VTLB_SW_MAX_TABLES	24
#define VTLB_SW_TRACE		16	/* flight recorder: last exits */

struct vtlb_sw_trace {
	u32 vector, error, eip, cr2;
};

/* Per-VM world-switch state (vm->sw). */
struct vtlb_switch {
	struct vtlb_sw_data *d;		/* == area base */
	struct page *area;
	u64 *root;			/* our top level: entries >= 1 */
	struct page *tables[VTLB_SW_MAX_TABLES];
	unsigned int nr_tables;
	u64 gen;			/* owner tag of our PCID on a CPU */
	/* Flight recorder: the last exits, dumped on an internal error. */
	struct vtlb_sw_trace trace[VTLB_SW_TRACE];
	unsigned int trace_next;
	/* Livelock guard: the same #PF retried again and again. */
	u64 last_pf_addr, last_pf_eip;
	unsigned int same_pf;
};

/* A fill may legitimately need a few retries (both halves, A/D, WP). */
#define VTLB_SW_SAME_PF_MAX	16

/* switch.c */
int vtlb_switch_setup(struct vtlb_vm *vm);
bool vtlb_switch_need_flush(struct vtlb_switch *sw);

/* switcher.S */
void vtlb_sw_run(struct vtlb_sw_data *d);
void vtlb_sw_call_irqoff(unsigned long handler);
/* The switcher code: vtlb_sw_vectors (page aligned) .. vtlb_switcher_end. */
extern const char vtlb_sw_vectors[], vtlb_switcher_end[];

#endif /* __ASSEMBLY__ */
#endif /* _VTLB_LINUX_SWITCH_H */
