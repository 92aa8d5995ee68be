// SPDX-License-Identifier: GPL-2.0
/*
 * The "mosix" generic netlink family: the interface of mosctl and
 * mosmon, specified in include/uapi/linux/mosix.h.  Every command has
 * its own strict policy, so an attribute a command does not take is
 * rejected before the command runs.
 */
#include <linux/in.h>
#include <linux/mosix.h>
#include <linux/sched/task.h>
#include <net/genetlink.h>
#include "auth.h"
#include "balancer.h"
#include "cost.h"
#include "guest.h"
#include "info.h"
#include "migrate.h"
#include "netlink.h"
#include "node.h"
#include "policy.h"
#include "self.h"
#include "stats.h"

static struct genl_family mosix_family;

static struct netlink_range_validation node_id_range = {
	.min = 1,
	.max = MOSIX_NODE_ID_MAX,
};

static struct netlink_range_validation speed_range = {
	.min = 1,
	.max = MOSIX_SPEED_MAX,
};

static struct netlink_range_validation interval_range = {
	.min = MOSIX_BALANCER_INTERVAL_MIN,
	.max = MOSIX_BALANCER_INTERVAL_MAX,
};

static struct netlink_range_validation stability_range = {
	.min = 1000,
	.max = MOSIX_BALANCER_STABILITY_MAX,
};

#define NODE_ID_POLICY NLA_POLICY_FULL_RANGE(NLA_U32, &node_id_range)
#define SPEED_POLICY NLA_POLICY_FULL_RANGE(NLA_U32, &speed_range)

static const struct nla_policy no_attrs_policy[MOSIX_A_MAX + 1] = {};

static const struct nla_policy self_set_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_NODE_ID] = NODE_ID_POLICY,
	[MOSIX_A_NODE_ADDR] = { .type = NLA_BE32 },
	[MOSIX_A_SPEED] = SPEED_POLICY,
};

static const struct nla_policy node_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_NODE_ID] = NODE_ID_POLICY,
	[MOSIX_A_NODE_ADDR] = { .type = NLA_BE32 },
};

static const struct nla_policy node_del_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_NODE_ID] = NODE_ID_POLICY,
};

static const struct nla_policy migrate_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_PID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MOSIX_A_NODE_ID] = NODE_ID_POLICY,
};

static const struct nla_policy policy_set_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_POLICY_SET] = NLA_POLICY_MASK(NLA_U32, MOSIX_POLICY_ALL),
	[MOSIX_A_POLICY_CLEAR] = NLA_POLICY_MASK(NLA_U32, MOSIX_POLICY_ALL),
};

static const struct nla_policy balancer_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_BAL_ENABLED] = NLA_POLICY_MAX(NLA_U8, 1),
	[MOSIX_A_BAL_INTERVAL_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &interval_range),
	[MOSIX_A_BAL_STABILITY] = NLA_POLICY_FULL_RANGE(NLA_U32, &stability_range),
	[MOSIX_A_BAL_DECAY] = NLA_POLICY_MAX(NLA_U32, 999),
	[MOSIX_A_BAL_MEM_LOW] = NLA_POLICY_MAX(NLA_U32, MOSIX_BALANCER_MEM_LOW_MAX),
};

static const struct nla_policy pin_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_PID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MOSIX_A_PINNED] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy key_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_KEY] = NLA_POLICY_RANGE(NLA_BINARY, MOSIX_KEY_MIN, MOSIX_KEY_MAX),
};

static const struct nla_policy proc_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_PID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static int put_node(struct sk_buff *skb, const struct mosix_node_view *v)
{
	if (nla_put_u32(skb, MOSIX_A_NODE_ID, v->id) ||
	    nla_put_be32(skb, MOSIX_A_NODE_ADDR, v->addr) ||
	    nla_put_u8(skb, MOSIX_A_NODE_STATE, v->state))
		return -EMSGSIZE;
	if (!v->heard)
		return 0;
	if (nla_put_u32(skb, MOSIX_A_LOAD, v->info.load) ||
	    nla_put_u32(skb, MOSIX_A_SPEED, v->info.speed) ||
	    nla_put_u32(skb, MOSIX_A_CPUS, v->info.cpus) ||
	    nla_put_u64_64bit(skb, MOSIX_A_MEM_FREE, v->info.mem_free,
			      MOSIX_A_PAD) ||
	    nla_put_u64_64bit(skb, MOSIX_A_MEM_TOTAL, v->info.mem_total,
			      MOSIX_A_PAD) ||
	    nla_put_u32(skb, MOSIX_A_GUESTS, v->info.guests) ||
	    nla_put_u32(skb, MOSIX_A_AWAY, v->info.away))
		return -EMSGSIZE;
	if (v->state != MOSIX_NODE_SELF &&
	    nla_put_u32(skb, MOSIX_A_AGE_MS, v->age_ms))
		return -EMSGSIZE;
	return 0;
}

