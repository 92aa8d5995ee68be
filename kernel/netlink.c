// SPDX-License-Identifier: GPL-2.0
/*
 * The "mosix" generic netlink family: the interface of mosctl and
 * mosmon, specified in include/uapi/linux/mosix.h.  Every command has
 * its own strict policy, down into the nests, so an attribute a command
 * does not take is rejected before the command runs.  The family's
 * "events" group is fed by event.c, which gets the family at init.
 */
#include <linux/in.h>
#include <linux/mosix.h>
#include <linux/ptrace.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/threads.h>
#include <net/genetlink.h>
#include "auth.h"
#include "balancer.h"
#include "confine.h"
#include "cost.h"
#include "cpuclass.h"
#include "event.h"
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

static struct netlink_range_validation pid_range = {
	.min = 1,
	.max = PID_MAX_LIMIT,
};

static struct netlink_range_validation interval_range = {
	.min = MOSIX_BALANCER_INTERVAL_MIN,
	.max = MOSIX_BALANCER_INTERVAL_MAX,
};

static struct netlink_range_validation stability_range = {
	.min = MOSIX_BALANCER_STABILITY_MIN,
	.max = MOSIX_BALANCER_STABILITY_MAX,
};

#define NODE_ID_POLICY NLA_POLICY_FULL_RANGE(NLA_U32, &node_id_range)
#define PID_POLICY NLA_POLICY_FULL_RANGE(NLA_U32, &pid_range)

/* This node's identity (SELF_SET). */
static const struct nla_policy node_self_policy[MOSIX_NODE_A_MAX + 1] = {
	[MOSIX_NODE_A_ID] = NODE_ID_POLICY,
	[MOSIX_NODE_A_ADDR] = { .type = NLA_BE32 },
	[MOSIX_NODE_A_SPEED] = NLA_POLICY_FULL_RANGE(NLA_U32, &speed_range),
};

/* A peer, by id and address (NODE_ADD) or by one of them (NODE_GET). */
static const struct nla_policy node_key_policy[MOSIX_NODE_A_MAX + 1] = {
	[MOSIX_NODE_A_ID] = NODE_ID_POLICY,
	[MOSIX_NODE_A_ADDR] = { .type = NLA_BE32 },
};

static const struct nla_policy node_id_policy[MOSIX_NODE_A_MAX + 1] = {
	[MOSIX_NODE_A_ID] = NODE_ID_POLICY,
};

static const struct nla_policy proc_pid_policy[MOSIX_PROC_A_MAX + 1] = {
	[MOSIX_PROC_A_PID] = PID_POLICY,
};

static const struct nla_policy proc_pin_policy[MOSIX_PROC_A_MAX + 1] = {
	[MOSIX_PROC_A_PID] = PID_POLICY,
	[MOSIX_PROC_A_PINNED] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* The tunables; the measured figures are read only. */
static const struct nla_policy balancer_set_policy[MOSIX_BALANCER_A_MAX + 1] = {
	[MOSIX_BALANCER_A_ENABLED] = NLA_POLICY_MAX(NLA_U8, 1),
	[MOSIX_BALANCER_A_INTERVAL_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &interval_range),
	[MOSIX_BALANCER_A_STABILITY] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &stability_range),
	[MOSIX_BALANCER_A_DECAY] = NLA_POLICY_MAX(NLA_U32, MOSIX_BALANCER_DECAY_MAX),
	[MOSIX_BALANCER_A_MEM_LOW] =
		NLA_POLICY_MAX(NLA_U32, MOSIX_BALANCER_MEM_LOW_MAX),
	[MOSIX_BALANCER_A_SERVICES] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy self_set_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_NODE] = NLA_POLICY_NESTED(node_self_policy),
};

static const struct nla_policy node_key_nest_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_NODE] = NLA_POLICY_NESTED(node_key_policy),
};

static const struct nla_policy node_del_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_NODE] = NLA_POLICY_NESTED(node_id_policy),
};

static const struct nla_policy migrate_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_PROC] = NLA_POLICY_NESTED(proc_pid_policy),
	[MOSIX_A_TO_NODE] = NODE_ID_POLICY,
};

static const struct nla_policy proc_get_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_PROC] = NLA_POLICY_NESTED(proc_pid_policy),
};

