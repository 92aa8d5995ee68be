// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-bench-tsc: print the TSC frequency in kHz, measured against
 * CLOCK_MONOTONIC_RAW over 300 ms.
 *
 * Run on the host by scripts/bench: a TCG guest's TSC ticks at the
 * host's rate, but the guest kernel calibrates it against an emulated
 * PIT, which under TCG is off by a factor of 2 or 3, so its clocks would
 * run that much too fast.  The benchmark VMs boot with
 * tsc_early_khz=<this value>.
 */
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	struct timespec pause = { 0, 300000000L };
	unsigned long long c0, c1;
	long long t0, t1;

	t0 = now_ns();
	c0 = __rdtsc();
	nanosleep(&pause, NULL);
	t1 = now_ns();
	c1 = __rdtsc();
	printf("%llu\n", (c1 - c0) * 1000000ULL / (unsigned long long)(t1 - t0));
	return 0;
}