static int put_stats(struct sk_buff *skb)
{
	u64 stats[MOSIX_STAT_MAX + 1];
	struct nlattr *nest;
	int i;

	mosix_stats_read(stats);
	nest = nla_nest_start(skb, MOSIX_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = MOSIX_STAT_UNSPEC + 1; i <= MOSIX_STAT_MAX; i++) {
		if (i == MOSIX_STAT_PAD)
			continue;
		if (nla_put_u64_64bit(skb, i, stats[i], MOSIX_STAT_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Build and send a one-message reply filled by fill(). */
static int reply(struct genl_info *info,
		 int (*fill)(struct sk_buff *skb, const void *arg),
		 const void *arg)
{
	struct sk_buff *skb;
	void *hdr;
	int ret;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put_reply(skb, info, &mosix_family, 0, info->genlhdr->cmd);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err;
	}
	ret = fill(skb, arg);
	if (ret)
		goto err;
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
err:
	nlmsg_free(skb);
	return ret;
}

static int fill_status(struct sk_buff *skb, const void *arg)
{
	struct mosix_balancer_tunables t;
	struct mosix_node_view self;
	u32 measured, calls;
	int ret;

	mosix_info_self_view(&self);
	ret = put_node(skb, &self);
	if (ret)
		return ret;
	mosix_policy_balancer(&t);
	if (nla_put_u32(skb, MOSIX_A_NODE_COUNT, mosix_node_count()) ||
	    nla_put_u32(skb, MOSIX_A_POLICY, mosix_policy()) ||
	    nla_put_u8(skb, MOSIX_A_BAL_ENABLED, t.enabled) ||
	    nla_put_u32(skb, MOSIX_A_BAL_INTERVAL_MS, t.interval_ms) ||
	    nla_put_u32(skb, MOSIX_A_BAL_STABILITY, t.stability) ||
	    nla_put_u32(skb, MOSIX_A_BAL_DECAY, mosix_self_decay()) ||
	    nla_put_u32(skb, MOSIX_A_BAL_MEM_LOW, t.mem_low) ||
	    nla_put_u64_64bit(skb, MOSIX_A_BAL_BANDWIDTH,
			      mosix_cost_bandwidth(&measured),
			      MOSIX_A_PAD) ||
	    nla_put_u32(skb, MOSIX_A_BAL_BW_MEASURED, measured) ||
	    nla_put_u32(skb, MOSIX_A_BAL_CALL_US,
			mosix_cost_call_us(&calls)) ||
	    nla_put_u32(skb, MOSIX_A_BAL_CALL_MEASURED, calls) ||
	    nla_put_u8(skb, MOSIX_A_AUTH, mosix_auth_on()))
		return -EMSGSIZE;
	return put_stats(skb);
}

static int status_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return reply(info, fill_status, NULL);
}

static int self_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	u32 id, speed;
	__be32 addr;

	if (!attrs[MOSIX_A_NODE_ID] && !attrs[MOSIX_A_NODE_ADDR] &&
	    !attrs[MOSIX_A_SPEED]) {
		GENL_SET_ERR_MSG(info, "nothing to set: give an id, address or speed");
		return -EINVAL;
	}
	if (attrs[MOSIX_A_NODE_ID]) {
		id = nla_get_u32(attrs[MOSIX_A_NODE_ID]);
		if (mosix_node_id_known(id)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[MOSIX_A_NODE_ID],
					    "another node has this id");
			return -EEXIST;
		}
	}
	if (attrs[MOSIX_A_NODE_ADDR]) {
		addr = nla_get_be32(attrs[MOSIX_A_NODE_ADDR]);
		if (mosix_node_addr_known(addr)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[MOSIX_A_NODE_ADDR],
					    "another node has this address");
			return -EEXIST;
		}
	}
	if (attrs[MOSIX_A_SPEED])
		speed = nla_get_u32(attrs[MOSIX_A_SPEED]);

	return mosix_self_set(attrs[MOSIX_A_NODE_ID] ? &id : NULL,
			      attrs[MOSIX_A_NODE_ADDR] ? &addr : NULL,
			      attrs[MOSIX_A_SPEED] ? &speed : NULL);
}

