/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For user-mode code (files named user_*.c, linked into the .user section,
 * which is mapped user-accessible). Nothing here may call kernel code.
 */
#ifndef USER_H
#define USER_H
#include "guest.h"

static inline int syscall3(u32 nr, u32 a, u32 b, u32 c)
{
	int r;

	asm volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

void __noreturn u_exit(int code);
int u_fork(void);
void u_yield(void);
int u_getpid(void);
int u_wait(void);
u32 u_sbrk(u32 n);
int u_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void u_fill(void *d, u8 c, size_t n);
u32 u_sum(const void *p, size_t n);
#endif
