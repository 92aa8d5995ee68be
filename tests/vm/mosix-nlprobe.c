// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-nlprobe: hostile-input probe of the "mosix" generic netlink family.
 *
 *   mosix-nlprobe [-v]              run every case (TAP lines on stdout)
 *   mosix-nlprobe [-v] random N SEED
 *                                   N random messages of every command
 *
 * It talks raw AF_NETLINK (no libnl) so that it can build malformed
 * messages on purpose.  Every case sends one request, expects one
 * specific negative errno (sometimes one of two), and then checks that
 * the node table (NODE_GET dump: ids and addresses) and this node's
 * identity and policy (STATUS_GET: id, address, speed, policy bits) are
 * exactly what they were before.  When a case did change them, it says so and puts them back,
 * so that one kernel bug does not make every later case fail.
 *
 * Output: one "ok - nlprobe: CASE" / "not ok - nlprobe: CASE (...)" line
 * per case, "# ..." diagnostics.  Exit status: 0 all passed, 1 some case
 * failed, 2 the probe could not run at all (no "mosix" family in this
 * kernel, not root, no netlink socket).
 *
 * Must run as root: the unprivileged cases fork a child that drops to
 * uid/gid 1000 (the VM's "user") itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mosix.h>

#define UNPRIV_UID	1000
#define UNPRIV_GID	1000
#define RCV_TIMEOUT_S	5
#define MSG_MAX		4096
#define RX_MAX		65536

/* transact() result that is not an errno: no answer within the timeout */
#define NO_ANSWER	1

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif

static bool verbose;

/* ------------------------------------------------------------------ */
/* netlink plumbing                                                    */

struct nl {
	int fd;
	uint32_t seq;
	uint16_t family;
};

struct msg {
	union {
		struct nlmsghdr nlh;
		unsigned char buf[MSG_MAX];
	};
	size_t len;		/* bytes to send */
};

struct answer {
	int err;		/* 0, -errno or NO_ANSWER */
	char extack[256];
};

static int nl_open(struct nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = RCV_TIMEOUT_S };
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		return -errno;
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(nl->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		int e = -errno;

		close(nl->fd);
		return e;
	}
	/* Best effort: error messages and short acks. */
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->seq = (uint32_t)getpid() << 12;
	return 0;
}

static void msg_init(struct msg *m, uint16_t type, uint16_t flags, uint8_t cmd)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = flags;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = MOSIX_GENL_VERSION;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

/* An attribute with any nla_len/type/payload; the payload is padded. */
static void msg_put_raw(struct msg *m, uint16_t nla_len, uint16_t type,
			const void *data, size_t dlen)
{
	struct nlattr nla = { .nla_len = nla_len, .nla_type = type };

	if (m->len + NLA_HDRLEN + NLA_ALIGN(dlen) > sizeof(m->buf)) {
		fprintf(stderr, "nlprobe: message too long\n");
		exit(2);
	}
	memcpy(m->buf + m->len, &nla, sizeof(nla));
	if (dlen)
		memcpy(m->buf + m->len + NLA_HDRLEN, data, dlen);
	m->len += NLA_HDRLEN + NLA_ALIGN(dlen);
}

static void msg_put(struct msg *m, uint16_t type, const void *data, size_t dlen)
{
	msg_put_raw(m, NLA_HDRLEN + dlen, type, data, dlen);
}

static void msg_put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	msg_put(m, type, &v, sizeof(v));
}

static void msg_put_be32(struct msg *m, uint16_t type, uint32_t v_be)
{
	msg_put(m, type, &v_be, sizeof(v_be));
}

/* Open nest @type; its attributes follow, nest_end() sets its length. */
static size_t nest_begin(struct msg *m, uint16_t type)
{
	size_t at = m->len;

	msg_put_raw(m, NLA_HDRLEN, type | NLA_F_NESTED, NULL, 0);
	return at;
}

static void nest_end(struct msg *m, size_t at)
{
	((struct nlattr *)(m->buf + at))->nla_len = (uint16_t)(m->len - at);
}

/* MOSIX_A_NODE with an id and an address, each if asked for. */
static void msg_put_node(struct msg *m, bool with_id, uint32_t id,
			 bool with_addr, uint32_t addr_be)
{
	size_t nest = nest_begin(m, MOSIX_A_NODE);

	if (with_id)
		msg_put_u32(m, MOSIX_NODE_A_ID, id);
	if (with_addr)
		msg_put_be32(m, MOSIX_NODE_A_ADDR, addr_be);
	nest_end(m, nest);
}

/* MOSIX_A_PROC with a pid. */
static void msg_put_pid(struct msg *m, uint32_t pid)
{
	size_t nest = nest_begin(m, MOSIX_A_PROC);

	msg_put_u32(m, MOSIX_PROC_A_PID, pid);
	nest_end(m, nest);
}

static void parse_attrs(const void *data, size_t len,
			const struct nlattr **tb, int max)
{
	const unsigned char *p = data;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		int type = a->nla_type & NLA_TYPE_MASK;
		size_t alen = NLA_ALIGN(a->nla_len);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			break;
		if (type <= max)
			tb[type] = a;
		if (alen > len)
			break;
		p += alen;
		len -= alen;
	}
}

static int nla_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || a->nla_len != NLA_HDRLEN + 4)
		return -1;
	memcpy(v, (const char *)a + NLA_HDRLEN, 4);
	return 0;
}

static int nla_u16(const struct nlattr *a, uint16_t *v)
{
	if (!a || a->nla_len < NLA_HDRLEN + 2)
		return -1;
	memcpy(v, (const char *)a + NLA_HDRLEN, 2);
	return 0;
}

/* Called for every reply message of the family (not errors/done). */
typedef void (*reply_cb)(const struct nlmsghdr *nlh, void *ctx);

static void parse_extack(const struct nlmsghdr *nlh, struct answer *ans)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off, end = nlh->nlmsg_len;
	const unsigned char *base = (const unsigned char *)nlh;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	while (off + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const struct nlattr *)(base + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > end)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			size_t l = a->nla_len - NLA_HDRLEN;

			if (l >= sizeof(ans->extack))
				l = sizeof(ans->extack) - 1;
			memcpy(ans->extack, (const char *)a + NLA_HDRLEN, l);
			ans->extack[l] = 0;
		}
		off += NLA_ALIGN(a->nla_len);
	}
}

/*
 * Send m and read until its NLMSG_ERROR (ack or error) or NLMSG_DONE.
 * Messages of other sequence numbers (late answers) are skipped.
 */
static void transact(struct nl *nl, struct msg *m, reply_cb cb, void *ctx,
		     struct answer *ans)
{
	static unsigned char rx[RX_MAX];
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	uint32_t seq = ++nl->seq;

	memset(ans, 0, sizeof(*ans));
	m->nlh.nlmsg_seq = seq;
	m->nlh.nlmsg_pid = 0;
	/* m->nlh.nlmsg_len is set by the caller for malformed messages */
	if (m->nlh.nlmsg_len == 0)
		m->nlh.nlmsg_len = m->len;
	if (sendto(nl->fd, m->buf, m->len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		ans->err = -errno;
		snprintf(ans->extack, sizeof(ans->extack), "sendto failed");
		return;
	}
	for (;;) {
		ssize_t n = recv(nl->fd, rx, sizeof(rx), 0);
		struct nlmsghdr *h;
		size_t left;

		if (n < 0) {
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				ans->err = NO_ANSWER;
				return;
			}
			ans->err = -errno;
			snprintf(ans->extack, sizeof(ans->extack),
				 "recv failed");
			return;
		}
		left = (size_t)n;
		for (h = (struct nlmsghdr *)rx; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(int)))
					ans->err = -EBADMSG;
				else
					ans->err = e->error;
				parse_extack(h, ans);
				return;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				int v = 0;

				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&v, NLMSG_DATA(h), sizeof(v));
				ans->err = v;
				return;
			}
			if (h->nlmsg_type == NLMSG_NOOP ||
			    h->nlmsg_type == NLMSG_OVERRUN)
				continue;
			if (cb)
				cb(h, ctx);
		}
	}
}

