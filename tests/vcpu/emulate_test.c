// SPDX-License-Identifier: GPL-2.0
/*
 * The emulator through vcpu_handle_exit(), with the real vTLB core: each
 * instruction's effect on the virtual CPU, the core and guest memory, and
 * the architectural faults (delivered through the guest IDT) it raises.
 */
#include "vcpu_test.h"

#define B(...)	((const u8[]){ __VA_ARGS__ }), sizeof((u8[]){ __VA_ARGS__ })

TEST_CASE(entry_state_and_real_flags)
{
	t_setup();
	CHECK_EQ(t_cpu.cr0, CR0_PE | CR0_ET);
	CHECK_EQ(t_env.v.cr0, CR0_PE | CR0_ET);
	CHECK_EQ(t_cpu.eflags, 2);
	/* CPL 0: NT set so IRET traps, IF set, IOPL 0 */
	t_cpu.eflags = EFL_FIXED | EFL_CF | EFL_ZF | EFL_IOPL;
	CHECK_EQ(vcpu_real_eflags(&t_cpu),
		 EFL_FIXED | EFL_CF | EFL_ZF | EFL_IF | EFL_NT);
	vcpu_merge_real_eflags(&t_cpu, EFL_FIXED | EFL_SF | EFL_IF | EFL_NT);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_SF | EFL_IOPL);
	t_to_user();
	CHECK_EQ(vcpu_real_eflags(&t_cpu), EFL_FIXED | EFL_SF | EFL_IF);
	t_teardown();
}

TEST_CASE(real_selectors)
{
	u16 s = 0;

	t_setup();
	t_cpu.sel_valid = 0;
	CHECK(!vcpu_real_sel(&t_cpu, VCPU_CS, &s));
	vcpu_sel_from_real(&t_cpu, VCPU_CS, 0x0b);
	CHECK_EQ(t_cpu.sel[VCPU_CS], 0x08);	/* RPL = virtual CPL 0 */
	CHECK(vcpu_real_sel(&t_cpu, VCPU_CS, &s));
	CHECK_EQ(s, 0x0b);
	vcpu_sel_from_real(&t_cpu, VCPU_DS, 0x10);
	CHECK(vcpu_real_sel(&t_cpu, VCPU_DS, &s));
	CHECK_EQ(s, 0x10);			/* data keeps the guest's RPL */
	t_teardown();
}

TEST_CASE(mov_cr_roundtrip)
{
	t_setup();
	t_cpu.gpr[VCPU_EBX] = 0x00123000;
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xdb)), VCPU_RESUME);	/* cr3=ebx */
	CHECK_EQ(t_cpu.cr3, 0x00123000);
	CHECK_EQ(t_env.v.cr3, 0x00123000);
	CHECK_EQ(t_cpu.eip, T_CODE + 3);
	t_cpu.gpr[VCPU_ECX] = CR4_PSE | CR4_PGE;
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xe1)), VCPU_RESUME);	/* cr4=ecx */
	CHECK_EQ(t_cpu.cr4, CR4_PSE | CR4_PGE);
	CHECK_EQ(t_env.v.cr4, CR4_PSE | CR4_PGE);
	t_cpu.gpr[VCPU_EDX] = 0xdeadbeef;
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xd2)), VCPU_RESUME);	/* cr2=edx */
	CHECK_EQ(t_cpu.cr2, 0xdeadbeef);
	CHECK_EQ(t_exec(B(0x0f, 0x20, 0xd6)), VCPU_RESUME);	/* esi=cr2 */
	CHECK_EQ(t_cpu.gpr[VCPU_ESI], 0xdeadbeef);
	CHECK_EQ(t_exec(B(0x0f, 0x20, 0xe7)), VCPU_RESUME);	/* edi=cr4 */
	CHECK_EQ(t_cpu.gpr[VCPU_EDI], CR4_PSE | CR4_PGE);
	CHECK_EQ(t_exec(B(0x0f, 0x20, 0xd8)), VCPU_RESUME);	/* eax=cr3 */
	CHECK_EQ(t_cpu.gpr[VCPU_EAX], 0x00123000);
	/* CR0: ET forced, unknown bits dropped; WP reaches the core */
	t_cpu.gpr[VCPU_EAX] = CR0_PE | CR0_WP | CR0_NE | VTLB_BIT(7);
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xc0)), VCPU_RESUME);
	CHECK_EQ(t_cpu.cr0, CR0_PE | CR0_ET | CR0_WP | CR0_NE);
	CHECK_EQ(t_env.v.cr0, CR0_PE | CR0_ET | CR0_WP | CR0_NE);
	CHECK_EQ(t_exec(B(0x0f, 0x20, 0xc1)), VCPU_RESUME);	/* ecx=cr0 */
	CHECK_EQ(t_cpu.gpr[VCPU_ECX], CR0_PE | CR0_ET | CR0_WP | CR0_NE);
	CHECK_EQ(t_env.v.stats.insn_emulated, 8);
	t_teardown();
}

