/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_CONN_H
#define _MOSIX_CONN_H

#include <linux/types.h>
#include "messages.h"

struct mosix_conn;
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

/* What a connection's watcher hears of it (in softirq). */
enum mosix_conn_event {
	MOSIX_CONN_DATA,	/* data came */
	MOSIX_CONN_STATE,	/* its TCP state changed */
	MOSIX_CONN_ERROR,	/* an error was reported */
};

/* A piece of a chunk's payload: kernel memory, or current's user memory. */
struct mosix_piece {
	const void *kbuf;
	const void __user *ubuf;
	size_t len;
};

int mosix_conn_connect(__be32 addr, struct mosix_conn **connp);
int mosix_conn_listen(struct socket **sockp);
struct mosix_conn *mosix_conn_accepted(struct socket *sock);
int mosix_conn_authenticate(struct mosix_conn *c);
void mosix_conn_close(struct mosix_conn *c);

int mosix_conn_send(struct mosix_conn *c, u16 type, const void *a,
		    size_t alen, const void *b, size_t blen);
int mosix_conn_send_pieces(struct mosix_conn *c, u16 type,
			   const struct mosix_piece *pieces, int n);
int mosix_conn_send_status(struct mosix_conn *c, u16 type, int status);

int mosix_conn_recv_header(struct mosix_conn *c, struct mosix_chunk *hdr,
			   long wait_ms);
int mosix_conn_next(struct mosix_conn *c, struct mosix_chunk *hdr,
		    long wait_ms);
int mosix_conn_recv(struct mosix_conn *c, void *buf, size_t len);
int mosix_conn_recv_user(struct mosix_conn *c, void __user *to, size_t len);
int mosix_conn_recv_exact(struct mosix_conn *c, u16 type, void *buf,
			  size_t len);
int mosix_conn_recv_status(struct mosix_conn *c, u16 type);
int mosix_conn_skip(struct mosix_conn *c, size_t len);
bool mosix_conn_readable(struct mosix_conn *c);
bool mosix_conn_has_data(struct mosix_conn *c);

bool mosix_conn_keyed(struct mosix_conn *c);
__be32 mosix_conn_peer(struct mosix_conn *c);
int mosix_conn_error(struct mosix_conn *c);
void mosix_conn_keepalive(struct mosix_conn *c);
unsigned int mosix_conn_silent_ms(struct mosix_conn *c);
/*
 * The watcher is called in softirq under the socket's callback lock:
 * @err is the error that ends the connection (for STATE and ERROR), or 0.
 */
void mosix_conn_watch(struct mosix_conn *c,
		      void (*watcher)(void *ctx, enum mosix_conn_event event,
				      int err),
		      void *ctx);
void mosix_conn_unwatch(struct mosix_conn *c);

#endif /* _MOSIX_CONN_H */
