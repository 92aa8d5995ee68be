// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-avx ROUNDS: a computation that chooses its code by the CPU it
 * starts on, as glibc, OpenSSL and numerical libraries do: AVX2 when the
 * CPU has it, plain code otherwise; both give the same numbers.  Prints
 * a checksum per 10 % of ROUNDS and at the end (the same for a run that
 * moved as for one that did not), and on stderr which code it chose.
 * Moved to a CPU without AVX2 it would die with SIGILL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <immintrin.h>

#define N 4096

static uint32_t a[N] __attribute__((aligned(32)));

__attribute__((target("avx2")))
static void step_avx2(uint32_t k)
{
	const __m256i add = _mm256_set1_epi32((int)k), mul = _mm256_set1_epi32(2654435761u);
	int i;

	for (i = 0; i < N; i += 8) {
		__m256i v = _mm256_load_si256((const __m256i *)&a[i]);

		v = _mm256_add_epi32(_mm256_mullo_epi32(v, mul), add);
		v = _mm256_xor_si256(v, _mm256_srli_epi32(v, 15));
		_mm256_store_si256((__m256i *)&a[i], v);
	}
}

static void step_plain(uint32_t k)
{
	int i;

	for (i = 0; i < N; i++) {
		uint32_t v = a[i] * 2654435761u + k;

		a[i] = v ^ (v >> 15);
	}
}

static uint64_t sum(void)
{
	uint64_t s = 0;
	int i;

	for (i = 0; i < N; i++)
		s = s * 31 + a[i];
	return s;
}

int main(int argc, char **argv)
{
	long rounds, r;
	int avx2;
	char *end;

	if (argc != 2 || (rounds = strtol(argv[1], &end, 10)) <= 0 || *end) {
		fprintf(stderr, "usage: mosix-avx ROUNDS\n");
		return 2;
	}
	__builtin_cpu_init();
	avx2 = __builtin_cpu_supports("avx2");
	fprintf(stderr, "mosix-avx: %s code\n", avx2 ? "AVX2" : "plain");
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (r = 0; r < N; r++)
		a[r] = (uint32_t)r;
	for (r = 1; r <= rounds; r++) {
		if (avx2)
			step_avx2((uint32_t)r);
		else
			step_plain((uint32_t)r);
		if (r % (rounds / 10 ? rounds / 10 : 1) == 0)
			printf("%ld %016llx\n", r, (unsigned long long)sum());
	}
	printf("sum %016llx\n", (unsigned long long)sum());
	return 0;
}