static const struct nla_policy pin_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_PROC] = NLA_POLICY_NESTED(proc_pin_policy),
};

static const struct nla_policy policy_set_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_POLICY_SET] = NLA_POLICY_MASK(NLA_U32, MOSIX_POLICY_ALL),
	[MOSIX_A_POLICY_CLEAR] = NLA_POLICY_MASK(NLA_U32, MOSIX_POLICY_ALL),
};

static const struct nla_policy balancer_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_BALANCER] = NLA_POLICY_NESTED(balancer_set_policy),
};

static const struct nla_policy key_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_KEY] = NLA_POLICY_RANGE(NLA_BINARY, MOSIX_KEY_MIN, MOSIX_KEY_MAX),
	[MOSIX_A_ENCRYPT] = NLA_POLICY_MAX(NLA_U8, 1),
};

static struct netlink_range_validation fd_range = {
	.max = INT_MAX,
};

static const struct nla_policy guests_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_CGROUP_FD] = NLA_POLICY_FULL_RANGE(NLA_U32, &fd_range),
};

/* A node's CPU: its class, its features in words, its vDSO build. */
static int put_node_cpu(struct sk_buff *skb, const struct mosix_load_info *info)
{
	size_t len = mosix_cpu_names_len(info->cpu_features) + 1;
	struct nlattr *names;

	if (nla_put_string(skb, MOSIX_NODE_A_CPU_CLASS,
			   mosix_cpu_level(info->cpu_features)))
		return -EMSGSIZE;
	names = nla_reserve(skb, MOSIX_NODE_A_CPU_FEATURES, len);
	if (!names)
		return -EMSGSIZE;
	mosix_cpu_names(info->cpu_features, nla_data(names), len);
	return nla_put_u32(skb, MOSIX_NODE_A_VDSO, info->vdso);
}

static int put_node(struct sk_buff *skb, const struct mosix_node_view *v)
{
	struct nlattr *nest = nla_nest_start(skb, MOSIX_A_NODE);

	if (!nest || nla_put_u32(skb, MOSIX_NODE_A_ID, v->id) ||
	    nla_put_be32(skb, MOSIX_NODE_A_ADDR, v->addr) ||
	    nla_put_u8(skb, MOSIX_NODE_A_STATE, v->state))
		return -EMSGSIZE;
	if (v->heard &&
	    (nla_put_u32(skb, MOSIX_NODE_A_LOAD, v->info.load) ||
	     nla_put_u32(skb, MOSIX_NODE_A_SPEED, v->info.speed) ||
	     nla_put_u32(skb, MOSIX_NODE_A_CPUS, v->info.cpus) ||
	     nla_put_u64_64bit(skb, MOSIX_NODE_A_MEM_FREE, v->info.mem_free,
			       MOSIX_NODE_A_UNSPEC) ||
	     nla_put_u64_64bit(skb, MOSIX_NODE_A_MEM_TOTAL, v->info.mem_total,
			       MOSIX_NODE_A_UNSPEC) ||
	     nla_put_u32(skb, MOSIX_NODE_A_GUESTS, v->info.guests) ||
	     nla_put_u32(skb, MOSIX_NODE_A_AWAY, v->info.away)))
		return -EMSGSIZE;
	if (v->heard && v->state != MOSIX_NODE_SELF &&
	    nla_put_u32(skb, MOSIX_NODE_A_AGE_MS, v->age_ms))
		return -EMSGSIZE;
	if (v->heard && v->info.vdso && put_node_cpu(skb, &v->info))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_balancer(struct sk_buff *skb)
{
	struct mosix_balancer_tunables t;
	u32 bw_measured, call_measured;
	struct nlattr *nest;
	u64 bandwidth;
	u32 call_us;

	mosix_policy_balancer(&t);
	bandwidth = mosix_cost_bandwidth(&bw_measured);
	call_us = mosix_cost_call_us(&call_measured);
	nest = nla_nest_start(skb, MOSIX_A_BALANCER);
	if (!nest || nla_put_u8(skb, MOSIX_BALANCER_A_ENABLED, t.enabled) ||
	    nla_put_u32(skb, MOSIX_BALANCER_A_INTERVAL_MS, t.interval_ms) ||
	    nla_put_u32(skb, MOSIX_BALANCER_A_STABILITY, t.stability) ||
	    nla_put_u32(skb, MOSIX_BALANCER_A_DECAY, mosix_self_decay()) ||
	    nla_put_u32(skb, MOSIX_BALANCER_A_MEM_LOW, t.mem_low) ||
	    nla_put_u64_64bit(skb, MOSIX_BALANCER_A_BANDWIDTH, bandwidth,
			      MOSIX_BALANCER_A_UNSPEC) ||
	    nla_put_u32(skb, MOSIX_BALANCER_A_BW_MEASURED, bw_measured) ||
	    nla_put_u32(skb, MOSIX_BALANCER_A_CALL_US, call_us) ||
	    nla_put_u32(skb, MOSIX_BALANCER_A_CALL_MEASURED, call_measured) ||
	    nla_put_u8(skb, MOSIX_BALANCER_A_SERVICES, t.services))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
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
	for (i = MOSIX_STAT_UNSPEC + 1; i <= MOSIX_STAT_MAX; i++)
		if (nla_put_u64_64bit(skb, i, stats[i], MOSIX_STAT_UNSPEC))
			return -EMSGSIZE;
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

/* The guests' cgroup, when there is one. */
static int put_cgroup(struct sk_buff *skb)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	int ret = -ENOMEM;

	if (path) {
		ret = mosix_confine_path(path, PATH_MAX) ?
		      nla_put_string(skb, MOSIX_A_CGROUP, path) : 0;
		kfree(path);
	}
	return ret;
}

static int fill_status(struct sk_buff *skb, const void *arg)
{
	struct mosix_node_view self;

	mosix_info_self_view(&self);
	if (put_node(skb, &self) ||
	    nla_put_u32(skb, MOSIX_A_NODE_COUNT, mosix_node_count()) ||
	    nla_put_u32(skb, MOSIX_A_POLICY, mosix_policy()) ||
	    nla_put_u8(skb, MOSIX_A_AUTH, mosix_auth_on()) ||
	    nla_put_u8(skb, MOSIX_A_ENCRYPT,
		       !!(mosix_auth_wants() & MOSIX_AUTH_ENCRYPT)) ||
	    put_balancer(skb) || put_stats(skb) || put_cgroup(skb))
		return -EMSGSIZE;
	return 0;
}

static int status_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return reply(info, fill_status, NULL);
}

