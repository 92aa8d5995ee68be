// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-churn STOPFILE KIB ROUNDS: a checksum that must not change
 * however often the process moves.  It computes ROUNDS rounds over KIB
 * KiB of memory (half in one mmap, half on the brk heap) and a few
 * kilobytes of stack, with integer, SSE (double) and x87 (long double)
 * arithmetic: the reference result.  Then, until STOPFILE exists, it
 * computes the same thing again and again from scratch and counts the
 * passes whose result differs.  Prints the reference result and the
 * number of bad passes (0), so an unmigrated run prints the same;
 * the number of passes goes to stderr.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct result {
	uint64_t sum;
	double acc;
	long double lacc;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static struct result compute(uint64_t *a, uint64_t *b, size_t words,
			     unsigned long rounds)
{
	volatile uint64_t stack[512];
	struct result res = { 0, 1.0, 1.0L };
	unsigned long r;
	size_t i;

	for (i = 0; i < words; i++) {
		a[i] = mix(i);
		b[i] = mix(i + words);
	}
	for (i = 0; i < 512; i++)
		stack[i] = mix(i + 2 * words);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < words; i++) {
			a[i] = mix(a[i] + b[(i + r) % words] + r);
			b[i] ^= a[i] >> 7;
			stack[i % 512] += a[i];
			res.sum += a[i] ^ stack[(i * 7) % 512];
			res.acc = res.acc * 1.0000001 + (double)(a[i] & 0xff) * 1e-9;
			if (!(i & 63))
				res.lacc = res.lacc * 1.000000001L +
					   (long double)(b[i] & 0xffff) * 1e-12L;
		}
	}
	return res;
}

int main(int argc, char **argv)
{
	unsigned long kib, rounds, passes = 0, bad = 0;
	struct result ref, again;
	uint64_t *a, *b;
	size_t words;

	if (argc != 4) {
		fprintf(stderr, "usage: mosix-churn STOPFILE KIB ROUNDS\n");
		return 2;
	}
	kib = strtoul(argv[2], NULL, 10);
	rounds = strtoul(argv[3], NULL, 10);
	words = kib * 1024 / 2 / sizeof(uint64_t);
	if (!words)
		words = 1;
	a = mmap(NULL, words * sizeof(*a), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	b = sbrk(words * sizeof(*b));
	if (a == MAP_FAILED || b == (void *)-1)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	ref = compute(a, b, words, rounds);
	while (access(argv[1], F_OK)) {
		again = compute(a, b, words, rounds);
		passes++;
		if (again.sum != ref.sum || again.acc != ref.acc ||
		    again.lacc != ref.lacc)
			bad++;
	}
	printf("result %016llx %.9f %.12Lf\n", (unsigned long long)ref.sum,
	       ref.acc, ref.lacc);
	printf("bad passes %lu\n", bad);
	fprintf(stderr, "passes %lu\n", passes);
	return bad ? 1 : 0;
}
