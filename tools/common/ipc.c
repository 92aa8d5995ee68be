// SPDX-License-Identifier: GPL-2.0
/*
 * Requests to the kernel's "mosix" generic netlink family.
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
	int err;		/* set by a handler: stop receiving */
	bool done;		/* the final ack or NLMSG_DONE arrived */
};

/*
 * What went wrong beyond the errno: the kernel's extended ack message, or
 * libnl's words for a local failure.  mosctl makes one request per run.
 */
static char ipc_detail[256];

static const struct nla_policy node_policy[MOSIX_A_MAX + 1] = {
	[MOSIX_A_NODE_ID]	= { .type = NLA_U32 },
	[MOSIX_A_NODE_ADDR]	= { .type = NLA_U32 },
	[MOSIX_A_NODE_STATE]	= { .type = NLA_U8 },
	[MOSIX_A_LOAD]		= { .type = NLA_U32 },
	[MOSIX_A_SPEED]		= { .type = NLA_U32 },
	[MOSIX_A_CPUS]		= { .type = NLA_U32 },
	[MOSIX_A_MEM_FREE]	= { .type = NLA_U64 },
	[MOSIX_A_MEM_TOTAL]	= { .type = NLA_U64 },
	[MOSIX_A_AGE_MS]	= { .type = NLA_U32 },
	[MOSIX_A_NODE_COUNT]	= { .type = NLA_U32 },
	[MOSIX_A_STATS]		= { .type = NLA_NESTED },
	[MOSIX_A_PID]		= { .type = NLA_U32 },
	[MOSIX_A_PROC_STATE]	= { .type = NLA_U8 },
	[MOSIX_A_MIGRATIONS]	= { .type = NLA_U32 },
	[MOSIX_A_REASON]	= { .type = NLA_STRING },
	[MOSIX_A_HOME_PID]	= { .type = NLA_U32 },
	[MOSIX_A_RSS]		= { .type = NLA_U64 },
	[MOSIX_A_GUESTS]	= { .type = NLA_U32 },
	[MOSIX_A_AWAY]		= { .type = NLA_U32 },
	[MOSIX_A_POLICY]	= { .type = NLA_U32 },
	[MOSIX_A_PINNED]	= { .type = NLA_U8 },
	[MOSIX_A_BAL_ENABLED]	= { .type = NLA_U8 },
	[MOSIX_A_AUTH]		= { .type = NLA_U8 },
	[MOSIX_A_BAL_INTERVAL_MS] = { .type = NLA_U32 },
	[MOSIX_A_BAL_STABILITY]	= { .type = NLA_U32 },
	[MOSIX_A_BAL_DECAY]	= { .type = NLA_U32 },
	[MOSIX_A_BAL_MEM_LOW]	= { .type = NLA_U32 },
	[MOSIX_A_BAL_BANDWIDTH]	= { .type = NLA_U64 },
	[MOSIX_A_BAL_BW_MEASURED] = { .type = NLA_U32 },
	[MOSIX_A_BAL_CALL_US]	= { .type = NLA_U32 },
	[MOSIX_A_BAL_CALL_MEASURED] = { .type = NLA_U32 },
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

static void parse_node(struct nlattr **tb, struct mosix_node_info *node)
{
	uint64_t *have = &node->have;

	memset(node, 0, sizeof(*node));
	take_u32(tb, MOSIX_A_NODE_ID, &node->id, have);
	/* be32: kept as it is in memory, i.e. in network byte order */
	take_u32(tb, MOSIX_A_NODE_ADDR, &node->addr, have);
	take_u8(tb, MOSIX_A_NODE_STATE, &node->state, have);
	take_u32(tb, MOSIX_A_LOAD, &node->load, have);
	take_u32(tb, MOSIX_A_SPEED, &node->speed, have);
	take_u32(tb, MOSIX_A_CPUS, &node->cpus, have);
	take_u64(tb, MOSIX_A_MEM_FREE, &node->mem_free, have);
	take_u64(tb, MOSIX_A_MEM_TOTAL, &node->mem_total, have);
	take_u32(tb, MOSIX_A_GUESTS, &node->guests, have);
	take_u32(tb, MOSIX_A_AWAY, &node->away, have);
	take_u32(tb, MOSIX_A_AGE_MS, &node->age_ms, have);
}

static int parse_one_node(struct nlattr **tb, void *arg)
{
	parse_node(tb, arg);
	return 0;
}

struct node_list {
	struct mosix_node_info *nodes;
	size_t count, size;
};

static int parse_node_list(struct nlattr **tb, void *arg)
{
	struct node_list *list = arg;

	if (list->count == list->size) {
		size_t size = list->size ? 2 * list->size : 16;
		void *nodes = reallocarray(list->nodes, size,
					   sizeof(*list->nodes));

		if (!nodes)
			return -ENOMEM;
		list->nodes = nodes;
		list->size = size;
	}
	parse_node(tb, &list->nodes[list->count++]);
	return 0;
}

static int parse_status(struct nlattr **tb, void *arg)
{
	struct mosix_status *status = arg;
	struct nlattr *stb[MOSIX_STAT_MAX + 1];
	uint64_t have = 0;
	int i;

	memset(status, 0, sizeof(*status));
	parse_node(tb, &status->self);
	take_u32(tb, MOSIX_A_NODE_COUNT, &status->node_count, &have);
	status->has_node_count = have;
	have = 0;
	take_u32(tb, MOSIX_A_POLICY, &status->policy, &have);
	status->has_policy = have;
	have = 0;
	take_u8(tb, MOSIX_A_BAL_ENABLED, &status->bal_enabled, &have);
	take_u32(tb, MOSIX_A_BAL_INTERVAL_MS, &status->bal_interval_ms, &have);
	take_u32(tb, MOSIX_A_BAL_STABILITY, &status->bal_stability, &have);
	take_u32(tb, MOSIX_A_BAL_DECAY, &status->bal_decay, &have);
	take_u32(tb, MOSIX_A_BAL_MEM_LOW, &status->bal_mem_low, &have);
	status->has_balancer = have;
	have = 0;
	take_u64(tb, MOSIX_A_BAL_BANDWIDTH, &status->bandwidth, &have);
	take_u32(tb, MOSIX_A_BAL_BW_MEASURED, &status->bw_measured, &have);
	status->has_bandwidth = have;
	have = 0;
	take_u32(tb, MOSIX_A_BAL_CALL_US, &status->call_us, &have);
	take_u32(tb, MOSIX_A_BAL_CALL_MEASURED, &status->call_measured, &have);
	status->has_call = have;
	have = 0;
	take_u8(tb, MOSIX_A_AUTH, &status->auth, &have);
	status->has_auth = have;
	if (!tb[MOSIX_A_STATS])
		return 0;
	if (nla_parse_nested(stb, MOSIX_STAT_MAX, tb[MOSIX_A_STATS],
			     stats_policy) < 0)
		return bad_reply("malformed counters in the kernel's reply");
	for (i = 0; i <= MOSIX_STAT_MAX; i++)
		if (stats_policy[i].type == NLA_U64)
			take_u64(stb, i, &status->stats[i],
				 &status->stats_have);
	return 0;
}

static int valid_handler(struct nl_msg *msg, void *arg)
{
	struct ipc *ipc = arg;
	struct nlattr *tb[MOSIX_A_MAX + 1];

	ipc->replies++;
	if (!ipc->parse)
		return NL_OK;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MOSIX_A_MAX, node_policy) < 0)
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