/*
 * The attributes of the request's nest @type into @tb (@maxtype of them,
 * checked against @policy, as the core checked them already).
 */
static int parse_nest(struct genl_info *info, int type, struct nlattr **tb,
		      int maxtype, const struct nla_policy *policy)
{
	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	return nla_parse_nested(tb, maxtype, info->attrs[type], policy,
				info->extack);
}

/* The nest of parse_nest(), whose policy takes changes only: at least one. */
static int parse_changes(struct genl_info *info, int type, struct nlattr **tb,
			 int maxtype, const struct nla_policy *policy)
{
	int ret, i;

	ret = parse_nest(info, type, tb, maxtype, policy);
	if (ret)
		return ret;
	for (i = 1; i <= maxtype; i++)
		if (tb[i])
			return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type], "nothing to change");
	return -EINVAL;
}

/* Is attribute @type of nest @tb, a required one, there? */
static bool nest_has(struct genl_info *info, int nest, struct nlattr **tb,
		     int type)
{
	return !NL_REQ_ATTR_CHECK(info->extack, info->attrs[nest], tb, type);
}

static int self_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MOSIX_NODE_A_MAX + 1];
	u32 id, speed;
	__be32 addr;
	int ret;

	ret = parse_changes(info, MOSIX_A_NODE, tb, MOSIX_NODE_A_MAX,
			    node_self_policy);
	if (ret)
		return ret;
	if (tb[MOSIX_NODE_A_ID]) {
		id = nla_get_u32(tb[MOSIX_NODE_A_ID]);
		if (mosix_node_id_known(id)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[MOSIX_NODE_A_ID],
					    "another node has this id");
			return -EEXIST;
		}
	}
	if (tb[MOSIX_NODE_A_ADDR]) {
		addr = nla_get_be32(tb[MOSIX_NODE_A_ADDR]);
		if (mosix_node_addr_known(addr)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[MOSIX_NODE_A_ADDR],
					    "another node has this address");
			return -EEXIST;
		}
	}
	if (tb[MOSIX_NODE_A_SPEED])
		speed = nla_get_u32(tb[MOSIX_NODE_A_SPEED]);

	return mosix_self_set(tb[MOSIX_NODE_A_ID] ? &id : NULL,
			      tb[MOSIX_NODE_A_ADDR] ? &addr : NULL,
			      tb[MOSIX_NODE_A_SPEED] ? &speed : NULL);
}

