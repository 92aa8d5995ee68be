// SPDX-License-Identifier: GPL-2.0
/*
 * Requests to the kernel's "mosix" generic netlink family, and its
 * events.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "ipc.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

typedef int (*ipc_parse_t)(struct nlattr **tb, void *arg);

/* One request and its replies. */
struct ipc {
	struct nl_sock *sock;
	struct nl_msg *msg;
	int flags;		/* NLM_F_* of the request */
	ipc_parse_t parse;	/* called for every reply */
	void *arg;
	unsigned int replies;
	/*
	 * The first error: building the request (the put_*() helpers do
	 * nothing after it), or set by a handler: stop receiving.
	 */
	int err;
	bool done;		/* the final ack or NLMSG_DONE arrived */
};

/* A socket in the events group, and what its reader hands events to. */
struct ipc_events {
	struct nl_sock *sock;
	struct nl_cb *cb;
	bool nonblock;
	ipc_event_fn fn;
	void *arg;
};

/*
 * What went wrong beyond the errno: the kernel's extended ack message, or
 * libnl's words for a local failure.  mosctl makes one request per run.
 */
static char ipc_detail[256];

static const struct nla_policy attr_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_NODE]		= { .type = NLA_NESTED },
	[MOSIX_A_PROC]		= { .type = NLA_NESTED },
	[MOSIX_A_BALANCER]	= { .type = NLA_NESTED },
	[MOSIX_A_STATS]		= { .type = NLA_NESTED },
	[MOSIX_A_NODE_COUNT]	= { .type = NLA_U32 },
	[MOSIX_A_POLICY]	= { .type = NLA_U32 },
	[MOSIX_A_AUTH]		= { .type = NLA_U8 },
	[MOSIX_A_TO_NODE]	= { .type = NLA_U32 },
	[MOSIX_A_FROM_NODE]	= { .type = NLA_U32 },
	[MOSIX_A_ERROR]		= { .type = NLA_U32 },
	[MOSIX_A_REASON]	= { .type = NLA_STRING },
	[MOSIX_A_CAUSE]		= { .type = NLA_U8 },
	[MOSIX_A_FROM_LOAD]	= { .type = NLA_U32 },
	[MOSIX_A_TO_LOAD]	= { .type = NLA_U32 },
	[MOSIX_A_CGROUP]	= { .type = NLA_STRING },
	[MOSIX_A_ENCRYPT]	= { .type = NLA_U8 },
};

static const struct nla_policy node_policy[MOSIX_NODE_A_MAX + 1] = {
	[MOSIX_NODE_A_ID]	= { .type = NLA_U32 },
	[MOSIX_NODE_A_ADDR]	= { .type = NLA_U32 },
	[MOSIX_NODE_A_STATE]	= { .type = NLA_U8 },
	[MOSIX_NODE_A_LOAD]	= { .type = NLA_U32 },
	[MOSIX_NODE_A_SPEED]	= { .type = NLA_U32 },
	[MOSIX_NODE_A_CPUS]	= { .type = NLA_U32 },
	[MOSIX_NODE_A_MEM_FREE]	= { .type = NLA_U64 },
	[MOSIX_NODE_A_MEM_TOTAL] = { .type = NLA_U64 },
	[MOSIX_NODE_A_GUESTS]	= { .type = NLA_U32 },
	[MOSIX_NODE_A_AWAY]	= { .type = NLA_U32 },
	[MOSIX_NODE_A_AGE_MS]	= { .type = NLA_U32 },
	[MOSIX_NODE_A_CPU_CLASS] = { .type = NLA_STRING },
	[MOSIX_NODE_A_CPU_FEATURES] = { .type = NLA_STRING },
	[MOSIX_NODE_A_VDSO]	= { .type = NLA_U32 },
};

static const struct nla_policy proc_policy[MOSIX_PROC_A_MAX + 1] = {
	[MOSIX_PROC_A_PID]	= { .type = NLA_U32 },
	[MOSIX_PROC_A_STATE]	= { .type = NLA_U8 },
	[MOSIX_PROC_A_NODE_ID]	= { .type = NLA_U32 },
	[MOSIX_PROC_A_HOME_PID]	= { .type = NLA_U32 },
	[MOSIX_PROC_A_MIGRATIONS] = { .type = NLA_U32 },
	[MOSIX_PROC_A_PINNED]	= { .type = NLA_U8 },
	[MOSIX_PROC_A_REASON]	= { .type = NLA_STRING },
	[MOSIX_PROC_A_RSS]	= { .type = NLA_U64 },
};

