/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port I/O for the guest (guest-abi.md, "Devices"): decoding IN/OUT from
 * instruction bytes and the ABI's devices -- COM1 as a polling 16550 sees
 * it, isa-debug-exit, and open bus everywhere else. Portable: no Linux
 * calls, so it builds into vtlb.ko and into userspace tests.
 */
#ifndef _VTLB_VCPU_IO_H
#define _VTLB_VCPU_IO_H

#include "vtlb/compat.h"

#define VTLB_COM1_BASE		0x3f8
#define VTLB_COM1_LAST		0x3ff
#define VTLB_COM1_LCR_DLAB	0x80
#define VTLB_COM1_LSR_VALUE	0x60	/* THR empty, transmitter empty */
#define VTLB_DEBUG_EXIT_PORT	0xf4
#define VTLB_DEBUG_EXIT_SIZE	4	/* iobase=0xf4,iosize=0x04 */

/* One decoded IN or OUT (not INS/OUTS). */
struct vtlb_io_insn {
	u8 len;		/* instruction length in bytes */
	u8 size;	/* operand size: 1, 2 or 4 */
	bool in;	/* IN (else OUT) */
	bool imm_port;	/* port from an imm8 (else DX) */
	u16 port;	/* filled in from the imm8 or from @edx */
};

/*
 * Decode IN/OUT at @insn (@avail bytes valid) for a 32-bit code segment.
 * Accepts operand-size (0x66), address-size (0x67) and segment prefixes.
 * Returns 0, -EINVAL if the bytes are not IN/OUT, -EAGAIN if more bytes
 * are needed.
 */
int vtlb_io_decode(const u8 *insn, unsigned int avail, u32 edx,
		   struct vtlb_io_insn *io);

/* Device state the VM keeps (the buffer and its length are the VM's). */
struct vtlb_io_ctx {
	u8 *serial;		/* COM1 output buffer */
	u32 *serial_len;
	u32 serial_cap;
	u8 *com1_lcr;
};

enum vtlb_io_action {
	VTLB_IO_CONTINUE,	/* done, resume the guest */
	VTLB_IO_SERIAL_FULL,	/* done, but the serial buffer is now full */
	VTLB_IO_DEBUG_EXIT,	/* isa-debug-exit written: *exit_value */
};

/* OUT @size bytes of @value to @port (multi-byte I/O splits per port). */
enum vtlb_io_action vtlb_io_out(struct vtlb_io_ctx *c, u16 port, u8 size,
				u32 value, u32 *exit_value);
/* IN @size bytes from @port. */
u32 vtlb_io_in(struct vtlb_io_ctx *c, u16 port, u8 size);

#endif /* _VTLB_VCPU_IO_H */
