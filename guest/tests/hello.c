// SPDX-License-Identifier: GPL-2.0
/*
 * hello: paging off. The Multiboot entry state, the devices (COM1, ports
 * nobody answers, isa-debug-exit) and the library's printf.
 * guest-abi.md: Image (bss zeroed), Machine state at entry, Devices (COM1
 * LSR, unassigned ports in every width and both encodings), CLI/STI, IN/OUT,
 * isa-debug-exit, exit status.
 */
#include "guest.h"

int main(void);
int main(void)
{
	u32 *mbi = (u32 *)mb_info;

	printf("hello from a vtlb guest (paging off)\n");
	printf("multiboot magic %08x\n", mb_magic);
	CHECK(mb_magic == 0x2badb002, "magic %x", mb_magic);
	CHECK(mbi[0] & 1, "multiboot flags %x lack memory info", mbi[0]);
	/*
	 * Native QEMU reports mem_lower 639 and mem_upper minus its BIOS
	 * tables; vtlb reports 640 and (RAM - 1 MiB) / 1 KiB. Only the
	 * bounds are compared.
	 */
	printf("mem_lower <= 640 KiB: %s, mem_upper >= %u MiB: %s\n",
	       mbi[1] <= 640 ? "yes" : "no", (GUEST_MEM >> 20) - 1,
	       mbi[2] >= ((GUEST_MEM - (1u << 20)) >> 10) ? "yes" : "no");
	CHECK(mbi[1] <= 640 && mbi[1] >= 512, "mem_lower %u", mbi[1]);
	CHECK(ram_size >= GUEST_MEM && !(ram_size & 0x3ff), "RAM size %x", ram_size);
	printf("entry CR0 %08x CR2 %08x CR3 %08x CR4 %08x\n", entry_cr0, entry_cr2,
	       entry_cr3, entry_cr4);
	CHECK(entry_cr0 == (CR0_PE | CR0_ET), "CR0 at entry %x", entry_cr0);
	CHECK(!entry_cr3 && !entry_cr4 && !entry_cr2, "CR2/CR3/CR4 at entry");
	CHECK(!(read_cr0() & CR0_PG), "paging is off");

	/* CR2 is a plain register while paging is off. */
	write_cr2(0x12345678);
	printf("CR2 after write %08x\n", read_cr2());
	CHECK(read_cr2() == 0x12345678, "CR2 readback");

	/* COM1 line status: transmitter empty. */
	printf("COM1 LSR %02x\n", inb(0x3fd) & 0x60);
	CHECK((inb(0x3fd) & 0x60) == 0x60, "LSR");

	/* A port nobody answers (COM3) reads all ones in every width. */
	outb(0x3e8, 0x55);
	printf("port 3e8: byte %02x word %04x dword %08x\n", inb(0x3e8), inw(0x3e8),
	       inl(0x3e8));
	CHECK(inb(0x3e8) == 0xff && inw(0x3e8) == 0xffff && inl(0x3e8) == 0xffffffff,
	      "unassigned port");

	/* Immediate-form IN/OUT on a port nobody answers (0xe0). */
	{
		u8 b;
		u16 w;
		u32 l;

		asm volatile("outb %%al, $0xe0\n\tinb $0xe0, %%al" : "=a"(b) : "a"(0x12));
		asm volatile("outw %%ax, $0xe0\n\tinw $0xe0, %%ax" : "=a"(w) : "a"(0x1234));
		asm volatile("outl %%eax, $0xe0\n\tinl $0xe0, %%eax" : "=a"(l) : "a"(0x12345678));
		printf("port e0 (immediate forms): byte %02x word %04x dword %08x\n", b, w, l);
		CHECK(b == 0xff && w == 0xffff && l == 0xffffffff, "port e0");
	}

	/* STI then CLI: the STI shadow leaves no window for an interrupt. */
	asm volatile("sti\n\tcli" : : : "memory");
	printf("sti; cli done\n");

	/* The ELF's bss (p_memsz beyond p_filesz) arrives zeroed. */
	{
		static u32 zeroed[1024];
		u32 i, nz = 0;

		for (i = 0; i < ARRAY_SIZE(zeroed); i++)
			nz += zeroed[i] != 0;
		printf("bss words not zero: %u\n", nz);
		CHECK(nz == 0, "bss not zeroed");
	}

	/* Memory just below GUEST_MEM is ordinary memory. */
	{
		volatile u32 *top = (u32 *)(GUEST_MEM - 4);

		*top = 0xfeedf00d;
		CHECK(*top == 0xfeedf00d, "top of RAM");
		printf("last word of guest memory %08x\n", *top);
	}
	printf("%s|%5d|%-5d|%05d|%x|%c|%u\n", "fmt", -42, 7, -3, 0xabcu, 'z', 4000000000u);
	test_done("hello");
}
