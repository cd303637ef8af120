// SPDX-License-Identifier: GPL-2.0
/*
 * Event delivery through the guest IDT (gate types, DPL, not present,
 * stack switch, #DF, triple fault), IRET, the shadow GDT rule, and guest
 * memory through the core's translation (faults, page crossings, A/D).
 */
#include "vcpu_test.h"

#define B(...)	((const u8[]){ __VA_ARGS__ }), sizeof((u8[]){ __VA_ARGS__ })

static void put_gate(unsigned int v, u64 g)
{
	env_write32(&t_env, T_IDT + v * 8, (u32)g);
	env_write32(&t_env, T_IDT + v * 8 + 4, (u32)(g >> 32));
}

/* The 20-byte CPL 3 -> 0 frame at ESP0, compared byte for byte. */
static void check_user_frame(int line, u32 eip, u32 efl, bool has_err,
			     u32 err)
{
	u8 want[24], *p = want;
	u32 words[6], n = 0, i;
	int before = test_failed_checks;

	if (has_err)
		words[n++] = err;
	words[n++] = eip;
	words[n++] = T_UCODE;
	words[n++] = efl;
	words[n++] = T_USTACK;
	words[n++] = T_UDATA;
	for (i = 0; i < n; i++, p += 4) {
		p[0] = (u8)words[i];
		p[1] = (u8)(words[i] >> 8);
		p[2] = (u8)(words[i] >> 16);
		p[3] = (u8)(words[i] >> 24);
	}
	CHECK(memcmp(t_env.ram + T_ESP0 - n * 4, want, n * 4) == 0);
	CHECK_EQ(t_cpu.gpr[VCPU_ESP], T_ESP0 - n * 4);
	CHECK_EQ(t_cpu.sel[VCPU_SS], T_KDATA);
	CHECK_EQ(t_cpu.sel[VCPU_CS], T_KCODE);
	CHECK_EQ(t_cpu.cpl, 0);
	CHECK_EQ(t_env.v.cpl, 0);
	CHECK_EQ(vtlb_active_root(&t_env.v), t_env.v.hier[VTLB_SUP].root_hpa);
	if (test_failed_checks != before)
		fprintf(stderr, "  (user frame check from line %d)\n", line);
}

TEST_CASE(int80_from_user_switches_stack)
{
	t_setup();
	t_to_user();
	t_cpu.eflags = EFL_FIXED | EFL_IF | EFL_CF;
	CHECK_EQ(t_exec_err(B(0xcd, 0x80), 0x80 * 8 + 2), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(0x80));
	check_user_frame(__LINE__, T_CODE + 2, EFL_FIXED | EFL_IF | EFL_CF,
			 false, 0);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_CF);	/* interrupt gate */
	CHECK_EQ(t_env.v.stats.exc_injected, 1);
	/* DS/ES are left as they were on a CPL 3 -> 0 transition */
	CHECK_EQ(t_cpu.sel[VCPU_DS], T_UDATA);
	t_teardown();
}

TEST_CASE(trap_gate_keeps_if_int3_into)
{
	t_setup();
	t_to_user();
	t_cpu.eflags = EFL_FIXED | EFL_IF;
	CHECK_EQ(t_exec_err(B(0xcd, 0x81), 0x81 * 8 + 2), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(0x81));
	check_user_frame(__LINE__, T_CODE + 2, EFL_FIXED | EFL_IF, false, 0);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_IF);
	t_teardown();

	t_setup();
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcc), X86_BP * 8 + 2), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_BP));
	check_user_frame(__LINE__, T_CODE + 1, EFL_FIXED, false, 0);
	t_teardown();

	t_setup();
	t_to_user();
	t_cpu.eflags = EFL_FIXED;		/* OF = 0: INTO does nothing */
	CHECK_EQ(t_exec(B(0xce)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_CODE + 1);
	CHECK_EQ(t_cpu.cpl, 3);
	t_cpu.eip = T_CODE;
	t_cpu.eflags = EFL_FIXED | EFL_OF;
	CHECK_EQ(t_exec_err(B(0xce), X86_OF * 8 + 2), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_OF));
	check_user_frame(__LINE__, T_CODE + 1, EFL_FIXED | EFL_OF, false, 0);
	t_teardown();
}