/* #GP(0) cases: delivered through IDT vector 13 with a CPL 0 frame. */
TEST_CASE(mov_cr_gp)
{
	static const struct {
		u32 val;
		u8 modrm;
	} gp[] = {
		{ CR4_PAE, 0xe0 },			/* CR4.PAE */
		{ CR4_PAE | CR4_PSE, 0xe0 },
		{ CR0_PG | CR0_ET, 0xc0 },		/* PG without PE */
		{ CR0_PE | CR0_NW, 0xc0 },		/* NW without CD */
	};
	unsigned int i;

	for (i = 0; i < sizeof(gp) / sizeof(gp[0]); i++) {
		u8 insn[3] = { 0x0f, 0x22, gp[i].modrm };

		t_setup();
		t_cpu.eflags = EFL_FIXED | EFL_IF;
		t_cpu.gpr[VCPU_EAX] = gp[i].val;
		CHECK_EQ(t_exec(insn, 3), VCPU_RESUME);
		CHECK_FRAME0(X86_GP, true, 0, T_CODE, T_KSTACK_CUR,
			     EFL_FIXED | EFL_IF);
		CHECK_EQ(t_cpu.eflags, EFL_FIXED);	/* interrupt gate */
		CHECK_EQ(t_cpu.cr4, 0);
		CHECK_EQ(t_cpu.cr0, CR0_PE | CR0_ET);
		CHECK_EQ(t_env.v.cr4, 0);
		CHECK_EQ(t_env.v.stats.exc_injected, 1);
		t_teardown();
	}
}

TEST_CASE(mov_cr_unsupported_and_ud)
{
	t_setup();
	t_cpu.gpr[VCPU_EAX] = CR0_ET;			/* back to real mode */
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xc0)), VCPU_EXIT_UNSUPPORTED);
	CHECK_EQ(t_cpu.exit.eip, T_CODE);
	CHECK_EQ(t_cpu.exit.vector, X86_GP);
	CHECK_EQ(t_cpu.exit.insn_len, 15);
	CHECK(memcmp(t_cpu.exit.insn, (u8[]){ 0x0f, 0x22, 0xc0 }, 3) == 0);
	CHECK_EQ(t_cpu.eip, T_CODE);
	t_cpu.gpr[VCPU_EAX] = CR4_PSE | VTLB_BIT(9);	/* OSFXSR */
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xe0)), VCPU_EXIT_UNSUPPORTED);
	/* MOV to CR5 is #UD */
	CHECK_EQ(t_exec(B(0x0f, 0x22, 0xe8)), VCPU_RESUME);
	CHECK_FRAME0(X86_UD, false, 0, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();
}