static int node_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MOSIX_NODE_A_MAX + 1];
	struct mosix_node_view self;
	__be32 addr;
	u32 id;
	int ret;

	ret = parse_nest(info, MOSIX_A_NODE, tb, MOSIX_NODE_A_MAX,
			 node_key_policy);
	if (ret)
		return ret;
	if (!nest_has(info, MOSIX_A_NODE, tb, MOSIX_NODE_A_ID) ||
	    !nest_has(info, MOSIX_A_NODE, tb, MOSIX_NODE_A_ADDR))
		return -EINVAL;
	id = nla_get_u32(tb[MOSIX_NODE_A_ID]);
	addr = nla_get_be32(tb[MOSIX_NODE_A_ADDR]);

	mosix_info_self_view(&self);
	if (id == self.id || addr == self.addr) {
		GENL_SET_ERR_MSG(info, "this is the id or address of this node");
		return -EINVAL;
	}
	if (!addr || ipv4_is_multicast(addr) || ipv4_is_lbcast(addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MOSIX_NODE_A_ADDR],
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
	struct nlattr *tb[MOSIX_NODE_A_MAX + 1];
	int ret;

	ret = parse_nest(info, MOSIX_A_NODE, tb, MOSIX_NODE_A_MAX,
			 node_id_policy);
	if (ret)
		return ret;
	if (!nest_has(info, MOSIX_A_NODE, tb, MOSIX_NODE_A_ID))
		return -EINVAL;
	ret = mosix_node_del(nla_get_u32(tb[MOSIX_NODE_A_ID]));
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MOSIX_NODE_A_ID],
				    "no such node");
	return ret;
}

static int fill_node(struct sk_buff *skb, const void *arg)
{
	return put_node(skb, arg);
}

static int node_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MOSIX_NODE_A_MAX + 1];
	struct nlattr *id_attr, *addr_attr;
	struct mosix_node_view view;
	int ret;

	ret = parse_nest(info, MOSIX_A_NODE, tb, MOSIX_NODE_A_MAX,
			 node_key_policy);
	if (ret)
		return ret;
	id_attr = tb[MOSIX_NODE_A_ID];
	addr_attr = tb[MOSIX_NODE_A_ADDR];
	if (!id_attr == !addr_attr) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MOSIX_A_NODE],
				    "give exactly one of node id and address");
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
		NL_SET_ERR_MSG_ATTR(info->extack, id_attr ?: addr_attr,
				    "no such node");
		return ret;
	}
	return reply(info, fill_node, &view);
}

/* The request's MOSIX_A_PROC into @tb (checked against @policy), with a pid. */
static int parse_proc(struct genl_info *info, const struct nla_policy *policy,
		      struct nlattr **tb)
{
	int ret;

	ret = parse_nest(info, MOSIX_A_PROC, tb, MOSIX_PROC_A_MAX, policy);
	if (ret)
		return ret;
	return nest_has(info, MOSIX_A_PROC, tb, MOSIX_PROC_A_PID) ? 0 : -EINVAL;
}

/* The process of @tb's pid, with a reference, or NULL. */
static struct task_struct *find_process(struct genl_info *info,
					struct nlattr **tb)
{
	struct task_struct *task;

	rcu_read_lock();
	task = find_task_by_vpid(nla_get_u32(tb[MOSIX_PROC_A_PID]));
	if (task && task->flags & PF_KTHREAD)
		task = NULL;
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	if (!task)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MOSIX_PROC_A_PID],
				    "no such process");
	return task;
}

/*
 * May the caller move or pin @task?  Whoever may attach a debugger to it
 * (moving a process hands its memory and registers to another kernel):
 * its owner, if the process is dumpable and the LSMs (Yama's
 * ptrace_scope, AppArmor) agree, or root.
 */
