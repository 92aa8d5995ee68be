/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for the pure parts of the subsystem (wire codec, decoders, load
 * arithmetic), which are built both into the kernel and into userspace
 * unit tests and fuzzers.  Those files include this header and nothing
 * kernel-only.
 */
#ifndef _MOSIX_PORTABLE_H
#define _MOSIX_PORTABLE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/compiler.h>
#include <asm/byteorder.h>
#else
#include <endian.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

/* The userspace build defines __packed on its command line. */
#define cpu_to_le16(x) ((__le16)htole16(x))
#define cpu_to_le32(x) ((__le32)htole32(x))
#define cpu_to_le64(x) ((__le64)htole64(x))
#define le16_to_cpu(x) le16toh((uint16_t)(x))
#define le32_to_cpu(x) le32toh((uint32_t)(x))
#define le64_to_cpu(x) le64toh((uint64_t)(x))
#endif

#endif /* _MOSIX_PORTABLE_H */
