/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces between the files of the virtual CPU: the decoder
 * (decode.c), the emulator (emulate.c), event delivery and IRET
 * (deliver.c), descriptors (desc.c) and guest memory (vcpu.c).
 */
#ifndef _VTLB_VCPU_INTERNAL_H
#define _VTLB_VCPU_INTERNAL_H

#include "vtlb/vcpu.h"

/* compat.h has no ARRAY_SIZE; this file must not know kernel vs user. */
#define VCPU_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif

/* ---- decoder -------------------------------------------------------- */

enum vcpu_op {
	VOP_NONE,
	VOP_MOV_FROM_CR,	/* 0F 20 /r: gpr[rm] = CR[reg] */
	VOP_MOV_TO_CR,		/* 0F 22 /r: CR[reg] = gpr[rm] */
	VOP_INVLPG,		/* 0F 01 /7 m */
	VOP_LGDT,		/* 0F 01 /2 m */
	VOP_LIDT,		/* 0F 01 /3 m */
	VOP_SGDT,		/* 0F 01 /0 m */
	VOP_SIDT,		/* 0F 01 /1 m */
	VOP_SMSW,		/* 0F 01 /4 r/m */
	VOP_SLDT,		/* 0F 00 /0 r/m */
	VOP_STR,		/* 0F 00 /1 r/m */
	VOP_LTR,		/* 0F 00 /3 r/m */
	VOP_MOV_SREG,		/* 8E /r: sreg[reg] = r/m16 */
	VOP_CLI,		/* FA */
	VOP_STI,		/* FB */
	VOP_HLT,		/* F4 */
	VOP_IN,			/* E4 E5 EC ED */
	VOP_OUT,		/* E6 E7 EE EF */
	VOP_IRET,		/* CF */
	VOP_INT,		/* CD ib */
	VOP_INT3,		/* CC */
	VOP_INTO,		/* CE */
};

struct vcpu_insn {
	enum vcpu_op op;
	u8 len;			/* bytes, prefixes included */
	u8 opsize;		/* operand size: 2 (0x66) or 4 */
	bool mem;		/* the ModRM operand is memory */
	u8 reg;			/* ModRM reg: CR number, sreg */
	u8 rm;			/* ModRM rm when !mem: a register */
	u8 seg;			/* enum vcpu_seg of the memory operand */
	u32 ea;			/* offset of the memory operand */
	u8 imm;			/* INT vector, IN/OUT imm8 port */
	u8 io_size;		/* IN/OUT: 1, 2 or 4 */
	bool io_imm;		/* IN/OUT port from imm8 (else DX) */
	u8 bytes[VCPU_INSN_MAX];
};

enum vcpu_dec_result {
	VDEC_OK,
	VDEC_UNSUPPORTED,	/* not something guest-abi.md allows */
	VDEC_UD,		/* an encoding that is #UD on the hardware */
	VDEC_FAULT,		/* the fetch callback failed (fault pending) */
	VDEC_TRUNC,		/* the fetch callback had no more bytes */
};

/* Byte @off of the instruction: 0, VCPU_FETCH_FAULT or VCPU_FETCH_END. */
#define VCPU_FETCH_FAULT	1
#define VCPU_FETCH_END		2
typedef int (*vcpu_fetch_fn)(void *arg, unsigned int off, u8 *byte);

/*
 * Decode one instruction for a 32-bit code segment; @gpr supplies the
 * registers a memory operand's address is computed from.
 */
enum vcpu_dec_result vcpu_decode(struct vcpu_insn *in, const u32 *gpr,
				 vcpu_fetch_fn fetch, void *arg);

/* ---- results inside the emulator ------------------------------------ */

enum vcpu_res {
	VR_OK,
	VR_FAULT,		/* exception in c->fault, to be delivered */
	VR_UNSUPPORTED,		/* outside the ABI: clean exit */
	VR_NOMEM,		/* core out of table memory */
	VR_EXIT,		/* instruction done, the VM must exit: *act */
};

struct vcpu_fault {
	u8 vector;
	bool has_err;
	u32 err;
};

/* The pending fault lives here during one vcpu_handle_exit(). */
struct vcpu_emu {
	struct vcpu *c;
	struct vcpu_fault f;
	enum vcpu_action act;	/* for VR_EXIT */
	int error;		/* for VR_NOMEM */
};

static inline int vcpu_raise(struct vcpu_emu *e, u8 vector, bool has_err,
			     u32 err)
{
	e->f.vector = vector;
	e->f.has_err = has_err;
	e->f.err = err;
	return VR_FAULT;
}