static bool may_handle(struct genl_info *info, struct task_struct *task)
{
	if (ptrace_may_access(task, PTRACE_MODE_ATTACH_REALCREDS))
		return true;
	if (!uid_eq(task_uid(task), current_uid()))
		GENL_SET_ERR_MSG(info, "the process belongs to another user");
	else
		GENL_SET_ERR_MSG(info, "you may not trace the process (the ptrace rules)");
	return false;
}

/*
 * Why a migration failed, as the extack message: one of the string
 * constants of the code that refused it (migrate.c, deputy.c, state.c),
 * chosen at run time.  NL_SET_ERR_MSG() takes a literal only, and 6.1
 * has no formatted message (NL_SET_ERR_MSG_FMT() came in 6.2): this does
 * what NL_SET_ERR_MSG() does, for a constant it cannot name.
 */
static void set_reason(struct netlink_ext_ack *extack, const char *reason)
{
	do_trace_netlink_extack(reason);
	if (extack)
		extack->_msg = reason;
}

static int migrate_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MOSIX_PROC_A_MAX + 1];
	const char *reason = NULL;
	struct task_struct *task;
	u32 node = 0;
	int ret;

	ret = parse_proc(info, proc_pid_policy, tb);
	if (ret)
		return ret;
	if (info->attrs[MOSIX_A_TO_NODE])
		node = nla_get_u32(info->attrs[MOSIX_A_TO_NODE]);
	if (node == mosix_self_id())
		node = 0;
	if (node && !mosix_node_id_known(node)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MOSIX_A_TO_NODE],
				    "no such node");
		return -ENOENT;
	}
	task = find_process(info, tb);
	if (!task)
		return -ESRCH;
	if (!may_handle(info, task)) {
		ret = -EPERM;
	} else if (node && (mosix_policy() & MOSIX_POLICY_STAY) &&
		   !capable(CAP_SYS_ADMIN)) {
		GENL_SET_ERR_MSG(info, "policy stay: only root may move this node's processes");
		ret = -EPERM;
	} else {
		ret = mosix_migrate(task, node, &reason);
		if (ret && reason)
			set_reason(info->extack, reason);
	}
	put_task_struct(task);
	return ret;
}

static int policy_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *set_attr = info->attrs[MOSIX_A_POLICY_SET];
	struct nlattr *clear_attr = info->attrs[MOSIX_A_POLICY_CLEAR];
	struct mosix_node_view self;
	u32 set, clear, old, new;

	if (!set_attr && !clear_attr) {
		GENL_SET_ERR_MSG(info, "nothing to change");
		return -EINVAL;
	}
	set = set_attr ? nla_get_u32(set_attr) : 0;
	clear = clear_attr ? nla_get_u32(clear_attr) : 0;
	old = mosix_policy_change(set, clear);
	new = (old | set) & ~clear;
	/* Leaving the cluster and joining it again are events. */
	if ((old ^ new) & MOSIX_POLICY_LEFT) {
		mosix_info_self_view(&self);
		mosix_event_node(new & MOSIX_POLICY_LEFT ?
				 MOSIX_EVENT_NODE_LEFT : MOSIX_EVENT_NODE_JOINED,
				 self.id, self.addr, MOSIX_NODE_SELF, GFP_KERNEL);
	}
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
	const struct nlattr *encrypt = info->attrs[MOSIX_A_ENCRYPT];

	if (GENL_REQ_ATTR_CHECK(info, MOSIX_A_KEY))
		return -EINVAL;
	return mosix_auth_set_key(nla_data(key), nla_len(key),
				  encrypt && nla_get_u8(encrypt));
}

static int key_clear_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mosix_auth_set_key(NULL, 0, false);
}

static int guests_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *fd = info->attrs[MOSIX_A_CGROUP_FD];
	int ret;

	if (!fd) {
		mosix_confine_clear();
		return 0;
	}
	ret = mosix_confine_set(nla_get_u32(fd));
	if (ret == -EBADF)
		NL_SET_ERR_MSG_ATTR(info->extack, fd, "not an open file descriptor");
	else if (ret == -ENOTDIR)
		NL_SET_ERR_MSG_ATTR(info->extack, fd,
				    "not a directory of the cgroup v2 file system");
	else if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, fd,
				    "cannot open the cgroup's cgroup.procs for writing");
	return ret;
}

