// SPDX-License-Identifier: GPL-2.0
/*
 * CPU features in words (see cpuclass.h).  Pure code.
 */
#include "cpuclass.h"
#include "messages.h"

static const char *const names[MOSIX_NR_CPU_FEATURES] = {
	[MOSIX_CPU_CX16] = "cx16",
	[MOSIX_CPU_LAHF_LM] = "lahf_lm",
	[MOSIX_CPU_POPCNT] = "popcnt",
	[MOSIX_CPU_SSE3] = "sse3",
	[MOSIX_CPU_SSSE3] = "ssse3",
	[MOSIX_CPU_SSE4_1] = "sse4_1",
	[MOSIX_CPU_SSE4_2] = "sse4_2",
	[MOSIX_CPU_AVX] = "avx",
	[MOSIX_CPU_AVX2] = "avx2",
	[MOSIX_CPU_BMI1] = "bmi1",
	[MOSIX_CPU_BMI2] = "bmi2",
	[MOSIX_CPU_F16C] = "f16c",
	[MOSIX_CPU_FMA] = "fma",
	[MOSIX_CPU_ABM] = "abm",
	[MOSIX_CPU_MOVBE] = "movbe",
	[MOSIX_CPU_OSXSAVE] = "osxsave",
	[MOSIX_CPU_XSAVEOPT] = "xsaveopt",
	[MOSIX_CPU_XSAVEC] = "xsavec",
	[MOSIX_CPU_AVX512F] = "avx512f",
	[MOSIX_CPU_AVX512BW] = "avx512bw",
	[MOSIX_CPU_AVX512CD] = "avx512cd",
	[MOSIX_CPU_AVX512DQ] = "avx512dq",
	[MOSIX_CPU_AVX512VL] = "avx512vl",
	[MOSIX_CPU_AVX512IFMA] = "avx512ifma",
	[MOSIX_CPU_AVX512VBMI] = "avx512vbmi",
	[MOSIX_CPU_AVX512_VBMI2] = "avx512_vbmi2",
	[MOSIX_CPU_AVX512_VNNI] = "avx512_vnni",
	[MOSIX_CPU_AVX512_BITALG] = "avx512_bitalg",
	[MOSIX_CPU_AVX512_VPOPCNTDQ] = "avx512_vpopcntdq",
	[MOSIX_CPU_AVX512_BF16] = "avx512_bf16",
	[MOSIX_CPU_AVX512_FP16] = "avx512_fp16",
	[MOSIX_CPU_AVX_VNNI] = "avx_vnni",
	[MOSIX_CPU_AES] = "aes",
	[MOSIX_CPU_PCLMULQDQ] = "pclmulqdq",
	[MOSIX_CPU_SHA_NI] = "sha_ni",
	[MOSIX_CPU_RDRAND] = "rdrand",
	[MOSIX_CPU_RDSEED] = "rdseed",
	[MOSIX_CPU_ADX] = "adx",
	[MOSIX_CPU_VAES] = "vaes",
	[MOSIX_CPU_VPCLMULQDQ] = "vpclmulqdq",
	[MOSIX_CPU_GFNI] = "gfni",
	[MOSIX_CPU_FMA4] = "fma4",
	[MOSIX_CPU_XOP] = "xop",
	[MOSIX_CPU_SSE4A] = "sse4a",
	[MOSIX_CPU_3DNOWPREFETCH] = "3dnowprefetch",
	[MOSIX_CPU_CLFLUSHOPT] = "clflushopt",
	[MOSIX_CPU_CLWB] = "clwb",
	[MOSIX_CPU_RDPID] = "rdpid",
	[MOSIX_CPU_ERMS] = "erms",
	[MOSIX_CPU_FSRM] = "fsrm",
	[MOSIX_CPU_MOVDIRI] = "movdiri",
	[MOSIX_CPU_MOVDIR64B] = "movdir64b",
	[MOSIX_CPU_SERIALIZE] = "serialize",
	[MOSIX_CPU_RTM] = "rtm",
	[MOSIX_CPU_WAITPKG] = "waitpkg",
	[MOSIX_CPU_OSPKE] = "ospke",
	[MOSIX_CPU_CLZERO] = "clzero",
	[MOSIX_CPU_RDTSCP] = "rdtscp",
};

#define BIT64(b)	(1ULL << (b))

/* The psABI's levels (x86-64-v2 and up) */
#define LEVEL_V2	(BIT64(MOSIX_CPU_CX16) | BIT64(MOSIX_CPU_LAHF_LM) |	\
			 BIT64(MOSIX_CPU_POPCNT) | BIT64(MOSIX_CPU_SSE3) |	\
			 BIT64(MOSIX_CPU_SSSE3) | BIT64(MOSIX_CPU_SSE4_1) |	\
			 BIT64(MOSIX_CPU_SSE4_2))
#define LEVEL_V3	(LEVEL_V2 | BIT64(MOSIX_CPU_AVX) |			\
			 BIT64(MOSIX_CPU_AVX2) | BIT64(MOSIX_CPU_BMI1) |	\
			 BIT64(MOSIX_CPU_BMI2) | BIT64(MOSIX_CPU_F16C) |	\
			 BIT64(MOSIX_CPU_FMA) | BIT64(MOSIX_CPU_ABM) |		\
			 BIT64(MOSIX_CPU_MOVBE) | BIT64(MOSIX_CPU_OSXSAVE))
#define LEVEL_V4	(LEVEL_V3 | BIT64(MOSIX_CPU_AVX512F) |		\
			 BIT64(MOSIX_CPU_AVX512BW) | BIT64(MOSIX_CPU_AVX512CD) | \
			 BIT64(MOSIX_CPU_AVX512DQ) | BIT64(MOSIX_CPU_AVX512VL))

const char *mosix_cpu_feature_name(unsigned int bit)
{
	return bit < MOSIX_NR_CPU_FEATURES ? names[bit] : NULL;
}

const char *mosix_cpu_level(u64 features)
{
	if ((features & LEVEL_V4) == LEVEL_V4)
		return "x86-64-v4";
	if ((features & LEVEL_V3) == LEVEL_V3)
		return "x86-64-v3";
	if ((features & LEVEL_V2) == LEVEL_V2)
		return "x86-64-v2";
	return "x86-64-v1";
}

char *mosix_cpu_names(u64 features, char *buf, size_t len)
{
	size_t used = 0, n;
	unsigned int bit;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (bit = 0; bit < MOSIX_NR_CPU_FEATURES; bit++) {
		if (!(features & BIT64(bit)))
			continue;
		n = strlen(names[bit]);
		if (used + !!used + n + 1 > len)
			break;
		if (used)
			buf[used++] = ' ';
		memcpy(buf + used, names[bit], n + 1);
		used += n;
	}
	return buf;
}

size_t mosix_cpu_names_len(u64 features)
{
	size_t len = 0;
	unsigned int bit;

	for (bit = 0; bit < MOSIX_NR_CPU_FEATURES; bit++)
		if (features & BIT64(bit))
			len += !!len + strlen(names[bit]);
	return len;
}

bool mosix_cpu_fits(u64 features, u32 vdso, u64 needs, u32 needs_vdso)
{
	return vdso == needs_vdso && !(needs & ~features);
}
