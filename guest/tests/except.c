// SPDX-License-Identifier: GPL-2.0
/*
 * except: exceptions delivered through the guest's IDT with architectural
 * vectors, error codes, CR2, EIP and (from CPL 3) the user SS:ESP pushed on
 * the TSS's SS0:ESP0 stack. From CPL 3: #BP (int3), #OF (into), #DE, #GP(0)
 * from HLT, CLI, MOV CR3, OUT, IN, LIDT, #PF (not present, supervisor page,
 * read-only), int $0x80 (registers kept). From CPL 0: #DE, #PF with CR2,
 * IRET back to CPL 0.
 * guest-abi.md: Privileged architecture (IRET, INT n from CPL 3 through
 * DPL-3 gates, delivery, SS0:ESP0), Paging. Patent: Fig 5 (508-512, 518, 522-524).
 */
#include "guest.h"

extern char ux_int3[], ux_int3_after[], ux_into[], ux_into_insn[], ux_div0[],
	ux_div0_insn[], ux_hlt[], ux_hlt_insn[], ux_cli[], ux_movcr3[], ux_out[],
	ux_in[], ux_lidt[], ux_regs[];
void ux_hello(void);

static const char *vname(int v)
{
	switch (v) {
	case RUN_USER_OK: return "completed";
	case VEC_DE: return "#DE";
	case VEC_BP: return "#BP";
	case VEC_OF: return "#OF";
	case VEC_GP: return "#GP";
	case VEC_PF: return "#PF";
	default: return "other";
	}
}

static int user_event(const char *what, char *fn, u32 ecx, u32 edx, int want_vec,
		      u32 want_err, char *want_eip)
{
	u32 v = 0;
	int r = run_user((void (*)(void))fn, ecx, edx, &v);

	printf("  user %-28s -> %-9s", what, vname(r));
	if (r != RUN_USER_OK)
		printf(" err %04x eip %s+%u user esp %08x", last_fault.err,
		       want_eip == fn ? "start" : "insn",
		       last_fault.eip - (u32)want_eip, last_fault.user_esp);
	if (r == VEC_PF)
		printf(" cr2 %08x", last_fault.cr2);
	printf("\n");
	CHECK(r == want_vec, "%s: got %d want %d", what, r, want_vec);
	if (r != RUN_USER_OK) {
		CHECK(last_fault.err == want_err, "%s: err %x", what, last_fault.err);
		CHECK(last_fault.eip == (u32)want_eip, "%s: eip %x", what, last_fault.eip);
		CHECK(last_fault.user_esp == USER_STACK_TOP - 16, "%s: user esp %x", what,
		      last_fault.user_esp);
	}
	return (int)v;
}

extern char kdiv_insn[], kdiv_fixup[];
u32 kdiv(u32 a, u32 b);
asm(".globl kdiv\n"
    "kdiv:\n"
    "	mov 4(%esp), %eax\n"
    "	mov 8(%esp), %ecx\n"
    "	xor %edx, %edx\n"
    ".globl kdiv_insn\n"
    "kdiv_insn:\n"
    "	div %ecx\n"
    "	ret\n"
    ".globl kdiv_fixup\n"
    "kdiv_fixup:\n"
    "	mov $0xdead, %eax\n"
    "	ret\n");

static u32 kde_count, kde_eip_ok, kbp_count;

static int on_de(struct frame *f)
{
	if (from_user(f) || f->eip != (u32)kdiv_insn)
		return 0;
	kde_count++;
	kde_eip_ok = 1;
	printf("  kernel #DE: err %x eip kdiv_insn+%u, IRET to the fixup\n", f->err,
	       f->eip - (u32)kdiv_insn);
	f->eip = (u32)kdiv_fixup;
	return 1;
}

static int on_bp(struct frame *f)
{
	/* int3 from CPL 3 is a trap: print it, then resume the user code. */
	if (!from_user(f))
		return 0;
	kbp_count++;
	printf("  #BP handler: from user, eip ux_int3_after+%u, resuming\n",
	       f->eip - (u32)ux_int3_after);
	return 1;
}