static int bring_doit(struct sk_buff *skb, struct genl_info *info)
{
	mosix_migrate_bring();
	return 0;
}

static int balancer_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MOSIX_BALANCER_A_MAX + 1];
	u32 interval, stability, mem_low;
	bool enabled, services;
	int ret;

	ret = parse_changes(info, MOSIX_A_BALANCER, tb, MOSIX_BALANCER_A_MAX,
			    balancer_set_policy);
	if (ret)
		return ret;
	if (tb[MOSIX_BALANCER_A_ENABLED])
		enabled = nla_get_u8(tb[MOSIX_BALANCER_A_ENABLED]);
	if (tb[MOSIX_BALANCER_A_INTERVAL_MS])
		interval = nla_get_u32(tb[MOSIX_BALANCER_A_INTERVAL_MS]);
	if (tb[MOSIX_BALANCER_A_STABILITY])
		stability = nla_get_u32(tb[MOSIX_BALANCER_A_STABILITY]);
	if (tb[MOSIX_BALANCER_A_MEM_LOW])
		mem_low = nla_get_u32(tb[MOSIX_BALANCER_A_MEM_LOW]);
	if (tb[MOSIX_BALANCER_A_SERVICES])
		services = nla_get_u8(tb[MOSIX_BALANCER_A_SERVICES]);
	if (tb[MOSIX_BALANCER_A_DECAY])
		mosix_self_set_decay(nla_get_u32(tb[MOSIX_BALANCER_A_DECAY]));
	mosix_policy_set_balancer(tb[MOSIX_BALANCER_A_ENABLED] ? &enabled : NULL,
				  tb[MOSIX_BALANCER_A_INTERVAL_MS] ? &interval : NULL,
				  tb[MOSIX_BALANCER_A_STABILITY] ? &stability : NULL,
				  tb[MOSIX_BALANCER_A_MEM_LOW] ? &mem_low : NULL,
				  tb[MOSIX_BALANCER_A_SERVICES] ? &services : NULL);
	mosix_balancer_tuned();
	return 0;
}

static int pin_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MOSIX_PROC_A_MAX + 1];
	struct task_struct *task;
	int ret;

	ret = parse_proc(info, proc_pin_policy, tb);
	if (ret)
		return ret;
	if (!nest_has(info, MOSIX_A_PROC, tb, MOSIX_PROC_A_PINNED))
		return -EINVAL;
	task = find_process(info, tb);
	if (!task)
		return -ESRCH;
	if (may_handle(info, task))
		ret = mosix_migrate_pin(task,
					nla_get_u8(tb[MOSIX_PROC_A_PINNED]));
	else
		ret = -EPERM;
	put_task_struct(task);
	return ret;
}

