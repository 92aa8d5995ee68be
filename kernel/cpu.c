// SPDX-License-Identifier: GPL-2.0
/*
 * This node's CPU as user code sees it, and its vDSO's build.
 *
 * A program chooses its code once, when it starts: glibc's string and
 * math functions, its dynamic linker's trampolines (XSAVEC), OpenSSL and
 * numerical libraries pick the best the CPU has (CPUID), and compilers'
 * -march builds simply use it.  Moved to a CPU without those features it
 * dies with SIGILL.  So a process moves only to nodes whose CPU has
 * every feature of its home's, where it started (exec runs at home);
 * the features that matter are the user-visible ones of
 * enum mosix_cpu_feature, as the kernel enables them (boot_cpu_has: no
 * AVX without the kernel's XSAVE support, none the kernel turned off).
 *
 * The vDSO is code the process keeps calling at the addresses it found
 * at start, and a guest gets its node's vDSO at the same place: both
 * must be the same build.  Its identity is a hash of the image with the
 * places the kernel patches for the CPU at boot (its alternatives)
 * blanked, so that one kernel build has one identity on every CPU.
 *
 * Computed once, at start (the CPU and the image do not change).
 */
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/alternative.h>
#include <asm/cpufeature.h>
#include <asm/vdso.h>

#include "cpu.h"
#include "messages.h"

static const u16 x86_bits[MOSIX_NR_CPU_FEATURES] = {
	[MOSIX_CPU_CX16] = X86_FEATURE_CX16,
	[MOSIX_CPU_LAHF_LM] = X86_FEATURE_LAHF_LM,
	[MOSIX_CPU_POPCNT] = X86_FEATURE_POPCNT,
	[MOSIX_CPU_SSE3] = X86_FEATURE_XMM3,
	[MOSIX_CPU_SSSE3] = X86_FEATURE_SSSE3,
	[MOSIX_CPU_SSE4_1] = X86_FEATURE_XMM4_1,
	[MOSIX_CPU_SSE4_2] = X86_FEATURE_XMM4_2,
	[MOSIX_CPU_AVX] = X86_FEATURE_AVX,
	[MOSIX_CPU_AVX2] = X86_FEATURE_AVX2,
	[MOSIX_CPU_BMI1] = X86_FEATURE_BMI1,
	[MOSIX_CPU_BMI2] = X86_FEATURE_BMI2,
	[MOSIX_CPU_F16C] = X86_FEATURE_F16C,
	[MOSIX_CPU_FMA] = X86_FEATURE_FMA,
	[MOSIX_CPU_ABM] = X86_FEATURE_ABM,
	[MOSIX_CPU_MOVBE] = X86_FEATURE_MOVBE,
	[MOSIX_CPU_OSXSAVE] = X86_FEATURE_OSXSAVE,
	[MOSIX_CPU_XSAVEOPT] = X86_FEATURE_XSAVEOPT,
	[MOSIX_CPU_XSAVEC] = X86_FEATURE_XSAVEC,
	[MOSIX_CPU_AVX512F] = X86_FEATURE_AVX512F,
	[MOSIX_CPU_AVX512BW] = X86_FEATURE_AVX512BW,
	[MOSIX_CPU_AVX512CD] = X86_FEATURE_AVX512CD,
	[MOSIX_CPU_AVX512DQ] = X86_FEATURE_AVX512DQ,
	[MOSIX_CPU_AVX512VL] = X86_FEATURE_AVX512VL,
	[MOSIX_CPU_AVX512IFMA] = X86_FEATURE_AVX512IFMA,
	[MOSIX_CPU_AVX512VBMI] = X86_FEATURE_AVX512VBMI,
	[MOSIX_CPU_AVX512_VBMI2] = X86_FEATURE_AVX512_VBMI2,
	[MOSIX_CPU_AVX512_VNNI] = X86_FEATURE_AVX512_VNNI,
	[MOSIX_CPU_AVX512_BITALG] = X86_FEATURE_AVX512_BITALG,
	[MOSIX_CPU_AVX512_VPOPCNTDQ] = X86_FEATURE_AVX512_VPOPCNTDQ,
	[MOSIX_CPU_AVX512_BF16] = X86_FEATURE_AVX512_BF16,
	[MOSIX_CPU_AVX512_FP16] = X86_FEATURE_AVX512_FP16,
	[MOSIX_CPU_AVX_VNNI] = X86_FEATURE_AVX_VNNI,
	[MOSIX_CPU_AES] = X86_FEATURE_AES,
	[MOSIX_CPU_PCLMULQDQ] = X86_FEATURE_PCLMULQDQ,
	[MOSIX_CPU_SHA_NI] = X86_FEATURE_SHA_NI,
	[MOSIX_CPU_RDRAND] = X86_FEATURE_RDRAND,
	[MOSIX_CPU_RDSEED] = X86_FEATURE_RDSEED,
	[MOSIX_CPU_ADX] = X86_FEATURE_ADX,
	[MOSIX_CPU_VAES] = X86_FEATURE_VAES,
	[MOSIX_CPU_VPCLMULQDQ] = X86_FEATURE_VPCLMULQDQ,
	[MOSIX_CPU_GFNI] = X86_FEATURE_GFNI,
	[MOSIX_CPU_FMA4] = X86_FEATURE_FMA4,
	[MOSIX_CPU_XOP] = X86_FEATURE_XOP,
	[MOSIX_CPU_SSE4A] = X86_FEATURE_SSE4A,
	[MOSIX_CPU_3DNOWPREFETCH] = X86_FEATURE_3DNOWPREFETCH,
	[MOSIX_CPU_CLFLUSHOPT] = X86_FEATURE_CLFLUSHOPT,
	[MOSIX_CPU_CLWB] = X86_FEATURE_CLWB,
	[MOSIX_CPU_RDPID] = X86_FEATURE_RDPID,
	[MOSIX_CPU_ERMS] = X86_FEATURE_ERMS,
	[MOSIX_CPU_FSRM] = X86_FEATURE_FSRM,
	[MOSIX_CPU_MOVDIRI] = X86_FEATURE_MOVDIRI,
	[MOSIX_CPU_MOVDIR64B] = X86_FEATURE_MOVDIR64B,
	[MOSIX_CPU_SERIALIZE] = X86_FEATURE_SERIALIZE,
	[MOSIX_CPU_RTM] = X86_FEATURE_RTM,
	[MOSIX_CPU_WAITPKG] = X86_FEATURE_WAITPKG,
	[MOSIX_CPU_OSPKE] = X86_FEATURE_OSPKE,
	[MOSIX_CPU_CLZERO] = X86_FEATURE_CLZERO,
	[MOSIX_CPU_RDTSCP] = X86_FEATURE_RDTSCP,
};

