// SPDX-License-Identifier: GPL-2.0
/*
 * The table of peers: their ids, addresses and last load information.
 *
 * Writers (netlink, the receive path in softirq) hold nodes_lock with
 * bottom halves off; readers walk the list and the hash under RCU and
 * take the lock only to copy a node's fields consistently.  Nodes are
 * freed after a grace period, so a reader in softirq never sees freed
 * memory.
 */
#include <linux/hashtable.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/mosix.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "decide.h"
#include "event.h"
#include "messages.h"
#include "node.h"

struct mosix_node {
	struct hlist_node hnode;
	struct list_head list;
	struct rcu_head rcu;
	u32 id;
	__be32 addr;
	bool heard;
	unsigned long heard_at;
	struct mosix_load_info info;
	u8 reported;	/* the state last reported: mosix_node_tick()'s */
};

/*
 * The table: a hash by id and a list in the order nodes were added (for
 * stable dumps), read under RCU from any context (datagrams arrive in
 * softirq), changed under nodes_lock with bottom halves off (netlink,
 * gossip in softirq).  nodes_lock also guards each node's heard,
 * heard_at and info; a node is freed after a grace period.
 */
static DEFINE_SPINLOCK(nodes_lock);
static DEFINE_HASHTABLE(nodes_by_id, 8);
static LIST_HEAD(nodes_list);
static unsigned int nodes_count;	/* under nodes_lock */

static struct mosix_node *find_by_id(u32 id)
{
	struct mosix_node *node;

	hash_for_each_possible_rcu(nodes_by_id, node, hnode, id)
		if (node->id == id)
			return node;
	return NULL;
}

static struct mosix_node *find_by_addr(__be32 addr)
{
	struct mosix_node *node;

	list_for_each_entry_rcu(node, &nodes_list, list)
		if (node->addr == addr)
			return node;
	return NULL;
}

bool mosix_node_id_known(u32 id)
{
	bool known;

	rcu_read_lock();
	known = find_by_id(id);
	rcu_read_unlock();
	return known;
}

bool mosix_node_addr_known(__be32 addr)
{
	bool known;

	rcu_read_lock();
	known = find_by_addr(addr);
	rcu_read_unlock();
	return known;
}

int mosix_node_add(u32 id, __be32 addr)
{
	struct mosix_node *node;
	int ret = 0;

	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return -ENOMEM;
	node->id = id;
	node->addr = addr;

	spin_lock_bh(&nodes_lock);
	if (find_by_id(id) || find_by_addr(addr)) {
		ret = -EEXIST;
	} else if (nodes_count >= MOSIX_NODES_MAX) {
		ret = -ENOSPC;
	} else {
		hash_add_rcu(nodes_by_id, &node->hnode, id);
		list_add_tail_rcu(&node->list, &nodes_list);
		WRITE_ONCE(nodes_count, nodes_count + 1);
	}
	spin_unlock_bh(&nodes_lock);
	if (ret) {
		kfree(node);
		return ret;
	}
	mosix_event_node(MOSIX_EVENT_NODE_ADDED, id, addr, MOSIX_NODE_UNKNOWN,
			 GFP_KERNEL);
	return 0;
}

static void unlink_node(struct mosix_node *node)
{
	lockdep_assert_held(&nodes_lock);
	hash_del_rcu(&node->hnode);
	list_del_rcu(&node->list);
	WRITE_ONCE(nodes_count, nodes_count - 1);
	kfree_rcu(node, rcu);
}

int mosix_node_del(u32 id)
{
	struct mosix_node *node;
	__be32 addr;

	spin_lock_bh(&nodes_lock);
	node = find_by_id(id);
	if (node) {
		addr = node->addr;
		unlink_node(node);
	}
	spin_unlock_bh(&nodes_lock);
	if (!node)
		return -ENOENT;
	mosix_event_node(MOSIX_EVENT_NODE_REMOVED, id, addr, MOSIX_NODE_UNKNOWN,
			 GFP_KERNEL);
	return 0;
}

/* The caller holds rcu_read_lock() over @node. */
static void fill_view(const struct mosix_node *node,
		      struct mosix_node_view *view)
{
	unsigned long now = jiffies;

