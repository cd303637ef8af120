/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixture for the virtual-CPU tests: a guest with a flat GDT (kernel and
 * user code/data, a TSS), an IDT whose handlers sit at HANDLER(vector),
 * and the real vTLB core over tests/lib/env guest RAM.
 */
#ifndef _VTLB_TESTS_VCPU_TEST_H
#define _VTLB_TESTS_VCPU_TEST_H

#include "check.h"
#include "env.h"
#include "vcpu/internal.h"
#include "vcpu/io.h"

#define T_RAM		(16U << 20)
#define T_GDT		0x2000U
#define T_TSS		0x3000U
#define T_IDT		0x4000U
#define T_USTACK	0x7000U
#define T_KSTACK_CUR	0x8000U		/* ESP at CPL 0 */
#define T_ESP0		0x9000U		/* TSS.ESP0 */
#define T_CODE		0x10000U
#define T_HANDLER(v)	(0x20000U + (u32)(v) * 0x10)
#define T_DATA		0x30000U

#define T_KCODE		0x08
#define T_KDATA		0x10
#define T_UCODE		0x1b
#define T_UDATA		0x23
#define T_TSS_SEL	0x28
#define T_GDT_ENTRIES	8

extern struct test_env t_env;
extern struct vcpu t_cpu;
extern u8 t_serial[64];
extern u32 t_serial_len;
extern int t_gdt_hook_calls;

u64 t_seg_desc(u32 base, u32 limit, u8 access, u8 flags);
u64 t_gate(u32 offset, u16 sel, u8 access);

/* Fresh VM: paging off, CPL 0, EFLAGS = 2, GDT/IDT/TSS loaded. */
void t_setup(void);
void t_teardown(void);
/* Switch to virtual CPL 3 with user selectors and the user stack. */
void t_to_user(void);
/* Turn on paging: identity map of the first 4 MiB with 4 KiB pages. */
void t_paging_on(void);
/* Change the PTE of @va (first 4 MiB) and INVLPG it in the core. */
void t_set_pte(u32 va, u32 pte);

/* Write @n bytes at guest-physical @gpa. */
void t_poke(u32 gpa, const void *b, unsigned int n);
u32 t_peek32(u32 gpa);
/* Put @n bytes at EIP and handle a #GP(@err) exit for them. */
enum vcpu_action t_exec_err(const void *b, unsigned int n, u32 err);
#define t_exec(...)	t_exec_err(__VA_ARGS__, 0)

/*
 * Check that exception @vec was delivered at the same privilege (CPL 0)
 * from @eip with EFLAGS @efl: EIP at the handler, the frame at @esp_before
 * - size byte for byte.
 */
void t_check_frame0(int line, u8 vec, bool has_err, u32 err, u32 eip,
		    u32 esp_before, u32 efl);
#define CHECK_FRAME0(...)	t_check_frame0(__LINE__, __VA_ARGS__)

#endif