static const struct nla_policy balancer_policy[MOSIX_BALANCER_A_MAX + 1] = {
	[MOSIX_BALANCER_A_ENABLED]	= { .type = NLA_U8 },
	[MOSIX_BALANCER_A_INTERVAL_MS]	= { .type = NLA_U32 },
	[MOSIX_BALANCER_A_STABILITY]	= { .type = NLA_U32 },
	[MOSIX_BALANCER_A_DECAY]	= { .type = NLA_U32 },
	[MOSIX_BALANCER_A_MEM_LOW]	= { .type = NLA_U32 },
	[MOSIX_BALANCER_A_BANDWIDTH]	= { .type = NLA_U64 },
	[MOSIX_BALANCER_A_BW_MEASURED]	= { .type = NLA_U32 },
	[MOSIX_BALANCER_A_CALL_US]	= { .type = NLA_U32 },
	[MOSIX_BALANCER_A_CALL_MEASURED] = { .type = NLA_U32 },
	[MOSIX_BALANCER_A_SERVICES] = { .type = NLA_U8 },
};

static const struct nla_policy stats_policy[MOSIX_STAT_MAX + 1] = {
	[MOSIX_STAT_INFO_TX]		= { .type = NLA_U64 },
	[MOSIX_STAT_INFO_TX_ERR]	= { .type = NLA_U64 },
	[MOSIX_STAT_INFO_RX]		= { .type = NLA_U64 },
	[MOSIX_STAT_RX_SHORT]		= { .type = NLA_U64 },
	[MOSIX_STAT_RX_BAD_HEADER]	= { .type = NLA_U64 },
	[MOSIX_STAT_RX_BAD_LENGTH]	= { .type = NLA_U64 },
	[MOSIX_STAT_RX_BAD_FIELD]	= { .type = NLA_U64 },
	[MOSIX_STAT_RX_UNKNOWN_PEER]	= { .type = NLA_U64 },
	[MOSIX_STAT_RX_STALE]		= { .type = NLA_U64 },
	[MOSIX_STAT_BALANCER_MOVES]	= { .type = NLA_U64 },
	[MOSIX_STAT_BALANCER_FAILED]	= { .type = NLA_U64 },
	[MOSIX_STAT_RX_BAD_AUTH]	= { .type = NLA_U64 },
	[MOSIX_STAT_CONN_BAD_AUTH]	= { .type = NLA_U64 },
	[MOSIX_STAT_GOSSIP_RX]		= { .type = NLA_U64 },
	[MOSIX_STAT_GOSSIP_OLD]		= { .type = NLA_U64 },
	[MOSIX_STAT_MOVES_ONWARD]	= { .type = NLA_U64 },
	[MOSIX_STAT_ADMIT_REFUSED]	= { .type = NLA_U64 },
};

static int set_detail(int err, const char *detail)
{
	snprintf(ipc_detail, sizeof(ipc_detail), "%s", detail);
	return err;
}

/* A libnl call failed on this side of the socket. */
static int nl_failed(int nlerr)
{
	return set_detail(-IPC_ENETLINK, nl_geterror(nlerr));
}

static int bad_reply(const char *why)
{
	return set_detail(-EBADMSG, why);
}

/* Keep the NLMSGERR_ATTR_MSG of @nlh; its TLVs start @offset into the data. */
static void take_extack(struct nlmsghdr *nlh, size_t offset)
{
	static const struct nla_policy policy[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
	};
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t len = nlmsg_datalen(nlh);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || offset >= len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlmsg_data(nlh) + offset),
		      len - offset, policy) < 0 || !tb[NLMSGERR_ATTR_MSG])
		return;
	set_detail(0, nla_get_string(tb[NLMSGERR_ATTR_MSG]));
}

static void take_u8(struct nlattr **tb, int attr, uint8_t *val,
		    uint64_t *have)
{
	if (!tb[attr])
		return;
	*val = nla_get_u8(tb[attr]);
	*have |= 1ull << attr;
}

