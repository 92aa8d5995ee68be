// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-bench-cpu DIR ROUNDS: a deterministic CPU-bound loop that times
 * itself, for comparing a run at home with a run on a guest.
 *
 * It creates DIR/ready, waits (polling every 10 ms) until DIR/go exists
 * (the benchmark script migrates it meanwhile, or not), then runs ROUNDS
 * rounds of integer hashing and floating point over a 64 KiB table, with
 * no system call inside, and prints "cpu_s SECONDS" (CLOCK_MONOTONIC,
 * read through the vDSO), "cputime_s SECONDS" (the CPU time the loop got,
 * CLOCK_THREAD_CPUTIME_ID) and "result HEX" (the same for every run).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "vmutil.h"

#define WORDS 8192 /* 64 KiB */

static uint64_t table[WORDS];

static long long now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct timespec ten_ms = { 0, 10000000L };
	long rounds, r, i;
	long long t0, t1, c0, c1;
	uint64_t sum = 0;
	double acc = 1.0;
	char path[4096];

	if (argc != 3 || (rounds = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: mosix-bench-cpu DIR ROUNDS\n");
		return 2;
	}
	for (i = 0; i < WORDS; i++)
		table[i] = mix64((uint64_t)i + 1);
	snprintf(path, sizeof(path), "%s/ready", argv[1]);
	close(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	snprintf(path, sizeof(path), "%s/go", argv[1]);
	while (access(path, F_OK))
		nanosleep(&ten_ms, NULL);

	c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	t0 = now_ns(CLOCK_MONOTONIC);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < WORDS; i++) {
			uint64_t v = mix64(table[i] + (uint64_t)r);

			table[(v >> 7) % WORDS] ^= v;
			sum += v;
			acc = acc * 0.999999 + (double)(v & 0xffff) * 1e-6;
		}
	}
	t1 = now_ns(CLOCK_MONOTONIC);
	c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	printf("cpu_s %.4f\n", (double)(t1 - t0) / 1e9);
	printf("cputime_s %.4f\n", (double)(c1 - c0) / 1e9);
	printf("result %016llx %.6f\n", (unsigned long long)sum, acc);
	return 0;
}