static int node_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mosix_node_view self;
	__be32 addr;
	u32 id;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MOSIX_A_NODE_ID) ||
	    GENL_REQ_ATTR_CHECK(info, MOSIX_A_NODE_ADDR))
		return -EINVAL;
	id = nla_get_u32(info->attrs[MOSIX_A_NODE_ID]);
	addr = nla_get_be32(info->attrs[MOSIX_A_NODE_ADDR]);

	mosix_info_self_view(&self);
	if (id == self.id || addr == self.addr) {
		GENL_SET_ERR_MSG(info, "this is the id or address of this node");
		return -EINVAL;
	}
	if (!addr || ipv4_is_multicast(addr) || ipv4_is_lbcast(addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MOSIX_A_NODE_ADDR],
				    "not a unicast address");
		return -EINVAL;
	}
	ret = mosix_node_add(id, addr);
	if (ret == -EEXIST)
		GENL_SET_ERR_MSG(info, "a node with this id or address exists");
	else if (ret == -ENOSPC)
		GENL_SET_ERR_MSG(info, "the node table is full");
	return ret;
}

static int node_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MOSIX_A_NODE_ID))
		return -EINVAL;
	ret = mosix_node_del(nla_get_u32(info->attrs[MOSIX_A_NODE_ID]));
	if (ret == -ENOENT)
		GENL_SET_ERR_MSG(info, "no such node");
	return ret;
}

static int fill_node(struct sk_buff *skb, const void *arg)
{
	return put_node(skb, arg);
}

static int node_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *id_attr = info->attrs[MOSIX_A_NODE_ID];
	struct nlattr *addr_attr = info->attrs[MOSIX_A_NODE_ADDR];
	struct mosix_node_view view;
	int ret;

	if (!id_attr == !addr_attr) {
		GENL_SET_ERR_MSG(info, "give exactly one of node id and address");
		return -EINVAL;
	}
	mosix_info_self_view(&view);
	if (id_attr && nla_get_u32(id_attr) == view.id)
		ret = 0;
	else if (addr_attr && nla_get_be32(addr_attr) == view.addr)
		ret = 0;
	else if (id_attr)
		ret = mosix_node_view_by_id(nla_get_u32(id_attr), &view);
	else
		ret = mosix_node_view_by_addr(nla_get_be32(addr_attr), &view);
	if (ret) {
		GENL_SET_ERR_MSG(info, "no such node");
		return ret;
	}
	return reply(info, fill_node, &view);
}

static struct task_struct *find_process(struct genl_info *info)
{
	struct task_struct *task;

	rcu_read_lock();
	task = find_task_by_vpid(nla_get_u32(info->attrs[MOSIX_A_PID]));
	if (task && task->flags & PF_KTHREAD)
		task = NULL;
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	if (!task)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MOSIX_A_PID],
				    "no such process");
	return task;
}

static int migrate_doit(struct sk_buff *skb, struct genl_info *info)
{
	const char *reason = NULL;
	struct task_struct *task;
	u32 node = 0;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MOSIX_A_PID))
		return -EINVAL;
	if (info->attrs[MOSIX_A_NODE_ID])
		node = nla_get_u32(info->attrs[MOSIX_A_NODE_ID]);
	if (node == mosix_self_id())
		node = 0;
	if (node && !mosix_node_id_known(node)) {
		GENL_SET_ERR_MSG(info, "no such node");
		return -ENOENT;
	}
	task = find_process(info);
	if (!task)
		return -ESRCH;
	if (!uid_eq(task_uid(task), current_uid()) && !capable(CAP_SYS_ADMIN)) {
		GENL_SET_ERR_MSG(info, "the process belongs to another user");
		ret = -EPERM;
	} else if (node && (mosix_policy() & MOSIX_POLICY_STAY) &&
		   !capable(CAP_SYS_ADMIN)) {
		GENL_SET_ERR_MSG(info, "policy stay: only root may move this node's processes");
		ret = -EPERM;
	} else {
		ret = mosix_migrate(task, node, &reason);
		/* Reasons are string constants, as extack requires. */
		if (ret && reason && info->extack)
			info->extack->_msg = reason;
	}
	put_task_struct(task);
	return ret;
}

