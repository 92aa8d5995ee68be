/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_TRANSPORT_H
#define _MOSIX_TRANSPORT_H

#include <linux/types.h>
#include "messages.h"

struct socket;

/* How long a peer may take to complete a chunk it has started. */
#define MOSIX_CHUNK_TIMEOUT_MS	30000
/* A peer silent for this long (seconds, TCP keepalive) is gone. */
#define MOSIX_KEEPALIVE_IDLE	2
#define MOSIX_KEEPALIVE_INTVL	1
#define MOSIX_KEEPALIVE_CNT	5
/*
 * Data unacknowledged for this long ends the connection.  With keepalive
 * on, this also bounds the keepalive (the kernel waits for it before it
 * gives up on unanswered probes), so a dead node is noticed within about
 * this time; a live but loaded peer acknowledges data long before.
 */
#define MOSIX_UNACKED_TIMEOUT_MS	8000
/* How long connecting to a node may take. */
#define MOSIX_CONNECT_TIMEOUT_MS	5000

int mosix_conn_connect(__be32 addr, struct socket **sockp);
int mosix_conn_send(struct socket *sock, u16 type, const void *a, size_t alen,
		    const void *b, size_t blen);

/* A piece of a chunk's payload: kernel memory, or current's user memory. */
struct mosix_piece {
	const void *kbuf;
	const void __user *ubuf;
	size_t len;
};

int mosix_conn_send_pieces(struct socket *sock, u16 type,
			   const struct mosix_piece *pieces, int n);
int mosix_conn_next(struct socket *sock, struct mosix_chunk *hdr,
		    long wait_ms);
int mosix_conn_recv_header(struct socket *sock, struct mosix_chunk *hdr,
			   long wait_ms);
int mosix_conn_recv(struct socket *sock, void *buf, size_t len);
int mosix_conn_recv_raw(struct socket *sock, void *buf, size_t len);
int mosix_conn_recv_user(struct socket *sock, void __user *to, size_t len);
int mosix_conn_recv_exact(struct socket *sock, u16 type, void *buf,
			  size_t len);
int mosix_conn_skip(struct socket *sock, size_t len);
bool mosix_conn_readable(struct socket *sock);
int mosix_conn_send_status(struct socket *sock, u16 type, int status);
int mosix_conn_recv_status(struct socket *sock, u16 type);
void mosix_conn_keepalive(struct socket *sock);
unsigned int mosix_conn_silent_ms(struct socket *sock);
void mosix_conn_accepted(struct socket *sock);
int mosix_conn_listen(struct socket **sockp);
void mosix_conn_close(struct socket *sock);

#endif /* _MOSIX_TRANSPORT_H */