static u64 features;
static u32 vdso;

u64 mosix_cpu_features(void)
{
	return features;
}

u32 mosix_cpu_vdso(void)
{
	return vdso;
}

/* A hash of the 64-bit vDSO image with what its alternatives patch blanked. */
static int vdso_build(u32 *hash)
{
	const struct vdso_image *image = &vdso_image_64;
	const struct alt_instr *a, *end;
	u8 *copy;

	copy = kmemdup(image->data, image->size, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	a = (const struct alt_instr *)(image->data + image->alt);
	end = (const struct alt_instr *)(image->data + image->alt +
					 image->alt_len);
	for (; a < end; a++) {
		unsigned long at = (const u8 *)&a->instr_offset +
				   a->instr_offset - (const u8 *)image->data;

		if (at < image->size && a->instrlen <= image->size - at)
			memset(copy + at, 0, a->instrlen);
	}
	*hash = jhash(copy, image->size, image->size);
	kfree(copy);
	return 0;
}

int mosix_cpu_init(void)
{
	int i, ret;

	for (i = 0; i < MOSIX_NR_CPU_FEATURES; i++)
		if (boot_cpu_has(x86_bits[i]))
			features |= BIT_ULL(i);
	ret = vdso_build(&vdso);
	/* 0 means "not known" in a node table. */
	if (!vdso)
		vdso = 1;
	return ret;
}
