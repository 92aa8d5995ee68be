// SPDX-License-Identifier: GPL-2.0
/*
 * What moving a process and forwarding a call cost on this node, as
 * measured by the migrations and calls it makes: the balancer weighs
 * its moves with them.  Taken from process context (migrations, guests'
 * calls) and read by the balancer thread, admission and netlink.
 */
#include <linux/math64.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include "decide.h"
#include "cost.h"

/*
 * A running mean of measures, 0 until the first: each new one weighs
 * 1/weight; it counts for at most clip times the mean (0: no clip), the
 * first for at most first_max.
 */
struct running_mean {
	spinlock_t lock;	/* guards mean and count; process context */
	u64 mean;
	u32 count;
	u32 weight;
	u32 clip;
	u64 first_max;
};

static void mean_add(struct running_mean *m, u64 v)
{
	spin_lock(&m->lock);
	if (m->mean)
		m->mean = (m->mean * (m->weight - 1) +
			   (m->clip ? min(v, m->mean * m->clip) : v)) /
			  m->weight;
	else
		m->mean = min(v, m->first_max);
	if (m->count < U32_MAX)
		m->count++;
	spin_unlock(&m->lock);
}

static u64 mean_get(struct running_mean *m, u32 *count)
{
	u64 v;

	spin_lock(&m->lock);
	v = m->mean;
	*count = m->count;
	spin_unlock(&m->lock);
	return v;
}

/*
 * Migration bandwidth, bytes/s: the mean of measured transfers, each new
 * one weighing a quarter.  Transfers below 1 MiB measure the round trips
 * more than the link, and are left out.
 */
#define TRANSFER_MIN	SZ_1M
static struct running_mean bandwidth = {
	.lock = __SPIN_LOCK_UNLOCKED(bandwidth.lock),
	.weight = 4, .first_max = U64_MAX,
};

void mosix_cost_transfer(u64 bytes, u64 ns)
{
	if (bytes < TRANSFER_MIN || !ns)
		return;
	mean_add(&bandwidth, mul_u64_u64_div_u64(bytes, NSEC_PER_SEC, ns));
}

u64 mosix_cost_bandwidth(u32 *measured)
{
	return mean_get(&bandwidth, measured) ?: MOSIX_BAL_BANDWIDTH;
}

/*
 * The cost of a forwarded call, a round trip home, ns: the mean of the
 * calls this node's guests made and of the means that this node's
 * processes brought home, each new one weighing an eighth.  A call that
 * blocks at home (a read of a terminal, a wait for a child) measures
 * that wait, not the link: a sample counts for at most 4 times the mean,
 * and the first for at most 10 ms.
 */
static struct running_mean call_cost = {
	.lock = __SPIN_LOCK_UNLOCKED(call_cost.lock),
	.weight = 8, .clip = 4, .first_max = 10 * NSEC_PER_MSEC,
};

void mosix_cost_call(u64 ns)
{
	if (ns)
		mean_add(&call_cost, ns);
}

u32 mosix_cost_call_us(u32 *measured)
{
	u64 ns = mean_get(&call_cost, measured);

	if (!ns)
		return MOSIX_BAL_SYSCALL_US;
	return max_t(u32, div_u64(ns, NSEC_PER_USEC), 1);
}