/* At virtual CPL 3 every CPL-0-only instruction is #GP(0). */
TEST_CASE(privileged_at_cpl3_gp)
{
	static const struct {
		u8 b[8];
		u8 n;
	} insns[] = {
		{ { 0x0f, 0x22, 0xc0 }, 3 },
		{ { 0x0f, 0x20, 0xd8 }, 3 },
		{ { 0x0f, 0x01, 0x38 }, 3 },
		{ { 0x0f, 0x01, 0x10 }, 3 },
		{ { 0x0f, 0x01, 0x18 }, 3 },
		{ { 0x0f, 0x00, 0xd8 }, 3 },
		{ { 0xf4 }, 1 },
		{ { 0xfa }, 1 },	/* IOPL 0 */
		{ { 0xfb }, 1 },
		{ { 0xee }, 1 },	/* no bitmap permission */
		{ { 0xe4, 0x80 }, 2 },
		{ { 0x0f, 0x30 }, 2 },	/* WRMSR: the real #GP is reflected */
	};
	unsigned int i;

	for (i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		u32 frame[6];
		int before = test_failed_checks;

		t_setup();
		env_write32(&t_env, T_TSS + 0x66, 0xffff);	/* no bitmap */
		t_to_user();
		t_cpu.eflags = EFL_FIXED | EFL_IF;
		t_cpu.gpr[VCPU_EAX] = 0x11;
		CHECK_EQ(t_exec(insns[i].b, insns[i].n), VCPU_RESUME);
		CHECK_EQ(t_cpu.cpl, 0);
		CHECK_EQ(t_env.v.cpl, 0);
		CHECK_EQ(t_cpu.eip, T_HANDLER(X86_GP));
		CHECK_EQ(t_cpu.gpr[VCPU_ESP], T_ESP0 - 24);
		CHECK_EQ(t_cpu.sel[VCPU_SS], T_KDATA);
		CHECK_EQ(t_cpu.sel[VCPU_CS], T_KCODE);
		memcpy(frame, t_env.ram + T_ESP0 - 24, 24);
		CHECK_EQ(frame[0], 0);
		CHECK_EQ(frame[1], T_CODE);
		CHECK_EQ(frame[2], T_UCODE);
		CHECK_EQ(frame[3], EFL_FIXED | EFL_IF);
		CHECK_EQ(frame[4], T_USTACK);
		CHECK_EQ(frame[5], T_UDATA);
		CHECK_EQ(t_cpu.cr0, CR0_PE | CR0_ET);
		if (test_failed_checks != before)
			fprintf(stderr, "  (insn %u)\n", i);
		t_teardown();
	}
}