static int policy_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *set = info->attrs[MOSIX_A_POLICY_SET];
	struct nlattr *clear = info->attrs[MOSIX_A_POLICY_CLEAR];

	if (!set && !clear) {
		GENL_SET_ERR_MSG(info, "nothing to change");
		return -EINVAL;
	}
	mosix_policy_change(set ? nla_get_u32(set) : 0,
			    clear ? nla_get_u32(clear) : 0);
	return 0;
}

static int expel_doit(struct sk_buff *skb, struct genl_info *info)
{
	mosix_migrate_expel();
	return 0;
}

static int key_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *key = info->attrs[MOSIX_A_KEY];

	if (GENL_REQ_ATTR_CHECK(info, MOSIX_A_KEY))
		return -EINVAL;
	return mosix_auth_set_key(nla_data(key), nla_len(key));
}

static int key_clear_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mosix_auth_set_key(NULL, 0);
}

static int bring_doit(struct sk_buff *skb, struct genl_info *info)
{
	mosix_migrate_bring();
	return 0;
}

static int balancer_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	u32 interval, stability, mem_low;
	bool enabled;

	if (!attrs[MOSIX_A_BAL_ENABLED] && !attrs[MOSIX_A_BAL_INTERVAL_MS] &&
	    !attrs[MOSIX_A_BAL_STABILITY] && !attrs[MOSIX_A_BAL_DECAY] &&
	    !attrs[MOSIX_A_BAL_MEM_LOW]) {
		GENL_SET_ERR_MSG(info, "nothing to change");
		return -EINVAL;
	}
	if (attrs[MOSIX_A_BAL_ENABLED])
		enabled = nla_get_u8(attrs[MOSIX_A_BAL_ENABLED]);
	if (attrs[MOSIX_A_BAL_INTERVAL_MS])
		interval = nla_get_u32(attrs[MOSIX_A_BAL_INTERVAL_MS]);
	if (attrs[MOSIX_A_BAL_STABILITY])
		stability = nla_get_u32(attrs[MOSIX_A_BAL_STABILITY]);
	if (attrs[MOSIX_A_BAL_MEM_LOW])
		mem_low = nla_get_u32(attrs[MOSIX_A_BAL_MEM_LOW]);
	if (attrs[MOSIX_A_BAL_DECAY])
		mosix_self_set_decay(nla_get_u32(attrs[MOSIX_A_BAL_DECAY]));
	mosix_policy_set_balancer(attrs[MOSIX_A_BAL_ENABLED] ? &enabled : NULL,
				  attrs[MOSIX_A_BAL_INTERVAL_MS] ? &interval : NULL,
				  attrs[MOSIX_A_BAL_STABILITY] ? &stability : NULL,
				  attrs[MOSIX_A_BAL_MEM_LOW] ? &mem_low : NULL);
	mosix_balancer_tuned();
	return 0;
}

static int pin_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct task_struct *task;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MOSIX_A_PID) ||
	    GENL_REQ_ATTR_CHECK(info, MOSIX_A_PINNED))
		return -EINVAL;
	task = find_process(info);
	if (!task)
		return -ESRCH;
	if (!uid_eq(task_uid(task), current_uid()) && !capable(CAP_SYS_ADMIN)) {
		GENL_SET_ERR_MSG(info, "the process belongs to another user");
		ret = -EPERM;
	} else {
		ret = mosix_migrate_pin(task,
					nla_get_u8(info->attrs[MOSIX_A_PINNED]));
	}
	put_task_struct(task);
	return ret;
}

static int fill_proc(struct sk_buff *skb, const void *arg)
{
	const struct task_struct *task = arg;
	struct mosix_proc_info p;

	mosix_migrate_info((struct task_struct *)task, &p);
	if (nla_put_u32(skb, MOSIX_A_PID, task_tgid_vnr((struct task_struct *)task)) ||
	    nla_put_u8(skb, MOSIX_A_PROC_STATE, p.state) ||
	    nla_put_u32(skb, MOSIX_A_NODE_ID, p.node) ||
	    nla_put_u32(skb, MOSIX_A_MIGRATIONS, p.migrations) ||
	    nla_put_u8(skb, MOSIX_A_PINNED, p.pinned) ||
	    (p.reason && nla_put_string(skb, MOSIX_A_REASON, p.reason)) ||
	    (p.home_pid && nla_put_u32(skb, MOSIX_A_HOME_PID, p.home_pid)))
		return -EMSGSIZE;
	return 0;
}