	memset(view, 0, sizeof(*view));
	spin_lock_bh(&nodes_lock);
	view->id = node->id;
	view->addr = node->addr;
	view->heard = node->heard;
	if (node->heard) {
		view->info = node->info;
		view->age_ms = jiffies_to_msecs(now - node->heard_at);
	}
	spin_unlock_bh(&nodes_lock);

	if (!view->heard)
		view->state = MOSIX_NODE_UNKNOWN;
	else if (view->age_ms > mosix_node_dead_ms())
		view->state = MOSIX_NODE_DOWN;
	else
		view->state = MOSIX_NODE_UP;
}

/*
 * A node's state follows from the age of its news when it is read
 * (fill_view()): nothing happens when a node falls silent.  Called once
 * per load information interval, this reports the nodes whose state
 * changed since.  Only the info work calls it, one run at a time, so
 * @reported needs no lock; the events are built under RCU.
 */
void mosix_node_tick(void)
{
	struct mosix_node_view view;
	struct mosix_node *node;

	rcu_read_lock();
	list_for_each_entry_rcu(node, &nodes_list, list) {
		fill_view(node, &view);
		if (view.state == node->reported)
			continue;
		node->reported = view.state;
		mosix_event_node(view.state == MOSIX_NODE_DOWN ?
				 MOSIX_EVENT_NODE_DOWN : MOSIX_EVENT_NODE_UP,
				 view.id, view.addr, view.state, GFP_ATOMIC);
	}
	rcu_read_unlock();
}

int mosix_node_view_by_id(u32 id, struct mosix_node_view *view)
{
	struct mosix_node *node;
	int ret = -ENOENT;

	rcu_read_lock();
	node = find_by_id(id);
	if (node) {
		fill_view(node, view);
		ret = 0;
	}
	rcu_read_unlock();
	return ret;
}

int mosix_node_view_by_addr(__be32 addr, struct mosix_node_view *view)
{
	struct mosix_node *node;
	int ret = -ENOENT;

	rcu_read_lock();
	node = find_by_addr(addr);
	if (node) {
		fill_view(node, view);
		ret = 0;
	}
	rcu_read_unlock();
	return ret;
}

/* For dumps: the index-th node in the order nodes were added. */
int mosix_node_view_at(unsigned long index, struct mosix_node_view *view)
{
	struct mosix_node *node;
	int ret = -ENOENT;

	rcu_read_lock();
	list_for_each_entry_rcu(node, &nodes_list, list) {
		if (index--)
			continue;
		fill_view(node, view);
		ret = 0;
		break;
	}
	rcu_read_unlock();
	return ret;
}

unsigned int mosix_node_count(void)
{
	return READ_ONCE(nodes_count);
}

static unsigned int param_dead_ms = MOSIX_NODE_DEAD_MS;
module_param_named(dead_ms, param_dead_ms, uint, 0444);
MODULE_PARM_DESC(dead_ms,
		 "ms without news of a peer before it is down (default 3000)");

void mosix_node_init(void)
{
	if (param_dead_ms < MOSIX_NODE_DEAD_MS_MIN ||
	    param_dead_ms > MOSIX_NODE_DEAD_MS_MAX) {
		pr_err("mosix: mosix.dead_ms=%u out of range %u..%u, ignored\n",
		       param_dead_ms, MOSIX_NODE_DEAD_MS_MIN,
		       MOSIX_NODE_DEAD_MS_MAX);
		param_dead_ms = MOSIX_NODE_DEAD_MS;
	}
}

/*
 * How long a node may stay unheard of before it is down: mosix.dead_ms
 * (a slow or lossy network, or a debugging kernel, wants more).  Each interval
 * a node receives about MOSIX_GOSSIP_PEERS messages of up to
 * 1 + MOSIX_GOSSIP_ENTRIES_MAX entries, so in a large cluster news of a
 * given node comes less often than every interval: allow six times the
 * time all the entries a node receives take to name every node once.
 */