/* INT n from CPL 3 through a DPL 0 gate: #GP(n*8+2), EIP on the INT. */
TEST_CASE(int_gate_dpl_check)
{
	t_setup();
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcd, 0x83), 0x83 * 8 + 2), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_GP));
	check_user_frame(__LINE__, T_CODE, EFL_FIXED, true, 0x83 * 8 + 2);
	t_teardown();

	/* INT3 likewise when its gate is DPL 0 */
	t_setup();
	put_gate(X86_BP, t_gate(T_HANDLER(X86_BP), T_KCODE, 0x8e));
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcc), X86_BP * 8 + 2), VCPU_RESUME);
	check_user_frame(__LINE__, T_CODE, EFL_FIXED, true, X86_BP * 8 + 2);
	t_teardown();

	/* the same INT at CPL 0 passes the check */
	t_setup();
	CHECK_EQ(t_exec_err(B(0xcd, 0x83), 0x83 * 8 + 2), VCPU_RESUME);
	CHECK_FRAME0(0x83, false, 0, T_CODE + 2, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();
}

TEST_CASE(gate_not_present_and_bad_type)
{
	t_setup();
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcd, 0x82), 0x82 * 8 + 2), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_NP));
	check_user_frame(__LINE__, T_CODE, EFL_FIXED, true, 0x82 * 8 + 2);
	t_teardown();

	/* a call gate (type 0xC) in the IDT: #GP(vector*8+2) */
	t_setup();
	put_gate(0x80, t_gate(T_HANDLER(0x80), T_KCODE, 0xec));
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcd, 0x80), 0x80 * 8 + 2), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_GP));
	check_user_frame(__LINE__, T_CODE, EFL_FIXED, true, 0x80 * 8 + 2);
	t_teardown();

	/* a task gate is outside the ABI */
	t_setup();
	put_gate(0x80, t_gate(0, T_TSS_SEL, 0xe5));
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcd, 0x80), 0x80 * 8 + 2),
		 VCPU_EXIT_UNSUPPORTED);
	CHECK_EQ(t_cpu.cpl, 3);
	CHECK_EQ(t_cpu.eip, T_CODE);
	t_teardown();

	/* a 16-bit interrupt gate likewise */
	t_setup();
	put_gate(0x80, t_gate(T_HANDLER(0x80), T_KCODE, 0xe6));
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcd, 0x80), 0x80 * 8 + 2),
		 VCPU_EXIT_UNSUPPORTED);
	t_teardown();

	/* gate to a data segment: #GP(sel) */
	t_setup();
	put_gate(0x80, t_gate(T_HANDLER(0x80), T_KDATA, 0xee));
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcd, 0x80), 0x80 * 8 + 2), VCPU_RESUME);
	check_user_frame(__LINE__, T_CODE, EFL_FIXED, true, T_KDATA);
	t_teardown();

	/* benign #UD with its gate not present: #NP(6*8+2+EXT) serially */
	t_setup();
	put_gate(X86_UD, t_gate(T_HANDLER(X86_UD), T_KCODE, 0x0e));
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_UD, 0, 0), VCPU_RESUME);
	CHECK_FRAME0(X86_NP, true, X86_UD * 8 + 3, T_CODE, T_KSTACK_CUR,
		     EFL_FIXED);
	t_teardown();
}

