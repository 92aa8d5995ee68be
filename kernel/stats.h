/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_STATS_H
#define _MOSIX_STATS_H

#include <linux/mosix.h>
#include <linux/types.h>

void mosix_stats_count(enum mosix_stat_attr stat);
void mosix_stats_read(u64 stats[MOSIX_STAT_MAX + 1]);

#endif /* _MOSIX_STATS_H */