TEST_CASE(cli_sti_iopl)
{
	t_setup();
	t_cpu.eflags = EFL_FIXED | EFL_IF;
	CHECK_EQ(t_exec(B(0xfa)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED);
	CHECK_EQ(t_cpu.eip, T_CODE + 1);
	CHECK_EQ(t_exec(B(0x3e, 0xfb)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_IF);
	CHECK_EQ(t_cpu.eip, T_CODE + 3);
	/* CPL 3 with IOPL 3 may */
	t_to_user();
	t_cpu.eflags = EFL_FIXED | EFL_IF | EFL_IOPL;
	CHECK_EQ(t_exec(B(0xfa)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eflags, EFL_FIXED | EFL_IOPL);
	CHECK_EQ(t_cpu.cpl, 3);
	t_teardown();
}

TEST_CASE(hlt)
{
	t_setup();
	CHECK_EQ(t_exec(B(0xf4)), VCPU_EXIT_HLT);
	CHECK_EQ(t_cpu.eip, T_CODE + 1);
	CHECK(!t_cpu.halted);
	t_cpu.eflags |= EFL_IF;
	CHECK_EQ(t_exec(B(0xf4)), VCPU_EXIT_IDLE);
	CHECK_EQ(t_cpu.eip, T_CODE + 2);
	CHECK(t_cpu.halted);
	t_teardown();
}

TEST_CASE(port_io)
{
	t_setup();
	t_cpu.gpr[VCPU_EAX] = 0x41;
	CHECK_EQ(t_exec(B(0xe6, 0x80)), VCPU_RESUME);	/* open bus */
	CHECK_EQ(t_serial_len, 0);
	t_cpu.gpr[VCPU_EDX] = 0x3f8;
	CHECK_EQ(t_exec(B(0xee)), VCPU_RESUME);
	CHECK_EQ(t_serial_len, 1);
	CHECK_EQ(t_serial[0], 0x41);
	t_cpu.gpr[VCPU_EDX] = 0x3fd;
	t_cpu.gpr[VCPU_EAX] = 0x12345678;
	CHECK_EQ(t_exec(B(0xec)), VCPU_RESUME);			/* in al, dx */
	CHECK_EQ(t_cpu.gpr[VCPU_EAX], 0x12345660);
	CHECK_EQ(t_exec(B(0x66, 0xe5, 0x80)), VCPU_RESUME);	/* in ax, 0x80 */
	CHECK_EQ(t_cpu.gpr[VCPU_EAX], 0x1234ffff);
	CHECK_EQ(t_exec(B(0xe5, 0x80)), VCPU_RESUME);		/* in eax */
	CHECK_EQ(t_cpu.gpr[VCPU_EAX], 0xffffffff);
	t_cpu.gpr[VCPU_EAX] = 0x1234;
	CHECK_EQ(t_exec(B(0x66, 0xe7, 0xf4)), VCPU_EXIT_DEBUG_EXIT);
	CHECK_EQ(t_cpu.exit.value, 0x1234);
	CHECK_EQ(t_env.v.stats.io_out, 3);
	CHECK_EQ(t_env.v.stats.io_in, 3);
	CHECK_EQ(t_env.v.stats.exit_gp, 6);
	CHECK_EQ(t_env.v.stats.insn_emulated, 6);
	CHECK_EQ(t_cpu.eip, T_CODE + 2 + 1 + 1 + 3 + 2 + 3);
	t_teardown();
}

/* CPL 3 I/O through the TSS I/O permission bitmap. */
TEST_CASE(port_io_bitmap)
{
	t_setup();
	/* bitmap at TSS+0x68 (set in t_setup), limit covers 0x3f8/8 + 1 */
	t_cpu.tr.limit = 0x68 + 0x400 / 8 + 1;
	memset(t_env.ram + T_TSS + 0x68, 0xff, 0x400 / 8 + 1);
	t_env.ram[T_TSS + 0x68 + 0x3f8 / 8] = 0x00;	/* 0x3f8-0x3ff allowed */
	t_to_user();
	t_cpu.gpr[VCPU_EDX] = 0x3f8;
	t_cpu.gpr[VCPU_EAX] = 'x';
	CHECK_EQ(t_exec(B(0xee)), VCPU_RESUME);
	CHECK_EQ(t_serial_len, 1);
	CHECK_EQ(t_cpu.cpl, 3);
	/* a dword at 0x3fd spans 0x3fd-0x400: 0x400 is denied */
	t_cpu.gpr[VCPU_EDX] = 0x3fd;
	CHECK_EQ(t_exec(B(0xef)), VCPU_RESUME);
	CHECK_EQ(t_cpu.cpl, 0);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_GP));
	CHECK_EQ(t_peek32(T_ESP0 - 24), 0);
	CHECK_EQ(t_peek32(T_ESP0 - 20), T_CODE + 1);
	t_teardown();
}

TEST_CASE(lgdt_lidt_sgdt_sidt)
{
	static const u8 dtr[6] = { 0xff, 0x0f, 0x44, 0x33, 0x22, 0x11 };
	u8 out[6];

	t_setup();
	t_poke(T_DATA + 0x10, dtr, 6);
	t_cpu.gpr[VCPU_EBX] = T_DATA;
	t_cpu.gpr[VCPU_ESI] = 4;
	/* lgdt [ebx+esi*4] */
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x14, 0xb3)), VCPU_RESUME);
	CHECK_EQ(t_cpu.gdtr.base, 0x11223344);
	CHECK_EQ(t_cpu.gdtr.limit, 0xfff);
	CHECK_EQ(t_gdt_hook_calls, 1);
	/* o16 lidt [disp32]: 24-bit base */
	CHECK_EQ(t_exec(B(0x66, 0x0f, 0x01, 0x1d, 0x10, 0x00, 0x03, 0x00)),
		 VCPU_RESUME);
	CHECK_EQ(t_cpu.idtr.base, 0x00223344);
	CHECK_EQ(t_cpu.idtr.limit, 0xfff);
	CHECK_EQ(t_cpu.eip, T_CODE + 4 + 8);
	/* sgdt [ebx+0x100] (disp8 sign: 0x7f max; use disp32) */
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x83, 0x00, 0x01, 0x00, 0x00)),
		 VCPU_RESUME);
	memcpy(out, t_env.ram + T_DATA + 0x100, 6);
	CHECK(memcmp(out, dtr, 6) == 0);
	/* o16 sidt: high byte of base stored as 0 */
	CHECK_EQ(t_exec(B(0x66, 0x0f, 0x01, 0x8b, 0x00, 0x02, 0x00, 0x00)),
		 VCPU_RESUME);
	memcpy(out, t_env.ram + T_DATA + 0x200, 6);
	CHECK(memcmp(out, (u8[]){ 0xff, 0x0f, 0x44, 0x33, 0x22, 0x00 }, 6) == 0);
	t_teardown();
}