static void take_u32(struct nlattr **tb, int attr, uint32_t *val,
		     uint64_t *have)
{
	if (!tb[attr])
		return;
	*val = nla_get_u32(tb[attr]);
	*have |= 1ull << attr;
}

static void take_u64(struct nlattr **tb, int attr, uint64_t *val,
		     uint64_t *have)
{
	if (!tb[attr])
		return;
	*val = nla_get_u64(tb[attr]);
	*have |= 1ull << attr;
}

static void take_string(struct nlattr **tb, int attr, char *buf, size_t len,
			uint64_t *have)
{
	if (!tb[attr])
		return;
	snprintf(buf, len, "%s", nla_get_string(tb[attr]));
	*have |= 1ull << attr;
}

static int parse_nest(struct nlattr **tb, int max, struct nlattr *nest,
		      const struct nla_policy *policy)
{
	if (nla_parse_nested(tb, max, nest, (struct nla_policy *)policy) < 0)
		return bad_reply("malformed nest in a message from the kernel");
	return 0;
}

static int parse_node(struct nlattr *nest, struct mosix_node_info *node)
{
	struct nlattr *tb[MOSIX_NODE_A_MAX + 1];
	uint64_t *have = &node->have;
	int err;

	memset(node, 0, sizeof(*node));
	err = parse_nest(tb, MOSIX_NODE_A_MAX, nest, node_policy);
	if (err)
		return err;
	take_u32(tb, MOSIX_NODE_A_ID, &node->id, have);
	/* be32: kept as it is in memory, i.e. in network byte order */
	take_u32(tb, MOSIX_NODE_A_ADDR, &node->addr, have);
	take_u8(tb, MOSIX_NODE_A_STATE, &node->state, have);
	take_u32(tb, MOSIX_NODE_A_LOAD, &node->load, have);
	take_u32(tb, MOSIX_NODE_A_SPEED, &node->speed, have);
	take_u32(tb, MOSIX_NODE_A_CPUS, &node->cpus, have);
	take_u64(tb, MOSIX_NODE_A_MEM_FREE, &node->mem_free, have);
	take_u64(tb, MOSIX_NODE_A_MEM_TOTAL, &node->mem_total, have);
	take_u32(tb, MOSIX_NODE_A_GUESTS, &node->guests, have);
	take_u32(tb, MOSIX_NODE_A_AWAY, &node->away, have);
	take_u32(tb, MOSIX_NODE_A_AGE_MS, &node->age_ms, have);
	take_string(tb, MOSIX_NODE_A_CPU_CLASS, node->cpu_class,
		    sizeof(node->cpu_class), have);
	take_string(tb, MOSIX_NODE_A_CPU_FEATURES, node->cpu_features,
		    sizeof(node->cpu_features), have);
	take_u32(tb, MOSIX_NODE_A_VDSO, &node->vdso, have);
	return 0;
}

static int parse_proc(struct nlattr *nest, struct mosix_proc_info *proc)
{
	struct nlattr *tb[MOSIX_PROC_A_MAX + 1];
	uint64_t *have = &proc->have;
	int err;

	memset(proc, 0, sizeof(*proc));
	err = parse_nest(tb, MOSIX_PROC_A_MAX, nest, proc_policy);
	if (err)
		return err;
	take_u32(tb, MOSIX_PROC_A_PID, &proc->pid, have);
	take_u8(tb, MOSIX_PROC_A_STATE, &proc->state, have);
	take_u32(tb, MOSIX_PROC_A_NODE_ID, &proc->node, have);
	take_u32(tb, MOSIX_PROC_A_HOME_PID, &proc->home_pid, have);
	take_u32(tb, MOSIX_PROC_A_MIGRATIONS, &proc->migrations, have);
	take_u8(tb, MOSIX_PROC_A_PINNED, &proc->pinned, have);
	take_u64(tb, MOSIX_PROC_A_RSS, &proc->rss, have);
	take_string(tb, MOSIX_PROC_A_REASON, proc->reason,
		    sizeof(proc->reason), have);
	return 0;
}