/* Connect and start a request; ipc_exchange() must follow, even on error. */
static int ipc_begin(struct ipc *ipc, uint8_t cmd, int flags)
{
	int family, err, one = 1;

	memset(ipc, 0, sizeof(*ipc));
	ipc->flags = flags;
	ipc_detail[0] = '\0';
	ipc->sock = nl_socket_alloc();
	if (!ipc->sock)
		return -ENOMEM;
	err = genl_connect(ipc->sock);
	if (err < 0)
		return nl_failed(err);
	family = genl_ctrl_resolve(ipc->sock, MOSIX_GENL_NAME);
	if (family < 0)
		return -IPC_ENOFAMILY;
	/* best effort: without it errors just come without the kernel's words */
	setsockopt(nl_socket_get_fd(ipc->sock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	ipc->msg = nlmsg_alloc();
	if (!ipc->msg)
		return -ENOMEM;
	if (!genlmsg_put(ipc->msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			 cmd, MOSIX_GENL_VERSION))
		return -EMSGSIZE;
	return 0;
}

static int put_u32(struct ipc *ipc, int attr, uint32_t val)
{
	return nla_put_u32(ipc->msg, attr, val) < 0 ? -EMSGSIZE : 0;
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
 * If @err is 0, send the request and hand every reply to @parse; a request
 * that is not a dump but has a parser wants exactly one reply.  Release
 * everything in any case.
 */
static int ipc_exchange(struct ipc *ipc, int err, ipc_parse_t parse,
			void *arg)
{
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

int ipc_status_get(struct mosix_status *status)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_STATUS_GET, 0);

	return ipc_exchange(&ipc, err, parse_status, status);
}

int ipc_self_set(const struct mosix_self *self)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_SELF_SET, 0);

	if (!err && self->set_id)
		err = put_u32(&ipc, MOSIX_A_NODE_ID, self->id);
	if (!err && self->set_addr)
		err = put_u32(&ipc, MOSIX_A_NODE_ADDR, self->addr);
	if (!err && self->set_speed)
		err = put_u32(&ipc, MOSIX_A_SPEED, self->speed);
	return ipc_exchange(&ipc, err, NULL, NULL);
}

