// SPDX-License-Identifier: GPL-2.0
/*
 * Random instruction bytes through vcpu_handle_exit() at CPL 0 and 3, with
 * paging on and random registers: no crash or sanitizer report, and the
 * invariants the run loop relies on hold after every exit.
 */
#include "vcpu_test.h"

static u32 rng_state = 0x12345678;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Bytes biased towards the opcodes and prefixes the decoder knows. */
static u8 rnd_byte(void)
{
	static const u8 hot[] = {
		0x0f, 0x01, 0x00, 0x20, 0x22, 0x66, 0x2e, 0x3e, 0x64, 0x8e,
		0xcf, 0xcd, 0xcc, 0xce, 0xfa, 0xfb, 0xf4, 0xe4, 0xe5, 0xe6,
		0xe7, 0xec, 0xed, 0xee, 0xef, 0x24, 0x25, 0x05, 0x38, 0x10,
	};

	return (rnd() & 1) ? hot[rnd() % sizeof(hot)] : (u8)rnd();
}

TEST_CASE(random_bytes_keep_invariants)
{
	unsigned int iter, k, seen[VCPU_EXIT_INTERNAL + 1] = { 0 };

	t_setup();
	t_paging_on();
	for (iter = 0; iter < 20000; iter++) {
		u8 b[15];
		u32 eip_before;
		enum vcpu_action a;
		int before = test_failed_checks;

		/* re-arm a sane machine every so often */
		if (iter % 64 == 0) {
			t_teardown();
			t_setup();
			t_paging_on();
			if (rnd() & 1)
				t_to_user();
		}
		for (k = 0; k < 15; k++)
			b[k] = rnd_byte();
		for (k = 0; k < VCPU_NR_GPR; k++)
			if (k != VCPU_ESP)
				t_cpu.gpr[k] = (rnd() & 1) ? rnd() : rnd() % 0x400000;
		t_cpu.eip = T_CODE + (rnd() % 0x2000);
		if (t_cpu.cpl == 0) {
			t_cpu.gpr[VCPU_ESP] = T_KSTACK_CUR;
		} else {
			t_cpu.gpr[VCPU_ESP] = T_USTACK;
		}
		/* keep the machine's own tables intact */
		t_cpu.gdtr.base = T_GDT;
		t_cpu.gdtr.limit = T_GDT_ENTRIES * 8 - 1;
		t_cpu.idtr.base = T_IDT;
		t_cpu.idtr.limit = 256 * 8 - 1;
		t_poke(t_cpu.eip, b, 15);
		eip_before = t_cpu.eip;
		a = vcpu_handle_exit(&t_cpu, X86_GP, 0, 0);

		CHECK(a >= VCPU_RESUME && a <= VCPU_EXIT_INTERNAL);
		if (a <= VCPU_EXIT_INTERNAL)
			seen[a]++;
		CHECK(t_cpu.cpl == 0 || t_cpu.cpl == 3);
		CHECK_EQ(t_env.v.cpl, t_cpu.cpl);
		CHECK(t_cpu.eflags & EFL_FIXED);
		CHECK(!(t_cpu.eflags & EFL_VM));
		CHECK(!(t_cpu.cr4 & CR4_PAE));
		CHECK_EQ(t_env.v.cr0, t_cpu.cr0);
		CHECK_EQ(t_env.v.cr3, t_cpu.cr3);
		CHECK_EQ(t_env.v.cr4, t_cpu.cr4);
		if (a == VCPU_EXIT_UNSUPPORTED) {
			CHECK_EQ(t_cpu.eip, eip_before);
			CHECK_EQ(t_cpu.exit.eip, eip_before);
			CHECK(t_cpu.exit.insn_len <= VCPU_INSN_MAX);
		}
		if (a == VCPU_EXIT_INTERNAL)
			CHECK(t_cpu.exit.error < 0);
		if (test_failed_checks != before) {
			fprintf(stderr, "  (iteration %u)\n", iter);
			break;
		}
		/* paging may have been turned off or CR3 moved: restore */
		if (!(t_cpu.cr0 & CR0_PG) || t_cpu.cr3 != 0x100000 ||
		    a == VCPU_EXIT_TRIPLE_FAULT) {
			t_teardown();
			t_setup();
			t_paging_on();
		}
	}
	t_teardown();
	/* the sweep reached the emulator, not only the unsupported exit */
	CHECK(seen[VCPU_RESUME] > 1000);
	CHECK(seen[VCPU_EXIT_UNSUPPORTED] > 1000);
	CHECK(seen[VCPU_EXIT_HLT] + seen[VCPU_EXIT_IDLE] > 10);
	CHECK(seen[VCPU_EXIT_DEBUG_EXIT] > 0);
	fprintf(stderr, "random: resume %u unsupported %u hlt %u idle %u triple %u debug-exit %u serial %u internal %u\n",
		seen[VCPU_RESUME], seen[VCPU_EXIT_UNSUPPORTED], seen[VCPU_EXIT_HLT],
		seen[VCPU_EXIT_IDLE], seen[VCPU_EXIT_TRIPLE_FAULT],
		seen[VCPU_EXIT_DEBUG_EXIT], seen[VCPU_EXIT_SERIAL_FULL],
		seen[VCPU_EXIT_INTERNAL]);
}