static int parse_balancer(struct nlattr *nest, struct mosix_balancer_info *b)
{
	struct nlattr *tb[MOSIX_BALANCER_A_MAX + 1];
	uint64_t *have = &b->have;
	int err;

	err = parse_nest(tb, MOSIX_BALANCER_A_MAX, nest, balancer_policy);
	if (err)
		return err;
	take_u8(tb, MOSIX_BALANCER_A_ENABLED, &b->enabled, have);
	take_u32(tb, MOSIX_BALANCER_A_INTERVAL_MS, &b->interval_ms, have);
	take_u32(tb, MOSIX_BALANCER_A_STABILITY, &b->stability, have);
	take_u32(tb, MOSIX_BALANCER_A_DECAY, &b->decay, have);
	take_u32(tb, MOSIX_BALANCER_A_MEM_LOW, &b->mem_low, have);
	take_u64(tb, MOSIX_BALANCER_A_BANDWIDTH, &b->bandwidth, have);
	take_u32(tb, MOSIX_BALANCER_A_BW_MEASURED, &b->bw_measured, have);
	take_u32(tb, MOSIX_BALANCER_A_CALL_US, &b->call_us, have);
	take_u32(tb, MOSIX_BALANCER_A_CALL_MEASURED, &b->call_measured, have);
	take_u8(tb, MOSIX_BALANCER_A_SERVICES, &b->services, have);
	return 0;
}

static int parse_stats(struct nlattr *nest, struct mosix_status *status)
{
	struct nlattr *tb[MOSIX_STAT_MAX + 1];
	int i, err;

	err = parse_nest(tb, MOSIX_STAT_MAX, nest, stats_policy);
	if (err)
		return err;
	for (i = MOSIX_STAT_UNSPEC + 1; i <= MOSIX_STAT_MAX; i++)
		take_u64(tb, i, &status->stats[i], &status->stats_have);
	return 0;
}

/* A reply must describe a node (or a process): without it, it is bad. */
static int parse_one_node(struct nlattr **tb, void *arg)
{
	if (!tb[MOSIX_A_NODE])
		return bad_reply("a reply from the kernel without its node");
	return parse_node(tb[MOSIX_A_NODE], arg);
}

static int parse_one_proc(struct nlattr **tb, void *arg)
{
	if (!tb[MOSIX_A_PROC])
		return bad_reply("a reply from the kernel without its process");
	return parse_proc(tb[MOSIX_A_PROC], arg);
}

/* The items of a dump, in a growing array. */
struct list {
	void *items;
	size_t count, size, item_size;
	int (*parse_one)(struct nlattr **tb, void *item);
};

static int parse_list(struct nlattr **tb, void *arg)
{
	struct list *list = arg;

	if (list->count == list->size) {
		size_t size = list->size ? 2 * list->size : 16;
		void *items = reallocarray(list->items, size, list->item_size);

		if (!items)
			return -ENOMEM;
		list->items = items;
		list->size = size;
	}
	return list->parse_one(tb, (char *)list->items +
			       list->count++ * list->item_size);
}

static int parse_status(struct nlattr **tb, void *arg)
{
	struct mosix_status *status = arg;
	uint64_t *have = &status->have;
	int err = 0;

	memset(status, 0, sizeof(*status));
	if (tb[MOSIX_A_NODE])
		err = parse_node(tb[MOSIX_A_NODE], &status->self);
	if (!err && tb[MOSIX_A_BALANCER])
		err = parse_balancer(tb[MOSIX_A_BALANCER], &status->balancer);
	if (!err && tb[MOSIX_A_STATS])
		err = parse_stats(tb[MOSIX_A_STATS], status);
	if (err)
		return err;
	take_u32(tb, MOSIX_A_NODE_COUNT, &status->node_count, have);
	take_u32(tb, MOSIX_A_POLICY, &status->policy, have);
	take_u8(tb, MOSIX_A_AUTH, &status->auth, have);
	take_u8(tb, MOSIX_A_ENCRYPT, &status->encrypt, have);
	take_string(tb, MOSIX_A_CGROUP, status->cgroup, sizeof(status->cgroup),
		    have);
	*have |= (tb[MOSIX_A_NODE] ? 1ull << MOSIX_A_NODE : 0) |
		 (tb[MOSIX_A_BALANCER] ? 1ull << MOSIX_A_BALANCER : 0) |
		 (tb[MOSIX_A_STATS] ? 1ull << MOSIX_A_STATS : 0);
	return 0;
}

