/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The portable layers (src/vtlb, src/vcpu) are compiled three ways: into
 * vtlb.ko, into the KUnit module and into userspace test binaries. This is
 * the only header that knows which: it provides u8..u64, bool, NULL,
 * errno values and a tiny set of helpers, and nothing else.
 */
#ifndef _VTLB_COMPAT_H
#define _VTLB_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/compiler.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif
#endif

#define VTLB_BIT(n)	(1U << (n))
#define VTLB_BIT64(n)	(1ULL << (n))

#endif /* _VTLB_COMPAT_H */
