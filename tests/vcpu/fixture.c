// SPDX-License-Identifier: GPL-2.0
/* The virtual-CPU test fixture (vcpu_test.h). */
#include <stdlib.h>
#include "vcpu_test.h"

struct test_env t_env;
struct vcpu t_cpu;
u8 t_serial[64];
u32 t_serial_len;
int t_gdt_hook_calls;
static u8 t_lcr;
static struct vtlb_io_ctx t_io;

static void t_gdt_hook(void *ctx, struct vcpu *c)
{
	(void)ctx;
	(void)c;
	t_gdt_hook_calls++;
}

static const struct vcpu_ops t_ops = { .gdt_loaded = t_gdt_hook };

u64 t_seg_desc(u32 base, u32 limit, u8 access, u8 flags)
{
	return (limit & 0xffff) | ((u64)(base & 0xffffff) << 16) |
	       ((u64)access << 40) | ((u64)((limit >> 16) & 0xf) << 48) |
	       ((u64)(flags & 0xf) << 52) | ((u64)(base >> 24) << 56);
}

u64 t_gate(u32 offset, u16 sel, u8 access)
{
	return (offset & 0xffff) | ((u64)sel << 16) | ((u64)access << 40) |
	       ((u64)(offset >> 16) << 48);
}

void t_poke(u32 gpa, const void *b, unsigned int n)
{
	memcpy(t_env.ram + gpa, b, n);
}

u32 t_peek32(u32 gpa)
{
	return env_read32(&t_env, gpa);
}

static void t_put64(u32 gpa, u64 v)
{
	env_write32(&t_env, gpa, (u32)v);
	env_write32(&t_env, gpa + 4, (u32)(v >> 32));
}

void t_setup(void)
{
	u64 gdt[T_GDT_ENTRIES] = {
		0,
		t_seg_desc(0, 0xfffff, 0x9a, 0xc),	/* 0x08 kernel code */
		t_seg_desc(0, 0xfffff, 0x92, 0xc),	/* 0x10 kernel data */
		t_seg_desc(0, 0xfffff, 0xfa, 0xc),	/* 0x18 user code */
		t_seg_desc(0, 0xfffff, 0xf2, 0xc),	/* 0x20 user data */
		t_seg_desc(T_TSS, 0x67, 0x89, 0),	/* 0x28 TSS */
		t_seg_desc(0, 0xfffff, 0x12, 0xc),	/* 0x30 data, not present */
		t_seg_desc(0, 0xfffff, 0x1a, 0xc),	/* 0x38 code, not present */
	};
	unsigned int v, i;

	memset(&t_env, 0, sizeof(t_env));
	CHECK_EQ(env_init(&t_env, T_RAM, 4, false, 0), 0);
	memset(t_serial, 0, sizeof(t_serial));
	t_serial_len = 0;
	t_lcr = 0;
	t_gdt_hook_calls = 0;
	t_io.serial = t_serial;
	t_io.serial_len = &t_serial_len;
	t_io.serial_cap = sizeof(t_serial);
	t_io.com1_lcr = &t_lcr;
	CHECK_EQ(vcpu_init(&t_cpu, &t_env.v, &t_ops, NULL, &t_io), 0);

	for (i = 0; i < T_GDT_ENTRIES; i++)
		t_put64(T_GDT + i * 8, gdt[i]);
	t_cpu.gdtr.base = T_GDT;
	t_cpu.gdtr.limit = T_GDT_ENTRIES * 8 - 1;
	for (v = 0; v < 256; v++)
		t_put64(T_IDT + v * 8, t_gate(T_HANDLER(v), T_KCODE, 0x8e));
	t_put64(T_IDT + 0x80 * 8, t_gate(T_HANDLER(0x80), T_KCODE, 0xee));
	t_put64(T_IDT + 0x81 * 8, t_gate(T_HANDLER(0x81), T_KCODE, 0xef));
	t_put64(T_IDT + 0x82 * 8, t_gate(T_HANDLER(0x82), T_KCODE, 0x6e));
	t_put64(T_IDT + X86_BP * 8, t_gate(T_HANDLER(X86_BP), T_KCODE, 0xee));
	t_put64(T_IDT + X86_OF * 8, t_gate(T_HANDLER(X86_OF), T_KCODE, 0xef));
	t_cpu.idtr.base = T_IDT;
	t_cpu.idtr.limit = 256 * 8 - 1;
	env_write32(&t_env, T_TSS + 4, T_ESP0);
	env_write32(&t_env, T_TSS + 8, T_KDATA);
	env_write32(&t_env, T_TSS + 0x64, 0x00680000);	/* iomap at 0x68 */
	t_cpu.tr.sel = T_TSS_SEL;
	t_cpu.tr.base = T_TSS;
	t_cpu.tr.limit = 0x67;
	t_cpu.sel[VCPU_CS] = T_KCODE;
	t_cpu.sel[VCPU_SS] = T_KDATA;
	t_cpu.sel[VCPU_DS] = T_KDATA;
	t_cpu.sel[VCPU_ES] = T_KDATA;
	t_cpu.sel[VCPU_FS] = T_KDATA;
	t_cpu.sel[VCPU_GS] = T_KDATA;
	t_cpu.sel_valid = 0x3f;
	t_cpu.gpr[VCPU_ESP] = T_KSTACK_CUR;
	t_cpu.eip = T_CODE;
}

