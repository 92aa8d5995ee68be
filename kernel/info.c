// SPDX-License-Identifier: GPL-2.0
/*
 * Load information: every MOSIX_INFO_INTERVAL_MS a node samples its
 * load and sends it to each peer; datagrams from peers are validated,
 * matched against the node table and counted.
 */
#include <linux/atomic.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include "info.h"
#include "messages.h"
#include "node.h"
#include "self.h"
#include "socket.h"
#include "wire.h"

static atomic64_t stats[MOSIX_STAT_MAX + 1];
static __be32 *dests;
static struct delayed_work info_work;

void mosix_info_count(enum mosix_stat_attr stat)
{
	atomic64_inc(&stats[stat]);
}

void mosix_info_stats(u64 out[MOSIX_STAT_MAX + 1])
{
	int i;

	for (i = 0; i <= MOSIX_STAT_MAX; i++)
		out[i] = atomic64_read(&stats[i]);
}

static void send_info(void)
{
	u8 buf[sizeof(struct mosix_msg_load)];
	struct mosix_load_info info;
	unsigned int i, n;
	size_t len;

	if (!mosix_self_next_info(&info))
		return;
	len = mosix_wire_encode_load(buf, sizeof(buf), &info);
	n = mosix_node_addrs(dests, MOSIX_NODES_MAX);
	for (i = 0; i < n; i++) {
		if (mosix_socket_send(dests[i], buf, len))
			mosix_info_count(MOSIX_STAT_INFO_TX_ERR);
		else
			mosix_info_count(MOSIX_STAT_INFO_TX);
	}
}

static void info_work_fn(struct work_struct *work)
{
	mosix_self_sample();
	send_info();
	schedule_delayed_work(&info_work,
			      msecs_to_jiffies(MOSIX_INFO_INTERVAL_MS));
}

static const enum mosix_stat_attr wire_drop_stat[] = {
	[MOSIX_WIRE_SHORT] = MOSIX_STAT_RX_SHORT,
	[MOSIX_WIRE_BAD_HEADER] = MOSIX_STAT_RX_BAD_HEADER,
	[MOSIX_WIRE_BAD_LENGTH] = MOSIX_STAT_RX_BAD_LENGTH,
	[MOSIX_WIRE_BAD_FIELD] = MOSIX_STAT_RX_BAD_FIELD,
};

static enum mosix_stat_attr receive(struct sk_buff *skb)
{
	unsigned int offset = skb_transport_offset(skb) + sizeof(struct udphdr);
	u8 buf[MOSIX_DATAGRAM_MAX];
	struct mosix_load_info info;
	enum mosix_wire_result res;
	unsigned int len;

	if (skb->len < offset)
		return MOSIX_STAT_RX_SHORT;
	len = skb->len - offset;
	if (len > sizeof(buf))
		return MOSIX_STAT_RX_BAD_LENGTH;
	if (skb_copy_bits(skb, offset, buf, len))
		return MOSIX_STAT_RX_SHORT;

	res = mosix_wire_decode_load(buf, len, &info);
	if (res != MOSIX_WIRE_OK)
		return wire_drop_stat[res];

	switch (mosix_node_heard(&info, ip_hdr(skb)->saddr)) {
	case MOSIX_NODE_ACCEPTED:
		return MOSIX_STAT_INFO_RX;
	case MOSIX_NODE_STALE:
		return MOSIX_STAT_RX_STALE;
	default:
		return MOSIX_STAT_RX_UNKNOWN_PEER;
	}
}

/* Called by UDP in softirq for every datagram to MOSIX_PORT. */
static int info_rcv(struct sock *sk, struct sk_buff *skb)
{
	mosix_info_count(receive(skb));
	consume_skb(skb);
	return 0;
}

int mosix_info_init(void)
{
	int ret;

	dests = kcalloc(MOSIX_NODES_MAX, sizeof(*dests), GFP_KERNEL);
	if (!dests)
		return -ENOMEM;
	ret = mosix_socket_init(info_rcv);
	if (ret) {
		kfree(dests);
		return ret;
	}
	INIT_DELAYED_WORK(&info_work, info_work_fn);
	schedule_delayed_work(&info_work, 0);
	return 0;
}

void mosix_info_uninit(void)
{
	cancel_delayed_work_sync(&info_work);
	mosix_socket_uninit();
	kfree(dests);
}
