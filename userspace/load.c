// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a guest image exactly as guest-abi.md says: an ELF32 EM_386
 * ET_EXEC whose PT_LOAD segments go to p_paddr (the tail up to p_memsz
 * zeroed), a Multiboot v1 information structure, and the Multiboot entry
 * state. Anything malformed is refused before the VM starts (status 66).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "launcher.h"

#define MB_HEADER_MAGIC		0x1BADB002u
#define MB_BOOT_MAGIC		0x2BADB002u
#define MB_SEARCH_LEN		8192
#define MB_INFO_MEMORY		(1u << 0)
#define MB_INFO_CMDLINE		(1u << 2)
#define MB_INFO_SIZE		88	/* Multiboot v1 info, up to vbe fields */
#define LOW_MEM_END		0xA0000u	/* 640 KiB */

struct seg {
	uint64_t start, end;	/* guest-physical [start, end) */
};

static int bad(const char *image, const char *why)
{
	fprintf(stderr, "vtlb: %s: bad guest image: %s\n", image, why);
	return EXIT_BADIMAGE;
}

static int write_mem(int vmfd, uint64_t gpa, const void *buf, uint64_t len)
{
	struct vtlb_mem_io io = {
		.size = sizeof(io), .gpa = gpa, .len = len,
		.buf = (uintptr_t)buf,
	};

	if (!len)
		return 0;
	if (ioctl(vmfd, VTLB_WRITE_MEM, &io) < 0) {
		fprintf(stderr, "vtlb: writing guest memory at %#llx: %s\n",
			(unsigned long long)gpa, strerror(errno));
		return EXIT_INTERNAL;
	}
	return 0;
}

/* A Multiboot v1 header in the first 8 KiB of the file, if any. */
static bool has_multiboot(const unsigned char *file, size_t size)
{
	size_t off;

	for (off = 0; off + 12 <= size && off < MB_SEARCH_LEN; off += 4) {
		uint32_t m, f, c;

		memcpy(&m, file + off, 4);
		memcpy(&f, file + off + 4, 4);
		memcpy(&c, file + off + 8, 4);
		if (m == MB_HEADER_MAGIC && (uint32_t)(m + f + c) == 0)
			return true;
	}
	return false;
}

static bool overlaps(const struct seg *s, int n, uint64_t a, uint64_t b)
{
	int i;

	for (i = 0; i < n; i++)
		if (a < s[i].end && s[i].start < b)
			return true;
	return false;
}

/* Lowest free page in low memory for the Multiboot info and command line. */
static int place_info(const struct seg *s, int n, uint32_t *where)
{
	uint32_t a;

	for (a = 0x1000; a + 0x1000 <= LOW_MEM_END; a += 0x1000) {
		if (!overlaps(s, n, a, a + 0x1000)) {
			*where = a;
			return 0;
		}
	}
	return -1;
}

static int load_segments(int vmfd, const struct run_opts *o, Elf *elf,
			 const unsigned char *file, size_t fsize,
			 struct seg *segs, int *nsegs)
{
	size_t phnum, i;
	int n = 0, ret;

	if (elf_getphdrnum(elf, &phnum) || phnum > 64)
		return bad(o->image, "cannot read program headers");
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, i, &ph))
			return bad(o->image, "cannot read a program header");
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return bad(o->image, "segment with p_filesz > p_memsz");
		if (ph.p_offset > fsize || ph.p_filesz > fsize - ph.p_offset)
			return bad(o->image, "segment extends past the end of the file");
		if (ph.p_paddr >= o->mem || ph.p_memsz > o->mem - ph.p_paddr) {
			fprintf(stderr, "vtlb: %s: bad guest image: segment at %#llx+%#llx is outside guest RAM (%llu bytes)\n",
				o->image, (unsigned long long)ph.p_paddr,
				(unsigned long long)ph.p_memsz,
				(unsigned long long)o->mem);
			return EXIT_BADIMAGE;
		}
		if (overlaps(segs, n, ph.p_paddr, ph.p_paddr + ph.p_memsz))
			return bad(o->image, "overlapping PT_LOAD segments");
		segs[n].start = ph.p_paddr;
		segs[n].end = ph.p_paddr + ph.p_memsz;
		n++;
		/* Guest RAM starts zeroed, so only the file part is written. */
		ret = write_mem(vmfd, ph.p_paddr, file + ph.p_offset, ph.p_filesz);
		if (ret)
			return ret;
	}
	if (!n)
		return bad(o->image, "no PT_LOAD segment");
	*nsegs = n;
	return 0;
}

