// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP socket of the load information exchange.  Datagrams are
 * handed to the receive function in softirq, as for a UDP tunnel, so
 * no thread waits on the socket.
 */
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/udp.h>
#include <linux/uio.h>
#include <net/net_namespace.h>
#include <net/udp_tunnel.h>
#include "auth.h"
#include "messages.h"
#include "socket.h"
#include "stats.h"

static struct socket *udp_sock;

/*
 * A datagram's copy while its MAC is checked, in softirq: one per CPU,
 * as softirqs do not nest on a CPU (and too big for the stack).
 */
#define AUTH_BUF_LEN	(MOSIX_DATAGRAM_MAX + MOSIX_MAC_LEN)

struct auth_buf {
	u8 data[AUTH_BUF_LEN];
};

static DEFINE_PER_CPU(struct auth_buf, auth_bufs);
static int (*deliver)(struct sock *sk, struct sk_buff *skb);

/*
 * With a cluster key, a datagram ends with its MAC (auth.c): one
 * without it, or with a wrong one, is dropped and counted; the MAC is
 * taken off before the receiver sees the datagram.
 */
static int auth_rcv(struct sock *sk, struct sk_buff *skb)
{
	unsigned int offset = skb_transport_offset(skb) + sizeof(struct udphdr);
	u8 *buf = this_cpu_ptr(&auth_bufs)->data;
	unsigned int len;

	if (!mosix_auth_on())
		return deliver(sk, skb);
	if (skb->len < offset || skb->len - offset > AUTH_BUF_LEN ||
	    skb->len - offset < MOSIX_MAC_LEN)
		goto drop;
	len = skb->len - offset;
	if (skb_copy_bits(skb, offset, buf, len) ||
	    !mosix_auth_dgram_ok(buf, len) ||
	    pskb_trim(skb, skb->len - MOSIX_MAC_LEN))
		goto drop;
	return deliver(sk, skb);
drop:
	mosix_stats_count(MOSIX_STAT_RX_BAD_AUTH);
	kfree_skb(skb);
	return 0;
}

int mosix_socket_init(int (*rcv)(struct sock *sk, struct sk_buff *skb))
{
	struct udp_port_cfg port_cfg = {
		.family = AF_INET,
		.local_ip.s_addr = htonl(INADDR_ANY),
		.local_udp_port = htons(MOSIX_PORT),
	};
	struct udp_tunnel_sock_cfg tunnel_cfg = {
		.encap_type = 1,
		.encap_rcv = auth_rcv,
	};
	int ret;

	deliver = rcv;
	ret = udp_sock_create(&init_net, &port_cfg, &udp_sock);
	if (ret) {
		pr_err("mosix: cannot bind UDP port %u: %d\n", MOSIX_PORT, ret);
		return ret;
	}
	setup_udp_tunnel_sock(&init_net, udp_sock, &tunnel_cfg);
	return 0;
}

void mosix_socket_uninit(void)
{
	if (udp_sock)
		udp_tunnel_sock_release(udp_sock);
	udp_sock = NULL;
}

int mosix_socket_send(__be32 addr, const void *buf, size_t len)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = addr,
		.sin_port = htons(MOSIX_PORT),
	};
	u8 mac[MOSIX_MAC_LEN];
	struct kvec iov[2] = {
		{ .iov_base = (void *)buf, .iov_len = len },
		{ .iov_base = mac, .iov_len = sizeof(mac) },
	};
	struct msghdr msg = {
		.msg_name = &sin,
		.msg_namelen = sizeof(sin),
		.msg_flags = MSG_DONTWAIT,
	};
	int n = 1, ret;

	if (mosix_auth_on()) {
		ret = mosix_auth_dgram_seal(buf, len, mac);
		if (ret)
			return ret;
		n = 2;
		len += sizeof(mac);
	}
	ret = kernel_sendmsg(udp_sock, &msg, iov, n, len);
	return ret < 0 ? ret : 0;
}
