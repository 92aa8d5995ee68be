// SPDX-License-Identifier: GPL-2.0
/*
 * Load information: every MOSIX_INFO_INTERVAL_MS a node samples its
 * load and sends it, with the freshest it knows of other nodes, to
 * MOSIX_GOSSIP_PEERS peers picked at random (gossip).  Datagrams from
 * peers are validated, matched against the node table and counted;
 * what they say of other nodes is taken where it is newer.
 */
#include <linux/atomic.h>
#include <linux/bottom_half.h>
#include <linux/ip.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include "decide.h"
#include "info.h"
#include "messages.h"
#include "node.h"
#include "policy.h"
#include "self.h"
#include "deputy.h"
#include "guest.h"
#include "socket.h"
#include "stats.h"
#include "wire.h"

static struct delayed_work info_work;

/* Only info_work uses these, one run at a time. */
static struct {
	struct mosix_node_view *nodes;
	struct mosix_bal_node *ages;
	struct mosix_bal_node window[MOSIX_GOSSIP_ENTRIES_MAX + 1];
	struct mosix_gossip_entry entries[MOSIX_GOSSIP_ENTRIES_MAX];
	u32 peers[MOSIX_GOSSIP_PEERS];
	u8 buf[MOSIX_DATAGRAM_MAX];
} tx;

/* A datagram being received, in softirq: one per CPU. */
struct rx_buf {
	u8 data[MOSIX_DATAGRAM_MAX];
	struct mosix_gossip_entry entries[MOSIX_GOSSIP_ENTRIES_MAX];
};

static DEFINE_PER_CPU(struct rx_buf, rx_bufs);

static u32 random_u32(void *unused)
{
	return get_random_u32();
}

static const struct mosix_node_view *view_of(u32 id, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (tx.nodes[i].id == id)
			return &tx.nodes[i];
	return NULL;
}

/*
 * The youngest information about nodes that are not down, youngest
 * first, into tx.window; one more than a message carries, so that there
 * are still enough after leaving out the receiver's own.
 */
static int gather_window(unsigned int n)
{
	unsigned int i;
	int m = 0;

	for (i = 0; i < n; i++) {
		if (!tx.nodes[i].heard)
			continue;
		memset(&tx.ages[m], 0, sizeof(tx.ages[m]));
		tx.ages[m].id = tx.nodes[i].id;
		tx.ages[m].age_ms = tx.nodes[i].age_ms;
		m++;
	}
	return mosix_gossip_window(tx.ages, m, mosix_node_dead_ms(), tx.window,
				   ARRAY_SIZE(tx.window));
}

/* The entries for peer @to: the window without what it says itself. */
static unsigned int fill_entries(u32 to, int w, unsigned int n)
{
	const struct mosix_node_view *v;
	unsigned int got = 0;
	int i;

	for (i = 0; i < w && got < MOSIX_GOSSIP_ENTRIES_MAX; i++) {
		v = view_of(tx.window[i].id, n);
		if (!v || v->id == to)
			continue;
		tx.entries[got].age_ms = v->age_ms;
		tx.entries[got].info = v->info;
		got++;
	}
	return got;
}

/* The processes of other nodes here, and of this node elsewhere. */
static void count_processes(struct mosix_load_info *info)
{
	info->guests = mosix_guest_count();
	info->away = mosix_deputy_count();
}

/* This node as other nodes see it. */
void mosix_info_self_view(struct mosix_node_view *view)
{
	mosix_self_view(view);
	count_processes(&view->info);
}

static void send_info(void)
{
	struct mosix_load_info info;
	unsigned int n, i, npeers, count;
	const struct mosix_node_view *to;
	size_t len;
	int w;

	if ((mosix_policy() & MOSIX_POLICY_LEFT) ||
	    !mosix_self_next_info(&info))
		return;
	count_processes(&info);
	n = mosix_node_snapshot(tx.nodes, MOSIX_NODES_MAX);
	npeers = mosix_gossip_pick(n, MOSIX_GOSSIP_PEERS, random_u32, NULL,
				   tx.peers);
	w = gather_window(n);
	for (i = 0; i < npeers; i++) {
		to = &tx.nodes[tx.peers[i]];
		count = fill_entries(to->id, w, n);
		len = mosix_wire_encode_load(tx.buf, sizeof(tx.buf), &info,
					     tx.entries, count);
		if (len && !mosix_socket_send(to->addr, tx.buf, len))
			mosix_stats_count(MOSIX_STAT_INFO_TX);
		else
			mosix_stats_count(MOSIX_STAT_INFO_TX_ERR);
	}
}

static void info_work_fn(struct work_struct *work)
{
	mosix_self_sample();
	mosix_node_tick();
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

/* Take what a peer that was heard directly says of other nodes. */
static void take_gossip(const struct mosix_gossip_entry *entries,
			unsigned int n)
{
	u32 self_id = mosix_self_id();
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (entries[i].info.sender != self_id &&
		    mosix_node_gossip(&entries[i].info, entries[i].age_ms))
			mosix_stats_count(MOSIX_STAT_GOSSIP_RX);
		else
			mosix_stats_count(MOSIX_STAT_GOSSIP_OLD);
	}
}

static enum mosix_stat_attr receive(struct sk_buff *skb, struct rx_buf *rx)
{
	unsigned int offset = skb_transport_offset(skb) + sizeof(struct udphdr);
	struct mosix_load_info info;
	enum mosix_wire_result res;
	unsigned int len, n;

	if (skb->len < offset)
		return MOSIX_STAT_RX_SHORT;
	len = skb->len - offset;
	if (len > sizeof(rx->data))
		return MOSIX_STAT_RX_BAD_LENGTH;
	if (skb_copy_bits(skb, offset, rx->data, len))
		return MOSIX_STAT_RX_SHORT;

	res = mosix_wire_decode_load(rx->data, len, &info, rx->entries, &n);
	if (res != MOSIX_WIRE_OK)
		return wire_drop_stat[res];

	switch (mosix_node_heard(&info, ip_hdr(skb)->saddr)) {
	case MOSIX_NODE_ACCEPTED:
		take_gossip(rx->entries, n);
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
	/* Already off in softirq; it keeps this CPU's buffer ours. */
	local_bh_disable();
	mosix_stats_count(receive(skb, this_cpu_ptr(&rx_bufs)));
	local_bh_enable();
	consume_skb(skb);
	return 0;
}

int mosix_info_init(void)
{
	int ret = -ENOMEM;

	tx.nodes = kcalloc(MOSIX_NODES_MAX, sizeof(*tx.nodes), GFP_KERNEL);
	tx.ages = kcalloc(MOSIX_NODES_MAX, sizeof(*tx.ages), GFP_KERNEL);
	if (!tx.nodes || !tx.ages)
		goto err;
	ret = mosix_socket_init(info_rcv);
	if (ret)
		goto err;
	INIT_DELAYED_WORK(&info_work, info_work_fn);
	schedule_delayed_work(&info_work, 0);
	return 0;
err:
	kfree(tx.ages);
	kfree(tx.nodes);
	return ret;
}

void mosix_info_uninit(void)
{
	cancel_delayed_work_sync(&info_work);
	mosix_socket_uninit();
	kfree(tx.ages);
	kfree(tx.nodes);
}
