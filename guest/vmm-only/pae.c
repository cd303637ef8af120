// SPDX-License-Identifier: GPL-2.0
/*
 * pae (VMM only): guest-abi.md refuses CR4.PAE = 1 with #GP, with paging
 * off or on. Natively (QEMU) setting PAE with paging off is allowed, so
 * this is compared with the expected transcript pae.txt.
 */
#include "guest.h"

extern char set_cr4_insn[], set_cr4_fixup[];
u32 set_cr4(u32 v);
asm(".globl set_cr4\n"
    "set_cr4:\n"
    "	mov 4(%esp), %ecx\n"
    "	xor %eax, %eax\n"
    ".globl set_cr4_insn\n"
    "set_cr4_insn:\n"
    "	mov %ecx, %cr4\n"
    "	ret\n"
    ".globl set_cr4_fixup\n"
    "set_cr4_fixup:\n"
    "	mov $1, %eax\n"
    "	ret\n");

static u32 gp_err;

static int on_gp(struct frame *f)
{
	if (f->eip != (u32)set_cr4_insn)
		return 0;
	gp_err = f->err;
	f->eip = (u32)set_cr4_fixup;
	return 1;
}

int main(void);
int main(void)
{
	u32 pd, r;

	trap_handlers[VEC_GP] = on_gp;
	r = set_cr4(CR4_PAE);
	printf("paging off, CR4.PAE = 1: %s err %x, CR4 %08x\n", r ? "#GP" : "accepted",
	       gp_err, read_cr4());
	CHECK(r && !(read_cr4() & CR4_PAE), "PAE accepted with paging off");
	kspace_init(1);
	pd = kspace_pd();
	paging_on(pd);
	r = set_cr4(read_cr4() | CR4_PAE);
	printf("paging on, CR4.PAE = 1: %s err %x, CR4 %08x\n", r ? "#GP" : "accepted",
	       gp_err, read_cr4());
	CHECK(r && read_cr4() == CR4_PSE, "PAE accepted with paging on");
	test_done("pae");
}
