// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the load arithmetic (kernel/loadcalc.c). */
#include <linux/mosix.h>
#include "messages.h"
#include "loadcalc.h"
#include "tap.h"

static u32 run(u32 load, u32 runnable, int samples)
{
	while (samples--)
		load = mosix_load_decay(load, runnable, MOSIX_LOAD_KEEP_DEFAULT);
	return load;
}

static void test_decay(void)
{
	u32 half;

	CHECK(run(0, 0, 10) == 0, "an idle node stays at 0");
	CHECK(run(0, 1, 200) == MOSIX_LOAD_SCALE,
	      "one runnable process converges exactly to 1.000");
	CHECK(run(0, 3, 200) == 3 * MOSIX_LOAD_SCALE,
	      "three converge exactly to 3.000");
	CHECK(run(3 * MOSIX_LOAD_SCALE, 0, 300) == 0,
	      "a node that goes idle decays to exactly 0");
	half = run(0, 1, 4);
	CHECK(half > 400 && half < 600,
	      "half of a new load shows after 4 samples (2 s), got %u", half);
	CHECK(run(0, 1, 1) < run(0, 1, 2), "load rises monotonically");
	CHECK(mosix_load_decay(0, 1, 0) == MOSIX_LOAD_SCALE,
	      "keep 0 takes the sample as it is");
	CHECK(mosix_load_decay(1234, 9, 1000) == 1234,
	      "keep 1000 ignores the sample");
	CHECK(mosix_load_decay(0, 5, 5000) == 0,
	      "keep above 1000 is clamped to 1000");
	CHECK(run(MOSIX_LOAD_MAX, 0xffffffffu, 5) <= MOSIX_LOAD_MAX,
	      "huge runnable counts saturate at the maximum");
}

static void test_normalise(void)
{
	CHECK(mosix_load_normalise(1000, MOSIX_SPEED_STD, 1) == 1000,
	      "one process on one reference cpu is 1.000");
	CHECK(mosix_load_normalise(2000, MOSIX_SPEED_STD, 2) == 1000,
	      "two processes on two cpus is 1.000");
	CHECK(mosix_load_normalise(1000, 2 * MOSIX_SPEED_STD, 1) == 500,
	      "a cpu twice as fast halves the load");
	CHECK(mosix_load_normalise(1000, MOSIX_SPEED_STD / 2, 1) == 2000,
	      "a cpu half as fast doubles the load");
	CHECK(mosix_load_normalise(1000, 0, 0) == 1000,
	      "speed 0 and cpus 0 are treated as one reference cpu");
	CHECK(mosix_load_normalise(MOSIX_LOAD_MAX, 1, 1) == MOSIX_LOAD_MAX,
	      "a very slow cpu saturates at the maximum");
}

int main(void)
{
	test_decay();
	test_normalise();
	return tap_exit();
}