TEST_CASE(smsw_sldt_str)
{
	t_setup();
	t_cpu.gpr[VCPU_EAX] = 0xaaaaaaaa;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0xe0)), VCPU_RESUME);	/* smsw eax */
	CHECK_EQ(t_cpu.gpr[VCPU_EAX], CR0_PE | CR0_ET);
	t_cpu.gpr[VCPU_ECX] = 0xaaaaaaaa;
	CHECK_EQ(t_exec(B(0x66, 0x0f, 0x00, 0xc9)), VCPU_RESUME); /* str cx */
	CHECK_EQ(t_cpu.gpr[VCPU_ECX], 0xaaaa0000 | T_TSS_SEL);
	CHECK_EQ(t_exec(B(0x0f, 0x00, 0xca)), VCPU_RESUME);	/* str edx */
	CHECK_EQ(t_cpu.gpr[VCPU_EDX], T_TSS_SEL);
	t_cpu.gpr[VCPU_EBX] = T_DATA;
	env_write32(&t_env, T_DATA, 0xffffffff);
	CHECK_EQ(t_exec(B(0x0f, 0x00, 0x03)), VCPU_RESUME);	/* sldt [ebx] */
	CHECK_EQ(t_peek32(T_DATA), 0xffff0000);
	/* allowed at CPL 3 (the guest has no UMIP) */
	t_to_user();
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x23)), VCPU_RESUME);	/* smsw [ebx] */
	CHECK_EQ(t_peek32(T_DATA), 0xffff0000 | CR0_PE | CR0_ET);
	CHECK_EQ(t_cpu.cpl, 3);
	t_teardown();
}

