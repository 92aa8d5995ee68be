/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_SOCKET_H
#define _MOSIX_SOCKET_H

#include <linux/types.h>

struct sock;
struct sk_buff;

int mosix_socket_init(int (*rcv)(struct sock *sk, struct sk_buff *skb));
void mosix_socket_uninit(void);
int mosix_socket_send(__be32 addr, const void *buf, size_t len);

#endif /* _MOSIX_SOCKET_H */