static int valid_handler(struct nl_msg *msg, void *arg)
{
	struct ipc *ipc = arg;
	struct nlattr *tb[MOSIX_A_MAX + 1];

	ipc->replies++;
	if (!ipc->parse)
		return NL_OK;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MOSIX_A_MAX,
			  (struct nla_policy *)attr_policy) < 0)
		ipc->err = bad_reply("malformed reply from the kernel");
	else
		ipc->err = ipc->parse(tb, ipc->arg);
	return ipc->err ? NL_STOP : NL_OK;
}

static int error_handler(struct sockaddr_nl *nla, struct nlmsgerr *e,
			 void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct ipc *ipc = arg;
	size_t offset = sizeof(*e);

	(void)nla;
	/* unless capped, the request follows the error, then the TLVs */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	take_extack(nlh, offset);
	ipc->err = e->error;
	return NL_STOP;
}

/* End of a dump; a dump that failed half way says why in here. */
static int finish_handler(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct ipc *ipc = arg;
	int err = 0;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err < 0) {
		take_extack(nlh, NLMSG_ALIGN(sizeof(err)));
		ipc->err = err;
	}
	ipc->done = true;
	return NL_STOP;
}

static int ack_handler(struct nl_msg *msg, void *arg)
{
	struct ipc *ipc = arg;

	(void)msg;
	ipc->done = true;
	return NL_STOP;
}

/* A generic netlink socket that knows the "mosix" family's id. */
static int family_socket(struct nl_sock **sockp, int *family)
{
	struct nl_sock *sock = nl_socket_alloc();
	int err;

	if (!sock)
		return -ENOMEM;
	err = genl_connect(sock);
	if (err < 0) {
		nl_socket_free(sock);
		return nl_failed(err);
	}
	*family = genl_ctrl_resolve(sock, MOSIX_GENL_NAME);
	if (*family < 0) {
		nl_socket_free(sock);
		return -IPC_ENOFAMILY;
	}
	*sockp = sock;
	return 0;
}

/* Connect and start a request; ipc_exchange() must follow, even on error. */
static void ipc_begin(struct ipc *ipc, uint8_t cmd, int flags)
{
	int family, one = 1;

	memset(ipc, 0, sizeof(*ipc));
	ipc->flags = flags;
	ipc_detail[0] = '\0';
	ipc->err = family_socket(&ipc->sock, &family);
	if (ipc->err)
		return;
	/* best effort: without it errors just come without the kernel's words */
	setsockopt(nl_socket_get_fd(ipc->sock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	ipc->msg = nlmsg_alloc();
	if (!ipc->msg)
		ipc->err = -ENOMEM;
	else if (!genlmsg_put(ipc->msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			      flags, cmd, MOSIX_GENL_VERSION))
		ipc->err = -EMSGSIZE;
}

/* The attribute writers do nothing once building the request failed. */
static void put(struct ipc *ipc, int attr, size_t len, const void *data)
{
	if (!ipc->err && nla_put(ipc->msg, attr, (int)len, data) < 0)
		ipc->err = -EMSGSIZE;
}

static void put_u32(struct ipc *ipc, int attr, uint32_t val)
{
	put(ipc, attr, sizeof(val), &val);
}

static void put_u8(struct ipc *ipc, int attr, uint8_t val)
{
	put(ipc, attr, sizeof(val), &val);
}

static struct nlattr *nest_start(struct ipc *ipc, int attr)
{
	struct nlattr *nest = NULL;

	if (!ipc->err) {
		nest = nla_nest_start(ipc->msg, attr | NLA_F_NESTED);
		if (!nest)
			ipc->err = -EMSGSIZE;
	}
	return nest;
}

static void nest_end(struct ipc *ipc, struct nlattr *nest)
{
	if (!ipc->err && nla_nest_end(ipc->msg, nest) < 0)
		ipc->err = -EMSGSIZE;
}

/* A process, by its pid, in a request. */
static void put_pid(struct ipc *ipc, uint32_t pid, const uint8_t *pinned)
{
	struct nlattr *proc = nest_start(ipc, MOSIX_A_PROC);

	put_u32(ipc, MOSIX_PROC_A_PID, pid);
	if (pinned)
		put_u8(ipc, MOSIX_PROC_A_PINNED, *pinned);
	nest_end(ipc, proc);
}

static int ipc_receive(struct ipc *ipc)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int n;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_handler, ipc);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_handler, ipc);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, ipc);
	nl_cb_err(cb, NL_CB_CUSTOM, error_handler, ipc);
	do {
		n = nl_recvmsgs_report(ipc->sock, cb);
		if (!ipc->err && n < 0)
			ipc->err = nl_failed(n);
		else if (!ipc->err && !n)
			ipc->err = bad_reply("the kernel ended the exchange early");
	} while (!ipc->err && !ipc->done);
	nl_cb_put(cb);
	return ipc->err;
}

