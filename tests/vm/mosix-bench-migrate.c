// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-bench-migrate PID NODE|home: migrate a process, as
 * `mosctl migrate` does, and print how long the kernel took:
 *
 *   migrate_us N
 *
 * from sending MOSIX_CMD_MIGRATE to receiving its answer (CLOCK_MONOTONIC).
 * The command returns once the target has accepted the process (or home
 * has, for NODE "home"), so this is the time during which the process is
 * frozen, give or take the scheduling of the netlink round trip.  Timing
 * mosctl itself would add the start of a dynamically linked program,
 * which under QEMU's TCG costs 100 to 300 ms.
 *
 * It speaks raw generic netlink (no libnl), so it is a static program.
 * Exit status: 0 migrated; 1 the kernel refused (the errno and its extack
 * message on stderr); 2 usage or netlink trouble.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mosix.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

#define BUFSZ 8192

static union {
	char b[BUFSZ];
	struct nlmsghdr align;
} rx;

struct request {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char attrs[64];
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void put_attr(struct request *r, unsigned short type, const void *data,
		     unsigned short len)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* A nest @nest holding the one u32 attribute @type. */
static void put_nest_u32(struct request *r, unsigned short nest,
			 unsigned short type, uint32_t val)
{
	struct nlattr *n = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	n->nla_type = nest | NLA_F_NESTED;
	n->nla_len = NLA_HDRLEN;
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_HDRLEN;
	put_attr(r, type, &val, sizeof(val));
	n->nla_len += NLA_ALIGN(NLA_HDRLEN + sizeof(val));
}

static void start(struct request *r, unsigned short family, unsigned char cmd,
		  unsigned char version, unsigned int seq)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = family;
	r->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->n.nlmsg_seq = seq;
	r->g.cmd = cmd;
	r->g.version = version;
}

/* The extack message of an error answer, or "". */
static const char *extack_msg(struct nlmsghdr *h)
{
	struct nlmsgerr *e = NLMSG_DATA(h);
	struct nlattr *a;
	int len;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return "";
	len = (int)h->nlmsg_len - NLMSG_HDRLEN;
	if (h->nlmsg_flags & NLM_F_CAPPED)
		a = (struct nlattr *)((char *)e + sizeof(*e));
	else
		a = (struct nlattr *)((char *)e + sizeof(*e) +
				      NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN));
	len -= (int)((char *)a - (char *)e);
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len) {
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			return (const char *)a + NLA_HDRLEN;
		len -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return "";
}

/*
 * Send r, read answers up to the ACK or error of its sequence number.
 * Returns the error (0 for an ACK), or 1 when netlink itself failed; on
 * the way, the family id of a CTRL_CMD_NEWFAMILY answer goes to *family.
 */
static int transact(int s, struct request *r, unsigned short *family)
{
	ssize_t n;
	struct nlmsghdr *h;

	if (send(s, r, r->n.nlmsg_len, 0) < 0) {
		perror("mosix-bench-migrate: send");
		return 1;
	}
	for (;;) {
		n = recv(s, rx.b, sizeof(rx.b), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("mosix-bench-migrate: recv");
			return 1;
		}
		for (h = &rx.align; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != r->n.nlmsg_seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (e->error)
					fprintf(stderr, "mosix-bench-migrate: %s%s%s\n",
						strerror(-e->error),
						*extack_msg(h) ? ": " : "",
						extack_msg(h));
				return e->error;
			}
			if (family && h->nlmsg_type == GENL_ID_CTRL) {
				struct genlmsghdr *g = NLMSG_DATA(h);
				struct nlattr *a = (struct nlattr *)((char *)g + GENL_HDRLEN);
				int len = (int)h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

				while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
				       a->nla_len <= len) {
					if (a->nla_type == CTRL_ATTR_FAMILY_ID)
						memcpy(family, (char *)a + NLA_HDRLEN,
						       sizeof(*family));
					len -= NLA_ALIGN(a->nla_len);
					a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
				}
			}
		}
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	unsigned short family = 0;
	struct request r;
	uint32_t pid, node = 0;
	long long t0, t1;
	int s, one = 1, err;
	char *end;

	if (argc != 3) {
		fprintf(stderr, "usage: mosix-bench-migrate PID NODE|home\n");
		return 2;
	}
	pid = (uint32_t)strtoul(argv[1], &end, 10);
	if (*end || !pid) {
		fprintf(stderr, "mosix-bench-migrate: bad pid %s\n", argv[1]);
		return 2;
	}
	if (strcmp(argv[2], "home")) {
		node = (uint32_t)strtoul(argv[2], &end, 10);
		if (*end || !node) {
			fprintf(stderr, "mosix-bench-migrate: bad node %s\n", argv[2]);
			return 2;
		}
	}
	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("mosix-bench-migrate: netlink socket");
		return 2;
	}
	setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	start(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 1);
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, MOSIX_GENL_NAME, sizeof(MOSIX_GENL_NAME));
	if (transact(s, &r, &family) || !family) {
		fprintf(stderr, "mosix-bench-migrate: no \"%s\" netlink family\n",
			MOSIX_GENL_NAME);
		return 2;
	}

	start(&r, family, MOSIX_CMD_MIGRATE, MOSIX_GENL_VERSION, 2);
	put_nest_u32(&r, MOSIX_A_PROC, MOSIX_PROC_A_PID, pid);
	if (node)
		put_attr(&r, MOSIX_A_TO_NODE, &node, sizeof(node));
	t0 = now_ns();
	err = transact(s, &r, NULL);
	t1 = now_ns();
	if (err)
		return err == 1 ? 2 : 1;
	printf("migrate_us %lld\n", (t1 - t0 + 500) / 1000);
	return 0;
}