static const void *genl_payload(const struct nlmsghdr *nlh, size_t *len)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN)) {
		*len = 0;
		return NULL;
	}
	*len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
}

static const char *errname(int err)
{
	static char buf[64];

	switch (err) {
	case 0: return "0 (success)";
	case NO_ANSWER: return "no answer";
	case -EINVAL: return "-EINVAL";
	case -ERANGE: return "-ERANGE";
	case -EEXIST: return "-EEXIST";
	case -ENOENT: return "-ENOENT";
	case -EPERM: return "-EPERM";
	case -EACCES: return "-EACCES";
	case -EOPNOTSUPP: return "-EOPNOTSUPP";
	case -ENOMEM: return "-ENOMEM";
	case -EBUSY: return "-EBUSY";
	case -EMSGSIZE: return "-EMSGSIZE";
	case -ENODEV: return "-ENODEV";
	case -EBADMSG: return "-EBADMSG";
	case -ENOSPC: return "-ENOSPC";
	case -E2BIG: return "-E2BIG";
	case -EFAULT: return "-EFAULT";
	case -EBADF: return "-EBADF";
	case -ENOTDIR: return "-ENOTDIR";
	}
	snprintf(buf, sizeof(buf), "%s%d", err < 0 ? "-errno " : "", err < 0 ? -err : err);
	return buf;
}

/* ------------------------------------------------------------------ */
/* family, snapshots                                                   */

static void family_cb(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	size_t len;
	const void *p = genl_payload(nlh, &len);
	uint16_t id;

	if (!p)
		return;
	parse_attrs(p, len, tb, CTRL_ATTR_MAX);
	if (nla_u16(tb[CTRL_ATTR_FAMILY_ID], &id) == 0)
		*(uint16_t *)ctx = id;
}

/* 0, or -ENOENT when the family does not exist, or another -errno. */
static int resolve_family(struct nl *nl)
{
	struct msg m;
	struct answer ans;
	uint16_t id = 0;

	msg_init(&m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY);
	((struct genlmsghdr *)(m.buf + NLMSG_HDRLEN))->version = 1;
	msg_put(&m, CTRL_ATTR_FAMILY_NAME, MOSIX_GENL_NAME,
		sizeof(MOSIX_GENL_NAME));
	transact(nl, &m, family_cb, &id, &ans);
	if (ans.err == NO_ANSWER)
		return -ETIMEDOUT;
	if (ans.err)
		return ans.err;
	if (!id)
		return -ENOENT;
	nl->family = id;
	return 0;
}

struct node {
	uint32_t id;
	uint32_t addr;		/* network order */
};

struct snapshot {
	uint32_t id, addr, speed, policy;	/* STATUS_GET */
	bool have_status;
	size_t n, cap;
	struct node *nodes;		/* NODE_GET dump, sorted by id */
	int err;			/* first error taking it */
};

static void snap_free(struct snapshot *s)
{
	free(s->nodes);
	memset(s, 0, sizeof(*s));
}

/* The attributes of a reply's MOSIX_A_NODE nest into @node; false if none. */
static bool parse_node(const struct nlmsghdr *nlh, const struct nlattr **tb,
		       const struct nlattr **node)
{
	const struct nlattr *top[MOSIX_A_MAX + 1];
	size_t len;
	const void *p = genl_payload(nlh, &len);
	const struct nlattr *nest;

	if (!p)
		return false;
	parse_attrs(p, len, top, MOSIX_A_MAX);
	if (tb)
		memcpy(tb, top, sizeof(top));
	nest = top[MOSIX_A_NODE];
	if (!nest || nest->nla_len < NLA_HDRLEN)
		return false;
	parse_attrs((const char *)nest + NLA_HDRLEN, nest->nla_len - NLA_HDRLEN,
		    node, MOSIX_NODE_A_MAX);
	return true;
}

static void status_cb(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *tb[MOSIX_A_MAX + 1], *node[MOSIX_NODE_A_MAX + 1];
	struct snapshot *s = ctx;

	if (!parse_node(nlh, tb, node))
		return;
	s->have_status = true;
	if (nla_u32(node[MOSIX_NODE_A_ID], &s->id))
		s->id = 0;
	if (nla_u32(node[MOSIX_NODE_A_ADDR], &s->addr))
		s->addr = 0;
	if (nla_u32(node[MOSIX_NODE_A_SPEED], &s->speed))
		s->speed = 0;
	if (nla_u32(tb[MOSIX_A_POLICY], &s->policy))
		s->policy = 0;
}

static void dump_cb(const struct nlmsghdr *nlh, void *ctx)
{
	const struct nlattr *node[MOSIX_NODE_A_MAX + 1];
	struct snapshot *s = ctx;
	struct node nd = { 0, 0 };

	if (!parse_node(nlh, NULL, node))
		return;
	nla_u32(node[MOSIX_NODE_A_ID], &nd.id);
	nla_u32(node[MOSIX_NODE_A_ADDR], &nd.addr);
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->nodes = realloc(s->nodes, s->cap * sizeof(*s->nodes));
		if (!s->nodes) {
			perror("nlprobe: realloc");
			exit(2);
		}
	}
	s->nodes[s->n++] = nd;
}

static int node_cmp(const void *a, const void *b)
{
	const struct node *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int take_snapshot(struct nl *nl, struct snapshot *s)
{
	struct msg m;
	struct answer ans;

	memset(s, 0, sizeof(*s));
	msg_init(&m, nl->family, NLM_F_REQUEST | NLM_F_ACK, MOSIX_CMD_STATUS_GET);
	transact(nl, &m, status_cb, s, &ans);
	if (ans.err || !s->have_status) {
		s->err = ans.err ? ans.err : -ENODATA;
		return s->err;
	}
	msg_init(&m, nl->family, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
		 MOSIX_CMD_NODE_GET);
	transact(nl, &m, dump_cb, s, &ans);
	if (ans.err) {
		s->err = ans.err;
		return s->err;
	}
	qsort(s->nodes, s->n, sizeof(*s->nodes), node_cmp);
	return 0;
}

static const char *ip(uint32_t a_be)
{
	static char buf[4][INET_ADDRSTRLEN];
	static int i;
	struct in_addr in = { .s_addr = a_be };

	i = (i + 1) % 4;
	inet_ntop(AF_INET, &in, buf[i], sizeof(buf[i]));
	return buf[i];
}

static const struct node *snap_find(const struct snapshot *s, uint32_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->nodes[i].id == id)
			return &s->nodes[i];
	return NULL;
}