static int write_boot_info(int vmfd, const struct run_opts *o,
			   const struct seg *segs, int n, uint32_t *mbi)
{
	uint32_t info[MB_INFO_SIZE / 4] = { 0 };
	size_t cmdlen = o->cmdline ? strlen(o->cmdline) + 1 : 0;
	int ret;

	if (cmdlen > 0x1000 - MB_INFO_SIZE) {
		fprintf(stderr, "vtlb: --cmdline is too long (max %d bytes)\n",
			0x1000 - MB_INFO_SIZE - 1);
		return EXIT_USAGE;
	}
	if (place_info(segs, n, mbi))
		return bad(o->image, "no free page below 640 KiB for the Multiboot information");
	info[0] = MB_INFO_MEMORY;
	info[1] = 640;					/* mem_lower, KiB */
	info[2] = (uint32_t)((o->mem - (1u << 20)) >> 10);	/* mem_upper */
	if (cmdlen) {
		info[0] |= MB_INFO_CMDLINE;
		info[4] = *mbi + MB_INFO_SIZE;
		ret = write_mem(vmfd, *mbi + MB_INFO_SIZE, o->cmdline, cmdlen);
		if (ret)
			return ret;
	}
	return write_mem(vmfd, *mbi, info, sizeof(info));
}

int load_guest(int vmfd, const struct run_opts *o, struct vtlb_regs *regs)
{
	struct seg segs[64];
	unsigned char *file = NULL;
	size_t fsize;
	int fd, nsegs = 0, ret;
	GElf_Ehdr eh;
	uint32_t mbi;
	Elf *elf = NULL;
	char *raw;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return bad(o->image, "libelf initialisation failed");
	fd = open(o->image, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vtlb: %s: %s\n", o->image, strerror(errno));
		return EXIT_BADIMAGE;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		ret = bad(o->image, "not an ELF file");
		goto out;
	}
	raw = elf_rawfile(elf, &fsize);
	file = (unsigned char *)raw;
	if (!gelf_getehdr(elf, &eh) || gelf_getclass(elf) != ELFCLASS32 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		ret = bad(o->image, "not a little-endian ELF32 file");
		goto out;
	}
	if (eh.e_machine != EM_386 || eh.e_type != ET_EXEC) {
		ret = bad(o->image, "not an EM_386 ET_EXEC executable");
		goto out;
	}
	if (!has_multiboot(file, fsize))
		fprintf(stderr, "vtlb: %s: note: no Multiboot header (native QEMU needs one)\n",
			o->image);
	ret = load_segments(vmfd, o, elf, file, fsize, segs, &nsegs);
	if (ret)
		goto out;
	ret = write_boot_info(vmfd, o, segs, nsegs, &mbi);
	if (ret)
		goto out;

	/* Machine state at entry (guest-abi.md): Multiboot v1, paging off. */
	memset(regs, 0, sizeof(*regs));
	regs->size = sizeof(*regs);
	regs->cpl = 0;
	regs->eax = MB_BOOT_MAGIC;
	regs->ebx = mbi;
	regs->eip = (uint32_t)eh.e_entry;
	regs->eflags = 0x2;
	regs->cr0 = 0x11;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return ret;
}