static inline int vcpu_gp(struct vcpu_emu *e, u32 err)
{
	return vcpu_raise(e, X86_GP, true, err);
}

static inline u32 vcpu_acc(const struct vcpu *c)
{
	return c->cpl == 3 ? VTLB_ACC_USER : 0;
}

/* Guest memory with faults recorded in @e (#PF sets c->cr2). */
int vcpu_emu_read(struct vcpu_emu *e, u32 va, void *buf, u32 len, u32 acc);
int vcpu_emu_write(struct vcpu_emu *e, u32 va, const void *buf, u32 len,
		   u32 acc);

/* ---- descriptors ---------------------------------------------------- */

#define DESC_A		VTLB_BIT64(40)
#define DESC_S		VTLB_BIT64(44)
#define DESC_DPL_SHIFT	45
#define DESC_DPL	(3ULL << DESC_DPL_SHIFT)
#define DESC_P		VTLB_BIT64(47)
#define DESC_L		VTLB_BIT64(53)
#define DESC_DB		VTLB_BIT64(54)
#define DESC_G		VTLB_BIT64(55)

/* Type field (bits 43:40) with S = 1: code/data. */
#define DESC_CODE	0x8
#define DESC_CONFORM	0x4	/* code */
#define DESC_READ	0x2	/* code */
#define DESC_WRITE	0x2	/* data */

/* System types (S = 0). */
#define DESC_TSS16_AVAIL 0x1
#define DESC_TSS32_AVAIL 0x9
#define DESC_TSS32_BUSY	0xB
#define DESC_TASK_GATE	0x5
#define DESC_INT16	0x6
#define DESC_TRAP16	0x7
#define DESC_INT32	0xE
#define DESC_TRAP32	0xF

static inline unsigned int desc_type(u64 d)
{
	return (d >> 40) & 0xf;
}

static inline bool desc_is_seg(u64 d)
{
	return d & DESC_S;
}

static inline unsigned int desc_dpl(u64 d)
{
	return (d >> DESC_DPL_SHIFT) & 3;
}

static inline bool desc_present(u64 d)
{
	return d & DESC_P;
}

static inline u32 desc_base(u64 d)
{
	return (u32)(((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000));
}

static inline u32 desc_limit(u64 d)
{
	u32 l = (u32)((d & 0xffff) | ((d >> 32) & 0xf0000));

	return (d & DESC_G) ? (l << 12) | 0xfff : l;
}

static inline bool desc_is_code(u64 d)
{
	return desc_is_seg(d) && (desc_type(d) & DESC_CODE);
}

static inline bool desc_is_data(u64 d)
{
	return desc_is_seg(d) && !(desc_type(d) & DESC_CODE);
}

/* Gate fields. */
static inline u32 gate_offset(u64 d)
{
	return (u32)((d & 0xffff) | ((d >> 32) & 0xffff0000));
}

static inline u16 gate_sel(u64 d)
{
	return (u16)(d >> 16);
}

/*
 * Read the guest GDT entry for @sel: VR_OK, or VR_FAULT with #GP(sel | ext)
 * if it is an LDT selector (the LDTR is always null) or beyond the limit,
 * or the memory fault reading it.
 */
int vcpu_read_desc(struct vcpu_emu *e, u16 sel, u32 ext, u64 *desc);
/* Set bits @set in byte 5 (type/S/DPL/P) of the guest descriptor @sel. */
int vcpu_desc_set_bits(struct vcpu_emu *e, u16 sel, u8 set);

/* Load a data or stack segment register with the SDM's checks. */
int vcpu_load_seg(struct vcpu_emu *e, enum vcpu_seg seg, u16 sel);

/* ---- delivery and IRET ---------------------------------------------- */

/*
 * Deliver @vector through the guest IDT, escalating faults during
 * delivery to #DF and to a triple fault. @soft_len = 0 for exceptions
 * (frame EIP = c->eip); for INT n/INT3/INTO the length of the
 * instruction at c->eip: the gate DPL is checked, the frame's EIP is
 * past the instruction, and a fault during delivery leaves EIP on it.
 */
enum vcpu_action vcpu_deliver(struct vcpu *c, u8 vector, bool has_err,
			      u32 err, unsigned int soft_len);
int vcpu_iret(struct vcpu_emu *e, const struct vcpu_insn *in);

/* Unsupported exit with the instruction bytes read best-effort. */
enum vcpu_action vcpu_unsupported(struct vcpu *c, u32 vector, u32 err);

/* Emulate the instruction at EIP after a trap (emulate.c). */
enum vcpu_action vcpu_emulate(struct vcpu *c, unsigned int vector, u32 err);

#endif /* _VTLB_VCPU_INTERNAL_H */