/* true if equal; else a description of the first differences in why. */
static bool snap_equal(const struct snapshot *ref, const struct snapshot *cur,
		       char *why, size_t wlen)
{
	size_t off = 0;

#define WHY(...) do { if (off < wlen) \
	off += snprintf(why + off, wlen - off, __VA_ARGS__); } while (0)
	why[0] = 0;
	if (cur->err) {
		WHY("cannot read state: %s", errname(cur->err));
		return false;
	}
	if (ref->id != cur->id)
		WHY("self id %u -> %u; ", ref->id, cur->id);
	if (ref->addr != cur->addr)
		WHY("self addr %s -> %s; ", ip(ref->addr), ip(cur->addr));
	if (ref->speed != cur->speed)
		WHY("self speed %u -> %u; ", ref->speed, cur->speed);
	if (ref->policy != cur->policy)
		WHY("policy %#x -> %#x; ", ref->policy, cur->policy);
	for (size_t i = 0; i < ref->n; i++) {
		const struct node *c = snap_find(cur, ref->nodes[i].id);

		if (!c)
			WHY("node %u gone; ", ref->nodes[i].id);
		else if (c->addr != ref->nodes[i].addr)
			WHY("node %u addr %s -> %s; ", c->id,
			    ip(ref->nodes[i].addr), ip(c->addr));
	}
	for (size_t i = 0; i < cur->n; i++)
		if (!snap_find(ref, cur->nodes[i].id))
			WHY("node %u (%s) appeared; ", cur->nodes[i].id,
			    ip(cur->nodes[i].addr));
	if (ref->n != cur->n && !off)
		WHY("%zu nodes -> %zu; ", ref->n, cur->n);
#undef WHY
	if (off && off < wlen && why[off - 1] == ' ')
		why[off - 2] = 0;
	return off == 0;
}

/* ------------------------------------------------------------------ */
/* simple requests                                                     */

static int req_node(struct nl *nl, uint8_t cmd, bool with_id, uint32_t id,
		    bool with_addr, uint32_t addr)
{
	struct msg m;
	struct answer ans;

	msg_init(&m, nl->family, NLM_F_REQUEST | NLM_F_ACK, cmd);
	msg_put_node(&m, with_id, id, with_addr, addr);
	transact(nl, &m, NULL, NULL, &ans);
	return ans.err;
}

/* Put the table and identity back as they were in ref (best effort). */
static void restore(struct nl *nl, const struct snapshot *ref)
{
	struct snapshot cur;
	struct msg m;
	struct answer ans;

	if (take_snapshot(nl, &cur)) {
		printf("# restore: cannot read state: %s\n", errname(cur.err));
		snap_free(&cur);
		return;
	}
	if (cur.id != ref->id || cur.addr != ref->addr ||
	    cur.speed != ref->speed) {
		size_t nest;

		msg_init(&m, nl->family, NLM_F_REQUEST | NLM_F_ACK,
			 MOSIX_CMD_SELF_SET);
		nest = nest_begin(&m, MOSIX_A_NODE);
		if (cur.id != ref->id)
			msg_put_u32(&m, MOSIX_NODE_A_ID, ref->id);
		if (cur.addr != ref->addr)
			msg_put_be32(&m, MOSIX_NODE_A_ADDR, ref->addr);
		if (cur.speed != ref->speed && ref->speed)
			msg_put_u32(&m, MOSIX_NODE_A_SPEED, ref->speed);
		nest_end(&m, nest);
		transact(nl, &m, NULL, NULL, &ans);
		printf("# restore: SELF_SET -> %s\n", errname(ans.err));
	}
	if (cur.policy != ref->policy) {
		msg_init(&m, nl->family, NLM_F_REQUEST | NLM_F_ACK,
			 MOSIX_CMD_POLICY_SET);
		msg_put_u32(&m, MOSIX_A_POLICY_SET, ref->policy);
		msg_put_u32(&m, MOSIX_A_POLICY_CLEAR,
			    MOSIX_POLICY_ALL & ~ref->policy);
		transact(nl, &m, NULL, NULL, &ans);
		printf("# restore: POLICY_SET -> %s\n", errname(ans.err));
	}
	for (size_t i = 0; i < cur.n; i++) {
		const struct node *c = &cur.nodes[i];
		const struct node *r = snap_find(ref, c->id);

		/* this node's own row, before or after a SELF_SET */
		if (c->id == ref->id || c->id == cur.id ||
		    (r && r->addr == c->addr))
			continue;
		printf("# restore: NODE_DEL %u -> %s\n", c->id,
		       errname(req_node(nl, MOSIX_CMD_NODE_DEL, true, c->id,
					false, 0)));
	}
	for (size_t i = 0; i < ref->n; i++) {
		const struct node *r = &ref->nodes[i];
		const struct node *c = snap_find(&cur, r->id);

		if (r->id == ref->id || (c && c->addr == r->addr))
			continue;
		printf("# restore: NODE_ADD %u %s -> %s\n", r->id, ip(r->addr),
		       errname(req_node(nl, MOSIX_CMD_NODE_ADD, true, r->id,
					true, r->addr)));
	}
	snap_free(&cur);
}

/* ------------------------------------------------------------------ */
/* the cases                                                           */

struct ctx {
	struct nl *nl;
	const struct snapshot *ref;
	uint32_t self_id, self_addr;	/* this node */
	bool have_peer;
	uint32_t peer_id, peer_addr;	/* some other configured node */
	uint32_t free_id, free_addr;	/* an id, an address nobody has */
	int failed;
};

/* Up to three acceptable errnos; none listed: any negative errno. */
struct expect {
	int e[3];
};

#define E1(a)		{ { a, 0, 0 } }
#define E2(a, b)	{ { a, b, 0 } }
#define E3(a, b, c)	{ { a, b, c } }
#define ANY_ERROR	{ { 0, 0, 0 } }

static bool expected(struct expect x, int err)
{
	if (!x.e[0])
		return err < 0;
	return err == x.e[0] || (x.e[1] && err == x.e[1]) ||
	       (x.e[2] && err == x.e[2]);
}

static void expect_str(struct expect x, char *buf, size_t len)
{
	size_t off = 0;

	if (!x.e[0]) {
		snprintf(buf, len, "an error");
		return;
	}
	buf[0] = 0;
	for (int i = 0; i < 3 && x.e[i] && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s",
				i ? " or " : "", errname(x.e[i]));
}

/*
 * Send m, compare the answer with x, check the state is unchanged.
 * Prints the TAP line.
 */
static void run_case(struct ctx *c, const char *name, struct msg *m,
		     struct expect x)
{
	struct answer ans;
	struct snapshot cur;
	char why[512], exp[64];
	bool ok_err, ok_state;

	transact(c->nl, m, NULL, NULL, &ans);
	ok_err = expected(x, ans.err);
	take_snapshot(c->nl, &cur);
	ok_state = snap_equal(c->ref, &cur, why, sizeof(why));
	expect_str(x, exp, sizeof(exp));
	if (ok_err && ok_state) {
		printf("ok - nlprobe: %s\n", name);
	} else {
		c->failed++;
		printf("not ok - nlprobe: %s (", name);
		if (!ok_err)
			printf("got %s, expected %s", errname(ans.err), exp);
		if (!ok_err && !ok_state)
			printf("; ");
		if (!ok_state)
			printf("state changed: %s", why);
		printf(")\n");
	}
	if (ans.extack[0] && (verbose || !ok_err))
		printf("# extack: %s\n", ans.extack);
	if (!ok_state)
		restore(c->nl, c->ref);
	snap_free(&cur);
	fflush(stdout);
}

static void skip_case(const char *name, const char *why)
{
	printf("ok - nlprobe: %s # SKIP %s\n", name, why);
}

static void genl(struct ctx *c, struct msg *m, uint8_t cmd)
{
	msg_init(m, c->nl->family, NLM_F_REQUEST | NLM_F_ACK, cmd);
}