void t_teardown(void)
{
	CHECK_EQ(env_destroy(&t_env), 0);
}

void t_to_user(void)
{
	t_cpu.cpl = 3;
	vtlb_set_cpl(&t_env.v, 3);
	t_cpu.sel[VCPU_CS] = T_UCODE;
	t_cpu.sel[VCPU_SS] = T_UDATA;
	t_cpu.sel[VCPU_DS] = T_UDATA;
	t_cpu.sel[VCPU_ES] = T_UDATA;
	t_cpu.gpr[VCPU_ESP] = T_USTACK;
}

#define T_PD	0x100000U
#define T_PT	0x101000U

void t_paging_on(void)
{
	struct vtlb_regs r;
	u32 i;

	env_write32(&t_env, T_PD, T_PT | PTE_P | PTE_RW | PTE_US);
	for (i = 0; i < 1024; i++)
		env_write32(&t_env, T_PT + i * 4,
			    (i << 12) | PTE_P | PTE_RW | PTE_US);
	vcpu_get_regs(&t_cpu, &r);
	r.cr3 = T_PD;
	r.cr0 = CR0_PE | CR0_ET | CR0_PG | CR0_WP;
	CHECK_EQ(vcpu_set_regs(&t_cpu, &r), 0);
}

void t_set_pte(u32 va, u32 pte)
{
	env_write32(&t_env, T_PT + (va >> 12) * 4, pte);
	CHECK_EQ(vtlb_invlpg(&t_env.v, va), 0);
}

enum vcpu_action t_exec_err(const void *b, unsigned int n, u32 err)
{
	t_poke(t_cpu.eip, b, n);
	return vcpu_handle_exit(&t_cpu, X86_GP, err, 0);
}

void t_check_frame0(int line, u8 vec, bool has_err, u32 err, u32 eip,
		    u32 esp_before, u32 efl)
{
	u32 want[4], got[4], n = 0;
	int before = test_failed_checks;

	if (has_err)
		want[n++] = err;
	want[n++] = eip;
	want[n++] = T_KCODE;
	want[n++] = efl;
	CHECK_EQ(t_cpu.eip, T_HANDLER(vec));
	CHECK_EQ(t_cpu.gpr[VCPU_ESP], esp_before - n * 4);
	CHECK_EQ(t_cpu.cpl, 0);
	memcpy(got, t_env.ram + esp_before - n * 4, n * 4);
	CHECK(memcmp(got, want, n * 4) == 0);
	if (test_failed_checks != before)
		fprintf(stderr, "  (frame check called from line %d)\n", line);
}
