/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU features in words: what `mosctl nodes` calls a node's CPU class,
 * and which features a refused move lacked.  Pure code: it is also built
 * into the userspace unit tests.
 */
#ifndef _MOSIX_CPUCLASS_H
#define _MOSIX_CPUCLASS_H

#include "portable.h"

/* The name of MOSIX_CPU_* @bit (as /proc/cpuinfo says it), or NULL. */
const char *mosix_cpu_feature_name(unsigned int bit);

/*
 * The x86-64 psABI level @features reach: "x86-64-v1" (the baseline
 * every 64-bit CPU has) to "x86-64-v4" (AVX-512).
 */
const char *mosix_cpu_level(u64 features);

/*
 * The names of @features, space separated, into @buf of @len bytes
 * (NUL-terminated, cut at a name that does not fit); returns @buf.
 */
char *mosix_cpu_names(u64 features, char *buf, size_t len);
/* The length of those names, spaces included, NUL not. */
size_t mosix_cpu_names_len(u64 features);

/*
 * Whether a node whose CPU has @features and whose vDSO build is @vdso
 * can run a process that needs @needs of its CPU and the vDSO
 * @needs_vdso (those of its home; never 0, which a node table has for
 * "not known yet").
 */
bool mosix_cpu_fits(u64 features, u32 vdso, u64 needs, u32 needs_vdso);

#endif /* _MOSIX_CPUCLASS_H */
