// SPDX-License-Identifier: GPL-2.0
/* COM1 output, isa-debug-exit, printf, small string helpers, self-checks. */
#include "guest.h"

#define COM1 0x3f8
#define DEBUG_EXIT 0xf4

#define FMT_NAME vsnprintf
#define FMT_LINKAGE
#include "fmt.inc"

u32 checks_run, checks_failed;

void serial_init(void)
{
	outb(COM1 + 1, 0x00);	/* no interrupts */
	outb(COM1 + 3, 0x80);	/* DLAB */
	outb(COM1 + 0, 0x01);	/* 115200 */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);	/* 8N1, DLAB = 0 */
	outb(COM1 + 2, 0x07);	/* FIFO */
}

void putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (u8)c);
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

int printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	puts(buf);
	return r;
}

void debug_exit(u32 v)
{
	outl(DEBUG_EXIT, v);
	/* Not reached under QEMU or vtlb; stop somewhere harmless. */
	for (;;)
		;
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("PANIC: %s\n", buf);
	debug_exit(0x7f);
}

void check_(int ok, const char *file, int line, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	checks_run++;
	if (ok)
		return;
	checks_failed++;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("FAIL %s:%d: %s\n", file, line, buf);
}

void test_done(const char *name)
{
	printf("%s: %u checks, %u failed\n", name, checks_run, checks_failed);
	printf("%s\n", checks_failed ? "FAILED" : "PASSED");
	debug_exit(checks_failed ? 1 : 0);
}

void *memset(void *d, int c, size_t n)
{
	void *r = d;

	asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return r;
}

void *memcpy(void *d, const void *s, size_t n)
{
	void *r = d;

	asm volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return r;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