int ipc_node_add(uint32_t id, uint32_t addr)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_NODE_ADD, 0);

	if (!err)
		err = put_u32(&ipc, MOSIX_A_NODE_ID, id);
	if (!err)
		err = put_u32(&ipc, MOSIX_A_NODE_ADDR, addr);
	return ipc_exchange(&ipc, err, NULL, NULL);
}

int ipc_node_del(uint32_t id)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_NODE_DEL, 0);

	if (!err)
		err = put_u32(&ipc, MOSIX_A_NODE_ID, id);
	return ipc_exchange(&ipc, err, NULL, NULL);
}

int ipc_node_get(uint32_t id, uint32_t addr, struct mosix_node_info *node)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_NODE_GET, 0);

	if (!err)
		err = id ? put_u32(&ipc, MOSIX_A_NODE_ID, id) :
			   put_u32(&ipc, MOSIX_A_NODE_ADDR, addr);
	return ipc_exchange(&ipc, err, parse_one_node, node);
}

int ipc_node_dump(struct mosix_node_info **nodes, size_t *count)
{
	struct node_list list = { 0 };
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_NODE_GET, NLM_F_DUMP);

	err = ipc_exchange(&ipc, err, parse_node_list, &list);
	if (err) {
		free(list.nodes);
		return err;
	}
	*nodes = list.nodes;
	*count = list.count;
	return 0;
}

int ipc_migrate(uint32_t pid, uint32_t node)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_MIGRATE, 0);

	if (!err)
		err = put_u32(&ipc, MOSIX_A_PID, pid);
	if (!err && node)
		err = put_u32(&ipc, MOSIX_A_NODE_ID, node);
	return ipc_exchange(&ipc, err, NULL, NULL);
}

static int parse_proc(struct nlattr **tb, void *arg)
{
	struct mosix_proc_info *proc = arg;

	memset(proc, 0, sizeof(*proc));
	take_u32(tb, MOSIX_A_PID, &proc->pid, &proc->have);
	take_u8(tb, MOSIX_A_PROC_STATE, &proc->state, &proc->have);
	take_u32(tb, MOSIX_A_NODE_ID, &proc->node, &proc->have);
	take_u32(tb, MOSIX_A_MIGRATIONS, &proc->migrations, &proc->have);
	take_u32(tb, MOSIX_A_HOME_PID, &proc->home_pid, &proc->have);
	take_u8(tb, MOSIX_A_PINNED, &proc->pinned, &proc->have);
	if (tb[MOSIX_A_REASON]) {
		snprintf(proc->reason, sizeof(proc->reason), "%s",
			 nla_get_string(tb[MOSIX_A_REASON]));
		proc->have |= 1ull << MOSIX_A_REASON;
	}
	return 0;
}

