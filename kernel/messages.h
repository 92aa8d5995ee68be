/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every message that crosses the network between nodes.  All fields are
 * little endian; every field is validated by wire.c before use.
 */
#ifndef _MOSIX_MESSAGES_H
#define _MOSIX_MESSAGES_H

#include "portable.h"

#define MOSIX_MSG_MAGIC		0x58534f4d	/* "MOSX" on the wire */
#define MOSIX_PROTO_VERSION	1

/* Largest datagram a node reads; anything longer is dropped whole. */
#define MOSIX_DATAGRAM_MAX	512

/* Limits of the load information, beyond which a message is a lie. */
#define MOSIX_CPUS_MAX		8192
#define MOSIX_LOAD_MAX		100000000

enum mosix_msg_type {
	MOSIX_MSG_LOAD = 1,
};

/**
 * struct mosix_msg_header - starts every message
 * @magic: %MOSIX_MSG_MAGIC
 * @version: %MOSIX_PROTO_VERSION
 * @type: &enum mosix_msg_type
 * @length: whole message in bytes, header included
 * @sender: node id of the sender, 1..MOSIX_NODE_ID_MAX
 * @epoch: random, chosen when the sender boots; a new epoch means the
 *	sender restarted and its sequence starts again
 * @seq: increases with every message of one epoch
 */
struct mosix_msg_header {
	__le32 magic;
	u8 version;
	u8 type;
	__le16 length;
	__le32 sender;
	__le32 epoch;
	__le64 seq;
} __packed;

/**
 * struct mosix_msg_load - a node's load information, sent periodically
 * @header: type %MOSIX_MSG_LOAD
 * @load: decayed, speed-normalised load (MOSIX_LOAD_SCALE units)
 * @speed: relative CPU speed, 1..MOSIX_SPEED_MAX
 * @cpus: online CPUs, 1..%MOSIX_CPUS_MAX
 * @reserved: zero
 * @mem_free: free memory, bytes, at most @mem_total
 * @mem_total: total memory, bytes, not zero
 */
struct mosix_msg_load {
	struct mosix_msg_header header;
	__le32 load;
	__le32 speed;
	__le32 cpus;
	__le32 reserved;
	__le64 mem_free;
	__le64 mem_total;
} __packed;

#endif /* _MOSIX_MESSAGES_H */