static int proc_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct task_struct *task;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MOSIX_A_PID))
		return -EINVAL;
	task = find_process(info);
	if (!task)
		return -ESRCH;
	ret = reply(info, fill_proc, task);
	put_task_struct(task);
	return ret;
}

static int guest_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mosix_guest_view view;
	unsigned long index;
	void *hdr;

	for (index = cb->args[0]; !mosix_guest_view_at(index, &view); index++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mosix_family,
				  NLM_F_MULTI, MOSIX_CMD_GUEST_GET);
		if (!hdr)
			break;
		if (nla_put_u32(skb, MOSIX_A_PID, view.pid) ||
		    nla_put_u32(skb, MOSIX_A_NODE_ID, view.home_node) ||
		    nla_put_u32(skb, MOSIX_A_HOME_PID, view.home_pid) ||
		    nla_put_u64_64bit(skb, MOSIX_A_RSS, view.rss, MOSIX_A_PAD)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = index;
	return skb->len;
}

/* Dump: this node first (index 0), then the peers in table order. */
static int node_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mosix_node_view view;
	unsigned long index;
	void *hdr;

	for (index = cb->args[0];; index++) {
		if (index == 0)
			mosix_info_self_view(&view);
		else if (mosix_node_view_at(index - 1, &view))
			break;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mosix_family,
				  NLM_F_MULTI, MOSIX_CMD_NODE_GET);
		if (!hdr)
			break;
		if (put_node(skb, &view)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = index;
	return skb->len;
}

static const struct genl_ops mosix_ops[] = {
	{
		.cmd = MOSIX_CMD_STATUS_GET,
		.doit = status_get_doit,
		.policy = no_attrs_policy,
		.maxattr = MOSIX_A_MAX,
	},
	{
		.cmd = MOSIX_CMD_SELF_SET,
		.doit = self_set_doit,
		.policy = self_set_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_NODE_ADD,
		.doit = node_add_doit,
		.policy = node_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_NODE_DEL,
		.doit = node_del_doit,
		.policy = node_del_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_NODE_GET,
		.doit = node_get_doit,
		.dumpit = node_get_dumpit,
		.policy = node_policy,
		.maxattr = MOSIX_A_MAX,
	},
	{
		.cmd = MOSIX_CMD_MIGRATE,
		.doit = migrate_doit,
		.policy = migrate_policy,
		.maxattr = MOSIX_A_MAX,
	},
	{
		.cmd = MOSIX_CMD_GUEST_GET,
		.dumpit = guest_get_dumpit,
		.policy = no_attrs_policy,
		.maxattr = MOSIX_A_MAX,
	},
	{
		.cmd = MOSIX_CMD_POLICY_SET,
		.doit = policy_set_doit,
		.policy = policy_set_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_EXPEL,
		.doit = expel_doit,
		.policy = no_attrs_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_BRING,
		.doit = bring_doit,
		.policy = no_attrs_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_BALANCER_SET,
		.doit = balancer_set_doit,
		.policy = balancer_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_KEY_SET,
		.doit = key_set_doit,
		.policy = key_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_KEY_CLEAR,
		.doit = key_clear_doit,
		.policy = no_attrs_policy,
		.maxattr = MOSIX_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_PIN,
		.doit = pin_doit,
		.policy = pin_policy,
		.maxattr = MOSIX_A_MAX,
	},
	{
		.cmd = MOSIX_CMD_PROC_GET,
		.doit = proc_get_doit,
		.policy = proc_policy,
		.maxattr = MOSIX_A_MAX,
	},
};

static struct genl_family mosix_family __ro_after_init = {
	.name = MOSIX_GENL_NAME,
	.version = MOSIX_GENL_VERSION,
	.maxattr = MOSIX_A_MAX,
	.resv_start_op = MOSIX_CMD_MAX + 1,
	/* A migration takes seconds: do not hold the genetlink lock. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = mosix_ops,
	.n_ops = ARRAY_SIZE(mosix_ops),
};

int mosix_netlink_init(void)
{
	return genl_register_family(&mosix_family);
}