/*
 * Unless building it failed, send the request and hand every reply to
 * @parse; a request that is not a dump but has a parser wants exactly
 * one reply.  Release everything in any case.
 */
static int ipc_exchange(struct ipc *ipc, ipc_parse_t parse, void *arg)
{
	int err = ipc->err;

	ipc->parse = parse;
	ipc->arg = arg;
	if (!err) {
		err = nl_send_auto(ipc->sock, ipc->msg);
		err = err < 0 ? nl_failed(err) : ipc_receive(ipc);
	}
	if (!err && parse && !(ipc->flags & NLM_F_DUMP) && ipc->replies != 1)
		err = bad_reply("expected one reply from the kernel");
	nlmsg_free(ipc->msg);
	nl_socket_free(ipc->sock);
	return err;
}

/* A dump into a malloc()ed array of @item_size items. */
static int ipc_dump(uint8_t cmd, size_t item_size,
		    int (*parse_one)(struct nlattr **tb, void *item),
		    void **items, size_t *count)
{
	struct list list = {
		.item_size = item_size,
		.parse_one = parse_one,
	};
	struct ipc ipc;
	int err;

	ipc_begin(&ipc, cmd, NLM_F_DUMP);
	err = ipc_exchange(&ipc, parse_list, &list);
	if (err) {
		free(list.items);
		return err;
	}
	*items = list.items;
	*count = list.count;
	return 0;
}

int ipc_status_get(struct mosix_status *status)
{
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_STATUS_GET, 0);
	return ipc_exchange(&ipc, parse_status, status);
}

int ipc_self_set(const struct mosix_self *self)
{
	struct nlattr *node;
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_SELF_SET, 0);
	node = nest_start(&ipc, MOSIX_A_NODE);
	if (self->set_id)
		put_u32(&ipc, MOSIX_NODE_A_ID, self->id);
	if (self->set_addr)
		put_u32(&ipc, MOSIX_NODE_A_ADDR, self->addr);
	if (self->set_speed)
		put_u32(&ipc, MOSIX_NODE_A_SPEED, self->speed);
	nest_end(&ipc, node);
	return ipc_exchange(&ipc, NULL, NULL);
}

/* A node request naming a node by @id if it is not 0, and by @addr if not 0. */
static int node_request(uint8_t cmd, uint32_t id, uint32_t addr,
			ipc_parse_t parse, void *arg)
{
	struct nlattr *node;
	struct ipc ipc;

	ipc_begin(&ipc, cmd, 0);
	node = nest_start(&ipc, MOSIX_A_NODE);
	if (id)
		put_u32(&ipc, MOSIX_NODE_A_ID, id);
	if (addr)
		put_u32(&ipc, MOSIX_NODE_A_ADDR, addr);
	nest_end(&ipc, node);
	return ipc_exchange(&ipc, parse, arg);
}

int ipc_node_add(uint32_t id, uint32_t addr)
{
	return node_request(MOSIX_CMD_NODE_ADD, id, addr, NULL, NULL);
}

int ipc_node_del(uint32_t id)
{
	return node_request(MOSIX_CMD_NODE_DEL, id, 0, NULL, NULL);
}

int ipc_node_get(uint32_t id, uint32_t addr, struct mosix_node_info *node)
{
	return node_request(MOSIX_CMD_NODE_GET, id, id ? 0 : addr,
			    parse_one_node, node);
}