/* #GP with a not-present #GP gate: #NP while delivering #GP -> #DF. */
TEST_CASE(double_fault)
{
	t_setup();
	put_gate(X86_GP, t_gate(T_HANDLER(X86_GP), T_KCODE, 0x0e));
	t_cpu.gpr[VCPU_EAX] = CR4_PAE;
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xe0)), VCPU_RESUME);
	CHECK_FRAME0(X86_DF, true, 0, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();

	/* IDT limit too short for #GP: #GP(13*8+3) while delivering -> #DF */
	t_setup();
	t_cpu.idtr.limit = X86_GP * 8 - 1;
	t_cpu.gpr[VCPU_EAX] = CR4_PAE;
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xe0)), VCPU_RESUME);
	CHECK_FRAME0(X86_DF, true, 0, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();

	/* #PF whose gate is not present: #PF then #NP -> #DF */
	t_setup();
	t_paging_on();
	put_gate(X86_PF, t_gate(T_HANDLER(X86_PF), T_KCODE, 0x0e));
	t_set_pte(T_DATA, 0);
	t_cpu.gpr[VCPU_EBX] = T_DATA;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x13)), VCPU_RESUME);	/* lgdt [ebx] */
	CHECK_FRAME0(X86_DF, true, 0, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	CHECK_EQ(t_cpu.cr2, T_DATA);
	t_teardown();
}

TEST_CASE(triple_fault)
{
	t_setup();
	put_gate(X86_GP, t_gate(T_HANDLER(X86_GP), T_KCODE, 0x0e));
	put_gate(X86_DF, t_gate(T_HANDLER(X86_DF), T_KCODE, 0x0e));
	t_cpu.gpr[VCPU_EAX] = CR4_PAE;
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xe0)), VCPU_EXIT_TRIPLE_FAULT);
	t_teardown();

	/* the kernel stack is not mapped: nothing can be delivered */
	t_setup();
	t_paging_on();
	t_set_pte(T_KSTACK_CUR - 4, 0);
	t_cpu.gpr[VCPU_EAX] = CR4_PAE;
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xe0)), VCPU_EXIT_TRIPLE_FAULT);
	CHECK_EQ(t_cpu.cr2, T_KSTACK_CUR - 16);
	t_teardown();

	/* INT 0x80 from user with a null SS0 in the TSS */
	t_setup();
	env_write32(&t_env, T_TSS + 8, 0);
	t_to_user();
	CHECK_EQ(t_exec_err(B(0xcd, 0x80), 0x80 * 8 + 2),
		 VCPU_EXIT_TRIPLE_FAULT);
	t_teardown();
}

TEST_CASE(iret_same_privilege)
{
	u32 frame[3] = { 0x12345, T_KCODE,
			 EFL_FIXED | EFL_IF | EFL_IOPL | EFL_CF | EFL_VM * 0 };

	t_setup();
	t_poke(T_KSTACK_CUR, frame, 12);
	CHECK_EQ(t_exec(B(0xcf)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, 0x12345);
	CHECK_EQ(t_cpu.gpr[VCPU_ESP], T_KSTACK_CUR + 12);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_IF | EFL_IOPL | EFL_CF);
	CHECK_EQ(t_cpu.cpl, 0);
	CHECK_EQ(t_cpu.sel[VCPU_CS], T_KCODE);
	t_teardown();
}

