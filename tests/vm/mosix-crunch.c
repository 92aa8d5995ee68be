// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU-bound test program with a result that shows any corruption:
 * mosix-crunch ROUNDS [MIB] computes a checksum over MIB MiB of memory
 * (default 1) ROUNDS times, printing one line per round and the final
 * checksum, so a run migrated mid-way can be compared byte for byte
 * with an unmigrated one.  Uses the FPU too.  With a third argument
 * "stdin", it then reads its standard input to the end and prints how
 * many bytes came (the reads happen after a migration); with "quiet",
 * it prints only the final checksum (and the FPU accumulator), so that
 * away from home it makes no forwarded call until its end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

int main(int argc, char **argv)
{
	unsigned long rounds, mib = 1, words, r, i;
	uint64_t *buf, sum = 0;
	double acc = 1.0;
	int quiet = argc == 4 && !strcmp(argv[3], "quiet");

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: mosix-crunch ROUNDS [MIB [stdin|quiet]]\n");
		return 2;
	}
	rounds = strtoul(argv[1], NULL, 10);
	if (argc >= 3)
		mib = strtoul(argv[2], NULL, 10);
	words = mib * (1 << 20) / sizeof(*buf);
	buf = malloc(words * sizeof(*buf));
	if (!buf)
		return 1;
	for (i = 0; i < words; i++)
		buf[i] = mix(i);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < words; i++) {
			buf[i] = mix(buf[i] + r);
			sum += buf[i];
			acc = acc * 1.0000001 + (double)(buf[i] & 0xff) * 1e-9;
		}
		if (!quiet)
			printf("round %lu sum %016llx acc %.6f\n", r,
			       (unsigned long long)sum, acc);
	}
	if (quiet)
		printf("acc %.6f\n", acc);
	printf("result %016llx\n", (unsigned long long)sum);
	if (argc == 4 && !strcmp(argv[3], "stdin")) {
		char chunk[65536];
		unsigned long long total = 0;
		ssize_t n;

		while ((n = read(0, chunk, sizeof(chunk))) > 0)
			total += n;
		printf("stdin bytes %llu%s\n", total, n < 0 ? " (error)" : "");
	}
	free(buf);
	return 0;
}