int ipc_node_dump(struct mosix_node_info **nodes, size_t *count)
{
	return ipc_dump(MOSIX_CMD_NODE_GET, sizeof(**nodes), parse_one_node,
			(void **)nodes, count);
}

int ipc_migrate(uint32_t pid, uint32_t node)
{
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_MIGRATE, 0);
	put_pid(&ipc, pid, NULL);
	if (node)
		put_u32(&ipc, MOSIX_A_TO_NODE, node);
	return ipc_exchange(&ipc, NULL, NULL);
}

int ipc_proc_get(uint32_t pid, struct mosix_proc_info *proc)
{
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_PROC_GET, 0);
	put_pid(&ipc, pid, NULL);
	return ipc_exchange(&ipc, parse_one_proc, proc);
}

int ipc_policy_set(uint32_t set, uint32_t clear)
{
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_POLICY_SET, 0);
	if (set)
		put_u32(&ipc, MOSIX_A_POLICY_SET, set);
	if (clear)
		put_u32(&ipc, MOSIX_A_POLICY_CLEAR, clear);
	return ipc_exchange(&ipc, NULL, NULL);
}

int ipc_node_action(uint8_t cmd)
{
	struct ipc ipc;

	ipc_begin(&ipc, cmd, 0);
	return ipc_exchange(&ipc, NULL, NULL);
}

int ipc_key_set(const void *key, size_t len, bool encrypt)
{
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_KEY_SET, 0);
	put(&ipc, MOSIX_A_KEY, len, key);
	if (encrypt)
		put_u8(&ipc, MOSIX_A_ENCRYPT, 1);
	return ipc_exchange(&ipc, NULL, NULL);
}

int ipc_guests_set(int cgroup_fd)
{
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_GUESTS_SET, 0);
	if (cgroup_fd >= 0)
		put_u32(&ipc, MOSIX_A_CGROUP_FD, (uint32_t)cgroup_fd);
	return ipc_exchange(&ipc, NULL, NULL);
}

int ipc_balancer_set(const struct mosix_balancer *b)
{
	struct nlattr *balancer;
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_BALANCER_SET, 0);
	balancer = nest_start(&ipc, MOSIX_A_BALANCER);
	if (b->set_enabled)
		put_u8(&ipc, MOSIX_BALANCER_A_ENABLED, b->enabled);
	if (b->set_interval)
		put_u32(&ipc, MOSIX_BALANCER_A_INTERVAL_MS, b->interval_ms);
	if (b->set_stability)
		put_u32(&ipc, MOSIX_BALANCER_A_STABILITY, b->stability);
	if (b->set_decay)
		put_u32(&ipc, MOSIX_BALANCER_A_DECAY, b->decay);
	if (b->set_mem_low)
		put_u32(&ipc, MOSIX_BALANCER_A_MEM_LOW, b->mem_low);
	if (b->set_services)
		put_u8(&ipc, MOSIX_BALANCER_A_SERVICES, b->services);
	nest_end(&ipc, balancer);
	return ipc_exchange(&ipc, NULL, NULL);
}

int ipc_pin(uint32_t pid, bool pinned)
{
	uint8_t val = pinned;
	struct ipc ipc;

	ipc_begin(&ipc, MOSIX_CMD_PIN, 0);
	put_pid(&ipc, pid, &val);
	return ipc_exchange(&ipc, NULL, NULL);
}

int ipc_guest_dump(struct mosix_proc_info **guests, size_t *count)
{
	return ipc_dump(MOSIX_CMD_GUEST_GET, sizeof(**guests), parse_one_proc,
			(void **)guests, count);
}

const char *ipc_strerror(int err)
{
	static char buf[sizeof(ipc_detail) + 64];

	switch (-err) {
	case IPC_ENOFAMILY:
		return "kernel has no mosix support (CONFIG_MOSIX)";
	case IPC_ENETLINK:
		snprintf(buf, sizeof(buf), "netlink: %s", ipc_detail);
		return buf;
	case EPERM:
		/* The kernel says why, when it is not a missing capability. */
		if (ipc_detail[0])
			return ipc_detail;
		return "permission denied: this needs CAP_NET_ADMIN (run as root)";
	}
	if (!ipc_detail[0])
		return strerror(-err);
	snprintf(buf, sizeof(buf), "%s: %s", strerror(-err), ipc_detail);
	return buf;
}

