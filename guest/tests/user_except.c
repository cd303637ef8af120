// SPDX-License-Identifier: GPL-2.0
/* User half of the except test: each routine raises one event at CPL 3. */
#include "user.h"

#define DONE "mov $5, %eax\n\tint $0x80\n"
#define ROUTINE(name, body)			\
	asm(".globl " #name "\n"		\
	    #name ":\n\t" body DONE		\
	    ".globl " #name "_end\n"		\
	    #name "_end: jmp " #name "_end\n")

/* int3: a trap, EIP after the instruction; then continues to DONE. */
ROUTINE(ux_int3, "int3\n\t.globl ux_int3_after\nux_int3_after:\n\t");
/* into with OF = 1 (0x7fffffff + 1 overflows) */
ROUTINE(ux_into, "mov $0x7fffffff, %eax\n\tadd $1, %eax\n\t.globl ux_into_insn\nux_into_insn:\n\tinto\n\t");
ROUTINE(ux_div0, "xor %ecx, %ecx\n\tmov $1, %eax\n\txor %edx, %edx\n\t.globl ux_div0_insn\nux_div0_insn:\n\tdiv %ecx\n\t");
ROUTINE(ux_hlt, ".globl ux_hlt_insn\nux_hlt_insn:\n\thlt\n\t");
ROUTINE(ux_cli, "cli\n\t");
ROUTINE(ux_movcr3, "mov %cr3, %eax\n\t");
ROUTINE(ux_out, "mov $0x41, %al\n\tout %al, $0x80\n\t");
ROUTINE(ux_in, "mov $0x3fd, %dx\n\tin %dx, %al\n\t");
ROUTINE(ux_lidt, "lidt (%esp)\n\t");
/* int $0x80 keeps every register but EAX */
ROUTINE(ux_regs,
	"mov $0x11111111, %ebx\n\tmov $0x22222222, %ecx\n\tmov $0x33333333, %edx\n\t"
	"mov $0x44444444, %esi\n\tmov $0x55555555, %edi\n\tmov $0x66666666, %ebp\n\t"
	"push %ebp\n\tmov $8, %eax\n\tint $0x80\n\tpop %ebp\n\t"
	"cmp $0x66666666, %eax\n\tjne 1f\n\t"
	"cmp $0x11111111, %ebx\n\tjne 1f\n\tcmp $0x22222222, %ecx\n\tjne 1f\n\t"
	"cmp $0x33333333, %edx\n\tjne 1f\n\tcmp $0x44444444, %esi\n\tjne 1f\n\t"
	"cmp $0x55555555, %edi\n\tjne 1f\n\tcmp $0x66666666, %ebp\n\tjne 1f\n\t"
	"mov $1, %ebx\n\tjmp 2f\n1:\txor %ebx, %ebx\n2:\t");

void ux_hello(void);
void ux_hello(void)
{
	int n = u_printf("  hello from CPL 3 through int $0x80 (write)\n");

	syscall3(SYS_DONE, (u32)n, 0, 0);
}
