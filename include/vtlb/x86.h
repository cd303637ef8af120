/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Architectural constants used by the portable layers: IA-32 (guest) and
 * x86-64 (host, active tables) paging-entry bits, control-register bits,
 * page-fault error-code bits, exception vectors. Named after the Intel SDM.
 */
#ifndef _VTLB_X86_H
#define _VTLB_X86_H

#include "vtlb/compat.h"

/* Paging-entry bits, identical positions in 32-bit and 64-bit formats. */
#define PTE_P		VTLB_BIT(0)	/* present */
#define PTE_RW		VTLB_BIT(1)	/* writable */
#define PTE_US		VTLB_BIT(2)	/* user */
#define PTE_PWT		VTLB_BIT(3)
#define PTE_PCD		VTLB_BIT(4)
#define PTE_A		VTLB_BIT(5)	/* accessed */
#define PTE_D		VTLB_BIT(6)	/* dirty (leaf entries only) */
#define PTE_PS		VTLB_BIT(7)	/* page size, in a PDE */
#define PTE_G		VTLB_BIT(8)	/* global (leaf) */

/* IA-32 two-level paging (CR4.PAE = 0). */
#define GUEST_PAGE_SHIFT	12
#define GUEST_PAGE_SIZE		4096U
#define GUEST_LPAGE_SHIFT	22		/* 4 MiB page */
#define GUEST_LPAGE_SIZE	(1U << 22)
#define GUEST_PFN_MASK		0xFFFFF000U	/* frame of a 4 KiB PTE / PDE->PT */
#define GUEST_LPAGE_MASK	0xFFC00000U	/* frame of a 4 MiB PDE */
#define GUEST_PSE36_MASK	0x001FE000U	/* 4 MiB PDE bits 20:13 = PA 39:32 */
#define GUEST_PDE_RSVD_4M	VTLB_BIT(21)	/* reserved in a 4 MiB PDE */
#define GUEST_PDE_INDEX(va)	((u32)(va) >> 22)
#define GUEST_PTE_INDEX(va)	(((u32)(va) >> 12) & 0x3FF)

/* x86-64 (host) paging: 512 entries of 8 bytes per table. */
#define HOST_PT_ENTRIES		512
#define HOST_ADDR_MASK		0x000FFFFFFFFFF000ULL
#define HOST_2M_SIZE		(1U << 21)

/* Control registers (not X86_CR0_*: the kernel headers own those names). */
#define CR0_PE	VTLB_BIT(0)
#define CR0_MP	VTLB_BIT(1)
#define CR0_EM	VTLB_BIT(2)
#define CR0_TS	VTLB_BIT(3)
#define CR0_ET	VTLB_BIT(4)
#define CR0_NE	VTLB_BIT(5)
#define CR0_WP	VTLB_BIT(16)
#define CR0_AM	VTLB_BIT(18)
#define CR0_NW	VTLB_BIT(29)
#define CR0_CD	VTLB_BIT(30)
#define CR0_PG	VTLB_BIT(31)

#define CR4_VME	VTLB_BIT(0)
#define CR4_PVI	VTLB_BIT(1)
#define CR4_TSD	VTLB_BIT(2)
#define CR4_DE	VTLB_BIT(3)
#define CR4_PSE	VTLB_BIT(4)
#define CR4_PAE	VTLB_BIT(5)
#define CR4_MCE	VTLB_BIT(6)
#define CR4_PGE	VTLB_BIT(7)

/* Page-fault error code. */
#define PFERR_P		VTLB_BIT(0)	/* protection violation (else not present) */
#define PFERR_W		VTLB_BIT(1)	/* write access */
#define PFERR_U		VTLB_BIT(2)	/* access at CPL 3 */
#define PFERR_RSVD	VTLB_BIT(3)	/* reserved bit set in an entry */
#define PFERR_I		VTLB_BIT(4)	/* instruction fetch (never for 32-bit guests) */

/* Exception vectors. */
#define X86_DE	0
#define X86_DB	1
#define X86_NMI	2
#define X86_BP	3
#define X86_OF	4
#define X86_BR	5
#define X86_UD	6
#define X86_NM	7
#define X86_DF	8
#define X86_TS	10
#define X86_NP	11
#define X86_SS	12
#define X86_GP	13
#define X86_PF	14
#define X86_MF	16
#define X86_AC	17
#define X86_MC	18

#endif /* _VTLB_X86_H */
