// SPDX-License-Identifier: GPL-2.0
/*
 * The node's counters (`mosctl status`): datagrams, connections and
 * migrations, counted from any context and read as one array.
 */
#include <linux/atomic.h>
#include "stats.h"

static atomic64_t stats[MOSIX_STAT_MAX + 1];

void mosix_stats_count(enum mosix_stat_attr stat)
{
	atomic64_inc(&stats[stat]);
}

void mosix_stats_read(u64 out[MOSIX_STAT_MAX + 1])
{
	int i;

	for (i = 0; i <= MOSIX_STAT_MAX; i++)
		out[i] = atomic64_read(&stats[i]);
}
