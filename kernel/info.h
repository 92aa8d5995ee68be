/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_INFO_H
#define _MOSIX_INFO_H

#include <linux/mosix.h>
#include <linux/types.h>

/* How often a node samples its load and sends it to its peers. */
#define MOSIX_INFO_INTERVAL_MS	500

/* How many peers, picked at random, it sends it to each time. */
#define MOSIX_GOSSIP_PEERS	2

int mosix_info_init(void);
void mosix_info_uninit(void);
void mosix_info_stats(u64 stats[MOSIX_STAT_MAX + 1]);
void mosix_info_count(enum mosix_stat_attr stat);

#endif /* _MOSIX_INFO_H */
