// SPDX-License-Identifier: GPL-2.0
/* Physical frames and two-level page tables (identity-mapped kernel). */
#include "guest.h"

static u32 next_frame, frame_end, free_list, nfree;
static u32 kernel_pd;		/* template: kernel PDEs are copied from it */

void frames_init(u32 first, u32 end)
{
	next_frame = (first + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	frame_end = end & ~(PAGE_SIZE - 1);
	free_list = 0;
	nfree = 0;
}

u32 frame_alloc(void)
{
	u32 pa;

	if (free_list) {
		pa = free_list;
		free_list = *(u32 *)pa;
		nfree--;
	} else {
		if (next_frame >= frame_end)
			panic("out of guest-physical frames");
		pa = next_frame;
		next_frame += PAGE_SIZE;
	}
	memset((void *)pa, 0, PAGE_SIZE);
	return pa;
}

void frame_free(u32 pa)
{
	*(u32 *)pa = free_list;
	free_list = pa;
	nfree++;
}

u32 frames_free_count(void)
{
	return nfree + (frame_end - next_frame) / PAGE_SIZE;
}

u32 pd_new(void)
{
	return frame_alloc();
}

u32 *pde_ptr(u32 pd, u32 va)
{
	return (u32 *)pd + (va >> 22);
}

u32 *pte_ptr(u32 pd, u32 va)
{
	u32 pde = *pde_ptr(pd, va);

	if (!(pde & PG_P) || (pde & PG_PS))
		return NULL;
	return (u32 *)(pde & ~0xfffu) + ((va >> 12) & 0x3ff);
}

u32 *pte_get(u32 pd, u32 va, u32 pde_flags)
{
	u32 *pde = pde_ptr(pd, va);

	if (!(*pde & PG_P) || (*pde & PG_PS))
		*pde = frame_alloc() | pde_flags | PG_P;
	return pte_ptr(pd, va);
}

void map4k(u32 pd, u32 va, u32 pa, u32 flags)
{
	*pte_get(pd, va, PG_RW | PG_US) = (pa & ~0xfffu) | flags;
}

void map4m(u32 pd, u32 va, u32 pa, u32 flags)
{
	*pde_ptr(pd, va) = (pa & ~(BIG_PAGE - 1)) | flags | PG_PS;
}

void unmap(u32 pd, u32 va)
{
	u32 *pte = pte_ptr(pd, va);

	if (pte)
		*pte = 0;
}

/*
 * Kernel space: guest-physical [0, GUEST_MEM) identity-mapped
 * supervisor-only (a fixed size, not the Multiboot one: native QEMU reports
 * less than vtlb, see Documentation/guests.md);
 * [0, 4 MiB) always with 4 KiB pages so that the .user section (user
 * library and user programs, linked into the image) can be user-readable.
 * The page tables are shared by every address space made by kspace_pd().
 */
void kspace_init(int big)
{
	u32 va, ram = GUEST_MEM;

	if (ram_size < GUEST_MEM)
		panic("need at least %u MiB of RAM", GUEST_MEM >> 20);
	frames_init((u32)__kernel_end > 0x200000 ? (u32)__kernel_end : 0x200000, TEST_PHYS);
	kernel_pd = pd_new();
	if (big)
		write_cr4(read_cr4() | CR4_PSE);
	for (va = 0; va < ram; va += PAGE_SIZE) {
		u32 fl = PG_P | PG_RW;

		if (va >= (u32)__user_start && va < (u32)__user_end)
			fl = PG_P | PG_US;	/* user code and data, read-only */
		if (big && va >= BIG_PAGE && va + BIG_PAGE <= ram && !(va & (BIG_PAGE - 1))) {
			map4m(kernel_pd, va, va, PG_P | PG_RW);
			va += BIG_PAGE - PAGE_SIZE;
			continue;
		}
		map4k(kernel_pd, va, va, fl);
	}
	/* Page 0 stays unmapped so that NULL dereferences fault. */
	unmap(kernel_pd, 0);
}

u32 kspace_pd(void)
{
	u32 pd = pd_new();

	memcpy((void *)pd, (void *)kernel_pd, USER_BASE >> 20);
	return pd;
}

void paging_on(u32 pd)
{
	write_cr3(pd);
	write_cr0(read_cr0() | CR0_PG);
}

/* "P RW US A D PS" style rendering of an entry's flags (4 rotating buffers). */
const char *pgflags(u32 e)
{
	static char bufs[4][24];
	static int n;
	char *b = bufs[n++ & 3], *p = b;
	static const struct { u32 bit; char c; } f[] = {
		{ PG_P, 'P' }, { PG_RW, 'W' }, { PG_US, 'U' }, { PG_A, 'A' },
		{ PG_D, 'D' }, { PG_PS, 'S' }, { PG_G, 'G' },
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(f); i++)
		*p++ = (e & f[i].bit) ? f[i].c : '-';
	*p = 0;
	return b;
}