TEST_CASE(iret_to_user_switches_hierarchy)
{
	u32 frame[5] = { 0x40000, T_UCODE, EFL_FIXED | EFL_IF, 0x6000,
			 T_UDATA };
	u64 switches;

	t_setup();
	t_paging_on();
	switches = t_env.v.stats.cpl_switch;
	t_cpu.sel[VCPU_ES] = T_UDATA;
	t_poke(T_KSTACK_CUR, frame, 20);
	CHECK_EQ(vcpu_real_eflags(&t_cpu) & EFL_NT, EFL_NT);
	CHECK_EQ(t_exec(B(0xcf)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, 0x40000);
	CHECK_EQ(t_cpu.gpr[VCPU_ESP], 0x6000);
	CHECK_EQ(t_cpu.sel[VCPU_CS], T_UCODE);
	CHECK_EQ(t_cpu.sel[VCPU_SS], T_UDATA);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_IF);
	CHECK_EQ(t_cpu.cpl, 3);
	CHECK_EQ(t_env.v.cpl, 3);
	CHECK_EQ(vtlb_active_root(&t_env.v), t_env.v.hier[VTLB_USER].root_hpa);
	CHECK_EQ(t_env.v.stats.cpl_switch, switches + 1);
	/* DS/FS/GS held kernel data (DPL 0): nulled; ES kept */
	CHECK_EQ(t_cpu.sel[VCPU_DS], 0);
	CHECK_EQ(t_cpu.sel[VCPU_FS], 0);
	CHECK_EQ(t_cpu.sel[VCPU_ES], T_UDATA);
	CHECK_EQ(vcpu_real_eflags(&t_cpu) & EFL_NT, 0);
	t_teardown();
}

/* The shadow GDT hides user code at CPL 0: IRET then traps as #NP. */
TEST_CASE(iret_via_np_exit)
{
	u32 frame[5] = { 0x40000, T_UCODE, EFL_FIXED, 0x6000, T_UDATA };

	t_setup();
	t_poke(T_KSTACK_CUR, frame, 20);
	t_poke(t_cpu.eip, B(0xcf));
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_NP, T_UCODE & ~3, 0),
		 VCPU_RESUME);
	CHECK_EQ(t_cpu.cpl, 3);
	CHECK_EQ(t_cpu.eip, 0x40000);
	t_teardown();

	/* any other #NP is the guest's */
	t_setup();
	t_poke(t_cpu.eip, B(0x8e, 0xd8));
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_NP, 0x30, 0), VCPU_RESUME);
	CHECK_FRAME0(X86_NP, true, 0x30, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();
}