/* No extra attribute for node_add_free(). */
#define NO_EXTRA	-1

/*
 * A NODE_ADD of the free id and address: valid but for an attribute of
 * type @extra in its node (unless NO_EXTRA).
 */
static void node_add_free(struct ctx *c, struct msg *m, int extra,
			  size_t extra_len)
{
	uint32_t zero = 0;
	size_t nest;

	genl(c, m, MOSIX_CMD_NODE_ADD);
	nest = nest_begin(m, MOSIX_A_NODE);
	msg_put_u32(m, MOSIX_NODE_A_ID, c->free_id);
	msg_put_be32(m, MOSIX_NODE_A_ADDR, c->free_addr);
	if (extra != NO_EXTRA)
		msg_put(m, (uint16_t)extra, &zero, extra_len);
	nest_end(m, nest);
}

/* NODE_ADD: missing, misshapen, out of range and conflicting attributes. */
static void node_add_cases(struct ctx *c)
{
	struct msg m;
	uint64_t id64;
	uint16_t addr16;
	size_t nest;

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	run_case(c, "NODE_ADD without MOSIX_A_NODE", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put_node(&m, false, 0, true, c->free_addr);
	run_case(c, "NODE_ADD without NODE_A_ID", &m, (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put_node(&m, true, c->free_id, false, 0);
	run_case(c, "NODE_ADD without NODE_A_ADDR", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	nest = nest_begin(&m, MOSIX_A_NODE);
	id64 = c->free_id;
	msg_put(&m, MOSIX_NODE_A_ID, &id64, sizeof(id64));
	msg_put_be32(&m, MOSIX_NODE_A_ADDR, c->free_addr);
	nest_end(&m, nest);
	run_case(c, "NODE_ADD with an 8-byte NODE_A_ID", &m,
		 (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	nest = nest_begin(&m, MOSIX_A_NODE);
	msg_put_u32(&m, MOSIX_NODE_A_ID, c->free_id);
	addr16 = (uint16_t)c->free_addr;
	msg_put(&m, MOSIX_NODE_A_ADDR, &addr16, sizeof(addr16));
	nest_end(&m, nest);
	run_case(c, "NODE_ADD with a 2-byte NODE_A_ADDR", &m,
		 (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	nest = nest_begin(&m, MOSIX_A_NODE);
	msg_put(&m, MOSIX_NODE_A_ID, NULL, 0);
	msg_put_be32(&m, MOSIX_NODE_A_ADDR, c->free_addr);
	nest_end(&m, nest);
	run_case(c, "NODE_ADD with an empty NODE_A_ID", &m,
		 (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put_node(&m, true, 0, true, c->free_addr);
	run_case(c, "NODE_ADD id 0", &m, (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put_node(&m, true, MOSIX_NODE_ID_MAX + 1, true, c->free_addr);
	run_case(c, "NODE_ADD id 65536", &m, (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put_node(&m, true, 0xffffffffu, true, c->free_addr);
	run_case(c, "NODE_ADD id 0xffffffff", &m,
		 (struct expect)E2(-EINVAL, -ERANGE));

	/* NODE_ADD: attributes the command must not take */
	node_add_free(c, &m, NO_EXTRA, 0);
	msg_put_u32(&m, MOSIX_A_MAX + 5, 1);
	run_case(c, "NODE_ADD with an unknown attribute type (MOSIX_A_MAX+5)",
		 &m, (struct expect)E1(-EINVAL));

	node_add_free(c, &m, NO_EXTRA, 0);
	msg_put_u32(&m, MOSIX_A_TO_NODE, 1);
	run_case(c, "NODE_ADD with MOSIX_A_TO_NODE (not taken by the command)",
		 &m, (struct expect)E1(-EINVAL));

	node_add_free(c, &m, NO_EXTRA, 0);
	msg_put_u32(&m, MOSIX_A_UNSPEC, 1);
	run_case(c, "NODE_ADD with attribute type 0 (MOSIX_A_UNSPEC)",
		 &m, (struct expect)E1(-EINVAL));

	node_add_free(c, &m, MOSIX_NODE_A_LOAD, 4);
	run_case(c, "NODE_ADD with NODE_A_LOAD in its node (not taken)", &m,
		 (struct expect)E1(-EINVAL));

	node_add_free(c, &m, MOSIX_NODE_A_MAX + 1, 4);
	run_case(c, "NODE_ADD with an unknown attribute in its node", &m,
		 (struct expect)E1(-EINVAL));

	node_add_free(c, &m, MOSIX_NODE_A_UNSPEC, 4);
	run_case(c, "NODE_ADD with attribute type 0 in its node", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	nest = m.len;
	msg_put_node(&m, true, c->free_id, true, c->free_addr);
	((struct nlattr *)(m.buf + nest))->nla_type = MOSIX_A_NODE;
	run_case(c, "NODE_ADD whose node lacks NLA_F_NESTED", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put_u32(&m, MOSIX_A_NODE, c->free_id);
	run_case(c, "NODE_ADD with a u32 for its node", &m,
		 (struct expect)E1(-EINVAL));

	/* NODE_ADD: conflicts */
	if (c->have_peer) {
		genl(c, &m, MOSIX_CMD_NODE_ADD);
		msg_put_node(&m, true, c->peer_id, true, c->free_addr);
		run_case(c, "NODE_ADD of an existing id", &m,
			 (struct expect)E1(-EEXIST));

		genl(c, &m, MOSIX_CMD_NODE_ADD);
		msg_put_node(&m, true, c->free_id, true, c->peer_addr);
		run_case(c, "NODE_ADD of an existing address", &m,
			 (struct expect)E1(-EEXIST));

		genl(c, &m, MOSIX_CMD_NODE_ADD);
		msg_put_node(&m, true, c->peer_id, true, c->peer_addr);
		run_case(c, "NODE_ADD of an existing node again", &m,
			 (struct expect)E1(-EEXIST));
	} else {
		skip_case("NODE_ADD of an existing id", "no peer configured");
		skip_case("NODE_ADD of an existing address", "no peer configured");
		skip_case("NODE_ADD of an existing node again", "no peer configured");
	}

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put_node(&m, true, c->self_id, true, c->free_addr);
	run_case(c, "NODE_ADD of this node's own id", &m,
		 (struct expect)E1(-EINVAL));

	/* The uapi does not say which: "already known" or "own". */
	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put_node(&m, true, c->free_id, true, c->self_addr);
	run_case(c, "NODE_ADD of this node's own address", &m,
		 (struct expect)E2(-EEXIST, -EINVAL));
}

/*
 * The generic netlink core's checks of every command (resv_start_op):
 * the reserved header field, the netlink flags, no attribute for a
 * command without a policy.  Each request would be valid otherwise.
 */
static void header_cases(struct ctx *c)
{
	struct msg m;

	node_add_free(c, &m, NO_EXTRA, 0);
	((struct genlmsghdr *)(m.buf + NLMSG_HDRLEN))->reserved = 1;
	run_case(c, "NODE_ADD with a nonzero reserved field in its genl header",
		 &m, (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_STATUS_GET);
	((struct genlmsghdr *)(m.buf + NLMSG_HDRLEN))->reserved = 0x8000;
	run_case(c, "STATUS_GET with a nonzero reserved field", &m,
		 (struct expect)E1(-EINVAL));

	node_add_free(c, &m, NO_EXTRA, 0);
	m.nlh.nlmsg_flags |= NLM_F_APPEND;
	run_case(c, "NODE_ADD with NLM_F_APPEND", &m, (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_GET);
	m.nlh.nlmsg_flags |= NLM_F_ROOT;
	run_case(c, "NODE_GET with half of NLM_F_DUMP (NLM_F_ROOT)", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_GET);
	m.nlh.nlmsg_flags |= NLM_F_DUMP;
	msg_put_node(&m, true, c->self_id, false, 0);
	run_case(c, "NODE_GET dump with an attribute", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_STATUS_GET);
	msg_put_node(&m, true, c->self_id, false, 0);
	run_case(c, "STATUS_GET with an attribute", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_EXPEL);
	msg_put_u32(&m, MOSIX_A_POLICY, 0);
	run_case(c, "EXPEL with an attribute", &m, (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_KEY_CLEAR);
	msg_put_u32(&m, MOSIX_A_MAX + 1, 0);
	run_case(c, "KEY_CLEAR with an unknown attribute", &m,
		 (struct expect)E1(-EINVAL));

	/* (a key that is never set: each case fails before it would be) */
	{
		static const char key[] = "nlprobe key, never set";
		uint8_t two = 2, one = 1;

		genl(c, &m, MOSIX_CMD_KEY_SET);
		msg_put(&m, MOSIX_A_KEY, key, sizeof(key));
		msg_put(&m, MOSIX_A_ENCRYPT, &two, sizeof(two));
		run_case(c, "KEY_SET with encrypt 2", &m,
			 (struct expect)E1(-ERANGE));

		genl(c, &m, MOSIX_CMD_KEY_SET);
		msg_put(&m, MOSIX_A_ENCRYPT, &one, sizeof(one));
		run_case(c, "KEY_SET with encrypt and no key", &m,
			 (struct expect)E1(-EINVAL));

		genl(c, &m, MOSIX_CMD_KEY_SET);
		msg_put(&m, MOSIX_A_KEY, key, sizeof(key));
		msg_put_u32(&m, MOSIX_A_ENCRYPT, 1);
		run_case(c, "KEY_SET with encrypt as 4 bytes", &m,
			 (struct expect)E1(-EINVAL));
	}
}

/* The other commands that take a node, a process or the balancer. */
static void nest_cases(struct ctx *c)
{
	struct msg m;
	size_t nest;

	genl(c, &m, MOSIX_CMD_NODE_DEL);
	msg_put_node(&m, true, c->free_id, false, 0);
	run_case(c, "NODE_DEL of an unknown id", &m, (struct expect)E1(-ENOENT));

	genl(c, &m, MOSIX_CMD_NODE_DEL);
	run_case(c, "NODE_DEL without MOSIX_A_NODE", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_DEL);
	msg_put_node(&m, false, 0, false, 0);
	run_case(c, "NODE_DEL with an empty node", &m, (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_DEL);
	msg_put_node(&m, true, 0, false, 0);
	run_case(c, "NODE_DEL id 0", &m,
		 (struct expect)E3(-EINVAL, -ERANGE, -ENOENT));

	/* The uapi does not say which: the own id is not a peer. */
	genl(c, &m, MOSIX_CMD_NODE_DEL);
	msg_put_node(&m, true, c->self_id, false, 0);
	run_case(c, "NODE_DEL of this node's own id", &m,
		 (struct expect)E2(-ENOENT, -EINVAL));

	if (c->have_peer) {
		genl(c, &m, MOSIX_CMD_NODE_DEL);
		msg_put_node(&m, true, c->peer_id, true, c->peer_addr);
		run_case(c, "NODE_DEL with NODE_A_ADDR (not taken by the command)",
			 &m, (struct expect)E1(-EINVAL));
	} else {
		skip_case("NODE_DEL with NODE_A_ADDR (not taken by the command)",
			  "no peer configured");
	}

	genl(c, &m, MOSIX_CMD_SELF_SET);
	run_case(c, "SELF_SET without attributes", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_SELF_SET);
	msg_put_node(&m, false, 0, false, 0);
	run_case(c, "SELF_SET with an empty node", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_SELF_SET);
	nest = nest_begin(&m, MOSIX_A_NODE);
	msg_put_u32(&m, MOSIX_NODE_A_SPEED, 0);
	nest_end(&m, nest);
	run_case(c, "SELF_SET SPEED 0", &m, (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_SELF_SET);
	nest = nest_begin(&m, MOSIX_A_NODE);
	msg_put_u32(&m, MOSIX_NODE_A_SPEED, MOSIX_SPEED_MAX + 1);
	nest_end(&m, nest);
	run_case(c, "SELF_SET SPEED MOSIX_SPEED_MAX+1", &m,
		 (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_SELF_SET);
	msg_put_node(&m, true, MOSIX_NODE_ID_MAX + 1, false, 0);
	run_case(c, "SELF_SET NODE_A_ID 65536", &m,
		 (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_SELF_SET);
	nest = nest_begin(&m, MOSIX_A_NODE);
	msg_put_u32(&m, MOSIX_NODE_A_SPEED, MOSIX_SPEED_STD);
	msg_put_u32(&m, MOSIX_NODE_A_CPUS, 1);
	nest_end(&m, nest);
	run_case(c, "SELF_SET with NODE_A_CPUS (not taken by the command)",
		 &m, (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_GET);
	msg_put_node(&m, true, c->self_id, true, c->self_addr);
	run_case(c, "NODE_GET with both NODE_A_ID and NODE_A_ADDR", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_GET);
	msg_put_node(&m, true, c->free_id, false, 0);
	run_case(c, "NODE_GET of an unknown id", &m, (struct expect)E1(-ENOENT));

	genl(c, &m, MOSIX_CMD_NODE_GET);
	msg_put_node(&m, false, 0, true, c->free_addr);
	run_case(c, "NODE_GET of an unknown address", &m,
		 (struct expect)E1(-ENOENT));

	genl(c, &m, MOSIX_CMD_PROC_GET);
	nest = nest_begin(&m, MOSIX_A_PROC);
	msg_put_u32(&m, MOSIX_PROC_A_PID, 1);
	msg_put_u32(&m, MOSIX_PROC_A_MIGRATIONS, 0);
	nest_end(&m, nest);
	run_case(c, "PROC_GET with PROC_A_MIGRATIONS (not taken)", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_PROC_GET);
	msg_put_pid(&m, 0);
	run_case(c, "PROC_GET of pid 0", &m, (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_MIGRATE);
	msg_put_pid(&m, getpid());
	msg_put_u32(&m, MOSIX_A_TO_NODE, 0);
	run_case(c, "MIGRATE to node 0", &m, (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_MIGRATE);
	msg_put_pid(&m, getpid());
	msg_put_u32(&m, MOSIX_A_TO_NODE, c->free_id);
	run_case(c, "MIGRATE to an unknown node", &m,
		 (struct expect)E1(-ENOENT));

	genl(c, &m, MOSIX_CMD_PIN);
	msg_put_pid(&m, getpid());
	run_case(c, "PIN without PROC_A_PINNED", &m, (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_BALANCER_SET);
	nest = nest_begin(&m, MOSIX_A_BALANCER);
	msg_put_u32(&m, MOSIX_BALANCER_A_INTERVAL_MS,
		    MOSIX_BALANCER_INTERVAL_MIN - 1);
	nest_end(&m, nest);
	run_case(c, "BALANCER_SET interval below its range", &m,
		 (struct expect)E2(-EINVAL, -ERANGE));

	genl(c, &m, MOSIX_CMD_BALANCER_SET);
	nest = nest_begin(&m, MOSIX_A_BALANCER);
	msg_put_u32(&m, MOSIX_BALANCER_A_CALL_US, 100);
	nest_end(&m, nest);
	run_case(c, "BALANCER_SET of a read-only figure (CALL_US)", &m,
		 (struct expect)E1(-EINVAL));
}

/* The guests' cgroup: what is not an open cgroup v2 directory. */
static void guests_cases(struct ctx *c)
{
	struct msg m;
	int fd;

	genl(c, &m, MOSIX_CMD_GUESTS_SET);
	msg_put_u32(&m, MOSIX_A_CGROUP_FD, 987654);
	run_case(c, "GUESTS_SET with a descriptor that is not open", &m,
		 (struct expect)E1(-EBADF));

	genl(c, &m, MOSIX_CMD_GUESTS_SET);
	msg_put_u32(&m, MOSIX_A_CGROUP_FD, 0xffffffff);
	run_case(c, "GUESTS_SET with descriptor -1", &m,
		 (struct expect)E1(-ERANGE));

	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		genl(c, &m, MOSIX_CMD_GUESTS_SET);
		msg_put_u32(&m, MOSIX_A_CGROUP_FD, (uint32_t)fd);
		run_case(c, "GUESTS_SET with a directory that is no cgroup", &m,
			 (struct expect)E1(-ENOTDIR));
		close(fd);
	}

	genl(c, &m, MOSIX_CMD_BALANCER_SET);
	{
		size_t nest = nest_begin(&m, MOSIX_A_BALANCER);
		uint8_t two = 2;

		msg_put(&m, MOSIX_BALANCER_A_SERVICES, &two, sizeof(two));
		nest_end(&m, nest);
	}
	run_case(c, "BALANCER_SET with services 2", &m,
		 (struct expect)E2(-EINVAL, -ERANGE));
}

static void run_cases(struct ctx *c)
{
	struct msg m;
	unsigned char garbage[24];

	node_add_cases(c);
	header_cases(c);
	nest_cases(c);

	/* unknown commands */
	genl(c, &m, MOSIX_CMD_MAX + 1);
	run_case(c, "unknown command MOSIX_CMD_MAX+1", &m,
		 (struct expect)E1(-EOPNOTSUPP));

	genl(c, &m, MOSIX_CMD_UNSPEC);
	run_case(c, "command 0 (MOSIX_CMD_UNSPEC)", &m,
		 (struct expect)E1(-EOPNOTSUPP));

	genl(c, &m, 255);
	run_case(c, "command 255", &m, (struct expect)E1(-EOPNOTSUPP));

	/* malformed netlink framing */
	genl(c, &m, MOSIX_CMD_NODE_ADD);
	m.len = NLMSG_HDRLEN + 2;
	m.nlh.nlmsg_len = m.len;
	run_case(c, "truncated message (half a genl header)", &m,
		 (struct expect)ANY_ERROR);

	genl(c, &m, MOSIX_CMD_STATUS_GET);
	m.len = NLMSG_HDRLEN;
	m.nlh.nlmsg_len = m.len;
	run_case(c, "truncated message (no genl header)", &m,
		 (struct expect)ANY_ERROR);

	/* nested garbage */
	memset(garbage, 0xa5, sizeof(garbage));
	node_add_free(c, &m, NO_EXTRA, 0);
	msg_put(&m, MOSIX_A_STATS | NLA_F_NESTED, garbage, sizeof(garbage));
	run_case(c, "NODE_ADD with a garbage nested attribute", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_ADD);
	msg_put(&m, MOSIX_A_NODE | NLA_F_NESTED, garbage, sizeof(garbage));
	run_case(c, "NODE_ADD whose node is garbage", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_GET);
	msg_put(&m, MOSIX_A_STATS | NLA_F_NESTED, garbage, sizeof(garbage));
	run_case(c, "NODE_GET with a garbage nested attribute", &m,
		 (struct expect)E1(-EINVAL));

	/* attribute lengths that do not fit */
	genl(c, &m, MOSIX_CMD_NODE_ADD);
	{
		size_t nest = nest_begin(&m, MOSIX_A_NODE);
		uint32_t a = c->free_addr;

		msg_put_u32(&m, MOSIX_NODE_A_ID, c->free_id);
		msg_put_raw(&m, 64, MOSIX_NODE_A_ADDR, &a, sizeof(a));
		nest_end(&m, nest);
	}
	run_case(c, "NODE_ADD with an attribute length past its nest's end",
		 &m, (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_NODE_DEL);
	{
		uint32_t id = c->have_peer ? c->peer_id : c->free_id;

		msg_put_raw(&m, 2, MOSIX_A_NODE, &id, sizeof(id));
	}
	run_case(c, "NODE_DEL with an attribute length below its header", &m,
		 (struct expect)E1(-EINVAL));

	genl(c, &m, MOSIX_CMD_SELF_SET);
	{
		size_t nest = nest_begin(&m, MOSIX_A_NODE);

		msg_put_u32(&m, MOSIX_NODE_A_SPEED, MOSIX_SPEED_STD);
		nest_end(&m, nest);
	}
	m.buf[m.len++] = 0x01;	/* 1 trailing byte: not even an attr header */
	m.buf[m.len++] = 0x02;
	m.buf[m.len++] = 0x03;
	run_case(c, "SELF_SET with trailing bytes after the attributes", &m,
		 (struct expect)E1(-EINVAL));

	guests_cases(c);
}

/* ------------------------------------------------------------------ */
/* unprivileged                                                        */

static void unpriv_case(struct nl *nl, int *failed, const char *name,
			struct msg *m, int want)
{
	struct answer ans;

	transact(nl, m, NULL, NULL, &ans);
	if (ans.err == want) {
		printf("ok - nlprobe: %s\n", name);
	} else {
		(*failed)++;
		printf("not ok - nlprobe: %s (got %s, expected %s)\n", name,
		       errname(ans.err), want ? errname(want) : "success");
		if (ans.extack[0])
			printf("# extack: %s\n", ans.extack);
	}
	fflush(stdout);
}

/* Runs in a child that dropped to UNPRIV_UID; exit status = failures. */
static int unpriv_child(const struct ctx *c)
{
	struct nl nl;
	struct msg m;
	struct snapshot s;
	char why[512];
	int failed = 0, err;
	size_t nest;

	if (setgroups(0, NULL) || setgid(UNPRIV_GID) || setuid(UNPRIV_UID)) {
		printf("not ok - nlprobe: drop privileges to uid %d (%s)\n",
		       UNPRIV_UID, strerror(errno));
		return 1;
	}
	if (setuid(0) == 0) {
		printf("not ok - nlprobe: drop privileges (setuid(0) works again)\n");
		return 1;
	}
	err = nl_open(&nl);
	if (!err)
		err = resolve_family(&nl);
	if (err) {
		printf("not ok - nlprobe: unprivileged: open and resolve the family (%s)\n",
		       errname(err));
		return 1;
	}
	printf("ok - nlprobe: unprivileged: resolve the family as uid %d\n",
	       UNPRIV_UID);

	/* Fully valid requests: the only reason to refuse is permission. */
	msg_init(&m, nl.family, NLM_F_REQUEST | NLM_F_ACK, MOSIX_CMD_NODE_ADD);
	msg_put_node(&m, true, c->free_id, true, c->free_addr);
	unpriv_case(&nl, &failed, "unprivileged NODE_ADD", &m, -EPERM);

	msg_init(&m, nl.family, NLM_F_REQUEST | NLM_F_ACK, MOSIX_CMD_NODE_DEL);
	msg_put_node(&m, true, c->have_peer ? c->peer_id : c->free_id, false, 0);
	unpriv_case(&nl, &failed, "unprivileged NODE_DEL", &m, -EPERM);

	msg_init(&m, nl.family, NLM_F_REQUEST | NLM_F_ACK, MOSIX_CMD_SELF_SET);
	nest = nest_begin(&m, MOSIX_A_NODE);
	msg_put_u32(&m, MOSIX_NODE_A_SPEED,
		    c->ref->speed == MOSIX_SPEED_STD ? MOSIX_SPEED_STD + 1 :
		    MOSIX_SPEED_STD);
	nest_end(&m, nest);
	unpriv_case(&nl, &failed, "unprivileged SELF_SET", &m, -EPERM);

	msg_init(&m, nl.family, NLM_F_REQUEST | NLM_F_ACK, MOSIX_CMD_POLICY_SET);
	msg_put_u32(&m, MOSIX_A_POLICY_SET, MOSIX_POLICY_BLOCK);
	unpriv_case(&nl, &failed, "unprivileged POLICY_SET", &m, -EPERM);

	msg_init(&m, nl.family, NLM_F_REQUEST | NLM_F_ACK, MOSIX_CMD_GUESTS_SET);
	unpriv_case(&nl, &failed, "unprivileged GUESTS_SET", &m, -EPERM);

	msg_init(&m, nl.family, NLM_F_REQUEST | NLM_F_ACK, MOSIX_CMD_NODE_GET);
	msg_put_node(&m, true, c->self_id, false, 0);
	unpriv_case(&nl, &failed, "unprivileged NODE_GET of this node works",
		    &m, 0);

	err = take_snapshot(&nl, &s);
	if (err) {
		failed++;
		printf("not ok - nlprobe: unprivileged STATUS_GET and NODE_GET dump work (got %s)\n",
		       errname(err));
	} else if (!snap_equal(c->ref, &s, why, sizeof(why))) {
		failed++;
		printf("not ok - nlprobe: unprivileged STATUS_GET and NODE_GET dump work (differs from root's view: %s)\n",
		       why);
	} else {
		printf("ok - nlprobe: unprivileged STATUS_GET and NODE_GET dump work\n");
	}
	snap_free(&s);
	fflush(stdout);
	return failed;
}

static void run_unpriv(struct ctx *c)
{
	struct snapshot cur;
	char why[512];
	pid_t pid;
	int st;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		printf("not ok - nlprobe: unprivileged cases (fork: %s)\n",
		       strerror(errno));
		c->failed++;
		return;
	}
	if (pid == 0) {
		int f = unpriv_child(c);

		fflush(stdout);
		_exit(f > 100 ? 100 : f);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st)) {
		printf("not ok - nlprobe: unprivileged cases (child died)\n");
		c->failed++;
	} else {
		c->failed += WEXITSTATUS(st);
	}
	take_snapshot(c->nl, &cur);
	if (snap_equal(c->ref, &cur, why, sizeof(why))) {
		printf("ok - nlprobe: unprivileged requests changed nothing\n");
	} else {
		c->failed++;
		printf("not ok - nlprobe: unprivileged requests changed nothing (state changed: %s)\n",
		       why);
		restore(c->nl, c->ref);
	}
	snap_free(&cur);
}

/* ------------------------------------------------------------------ */
/* random mode                                                         */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned int rnd_below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static void put_random_attr(struct msg *m, uint16_t type, size_t len)
{
	unsigned char data[64];

	for (size_t i = 0; i < len; i++)
		data[i] = (unsigned char)rnd();
	/* Now and then a plausible value instead of noise. */
	if (len == 4 && rnd_below(2)) {
		static const uint32_t vals[] = {
			0, 1, 2, 3, 999, MOSIX_NODE_ID_MAX,
			MOSIX_NODE_ID_MAX + 1, MOSIX_SPEED_MAX,
			MOSIX_SPEED_MAX + 1, 0xffffffffu,
			0x01004d0a /* 10.77.0.1 */, 0x02004d0a, 0x0100007f,
		};
		uint32_t v = vals[rnd_below(sizeof(vals) / sizeof(vals[0]))];

		memcpy(data, &v, 4);
	}
	msg_put(m, type, data, len);
}

/* Commands that may change something (unknown ones included). */
static bool is_mutating(unsigned int cmd)
{
	return cmd != MOSIX_CMD_STATUS_GET && cmd != MOSIX_CMD_NODE_GET &&
	       cmd != MOSIX_CMD_PROC_GET && cmd != MOSIX_CMD_GUEST_GET;
}

/* A nest @type of 1..3 attributes of the @n types @inner, mostly u32s. */
static void put_random_nest(struct msg *m, uint16_t type,
			    const uint16_t *inner, unsigned int n)
{
	size_t nest = nest_begin(m, type);

	for (unsigned int k = rnd_below(3); k < 3; k++)
		put_random_attr(m, inner[rnd_below(n)],
				rnd_below(4) ? 4 : rnd_below(9));
	nest_end(m, nest);
}

/* An attribute of a type that some command takes, in its nest. */
static void put_plausible_attr(struct msg *m)
{
	static const uint16_t node[] = {
		MOSIX_NODE_A_ID, MOSIX_NODE_A_ADDR, MOSIX_NODE_A_SPEED,
	};
	static const uint16_t proc[] = {
		MOSIX_PROC_A_PID, MOSIX_PROC_A_PINNED,
	};
	static const uint16_t balancer[] = {
		MOSIX_BALANCER_A_ENABLED, MOSIX_BALANCER_A_INTERVAL_MS,
		MOSIX_BALANCER_A_STABILITY, MOSIX_BALANCER_A_DECAY,
		MOSIX_BALANCER_A_MEM_LOW,
	};

	switch (rnd_below(4)) {
	case 0:
		put_random_nest(m, MOSIX_A_NODE, node, 3);
		break;
	case 1:
		put_random_nest(m, MOSIX_A_PROC, proc, 2);
		break;
	case 2:
		put_random_nest(m, MOSIX_A_BALANCER, balancer, 5);
		break;
	default:
		put_random_attr(m, MOSIX_A_TO_NODE, rnd_below(4) ? 4 : 2);
	}
}

static int run_random(struct ctx *c, unsigned long n, unsigned long long seed)
{
	unsigned long sent = 0, noanswer = 0, accepted_mut = 0;
	unsigned long hist_ok = 0, hist_inval = 0, hist_range = 0,
		      hist_noent = 0, hist_notsupp = 0, hist_other = 0;
	struct snapshot cur;
	char why[512];
	int failed = 0;

	rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
	for (unsigned long i = 0; i < n; i++) {
		for (unsigned int cmd = 0; cmd <= MOSIX_CMD_MAX + 1; cmd++) {
			struct msg m;
			struct answer ans;
			unsigned int nattr = rnd_below(7);
			unsigned int poison_at = rnd_below(nattr + 1);
			uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
			/*
			 * Half the messages carry only attribute types that
			 * some command takes, mostly of the right size, so
			 * that they get past the policy to the handlers.
			 */
			bool plausible = rnd_below(2);

			if (cmd == MOSIX_CMD_NODE_GET && rnd_below(3) == 0)
				flags |= NLM_F_DUMP;
			msg_init(&m, c->nl->family, flags, (uint8_t)cmd);
			for (unsigned int a = 0; a <= nattr; a++) {
				uint16_t type;

				/*
				 * A message that could change something must
				 * never be valid, or a random NODE_DEL of a
				 * real id or an EXPEL would change the state
				 * that must stay unchanged.  So by
				 * construction each carries a node whose
				 * NODE_A_ID has 0..3 bytes: the commands that
				 * take a node take that id as a u32, the
				 * others take no node, and strict validation
				 * rejects both wherever it is in the message.
				 * (A message cut inside its genl header below
				 * loses it, but genl refuses those before any
				 * handler runs.)
				 */
				if (a == poison_at) {
					if (is_mutating(cmd)) {
						size_t nest = nest_begin(&m, MOSIX_A_NODE);

						put_random_attr(&m, MOSIX_NODE_A_ID,
								rnd_below(4));
						nest_end(&m, nest);
					}
					continue;
				}
				if (plausible) {
					put_plausible_attr(&m);
					continue;
				}
				type = (uint16_t)rnd_below(MOSIX_A_MAX + 4);
				if (rnd_below(16) == 0)
					type |= NLA_F_NESTED;
				put_random_attr(&m, type, rnd_below(65));
			}
			/* Now and then a header the core refuses. */
			if (rnd_below(32) == 0)
				((struct genlmsghdr *)(m.buf + NLMSG_HDRLEN))->reserved =
					(uint16_t)rnd();
			else if (rnd_below(32) == 0)
				m.nlh.nlmsg_flags |= 1u << (4 + rnd_below(8));
			/* Now and then broken framing. */
			switch (rnd_below(32)) {
			case 0:	/* last attribute runs past the end */
				if (m.len > NLMSG_HDRLEN + GENL_HDRLEN) {
					struct nlattr *last = NULL;
					size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

					while (off + NLA_HDRLEN <= m.len) {
						last = (struct nlattr *)(m.buf + off);
						off += NLA_ALIGN(last->nla_len);
					}
					if (last)
						last->nla_len += 4 + rnd_below(200);
				}
				break;
			case 1:	/* trailing bytes that are no attribute */
				m.len += 1 + rnd_below(3);
				break;
			case 2:	/* cut inside the genl header */
				m.len = NLMSG_HDRLEN + rnd_below(GENL_HDRLEN);
				break;
			}
			transact(c->nl, &m, NULL, NULL, &ans);
			sent++;
			switch (ans.err) {
			case NO_ANSWER:
				noanswer++;
				if (noanswer <= 10)
					printf("# random: no answer to cmd %u, message %lu\n",
					       cmd, sent);
				break;
			case 0: hist_ok++; break;
			case -EINVAL: hist_inval++; break;
			case -ERANGE: hist_range++; break;
			case -ENOENT: hist_noent++; break;
			case -EOPNOTSUPP: hist_notsupp++; break;
			default: hist_other++; break;
			}
			if (ans.err == 0 && is_mutating(cmd)) {
				accepted_mut++;
				if (accepted_mut <= 10)
					printf("# random: invalid cmd %u message %lu was accepted\n",
					       cmd, sent);
			}
		}
	}
	printf("# random: seed %llu, %lu messages: %lu ok, %lu -EINVAL, %lu -ERANGE, %lu -ENOENT, %lu -EOPNOTSUPP, %lu other, %lu unanswered\n",
	       seed, sent, hist_ok, hist_inval, hist_range, hist_noent,
	       hist_notsupp, hist_other, noanswer);

	if (noanswer) {
		failed++;
		printf("not ok - nlprobe: random: every message answered (%lu of %lu got no answer in %d s)\n",
		       noanswer, sent, RCV_TIMEOUT_S);
	} else {
		printf("ok - nlprobe: random: every message answered (%lu)\n",
		       sent);
	}
	if (accepted_mut) {
		failed++;
		printf("not ok - nlprobe: random: invalid requests that change state refused (%lu accepted)\n",
		       accepted_mut);
	} else {
		printf("ok - nlprobe: random: invalid requests that change state refused\n");
	}
	take_snapshot(c->nl, &cur);
	if (snap_equal(c->ref, &cur, why, sizeof(why))) {
		printf("ok - nlprobe: random: node table and status unchanged\n");
	} else {
		failed++;
		printf("not ok - nlprobe: random: node table and status unchanged (state changed: %s)\n",
		       why);
		restore(c->nl, c->ref);
	}
	snap_free(&cur);
	return failed;
}

/* ------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr,
		"usage: mosix-nlprobe [-v]\n"
		"       mosix-nlprobe [-v] random N SEED\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct nl nl;
	struct snapshot ref;
	struct ctx c;
	bool random_mode = false;
	unsigned long n = 0;
	unsigned long long seed = 0;
	int err, opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "v")) != -1) {
		if (opt == 'v')
			verbose = true;
		else
			usage();
	}
	if (optind < argc) {
		char *end;

		if (strcmp(argv[optind], "random") || argc - optind != 3)
			usage();
		random_mode = true;
		n = strtoul(argv[optind + 1], &end, 0);
		if (*end || !n)
			usage();
		seed = strtoull(argv[optind + 2], &end, 0);
		if (*end)
			usage();
	}

	err = nl_open(&nl);
	if (err) {
		printf("# nlprobe: cannot open a generic netlink socket: %s\n",
		       strerror(-err));
		return 2;
	}
	err = resolve_family(&nl);
	if (err == -ENOENT) {
		printf("# nlprobe: generic netlink family \"%s\" not found (kernel without mosix?)\n",
		       MOSIX_GENL_NAME);
		fprintf(stderr, "mosix-nlprobe: family \"%s\" not found\n",
			MOSIX_GENL_NAME);
		return 2;
	}
	if (err) {
		printf("# nlprobe: cannot resolve family \"%s\": %s\n",
		       MOSIX_GENL_NAME, errname(err));
		return 2;
	}
	if (geteuid() != 0) {
		printf("# nlprobe: must run as root (it drops privileges itself)\n");
		return 2;
	}
	printf("# nlprobe: family \"%s\" id %u\n", MOSIX_GENL_NAME, nl.family);

	if (take_snapshot(&nl, &ref)) {
		printf("not ok - nlprobe: read STATUS_GET and NODE_GET dump (%s)\n",
		       errname(ref.err));
		return 1;
	}
	memset(&c, 0, sizeof(c));
	c.nl = &nl;
	c.ref = &ref;
	c.self_id = ref.id;
	c.self_addr = ref.addr;
	printf("# nlprobe: self id %u addr %s speed %u, %zu nodes:",
	       ref.id, ip(ref.addr), ref.speed, ref.n);
	for (size_t i = 0; i < ref.n; i++) {
		printf(" %u=%s", ref.nodes[i].id, ip(ref.nodes[i].addr));
		if (!c.have_peer && ref.nodes[i].id != ref.id) {
			c.have_peer = true;
			c.peer_id = ref.nodes[i].id;
			c.peer_addr = ref.nodes[i].addr;
		}
	}
	printf("\n");
	for (c.free_id = 60001; snap_find(&ref, c.free_id) ||
	     c.free_id == ref.id; c.free_id++)
		;
	/* 192.0.2.0/24 (TEST-NET-1): nobody's real address */
	for (uint32_t h = 0xc0000201u;; h++) {
		bool used = htonl(h) == ref.addr;

		for (size_t i = 0; i < ref.n && !used; i++)
			used = ref.nodes[i].addr == htonl(h);
		if (!used) {
			c.free_addr = htonl(h);
			break;
		}
	}

	if (random_mode) {
		c.failed = run_random(&c, n, seed);
	} else {
		run_cases(&c);
		run_unpriv(&c);
	}
	snap_free(&ref);
	printf("# nlprobe: %d failed\n", c.failed);
	return c.failed ? 1 : 0;
}