int main(void);
int main(void)
{
	u32 pd, v, ro;
	int r, f;

	kspace_init(0);
	pd = kspace_pd();
	ro = frame_alloc();
	map4k(pd, 0x70000000, ro, PG_P | PG_US);	/* user read-only */
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	printf("exceptions from CPL 3:\n");
	user_event("int3 (no handler)", ux_int3, 0, 0, VEC_BP, 0, ux_int3_after);
	trap_handlers[VEC_BP] = on_bp;
	user_event("int3 (handler resumes)", ux_int3, 0, 0, RUN_USER_OK, 0, NULL);
	CHECK(kbp_count == 1, "#BP handler ran %u times", kbp_count);
	user_event("into with OF=1", ux_into, 0, 0, VEC_OF, 0, ux_into_insn + 1);
	user_event("div by zero", ux_div0, 0, 0, VEC_DE, 0, ux_div0_insn);
	user_event("hlt", ux_hlt, 0, 0, VEC_GP, 0, ux_hlt_insn);
	user_event("cli", ux_cli, 0, 0, VEC_GP, 0, ux_cli);
	user_event("mov %cr3, %eax", ux_movcr3, 0, 0, VEC_GP, 0, ux_movcr3);
	user_event("out (IOPL 0, no bitmap)", ux_out, 0, 0, VEC_GP, 0, ux_out + 2);
	user_event("in", ux_in, 0, 0, VEC_GP, 0, ux_in + 4);
	user_event("lidt", ux_lidt, 0, 0, VEC_GP, 0, ux_lidt);
	user_event("read not-present page", (char *)u_probe, 0x7ffff000, 0, VEC_PF, 4,
		   (char *)u_probe + 4);
	user_event("read supervisor page", (char *)u_probe, (u32)&kde_count, 0, VEC_PF, 5,
		   (char *)u_probe + 4);
	user_event("write read-only page", (char *)u_probe, 0x70000010, 9, VEC_PF, 7,
		   (char *)u_probe + 8);
	v = user_event("int $0x80 keeps registers", ux_regs, 0, 0, RUN_USER_OK, 0, NULL);
	CHECK(v == 1, "registers across int $0x80");
	r = run_user(ux_hello, 0, 0, &v);
	CHECK(r == RUN_USER_OK && v == 45, "write syscall %d %u", r, v);

	printf("exceptions from CPL 0:\n");
	trap_handlers[VEC_DE] = on_de;
	v = kdiv(10, 0);
	printf("  10 / 0 in the kernel -> %x after the handler\n", v);
	CHECK(v == 0xdead && kde_count == 1 && kde_eip_ok, "kernel #DE");
	CHECK(kdiv(10, 3) == 3, "kdiv");
	f = kprobe_read(0x7fff0000, &v);
	printf("  kernel read of a not-present page -> %s err %x cr2 %08x\n",
	       f ? "#PF" : "no fault", last_fault.err, last_fault.cr2);
	CHECK(f && last_fault.err == 0 && last_fault.cr2 == 0x7fff0000, "kernel NP");
	f = kprobe_write(0x70000000, 1);
	printf("  kernel write of a read-only user page, WP=1 -> %s err %x cr2 %08x\n",
	       f ? "#PF" : "no fault", last_fault.err, last_fault.cr2);
	CHECK(f && last_fault.err == 3 && last_fault.cr2 == 0x70000000, "kernel RO");
	f = kprobe_read(0, &v);
	printf("  kernel read of address 0 -> %s err %x cr2 %08x\n", f ? "#PF" : "no fault",
	       last_fault.err, last_fault.cr2);
	CHECK(f && last_fault.err == 0 && last_fault.cr2 == 0, "NULL");
	printf("  CR2 still holds the last fault address: %08x\n", read_cr2());
	test_done("except");
}
