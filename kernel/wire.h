/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_WIRE_H
#define _MOSIX_WIRE_H

#include "portable.h"

/* Load information of one node, in host order. */
struct mosix_load_info {
	u32 sender;
	u32 epoch;
	u64 seq;
	u32 load;
	u32 speed;
	u32 cpus;
	u64 mem_free;
	u64 mem_total;
	u32 guests;
	u32 away;
	u32 flags;
	/* From the node's own message only; 0 (unknown) in gossip. */
	u64 cpu_features;	/* MOSIX_CPU_* bits */
	u32 vdso;		/* its vDSO's build; 0: unknown */
};

/* What a node says of another: @info.sender is that node. */
struct mosix_gossip_entry {
	u32 age_ms;
	struct mosix_load_info info;
};

enum mosix_wire_result {
	MOSIX_WIRE_OK,
	MOSIX_WIRE_SHORT,	/* shorter than a header */
	MOSIX_WIRE_BAD_HEADER,	/* magic, version or type */
	MOSIX_WIRE_BAD_LENGTH,	/* length field, datagram size disagree */
	MOSIX_WIRE_BAD_FIELD,	/* a field out of its range */
};

size_t mosix_wire_load_size(unsigned int entries);
/* 0 when @buf is too small or @n above MOSIX_GOSSIP_ENTRIES_MAX. */
size_t mosix_wire_encode_load(void *buf, size_t size,
			      const struct mosix_load_info *info,
			      const struct mosix_gossip_entry *entries,
			      unsigned int n);
/* @entries has room for MOSIX_GOSSIP_ENTRIES_MAX; *@n says how many. */
enum mosix_wire_result mosix_wire_decode_load(const void *buf, size_t len,
					      struct mosix_load_info *info,
					      struct mosix_gossip_entry *entries,
					      unsigned int *n);

#endif /* _MOSIX_WIRE_H */