static int fill_proc(struct sk_buff *skb, const void *arg)
{
	struct task_struct *task = (struct task_struct *)arg;
	struct mosix_proc_info p;
	struct nlattr *nest;

	mosix_migrate_info(task, &p);
	nest = nla_nest_start(skb, MOSIX_A_PROC);
	if (!nest ||
	    nla_put_u32(skb, MOSIX_PROC_A_PID, task_tgid_vnr(task)) ||
	    nla_put_u8(skb, MOSIX_PROC_A_STATE, p.state) ||
	    nla_put_u32(skb, MOSIX_PROC_A_NODE_ID, p.node) ||
	    nla_put_u32(skb, MOSIX_PROC_A_MIGRATIONS, p.migrations) ||
	    nla_put_u8(skb, MOSIX_PROC_A_PINNED, p.pinned) ||
	    (p.reason && nla_put_string(skb, MOSIX_PROC_A_REASON, p.reason)) ||
	    (p.home_pid && nla_put_u32(skb, MOSIX_PROC_A_HOME_PID, p.home_pid)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int proc_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MOSIX_PROC_A_MAX + 1];
	struct task_struct *task;
	int ret;

	ret = parse_proc(info, proc_pid_policy, tb);
	if (ret)
		return ret;
	task = find_process(info, tb);
	if (!task)
		return -ESRCH;
	ret = reply(info, fill_proc, task);
	put_task_struct(task);
	return ret;
}

static int put_guest(struct sk_buff *skb, const struct mosix_guest_view *v)
{
	struct nlattr *nest = nla_nest_start(skb, MOSIX_A_PROC);

	if (!nest || nla_put_u32(skb, MOSIX_PROC_A_PID, v->pid) ||
	    nla_put_u32(skb, MOSIX_PROC_A_NODE_ID, v->home_node) ||
	    nla_put_u32(skb, MOSIX_PROC_A_HOME_PID, v->home_pid) ||
	    nla_put_u64_64bit(skb, MOSIX_PROC_A_RSS, v->rss,
			      MOSIX_PROC_A_UNSPEC))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
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
		if (put_guest(skb, &view)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = index;
	return skb->len;
}

/* The node dump takes no attribute (the policy is that of the doit). */
static int node_get_start(struct netlink_callback *cb)
{
	if (genl_dumpit_info(cb)->attrs[MOSIX_A_NODE]) {
		NL_SET_ERR_MSG(cb->extack, "a dump of the nodes takes no attribute");
		return -EINVAL;
	}
	return 0;
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

/* Commands without a policy take no attribute (see resv_start_op). */
static const struct genl_ops mosix_ops[] = {
	{
		.cmd = MOSIX_CMD_STATUS_GET,
		.doit = status_get_doit,
	},
	{
		.cmd = MOSIX_CMD_SELF_SET,
		.doit = self_set_doit,
		.policy = self_set_policy,
		.maxattr = ARRAY_SIZE(self_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_NODE_ADD,
		.doit = node_add_doit,
		.policy = node_key_nest_policy,
		.maxattr = ARRAY_SIZE(node_key_nest_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_NODE_DEL,
		.doit = node_del_doit,
		.policy = node_del_policy,
		.maxattr = ARRAY_SIZE(node_del_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_NODE_GET,
		.doit = node_get_doit,
		.start = node_get_start,
		.dumpit = node_get_dumpit,
		.policy = node_key_nest_policy,
		.maxattr = ARRAY_SIZE(node_key_nest_policy) - 1,
	},
	{
		.cmd = MOSIX_CMD_MIGRATE,
		.doit = migrate_doit,
		.policy = migrate_policy,
		.maxattr = ARRAY_SIZE(migrate_policy) - 1,
	},
	{
		.cmd = MOSIX_CMD_PROC_GET,
		.doit = proc_get_doit,
		.policy = proc_get_policy,
		.maxattr = ARRAY_SIZE(proc_get_policy) - 1,
	},
	{
		.cmd = MOSIX_CMD_GUEST_GET,
		.dumpit = guest_get_dumpit,
	},
	{
		.cmd = MOSIX_CMD_POLICY_SET,
		.doit = policy_set_doit,
		.policy = policy_set_policy,
		.maxattr = ARRAY_SIZE(policy_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_EXPEL,
		.doit = expel_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_BRING,
		.doit = bring_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_PIN,
		.doit = pin_doit,
		.policy = pin_policy,
		.maxattr = ARRAY_SIZE(pin_policy) - 1,
	},
	{
		.cmd = MOSIX_CMD_BALANCER_SET,
		.doit = balancer_set_doit,
		.policy = balancer_policy,
		.maxattr = ARRAY_SIZE(balancer_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_KEY_SET,
		.doit = key_set_doit,
		.policy = key_policy,
		.maxattr = ARRAY_SIZE(key_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_KEY_CLEAR,
		.doit = key_clear_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MOSIX_CMD_GUESTS_SET,
		.doit = guests_set_doit,
		.policy = guests_policy,
		.maxattr = ARRAY_SIZE(guests_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group mosix_mcgrps[] = {
	[MOSIX_EVENT_MCGRP] = { .name = MOSIX_GENL_MCGRP_EVENTS },
};

static struct genl_family mosix_family __ro_after_init = {
	.name = MOSIX_GENL_NAME,
	.version = MOSIX_GENL_VERSION,
	/* Every command gets the core's strict checks of the header. */
	.resv_start_op = MOSIX_CMD_UNSPEC + 1,
	/* A migration takes seconds: do not hold the genetlink lock. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = mosix_ops,
	.n_ops = ARRAY_SIZE(mosix_ops),
	.mcgrps = mosix_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mosix_mcgrps),
};

int mosix_netlink_init(void)
{
	int ret = genl_register_family(&mosix_family);

	if (!ret)
		mosix_event_init(&mosix_family);
	return ret;
}
