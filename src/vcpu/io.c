// SPDX-License-Identifier: GPL-2.0
/*
 * IN/OUT decoding and the ABI's port devices (see io.h).
 *
 * A 16- or 32-bit access to COM1 is split into byte accesses to
 * consecutive ports, as the ISA bus and QEMU's 8-bit serial device do.
 * isa-debug-exit takes the whole value of an access of any width starting
 * in its 4-port window, as QEMU's device does.
 */
#include "vcpu/io.h"

#define IO_MAX_INSN	15

int vtlb_io_decode(const u8 *insn, unsigned int avail, u32 edx,
		   struct vtlb_io_insn *io)
{
	unsigned int i = 0;
	bool opsize16 = false;
	u8 op;

	for (;;) {
		if (i >= avail)
			return -EAGAIN;
		if (i >= IO_MAX_INSN)
			return -EINVAL;
		switch (insn[i]) {
		case 0x66:
			opsize16 = true;
			i++;
			continue;
		case 0x67: case 0x26: case 0x2e: case 0x36:
		case 0x3e: case 0x64: case 0x65:
			i++;
			continue;
		}
		break;
	}
	op = insn[i++];
	switch (op) {
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:	/* imm8 port */
		if (i >= IO_MAX_INSN)
			return -EINVAL;
		if (i >= avail)
			return -EAGAIN;
		io->imm_port = true;
		io->port = insn[i++];
		break;
	case 0xec: case 0xed: case 0xee: case 0xef:	/* DX port */
		io->imm_port = false;
		io->port = (u16)edx;
		break;
	default:
		return -EINVAL;
	}
	io->in = !(op & 2);
	io->size = (op & 1) ? (opsize16 ? 2 : 4) : 1;
	io->len = i;
	return 0;
}

static bool is_debug_exit(u16 port)
{
	return port >= VTLB_DEBUG_EXIT_PORT &&
	       port < VTLB_DEBUG_EXIT_PORT + VTLB_DEBUG_EXIT_SIZE;
}

/* One byte to COM1; returns true when the serial buffer became full. */
static bool com1_out(struct vtlb_io_ctx *c, u16 port, u8 v)
{
	bool dlab = *c->com1_lcr & VTLB_COM1_LCR_DLAB;

	switch (port - VTLB_COM1_BASE) {
	case 0:		/* THR, or divisor latch low with DLAB = 1 */
		if (dlab)
			return false;
		if (*c->serial_len < c->serial_cap)
			c->serial[(*c->serial_len)++] = v;
		return *c->serial_len >= c->serial_cap;
	case 3:		/* LCR */
		*c->com1_lcr = v;
		return false;
	default:	/* IER, FCR, MCR, LSR, MSR, SCR: accepted, ignored */
		return false;
	}
}

static u8 com1_in(struct vtlb_io_ctx *c, u16 port)
{
	switch (port - VTLB_COM1_BASE) {
	case 3:
		return *c->com1_lcr;
	case 5:
		return VTLB_COM1_LSR_VALUE;
	default:
		return 0;
	}
}

static bool is_com1(u16 port)
{
	return port >= VTLB_COM1_BASE && port <= VTLB_COM1_LAST;
}

static u32 size_mask(u8 size)
{
	return size >= 4 ? 0xffffffffU : (1U << (8 * size)) - 1;
}

enum vtlb_io_action vtlb_io_out(struct vtlb_io_ctx *c, u16 port, u8 size,
				u32 value, u32 *exit_value)
{
	bool full = false;
	unsigned int i;

	value &= size_mask(size);
	if (is_debug_exit(port)) {
		*exit_value = value;
		return VTLB_IO_DEBUG_EXIT;
	}
	for (i = 0; i < size; i++) {
		u16 p = (u16)(port + i);

		if (is_com1(p))
			full |= com1_out(c, p, (u8)(value >> (8 * i)));
	}
	return full ? VTLB_IO_SERIAL_FULL : VTLB_IO_CONTINUE;
}

u32 vtlb_io_in(struct vtlb_io_ctx *c, u16 port, u8 size)
{
	u32 v = 0;
	unsigned int i;

	for (i = 0; i < size; i++) {
		u16 p = (u16)(port + i);
		u8 b = is_com1(p) ? com1_in(c, p) : 0xff;

		v |= (u32)b << (8 * i);
	}
	return v;
}