TEST_CASE(iret_faults)
{
	static const struct {
		u32 frame[5];
		u8 vec;
		u32 err;
	} cases[] = {
		{ { 0x1000, 0, EFL_FIXED, 0x6000, T_UDATA }, X86_GP, 0 },
		{ { 0x1000, 0x100, EFL_FIXED, 0x6000, T_UDATA }, X86_GP, 0x100 },
		{ { 0x1000, 0x13, EFL_FIXED, 0x6000, T_UDATA }, X86_GP, 0x10 },
		{ { 0x1000, 0x38, EFL_FIXED, 0x6000, T_UDATA }, X86_NP, 0x38 },
		{ { 0x1000, T_UCODE, EFL_FIXED, 0x6000, T_KDATA }, X86_GP,
		  T_KDATA },
		{ { 0x1000, T_UCODE, EFL_FIXED, 0x6000, 0x20 }, X86_GP, 0x20 },
		{ { 0x1000, T_UCODE, EFL_FIXED, 0x6000, 0x1b }, X86_GP, 0x18 },
		{ { 0x1000, T_UCODE, EFL_FIXED, 0x6000, 3 }, X86_GP, 0 },
		{ { 0x1000, T_UCODE, EFL_FIXED, 0x6000, 0x33 }, X86_SS, 0x30 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int before = test_failed_checks;

		t_setup();
		if (cases[i].vec == X86_SS)	/* DPL 3 data, not present */
			env_write32(&t_env, T_GDT + 0x34,
				    (u32)(t_seg_desc(0, 0xfffff, 0x72, 0xc) >> 32));
		t_poke(T_KSTACK_CUR, cases[i].frame, 20);
		CHECK_EQ(t_exec(B(0xcf)), VCPU_RESUME);
		CHECK_FRAME0(cases[i].vec, true, cases[i].err, T_CODE,
			     T_KSTACK_CUR, EFL_FIXED);
		if (test_failed_checks != before)
			fprintf(stderr, "  (iret case %u)\n", i);
		t_teardown();
	}

	/* from CPL 3, a return to CPL 0 is #GP(cs) */
	t_setup();
	t_to_user();
	{
		u32 f[3] = { 0x1000, T_KCODE, EFL_FIXED };

		t_poke(T_USTACK, f, 12);
	}
	CHECK_EQ(t_exec(B(0xcf)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_GP));
	check_user_frame(__LINE__, T_CODE, EFL_FIXED, true, T_KCODE);
	t_teardown();
}

/* IRET at CPL 3 with IOPL 0 leaves IF alone. */
TEST_CASE(iret_cpl3_if_unchanged)
{
	u32 f[3] = { 0x4000, T_UCODE, EFL_FIXED | EFL_ZF };

	t_setup();
	t_to_user();
	t_cpu.eflags = EFL_FIXED | EFL_IF;
	t_poke(T_USTACK, f, 12);
	CHECK_EQ(t_exec(B(0xcf)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_IF | EFL_ZF);
	CHECK_EQ(t_cpu.eip, 0x4000);
	CHECK_EQ(t_cpu.gpr[VCPU_ESP], T_USTACK + 12);
	t_teardown();
}

/* INT 0x80 from user, then the handler's IRET: back where it was. */
TEST_CASE(syscall_round_trip)
{
	t_setup();
	t_paging_on();
	t_to_user();
	t_cpu.eflags = EFL_FIXED | EFL_IF | EFL_SF;
	CHECK_EQ(t_exec_err(B(0xcd, 0x80), 0x80 * 8 + 2), VCPU_RESUME);
	CHECK_EQ(t_cpu.cpl, 0);
	CHECK_EQ(vtlb_active_root(&t_env.v), t_env.v.hier[VTLB_SUP].root_hpa);
	CHECK_EQ(t_exec(B(0xcf)), VCPU_RESUME);
	CHECK_EQ(t_cpu.cpl, 3);
	CHECK_EQ(t_cpu.eip, T_CODE + 2);
	CHECK_EQ(t_cpu.gpr[VCPU_ESP], T_USTACK);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_IF | EFL_SF);
	CHECK_EQ(t_cpu.sel[VCPU_CS], T_UCODE);
	CHECK_EQ(t_cpu.sel[VCPU_SS], T_UDATA);
	CHECK_EQ(vtlb_active_root(&t_env.v), t_env.v.hier[VTLB_USER].root_hpa);
	t_teardown();
}

TEST_CASE(shadow_descriptors)
{
	u64 kcode = t_seg_desc(0, 0xfffff, 0x9a, 0xc);
	u64 kdata = t_seg_desc(0, 0xfffff, 0x92, 0xc);
	u64 ucode = t_seg_desc(0, 0xfffff, 0xfa, 0xc);
	u64 lcode = t_seg_desc(0, 0xfffff, 0x9b, 0xa);	/* L = 1 */
	u64 tss = t_seg_desc(T_TSS, 0x67, 0x89, 0);
	u64 sh[T_GDT_ENTRIES + 2];

	CHECK_EQ(vcpu_shadow_desc(kcode, 0), t_seg_desc(0, 0xfffff, 0xfb, 0xc));
	CHECK_EQ(vcpu_shadow_desc(kcode, 3), t_seg_desc(0, 0xfffff, 0xfb, 0xc));
	CHECK_EQ(vcpu_shadow_desc(kdata, 0), t_seg_desc(0, 0xfffff, 0xf3, 0xc));
	CHECK_EQ(vcpu_shadow_desc(ucode, 3), t_seg_desc(0, 0xfffff, 0xfb, 0xc));
	CHECK_EQ(vcpu_shadow_desc(ucode, 0), t_seg_desc(0, 0xfffff, 0x7b, 0xc));
	CHECK_EQ(vcpu_shadow_desc(lcode, 0), t_seg_desc(0, 0xfffff, 0xfb, 0x8));
	CHECK_EQ(vcpu_shadow_desc(tss, 0), 0);
	CHECK_EQ(vcpu_shadow_desc(t_gate(0x1234, 8, 0x8e), 0), 0);
	CHECK_EQ(vcpu_shadow_desc(t_seg_desc(0x12345678, 0xabcde, 0x92, 0x4), 3),
		 t_seg_desc(0x12345678, 0xabcde, 0xf3, 0x4));

	t_setup();
	memset(sh, 0xaa, sizeof(sh));
	CHECK_EQ(vcpu_shadow_gdt(&t_cpu, sh, T_GDT_ENTRIES + 2, 3),
		 T_GDT_ENTRIES);
	CHECK_EQ(sh[0], 0);
	CHECK_EQ(sh[1], vcpu_shadow_desc(kcode, 3));
	CHECK_EQ(sh[3], vcpu_shadow_desc(ucode, 3));
	CHECK_EQ(sh[5], 0);		/* TSS */
	CHECK_EQ(sh[T_GDT_ENTRIES], 0);	/* past the limit */
	CHECK_EQ(sh[T_GDT_ENTRIES + 1], 0);
	t_cpu.gdtr.limit = 0x17;	/* 3 entries */
	CHECK_EQ(vcpu_shadow_gdt(&t_cpu, sh, 2, 0), 2);
	CHECK_EQ(sh[1], vcpu_shadow_desc(kcode, 0));
	t_teardown();
}

/* ---- guest memory through the core's translation ------------------- */

TEST_CASE(operand_on_not_present_page)
{
	t_setup();
	t_paging_on();
	t_cpu.gpr[VCPU_EBX] = 0x500000;		/* PDE not present */
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x13)), VCPU_RESUME);
	CHECK_FRAME0(X86_PF, true, 0, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	CHECK_EQ(t_cpu.cr2, 0x500000);
	CHECK_EQ(t_cpu.gdtr.base, T_GDT);	/* unchanged */
	t_teardown();

	/* a 6-byte operand crossing into a not-present page */
	t_setup();
	t_paging_on();
	t_set_pte(T_DATA + 0x1000, 0);
	t_cpu.gpr[VCPU_EBX] = T_DATA + 0xffd;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x13)), VCPU_RESUME);
	CHECK_FRAME0(X86_PF, true, 0, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	CHECK_EQ(t_cpu.cr2, T_DATA + 0x1000);
	t_teardown();

	/* and the same crossing with both pages present works */
	t_setup();
	t_paging_on();
	t_poke(T_DATA + 0xffd, (u8[]){ 0x07, 0x00, 0x00, 0x10, 0x20, 0x30 }, 6);
	t_cpu.gpr[VCPU_EBX] = T_DATA + 0xffd;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x13)), VCPU_RESUME);
	CHECK_EQ(t_cpu.gdtr.base, 0x30201000);
	CHECK_EQ(t_cpu.gdtr.limit, 7);
	t_teardown();
}

