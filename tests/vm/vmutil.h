/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by the programs that run in the test VMs (each
 * program is one .c file; these are static so that each gets its copy).
 */
#ifndef MOSIX_VMUTIL_H
#define MOSIX_VMUTIL_H

#include <stdint.h>
#include <time.h>
#include <unistd.h>

/*
 * Wait until path exists, spinning a little between looks of pause_ms,
 * so that the process is busy (and migratable) as well as waiting.
 */
static inline void wait_for_file(const char *path, long pause_ms)
{
	struct timespec ts = { 0, pause_ms * 1000 * 1000 };
	volatile unsigned long spin;

	while (access(path, F_OK)) {
		for (spin = 0; spin < 300000; spin++)
			;
		nanosleep(&ts, NULL);
	}
}

/* A 64-bit finaliser (splitmix64's): well spread values from a counter. */
static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#endif /* MOSIX_VMUTIL_H */