u32 mosix_node_dead_ms(void)
{
	u32 per_interval = MOSIX_GOSSIP_PEERS * (1 + MOSIX_GOSSIP_ENTRIES_MAX);
	u32 intervals = DIV_ROUND_UP(READ_ONCE(nodes_count), per_interval);

	return max_t(u32, READ_ONCE(param_dead_ms),
		     6 * intervals * MOSIX_INFO_INTERVAL_MS);
}

/*
 * Copy up to max nodes, with what is known of them, for the sender,
 * which may sleep.
 */
unsigned int mosix_node_snapshot(struct mosix_node_view *views,
				 unsigned int max)
{
	struct mosix_node *node;
	unsigned int n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(node, &nodes_list, list) {
		if (n == max)
			break;
		fill_view(node, &views[n++]);
	}
	rcu_read_unlock();
	return n;
}

/*
 * Take @info for @node; the CPU and vDSO come in a node's own messages
 * only (gossip has them 0): what we know of them stays until then.
 */
static void keep_cpu(struct mosix_node *node, const struct mosix_load_info *info)
{
	u64 features = node->info.cpu_features;
	u32 vdso = node->info.vdso;

	node->info = *info;
	if (!info->vdso) {
		node->info.cpu_features = features;
		node->info.vdso = vdso;
	}
}

/*
 * Load information arrived from saddr.  It is taken only from the
 * address the sender is configured with, and only if it is newer than
 * what we have: a new epoch means the sender restarted.
 */
enum mosix_node_verdict mosix_node_heard(const struct mosix_load_info *info,
					 __be32 saddr)
{
	enum mosix_node_verdict verdict = MOSIX_NODE_ACCEPTED;
	struct mosix_node *node;

	spin_lock(&nodes_lock);
	node = find_by_id(info->sender);
	if (!node || node->addr != saddr) {
		verdict = MOSIX_NODE_UNKNOWN_PEER;
	} else if (node->heard && node->info.epoch == info->epoch &&
		   info->seq <= node->info.seq) {
		verdict = MOSIX_NODE_STALE;
	} else {
		keep_cpu(node, info);
		node->heard = true;
		node->heard_at = jiffies;
	}
	spin_unlock(&nodes_lock);
	return verdict;
}

/*
 * Whether gossip about a node, heard at @heard_at, is newer than what we
 * have: a later sequence number of the same epoch, or, across a restart
 * of that node, information heard later.
 */
static bool gossip_newer(const struct mosix_node *node,
			 const struct mosix_load_info *info,
			 unsigned long heard_at)
{
	if (!node->heard)
		return true;
	if (node->info.epoch == info->epoch)
		return info->seq > node->info.seq;
	return time_after(heard_at, node->heard_at);
}

/*
 * A peer we heard from directly passed on what it knows of another
 * node, @age_ms old.  It is taken only for a node in our table, and
 * only if newer than what we have.  True when it was taken.
 */
bool mosix_node_gossip(const struct mosix_load_info *info, u32 age_ms)
{
	unsigned long heard_at = jiffies - msecs_to_jiffies(age_ms);
	struct mosix_node *node;
	bool taken = false;

	spin_lock(&nodes_lock);
	node = find_by_id(info->sender);
	if (node && gossip_newer(node, info, heard_at)) {
		/* A later sequence number never makes a node look older. */
		if (!node->heard || time_after(heard_at, node->heard_at))
			node->heard_at = heard_at;
		keep_cpu(node, info);
		node->heard = true;
		taken = true;
	}
	spin_unlock(&nodes_lock);
	return taken;
}

/* What the balancer's decision code (decide.c) takes of a node. */
void mosix_node_to_bal(const struct mosix_node_view *v,
		       struct mosix_bal_node *b)
{
	memset(b, 0, sizeof(*b));
	b->id = v->id;
	b->load = v->info.load;
	b->speed = v->info.speed;
	b->cpus = v->info.cpus;
	b->mem_free = v->info.mem_free;
	b->mem_total = v->info.mem_total;
	b->age_ms = v->age_ms;
	b->up = v->state == MOSIX_NODE_UP || v->state == MOSIX_NODE_SELF;
	b->accepts = !(v->info.flags & MOSIX_LOAD_BLOCKED);
	b->cpu_features = v->info.cpu_features;
	b->vdso = v->info.vdso;
}
