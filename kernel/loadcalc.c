// SPDX-License-Identifier: GPL-2.0
/*
 * Load arithmetic: an exponentially decayed count of runnable processes,
 * normalised by CPU speed and count so that loads of unlike nodes
 * compare.  Pure code, unit-tested in userspace.
 */
#include <linux/mosix.h>
#include "messages.h"
#include "loadcalc.h"

/*
 * One sample: keep keep_permille of the previous load and take the rest
 * from the runnable count.  The step is rounded away from zero, so a
 * steady runnable count converges exactly to runnable * MOSIX_LOAD_SCALE
 * instead of stopping a few units short.
 */
u32 mosix_load_decay(u32 prev, u32 runnable, u32 keep_permille)
{
	u64 now, diff, step;

	if (keep_permille > 1000)
		keep_permille = 1000;
	if (runnable > MOSIX_LOAD_MAX / MOSIX_LOAD_SCALE)
		runnable = MOSIX_LOAD_MAX / MOSIX_LOAD_SCALE;
	if (prev > MOSIX_LOAD_MAX)
		prev = MOSIX_LOAD_MAX;
	now = (u64)runnable * MOSIX_LOAD_SCALE;
	diff = now > prev ? now - prev : prev - now;
	step = (diff * (1000 - keep_permille) + 999) / 1000;
	return now > prev ? prev + step : prev - step;
}

/*
 * Load per reference CPU: a node with two reference CPUs and two
 * runnable processes is as loaded as one reference CPU with one.
 */
u32 mosix_load_normalise(u32 decayed, u32 speed, u32 cpus)
{
	u64 capacity, load;

	if (!speed)
		speed = MOSIX_SPEED_STD;
	if (!cpus)
		cpus = 1;
	capacity = (u64)speed * cpus;
	load = ((u64)decayed * MOSIX_SPEED_STD + capacity / 2) / capacity;
	return load > MOSIX_LOAD_MAX ? MOSIX_LOAD_MAX : (u32)load;
}
