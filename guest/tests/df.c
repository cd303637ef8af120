// SPDX-License-Identifier: GPL-2.0
/*
 * df: double faults. A fault while delivering a fault is #DF (error code
 * 0), delivered through the guest's #DF gate:
 *   1. CPL 0: #PF whose IDT gate is not present (#NP during delivery);
 *   2. CPL 0: #DE whose gate is not present (contributory + contributory);
 *   3. CPL 3: #PF with a not-present gate; #DF arrives on SS0:ESP0.
 * The handler reports and resumes the test (a #DF cannot be restarted).
 * guest-abi.md: "A fault while delivering a fault is #DF". Patent: Fig 5 (518).
 */
#include "guest.h"

static struct kctx back;
static u32 df_count;

static int on_df(struct frame *f)
{
	df_count++;
	printf("  #DF: vector %u err %x from %s\n", f->vector, f->err,
	       from_user(f) ? "user" : "kernel");
	CHECK(f->err == 0, "#DF error code %x", f->err);
	if (from_user(f))
		return 0;	/* run_user() reports it */
	krestore(&back, 1);
}

u32 kdiv0(void);
asm(".globl kdiv0\n"
    "kdiv0:\n"
    "	xor %ecx, %ecx\n"
    "	mov $1, %eax\n"
    "	xor %edx, %edx\n"
    "	div %ecx\n"
    "	ret\n");

int main(void);
int main(void)
{
	u32 pd, v;
	int r;

	kspace_init(0);
	pd = kspace_pd();
	paging_on(pd);
	trap_handlers[VEC_DF] = on_df;

	printf("1. kernel #PF, #PF gate not present:\n");
	idt_set(VEC_PF, isr_table[VEC_PF], 0, 0);
	if (ksave(&back) == 0) {
		v = *(volatile u32 *)0x7f000000;
		CHECK(0, "read of an unmapped page went through: %x", v);
	}
	idt_set(VEC_PF, isr_table[VEC_PF], 0, 1);
	CHECK(df_count == 1, "no #DF");

	printf("2. kernel #DE, #DE gate not present:\n");
	idt_set(VEC_DE, isr_table[VEC_DE], 0, 0);
	if (ksave(&back) == 0) {
		v = kdiv0();
		CHECK(0, "1 / 0 = %x", v);
	}
	idt_set(VEC_DE, isr_table[VEC_DE], 0, 1);
	CHECK(df_count == 2, "no #DF");

	printf("3. user #PF, #PF gate not present:\n");
	idt_set(VEC_PF, isr_table[VEC_PF], 0, 0);
	r = run_user(u_probe, 0x7f000000, 0, &v);
	idt_set(VEC_PF, isr_table[VEC_PF], 0, 1);
	printf("  user probe ended with vector %d, user esp %08x\n", r, last_fault.user_esp);
	CHECK(r == VEC_DF && df_count == 3, "user #DF: %d", r);

	printf("4. after all that, a plain #PF is a #PF again:\n");
	r = kprobe_read(0x7f000000, &v);
	printf("  kernel read -> %s err %x cr2 %08x\n", r ? "#PF" : "no fault",
	       last_fault.err, last_fault.cr2);
	CHECK(r && last_fault.vector == VEC_PF, "plain #PF");
	test_done("df");
}