int ipc_proc_get(uint32_t pid, struct mosix_proc_info *proc)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_PROC_GET, 0);

	if (!err)
		err = put_u32(&ipc, MOSIX_A_PID, pid);
	return ipc_exchange(&ipc, err, parse_proc, proc);
}

int ipc_policy_set(uint32_t set, uint32_t clear)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_POLICY_SET, 0);

	if (!err && set)
		err = put_u32(&ipc, MOSIX_A_POLICY_SET, set);
	if (!err && clear)
		err = put_u32(&ipc, MOSIX_A_POLICY_CLEAR, clear);
	return ipc_exchange(&ipc, err, NULL, NULL);
}

/* MOSIX_CMD_EXPEL or MOSIX_CMD_BRING: no attributes, no reply. */
int ipc_node_action(uint8_t cmd)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, cmd, 0);

	return ipc_exchange(&ipc, err, NULL, NULL);
}

int ipc_key_set(const void *key, size_t len)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_KEY_SET, 0);

	if (!err && nla_put(ipc.msg, MOSIX_A_KEY, (int)len, key) < 0)
		err = -EMSGSIZE;
	return ipc_exchange(&ipc, err, NULL, NULL);
}

int ipc_balancer_set(const struct mosix_balancer *b)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_BALANCER_SET, 0);

	if (!err && b->set_enabled &&
	    nla_put_u8(ipc.msg, MOSIX_A_BAL_ENABLED, b->enabled) < 0)
		err = -EMSGSIZE;
	if (!err && b->set_interval)
		err = put_u32(&ipc, MOSIX_A_BAL_INTERVAL_MS, b->interval_ms);
	if (!err && b->set_stability)
		err = put_u32(&ipc, MOSIX_A_BAL_STABILITY, b->stability);
	if (!err && b->set_decay)
		err = put_u32(&ipc, MOSIX_A_BAL_DECAY, b->decay);
	if (!err && b->set_mem_low)
		err = put_u32(&ipc, MOSIX_A_BAL_MEM_LOW, b->mem_low);
	return ipc_exchange(&ipc, err, NULL, NULL);
}

int ipc_pin(uint32_t pid, bool pinned)
{
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_PIN, 0);

	if (!err)
		err = put_u32(&ipc, MOSIX_A_PID, pid);
	if (!err && nla_put_u8(ipc.msg, MOSIX_A_PINNED, pinned) < 0)
		err = -EMSGSIZE;
	return ipc_exchange(&ipc, err, NULL, NULL);
}

struct guest_list {
	struct mosix_guest_info *guests;
	size_t count, size;
};

static int parse_guest_list(struct nlattr **tb, void *arg)
{
	struct guest_list *list = arg;
	struct mosix_guest_info *g;
	uint64_t have = 0;

	if (list->count == list->size) {
		size_t size = list->size ? 2 * list->size : 16;
		void *guests = reallocarray(list->guests, size,
					    sizeof(*list->guests));

		if (!guests)
			return -ENOMEM;
		list->guests = guests;
		list->size = size;
	}
	g = &list->guests[list->count++];
	memset(g, 0, sizeof(*g));
	take_u32(tb, MOSIX_A_PID, &g->pid, &have);
	take_u32(tb, MOSIX_A_NODE_ID, &g->home_node, &have);
	take_u32(tb, MOSIX_A_HOME_PID, &g->home_pid, &have);
	take_u64(tb, MOSIX_A_RSS, &g->rss, &have);
	return 0;
}

int ipc_guest_dump(struct mosix_guest_info **guests, size_t *count)
{
	struct guest_list list = { 0 };
	struct ipc ipc;
	int err = ipc_begin(&ipc, MOSIX_CMD_GUEST_GET, NLM_F_DUMP);

	err = ipc_exchange(&ipc, err, parse_guest_list, &list);
	if (err) {
		free(list.guests);
		return err;
	}
	*guests = list.guests;
	*count = list.count;
	return 0;
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