/* ---- events -------------------------------------------------------- */

static int parse_event(struct nlattr **tb, struct mosix_event_info *e)
{
	uint64_t *have = &e->have;
	int err = 0;

	if (tb[MOSIX_A_NODE])
		err = parse_node(tb[MOSIX_A_NODE], &e->node);
	if (!err && tb[MOSIX_A_PROC])
		err = parse_proc(tb[MOSIX_A_PROC], &e->proc);
	if (err)
		return err;
	*have |= (tb[MOSIX_A_NODE] ? 1ull << MOSIX_A_NODE : 0) |
		 (tb[MOSIX_A_PROC] ? 1ull << MOSIX_A_PROC : 0);
	take_u32(tb, MOSIX_A_FROM_NODE, &e->from_node, have);
	take_u32(tb, MOSIX_A_TO_NODE, &e->to_node, have);
	take_u32(tb, MOSIX_A_ERROR, &e->error, have);
	take_u8(tb, MOSIX_A_CAUSE, &e->cause, have);
	take_u32(tb, MOSIX_A_FROM_LOAD, &e->from_load, have);
	take_u32(tb, MOSIX_A_TO_LOAD, &e->to_load, have);
	take_string(tb, MOSIX_A_REASON, e->reason, sizeof(e->reason), have);
	return 0;
}

/* Events are not answers to a request: any sequence number will do. */
static int any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* One event message: malformed ones are skipped, as unknown events. */
static int event_handler(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct ipc_events *events = arg;
	struct nlattr *tb[MOSIX_A_MAX + 1];
	struct mosix_event_info e;

	memset(&e, 0, sizeof(e));
	if (!genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	e.event = ((struct genlmsghdr *)nlmsg_data(nlh))->cmd;
	if (!e.event || e.event > MOSIX_EVENT_MAX ||
	    genlmsg_parse(nlh, 0, tb, MOSIX_A_MAX,
			  (struct nla_policy *)attr_policy) < 0 ||
	    parse_event(tb, &e))
		return NL_SKIP;
	events->fn(&e, events->arg);
	return NL_OK;
}

int ipc_events_open(struct ipc_events **eventsp, bool nonblock)
{
	struct ipc_events *events = calloc(1, sizeof(*events));
	int family, group, err;

	ipc_detail[0] = '\0';
	if (!events)
		return -ENOMEM;
	err = family_socket(&events->sock, &family);
	if (err) {
		free(events);
		return err;
	}
	group = genl_ctrl_resolve_grp(events->sock, MOSIX_GENL_NAME,
				      MOSIX_GENL_MCGRP_EVENTS);
	events->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (group < 0)
		err = set_detail(-IPC_ENETLINK,
				 "the kernel's mosix family has no events group");
	else if (!events->cb)
		err = -ENOMEM;
	else if ((err = nl_socket_add_membership(events->sock, group)) < 0 ||
		 (nonblock && (err = nl_socket_set_nonblocking(events->sock)) < 0))
		err = nl_failed(err);
	if (err) {
		ipc_events_close(events);
		return err;
	}
	events->nonblock = nonblock;
	nl_cb_set(events->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	nl_cb_set(events->cb, NL_CB_VALID, NL_CB_CUSTOM, event_handler, events);
	*eventsp = events;
	return 0;
}

int ipc_events_fd(const struct ipc_events *events)
{
	return nl_socket_get_fd(events->sock);
}

int ipc_events_read(struct ipc_events *events, ipc_event_fn fn, void *arg)
{
	int n;

	events->fn = fn;
	events->arg = arg;
	do {
		n = nl_recvmsgs_report(events->sock, events->cb);
	} while (events->nonblock && n > 0);
	if (n >= 0 || n == -NLE_AGAIN)
		return 0;
	/* The kernel dropped events for this socket: its buffer was full. */
	if (n == -NLE_NOMEM)
		return -ENOBUFS;
	return nl_failed(n);
}

void ipc_events_close(struct ipc_events *events)
{
	if (events->cb)
		nl_cb_put(events->cb);
	nl_socket_free(events->sock);
	free(events);
}
