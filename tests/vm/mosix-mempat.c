// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-mempat MIB PHASES GOPREFIX: a memory pattern that must survive
 * migrations.  Fills MIB MiB (one private anonymous mapping) with a
 * pattern, leaving one page in 64 untouched (it must read back as
 * zeros), prints "filled", then for each phase k = 1..PHASES waits
 * until the file GOPREFIXk exists (a test migrates it meanwhile),
 * verifies every word, prints the number of bad words and a checksum,
 * and changes the pattern (so the next migration carries new data).
 * The heap (brk) and the stack hold smaller patterns, checked likewise.
 * Exit status 0 if every phase found no bad word, else 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "vmutil.h"

#define PAGE 4096UL
#define WPP (PAGE / sizeof(uint64_t))

static int untouched(size_t page)
{
	return page % 64 == 63;
}

static uint64_t expect(size_t i, unsigned gen)
{
	return mix64(i * 0x9e3779b97f4a7c15ULL + gen);
}

int main(int argc, char **argv)
{
	unsigned long mib, phases, k;
	uint64_t *big, *heap, stackbuf[2048], sum;
	size_t words, i, bad, heapwords = 30000;
	char path[4096];
	int failed = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: mosix-mempat MIB PHASES GOPREFIX\n");
		return 2;
	}
	mib = strtoul(argv[1], NULL, 10);
	phases = strtoul(argv[2], NULL, 10);
	setvbuf(stdout, NULL, _IOLBF, 0);
	words = mib * (1UL << 20) / sizeof(uint64_t);
	big = mmap(NULL, words * sizeof(uint64_t), PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	heap = sbrk(heapwords * sizeof(uint64_t));	/* brk memory */
	if (big == MAP_FAILED || heap == (void *)-1) {
		printf("no memory\n");
		return 1;
	}
	for (i = 0; i < words; i++)
		if (!untouched(i / WPP))
			big[i] = expect(i, 0);
	for (i = 0; i < heapwords; i++)
		heap[i] = expect(i + 7, 0);
	for (i = 0; i < 2048; i++)
		stackbuf[i] = expect(i + 11, 0);
	printf("filled %lu MiB\n", mib);
	for (k = 1; k <= phases; k++) {
		snprintf(path, sizeof(path), "%s%lu", argv[3], k);
		wait_for_file(path, 50);
		bad = 0;
		sum = 0;
		for (i = 0; i < words; i++) {
			uint64_t want = untouched(i / WPP) ? 0 : expect(i, k - 1);

			if (big[i] != want)
				bad++;
			sum = mix64(sum ^ big[i]);
		}
		for (i = 0; i < heapwords; i++)
			if (heap[i] != expect(i + 7, k - 1))
				bad++;
		for (i = 0; i < 2048; i++)
			if (((volatile uint64_t *)stackbuf)[i] != expect(i + 11, k - 1))
				bad++;
		printf("phase %lu: bad words %zu, checksum %016llx\n", k, bad,
		       (unsigned long long)sum);
		if (bad)
			failed = 1;
		for (i = 0; i < words; i++)
			if (!untouched(i / WPP))
				big[i] = expect(i, k);
		for (i = 0; i < heapwords; i++)
			heap[i] = expect(i + 7, k);
		for (i = 0; i < 2048; i++)
			((volatile uint64_t *)stackbuf)[i] = expect(i + 11, k);
	}
	printf("done\n");
	return failed;
}
