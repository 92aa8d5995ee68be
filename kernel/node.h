/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_NODE_H
#define _MOSIX_NODE_H

#include <linux/types.h>
#include "wire.h"

struct mosix_bal_node;

/* Most peers one node keeps in its table. */
#define MOSIX_NODES_MAX		1024

/*
 * A peer not heard of for this long is down (longer in clusters too
 * large for gossip to bring news of every node that often): the
 * default of the boot parameter mosix.dead_ms, and its range.
 */
#define MOSIX_NODE_DEAD_MS	3000
#define MOSIX_NODE_DEAD_MS_MIN	1000
#define MOSIX_NODE_DEAD_MS_MAX	600000

/* A consistent copy of what is known of one node. */
struct mosix_node_view {
	u32 id;
	__be32 addr;
	u8 state;		/* enum mosix_node_state */
	bool heard;		/* @info and @age_ms are valid */
	u32 age_ms;
	struct mosix_load_info info;
};

enum mosix_node_verdict {
	MOSIX_NODE_ACCEPTED,
	MOSIX_NODE_UNKNOWN_PEER,
	MOSIX_NODE_STALE,
};

void mosix_node_init(void);
int mosix_node_add(u32 id, __be32 addr);
int mosix_node_del(u32 id);
bool mosix_node_addr_known(__be32 addr);
bool mosix_node_id_known(u32 id);
int mosix_node_view_by_id(u32 id, struct mosix_node_view *view);
int mosix_node_view_by_addr(__be32 addr, struct mosix_node_view *view);
int mosix_node_view_at(unsigned long index, struct mosix_node_view *view);
unsigned int mosix_node_count(void);
/* The load information interval passed: report nodes gone up or down. */
void mosix_node_tick(void);
u32 mosix_node_dead_ms(void);
unsigned int mosix_node_snapshot(struct mosix_node_view *views,
				 unsigned int max);
enum mosix_node_verdict mosix_node_heard(const struct mosix_load_info *info,
					 __be32 saddr);
bool mosix_node_gossip(const struct mosix_load_info *info, u32 age_ms);
void mosix_node_to_bal(const struct mosix_node_view *v,
		       struct mosix_bal_node *b);

#endif /* _MOSIX_NODE_H */
