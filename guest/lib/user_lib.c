// SPDX-License-Identifier: GPL-2.0
/* User-mode library: system-call wrappers and printf. Runs at CPL 3. */
#include "user.h"

#define FMT_NAME u_vsnprintf
#define FMT_LINKAGE static
#include "fmt.inc"

void u_exit(int code)
{
	syscall3(SYS_EXIT, (u32)code, 0, 0);
	for (;;)
		;
}

int u_fork(void)
{
	return syscall3(SYS_FORK, 0, 0, 0);
}

void u_yield(void)
{
	syscall3(SYS_YIELD, 0, 0, 0);
}

int u_getpid(void)
{
	return syscall3(SYS_GETPID, 0, 0, 0);
}

int u_wait(void)
{
	int r;

	while ((r = syscall3(SYS_WAIT, 0, 0, 0)) == -2)
		u_yield();
	return r;
}

u32 u_sbrk(u32 n)
{
	return (u32)syscall3(SYS_SBRK, n, 0, 0);
}

int u_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = u_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (r > (int)sizeof(buf) - 1)
		r = sizeof(buf) - 1;
	return syscall3(SYS_WRITE, (u32)buf, (u32)r, 0);
}

void u_fill(void *d, u8 c, size_t n)
{
	volatile u8 *p = d;

	while (n--)
		*p++ = c;
}

u32 u_sum(const void *p, size_t n)
{
	const volatile u8 *b = p;
	u32 s = 0;

	while (n--)
		s = s * 31 + *b++;
	return s;
}

/*
 * u_probe: the user half of run_user() probes. ECX = address, EDX = 0 to
 * read a word, 1 to write EDX there; ends with SYS_DONE (EBX = the word).
 */
asm(".globl u_probe\n"
    "u_probe:\n"
    "	test %edx, %edx\n"
    "	jnz 1f\n"
    "	mov (%ecx), %ebx\n"
    "	jmp 2f\n"
    "1:	mov %edx, (%ecx)\n"
    "	xor %ebx, %ebx\n"
    "2:	mov $5, %eax\n"		/* SYS_DONE */
    "	int $0x80\n"
    "3:	jmp 3b\n");
