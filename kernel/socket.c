// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP socket of the load information exchange.  Datagrams are
 * handed to the receive function in softirq, as for a UDP tunnel, so
 * no thread waits on the socket.
 */
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/net_namespace.h>
#include <net/udp_tunnel.h>
#include "socket.h"

static struct socket *udp_sock;

int mosix_socket_init(int (*rcv)(struct sock *sk, struct sk_buff *skb))
{
	struct udp_port_cfg port_cfg = {
		.family = AF_INET,
		.local_ip.s_addr = htonl(INADDR_ANY),
		.local_udp_port = htons(MOSIX_PORT),
	};
	struct udp_tunnel_sock_cfg tunnel_cfg = {
		.encap_type = 1,
		.encap_rcv = rcv,
	};
	int ret;

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
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = {
		.msg_name = &sin,
		.msg_namelen = sizeof(sin),
		.msg_flags = MSG_DONTWAIT,
	};
	int ret;

	ret = kernel_sendmsg(udp_sock, &msg, &iov, 1, len);
	return ret < 0 ? ret : 0;
}