TEST_CASE(write_faults_and_dirty_bits)
{
	u32 pte;

	/* SGDT into a read-only page with CR0.WP = 1: P|W */
	t_setup();
	t_paging_on();
	t_set_pte(T_DATA, T_DATA | PTE_P | PTE_US);
	t_cpu.gpr[VCPU_EBX] = T_DATA;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x03)), VCPU_RESUME);
	CHECK_FRAME0(X86_PF, true, PFERR_P | PFERR_W, T_CODE, T_KSTACK_CUR,
		     EFL_FIXED);
	CHECK_EQ(t_cpu.cr2, T_DATA);
	t_teardown();

	/* SMSW at CPL 3 into a supervisor page: P|W|U */
	t_setup();
	t_paging_on();
	t_set_pte(T_DATA, T_DATA | PTE_P | PTE_RW);
	t_to_user();
	t_cpu.gpr[VCPU_EBX] = T_DATA;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x23)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_PF));
	check_user_frame(__LINE__, T_CODE, EFL_FIXED, true,
			 PFERR_P | PFERR_W | PFERR_U);
	t_teardown();

	/* a successful store sets A and D in the guest PTE */
	t_setup();
	t_paging_on();
	t_set_pte(T_DATA, T_DATA | PTE_P | PTE_RW);
	t_cpu.gpr[VCPU_EBX] = T_DATA;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x03)), VCPU_RESUME);
	pte = t_peek32(0x101000 + (T_DATA >> 12) * 4);
	CHECK_EQ(pte & (PTE_A | PTE_D), PTE_A | PTE_D);
	CHECK_EQ(t_peek32(T_DATA + 2), T_GDT);
	t_teardown();
}