TEST_CASE(ltr)
{
	u64 d;

	t_setup();
	t_cpu.tr.sel = 0;
	t_cpu.gpr[VCPU_EAX] = T_TSS_SEL;
	CHECK_EQ(t_exec(B(0x0f, 0x00, 0xd8)), VCPU_RESUME);
	CHECK_EQ(t_cpu.tr.sel, T_TSS_SEL);
	CHECK_EQ(t_cpu.tr.base, T_TSS);
	CHECK_EQ(t_cpu.tr.limit, 0x67);
	memcpy(&d, t_env.ram + T_GDT + T_TSS_SEL, 8);
	CHECK_EQ(desc_type(d), DESC_TSS32_BUSY);
	/* busy now: #GP(sel) */
	CHECK_EQ(t_exec(B(0x0f, 0x00, 0xd8)), VCPU_RESUME);
	CHECK_FRAME0(X86_GP, true, T_TSS_SEL, T_CODE + 3, T_KSTACK_CUR,
		     EFL_FIXED);
	t_teardown();

	t_setup();
	t_cpu.gpr[VCPU_EAX] = T_KDATA;		/* not a TSS */
	CHECK_EQ(t_exec(B(0x0f, 0x00, 0xd8)), VCPU_RESUME);
	CHECK_FRAME0(X86_GP, true, T_KDATA, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();
	t_setup();
	t_cpu.gpr[VCPU_EAX] = 0x100;		/* beyond the GDT limit */
	CHECK_EQ(t_exec(B(0x0f, 0x00, 0xd8)), VCPU_RESUME);
	CHECK_FRAME0(X86_GP, true, 0x100, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();
}

TEST_CASE(mov_ss_and_data_segments)
{
	u64 d;

	t_setup();
	t_cpu.gpr[VCPU_EAX] = T_KDATA;
	CHECK_EQ(t_exec(B(0x8e, 0xd0)), VCPU_RESUME);		/* mov ss, ax */
	CHECK_EQ(t_cpu.sel[VCPU_SS], T_KDATA);
	CHECK_EQ(t_cpu.eip, T_CODE + 2);
	CHECK_EQ(t_gdt_hook_calls, 1);
	memcpy(&d, t_env.ram + T_GDT + T_KDATA, 8);
	CHECK(d & DESC_A);
	/* RPL != CPL: #GP(sel) */
	t_cpu.gpr[VCPU_EAX] = T_UDATA;
	CHECK_EQ(t_exec(B(0x8e, 0xd0)), VCPU_RESUME);
	CHECK_FRAME0(X86_GP, true, T_UDATA & ~3, T_CODE + 2, T_KSTACK_CUR,
		     EFL_FIXED);
	t_teardown();

	t_setup();
	t_cpu.gpr[VCPU_EAX] = 0x30;		/* not present data */
	CHECK_EQ(t_exec(B(0x8e, 0xd0)), VCPU_RESUME);
	CHECK_FRAME0(X86_SS, true, 0x30, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();

	t_setup();
	t_cpu.gpr[VCPU_EAX] = 0x30;
	CHECK_EQ(t_exec(B(0x8e, 0xd8)), VCPU_RESUME);		/* mov ds */
	CHECK_FRAME0(X86_NP, true, 0x30, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();

	t_setup();
	t_cpu.gpr[VCPU_EAX] = 0;		/* null into DS is fine */
	CHECK_EQ(t_exec(B(0x8e, 0xd8)), VCPU_RESUME);
	CHECK_EQ(t_cpu.sel[VCPU_DS], 0);
	t_cpu.gpr[VCPU_EAX] = 0;		/* null into SS is #GP(0) */
	CHECK_EQ(t_exec(B(0x8e, 0xd0)), VCPU_RESUME);
	CHECK_FRAME0(X86_GP, true, 0, T_CODE + 2, T_KSTACK_CUR, EFL_FIXED);
	t_teardown();

	t_setup();
	t_to_user();				/* kernel data from CPL 3 */
	t_cpu.gpr[VCPU_EAX] = T_KDATA;
	CHECK_EQ(t_exec(B(0x8e, 0xd8)), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_GP));
	CHECK_EQ(t_peek32(T_ESP0 - 24), T_KDATA);
	t_teardown();
}

TEST_CASE(invlpg_reaches_core)
{
	u64 before;

	t_setup();
	t_paging_on();
	before = t_env.v.stats.invlpg;
	t_cpu.gpr[VCPU_EDI] = 0x5000;
	CHECK_EQ(t_exec(B(0x0f, 0x01, 0x7f, 0x10)), VCPU_RESUME);
	CHECK_EQ(t_env.v.stats.invlpg, before + 1);
	CHECK_EQ(t_cpu.eip, T_CODE + 4);
	t_teardown();
}

TEST_CASE(unsupported_at_cpl0)
{
	t_setup();
	CHECK_EQ(t_exec_err(B(0x0f, 0x30), 0), VCPU_EXIT_UNSUPPORTED);
	CHECK_EQ(t_cpu.exit.eip, T_CODE);
	CHECK_EQ(t_cpu.exit.cpl, 0);
	CHECK_EQ(t_cpu.exit.insn[0], 0x0f);
	CHECK_EQ(t_cpu.exit.insn[1], 0x30);
	CHECK_EQ(t_cpu.eip, T_CODE);
	/* o16 IRET, task-return IRET */
	CHECK_EQ(t_exec(B(0x66, 0xcf)), VCPU_EXIT_UNSUPPORTED);
	t_cpu.eflags |= EFL_NT;
	CHECK_EQ(t_exec(B(0xcf)), VCPU_EXIT_UNSUPPORTED);
	t_teardown();
}

TEST_CASE(set_regs_syncs_core)
{
	struct vtlb_regs r;

	t_setup();
	vcpu_get_regs(&t_cpu, &r);
	CHECK_EQ(r.cr0, CR0_PE | CR0_ET);
	CHECK_EQ(r.eflags, EFL_FIXED);
	CHECK_EQ(r.eip, T_CODE);
	r.cpl = 3;
	r.cr4 = CR4_PSE;
	r.cr3 = 0x100000;
	r.eax = 0x2badb002;
	CHECK_EQ(vcpu_set_regs(&t_cpu, &r), 0);
	CHECK_EQ(t_env.v.cpl, 3);
	CHECK_EQ(t_env.v.cr4, CR4_PSE);
	CHECK_EQ(t_env.v.cr3, 0x100000);
	CHECK_EQ(t_cpu.gpr[VCPU_EAX], 0x2badb002);
	r.cpl = 1;
	CHECK_EQ(vcpu_set_regs(&t_cpu, &r), -EINVAL);
	r.cpl = 0;
	r.cr4 = CR4_PAE;
	CHECK_EQ(vcpu_set_regs(&t_cpu, &r), -EINVAL);
	r.cr4 = 0;
	r.cr0 = CR0_ET;
	CHECK_EQ(vcpu_set_regs(&t_cpu, &r), -EINVAL);
	CHECK_EQ(t_env.v.cpl, 3);
	t_teardown();
}

TEST_CASE(host_vectors_ignored)
{
	t_setup();
	CHECK_EQ(vcpu_handle_exit(&t_cpu, 0x20, 0, 0), VCPU_RESUME);
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_NMI, 0, 0), VCPU_RESUME);
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_MC, 0, 0), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_CODE);
	CHECK_EQ(t_env.v.stats.exc_injected, 0);
	CHECK_EQ(t_env.v.stats.exit_other_exc, 0);
	/* #UD raised natively is reflected */
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_UD, 0, 0), VCPU_RESUME);
	CHECK_FRAME0(X86_UD, false, 0, T_CODE, T_KSTACK_CUR, EFL_FIXED);
	CHECK_EQ(t_env.v.stats.exit_other_exc, 1);
	t_teardown();

	/* #NP at CPL 3 is reflected without looking at the instruction */
	t_setup();
	t_to_user();
	t_poke(t_cpu.eip, (u8[]){ 0xcf }, 1);
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_NP, 0x38, 0), VCPU_RESUME);
	CHECK_EQ(t_cpu.eip, T_HANDLER(X86_NP));
	CHECK_EQ(t_peek32(T_ESP0 - 24), 0x38);
	CHECK_EQ(t_peek32(T_ESP0 - 20), T_CODE);
	t_teardown();

	/* #DB, #NM and other vectors are outside the ABI */
	t_setup();
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_DB, 0, 0), VCPU_EXIT_UNSUPPORTED);
	CHECK_EQ(t_cpu.exit.vector, X86_DB);
	CHECK_EQ(vcpu_handle_exit(&t_cpu, X86_NM, 0, 0), VCPU_EXIT_UNSUPPORTED);
	t_teardown();
}

int main(int argc, char **argv)
{
	if (argc > 1)
		test_set_filter(argv[1]);
	return test_main("unit-vcpu");
}