TEST_CASE(instruction_crossing_page)
{
	const u32 at = T_CODE + 0xffe;

	/* lgdt [disp32] split 2 | 5 across two present pages */
	t_setup();
	t_paging_on();
	t_poke(T_DATA, (u8[]){ 0x0f, 0x00, 0x00, 0x00, 0x40, 0x00 }, 6);
	t_cpu.eip = at;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x15, 0x00, 0x00, 0x03, 0x00)),
		 VCPU_RESUME);
	CHECK_EQ(t_cpu.gdtr.base, 0x400000);
	CHECK_EQ(t_cpu.eip, at + 7);
	t_teardown();

	/* second page not present: #PF on the fetch, CR2 = its start */
	t_setup();
	t_paging_on();
	t_set_pte(T_CODE + 0x1000, 0);
	t_cpu.eip = at;
	CHECK_EQ(t_exec(B(0x0f, 0x01)), VCPU_RESUME);
	CHECK_FRAME0(X86_PF, true, 0, at, T_KSTACK_CUR, EFL_FIXED);
	CHECK_EQ(t_cpu.cr2, T_CODE + 0x1000);
	t_teardown();

	/* ... at CPL 3 the error code has U */
	t_setup();
	t_paging_on();
	t_set_pte(T_CODE + 0x1000, 0);
	t_to_user();
	t_cpu.eip = at;
	CHECK_EQ(t_exec(B(0x0f, 0x01)), VCPU_RESUME);
	check_user_frame(__LINE__, at, EFL_FIXED, true, PFERR_U);
	CHECK_EQ(t_cpu.cr2, T_CODE + 0x1000);
	t_teardown();

	/* a one-byte CLI at the last byte needs nothing from the next page */
	t_setup();
	t_paging_on();
	t_set_pte(T_CODE + 0x1000, 0);
	t_cpu.eip = T_CODE + 0xfff;
	t_cpu.eflags |= EFL_IF;
	CHECK_EQ(t_exec(B(0xfa)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_CODE + 0x1000);
	CHECK_EQ(t_cpu.eflags & EFL_IF, 0);
	t_teardown();
}

/* A host #PF the core says is the guest's is delivered with CR2. */
TEST_CASE(page_fault_exit_reflected)
{
	t_setup();
	t_paging_on();
	t_set_pte(T_DATA, 0);
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_PF, PFERR_U | PFERR_W,
				  T_DATA + 0x10), VCPU_RESUME);
	CHECK_FRAME0(X86_PF, true, PFERR_W, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	CHECK_EQ(t_cpu.cr2, T_DATA + 0x10);
	t_teardown();

	/* a hidden fault is filled and the guest resumes untouched */
	t_setup();
	t_paging_on();
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_PF, PFERR_U, T_DATA),
		 VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_CODE);
	CHECK_EQ(t_env.v.stats.exc_injected, 0);
	CHECK_EQ(t_cpu.cr2, 0);
	t_teardown();

	/* a PTE naming a frame outside RAM: #MC, no error code */
	t_setup();
	t_paging_on();
	t_set_pte(T_DATA, 0x7ffff000 | PTE_P | PTE_RW);
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_PF, PFERR_U, T_DATA),
		 VCPU_RESUME);
	CHECK_FRAME0(X86_MC, false, 0, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();
}
