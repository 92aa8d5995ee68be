// SPDX-License-Identifier: GPL-2.0
/*
 * Migration connections: chunks (messages.h) over in-kernel TCP
 * sockets, each chunk with a MAC when the cluster has a key, or sealed
 * in records when either end asks for encryption (the handshake and the
 * records' framing are here, the MACs in auth.c, the sealing in
 * seal.c).  Every wait is bounded: a connection that stops in the
 * middle of a chunk is given up after MOSIX_CHUNK_TIMEOUT_MS.
 *
 * A connection is used by one task at a time (a deputy, a guest, a
 * migration on its way out or in): its stream, its session and its seal
 * need no lock.  Its watcher, which the socket's callbacks call in softirq, is
 * set and cleared under the socket's sk_callback_lock.
 */
#include <crypto/algapi.h>
#include <linux/freezer.h>
#include <linux/in.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "auth.h"
#include "conn.h"
#include "decode.h"
#include "seal.h"
#include "stats.h"

struct mosix_conn {
	struct socket *sock;
	struct mosix_session *session;	/* NULL: no MACs */
	struct mosix_seal *seal;	/* NULL: not encrypted */
	/* Encrypted: the chunk being read, and the payload left of it. */
	struct mosix_chunk rx_hdr;
	u32 rx_left;		/* still to come, in records not yet read */
	u32 rx_pos, rx_end;	/* unread in the record opened last */
	/* Under sk_callback_lock: who hears of the socket, and its own. */
	void (*watcher)(void *ctx, enum mosix_conn_event event, int err);
	void *ctx;
	void (*sk_data_ready)(struct sock *sk);
	void (*sk_state_change)(struct sock *sk);
	void (*sk_error_report)(struct sock *sk);
};

static struct mosix_conn *conn_new(struct socket *sock)
{
	struct mosix_conn *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (c)
		c->sock = sock;
	return c;
}

static void set_timeouts(struct socket *sock, long rcv_ms, long snd_ms)
{
	struct sock *sk = sock->sk;

	lock_sock(sk);
	sk->sk_rcvtimeo = rcv_ms ? msecs_to_jiffies(rcv_ms) : MAX_SCHEDULE_TIMEOUT;
	sk->sk_sndtimeo = snd_ms ? msecs_to_jiffies(snd_ms) : MAX_SCHEDULE_TIMEOUT;
	release_sock(sk);
}

/*
 * A chunk, once started, is sent or read whole: signals other than
 * SIGKILL are held back meanwhile, and task work queued meanwhile
 * (TIF_NOTIFY_SIGNAL) is put off until the chunk is done.  Otherwise a
 * signal for the process could cut a chunk in two and break the stream.
 */
struct quiet {
	sigset_t blocked;
	bool notified;
};

static void quiet_begin(struct quiet *q)
{
	sigset_t all;

	q->blocked = current->blocked;
	q->notified = false;
	siginitsetinv(&all, sigmask(SIGKILL));
	set_current_blocked(&all);
}

/*
 * An interrupted transfer may go on, unless the task is being killed;
 * first it freezes, if that is what interrupted it (suspend).
 */
static bool quiet_retry(struct quiet *q, int ret)
{
	if ((ret != -ERESTARTSYS && ret != -EINTR) ||
	    fatal_signal_pending(current))
		return false;
	clear_notify_signal();
	q->notified = true;
	try_to_freeze();
	return true;
}

static void quiet_end(struct quiet *q)
{
	set_current_blocked(&q->blocked);
	if (q->notified && task_work_pending(current))
		set_notify_signal(current);
}

static void keepalive(struct socket *sock, unsigned int unacked_ms)
{
	struct sock *sk = sock->sk;

	sock_set_keepalive(sk);
	tcp_sock_set_keepidle(sk, MOSIX_KEEPALIVE_IDLE);
	tcp_sock_set_keepintvl(sk, MOSIX_KEEPALIVE_INTVL);
	tcp_sock_set_keepcnt(sk, MOSIX_KEEPALIVE_CNT);
	tcp_sock_set_user_timeout(sk, unacked_ms);
}

/* Send what msg holds, whole: 0 or a negative errno. */
static int send_whole(struct socket *sock, struct msghdr *msg)
{
	struct quiet q;
	int ret = 0;

	quiet_begin(&q);
	while (msg_data_left(msg)) {
		ret = sock_sendmsg(sock, msg);
		if (ret >= 0 || quiet_retry(&q, ret))
			continue;
		if (ret == -EAGAIN)
			ret = -ETIMEDOUT;
		break;
	}
	quiet_end(&q);
	return ret < 0 ? ret : 0;
}

/* Take up to @n bytes from the pieces *@a then *@b into @to. */
static size_t take(u8 *to, size_t n, const u8 **a, size_t *alen,
		   const u8 **b, size_t *blen)
{
	size_t k = min(n, *alen), l = min(n - k, *blen);

	if (k)
		memcpy(to, *a, k);
	if (l)
		memcpy(to + k, *b, l);
	*a += k;
	*alen -= k;
	*b += l;
	*blen -= l;
	return k + l;
}

/* Send chunk @hdr on an encrypted connection: its header, its records. */
static int send_sealed(struct mosix_conn *c, const struct mosix_chunk *hdr,
		       const void *a, size_t alen, const void *b, size_t blen)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL | MSG_MORE };
	struct kvec iov = { .iov_base = (void *)hdr, .iov_len = sizeof(*hdr) };
	u8 *buf = mosix_seal_tx_buf(c->seal);
	const u8 *pa = a, *pb = b;
	size_t n;
	int ret;

	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &iov, 1, iov.iov_len);
	ret = send_whole(c->sock, &msg);
	do {
		n = take(buf, MOSIX_SEAL_DATA_MAX, &pa, &alen, &pb, &blen);
		if (!ret)
			ret = mosix_seal_tx(c->seal, hdr, n);
		if (ret)
			break;
		if (!alen && !blen)
			msg.msg_flags &= ~MSG_MORE;
		iov.iov_base = buf;
		iov.iov_len = n + MOSIX_SEAL_TAG_LEN;
		iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &iov, 1, iov.iov_len);
		ret = send_whole(c->sock, &msg);
	} while (!ret && (alen || blen));
	return ret;
}

int mosix_conn_send(struct mosix_conn *c, u16 type, const void *a,
		    size_t alen, const void *b, size_t blen)
{
	struct mosix_chunk hdr = {
		.type = cpu_to_le16(type),
		.length = cpu_to_le32(alen + blen),
	};
	u8 mac[MOSIX_MAC_LEN];
	struct kvec iov[4] = {
		{ .iov_base = &hdr, .iov_len = sizeof(hdr) },
		{ .iov_base = (void *)a, .iov_len = alen },
		{ .iov_base = (void *)b, .iov_len = blen },
		{ .iov_base = mac, .iov_len = sizeof(mac) },
	};
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	size_t total = sizeof(hdr) + alen + blen;
	int ret;

	if (alen + blen > MOSIX_CHUNK_MAX)
		return -EMSGSIZE;
	if (c->seal)
		return send_sealed(c, &hdr, a, alen, b, blen);
	if (c->session) {
		ret = mosix_auth_tx_mac(c->session, &hdr, a, alen, b, blen, mac);
		if (ret)
			return ret;
		total += sizeof(mac);
	}
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, iov, c->session ? 4 : 3,
		      total);
	return send_whole(c->sock, &msg);
}

/*
 * Send a chunk whose payload is the pieces, in order, the user memory
 * ones read straight into the socket (no copy of a 1 MiB write's data
 * of our own first).  On a connection with a MAC or a seal, only one
 * piece of kernel memory: the MAC or seal of a chunk is made before it
 * is sent, from a copy that cannot change.  The caller has faulted the user pieces in:
 * should one fault all the same (memory exhausted), the chunk is cut
 * short and the connection is no longer usable.
 */
int mosix_conn_send_pieces(struct mosix_conn *c, u16 type,
			   const struct mosix_piece *pieces, int n)
{
	struct mosix_chunk hdr = { .type = cpu_to_le16(type) };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL | MSG_MORE };
	struct kvec iov = { .iov_base = &hdr, .iov_len = sizeof(hdr) };
	size_t total = 0;
	int i, ret;

	for (i = 0; i < n; i++)
		total += pieces[i].len;
	if (total > MOSIX_CHUNK_MAX)
		return -EMSGSIZE;
	if (c->session || c->seal) {
		if (n > 1 || (n == 1 && pieces[0].ubuf))
			return -EINVAL;
		return mosix_conn_send(c, type, n ? pieces[0].kbuf : NULL,
				       total, NULL, 0);
	}
	hdr.length = cpu_to_le32(total);
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &iov, 1, sizeof(hdr));
	ret = send_whole(c->sock, &msg);
	for (i = 0; i < n && !ret; i++) {
		const struct mosix_piece *p = &pieces[i];

		if (i == n - 1)
			msg.msg_flags &= ~MSG_MORE;
		if (p->ubuf) {
			if (!access_ok(p->ubuf, p->len))
				return -EFAULT;
			iov_iter_ubuf(&msg.msg_iter, ITER_SOURCE,
				      (void __user *)p->ubuf, p->len);
		} else {
			iov.iov_base = (void *)p->kbuf;
			iov.iov_len = p->len;
			iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &iov, 1,
				      p->len);
		}
		ret = send_whole(c->sock, &msg);
	}
	return ret;
}

/* Read what msg has room for, whole: 0 or a negative errno. */
static int recv_whole(struct socket *sock, struct msghdr *msg)
{
	struct quiet q;
	int ret = 0;

	quiet_begin(&q);
	while (msg_data_left(msg)) {
		ret = sock_recvmsg(sock, msg, MSG_NOSIGNAL);
		if (ret > 0 || quiet_retry(&q, ret))
			continue;
		if (ret == 0)
			ret = -ECONNRESET;
		else if (ret == -EAGAIN)
			ret = -ETIMEDOUT;
		break;
	}
	quiet_end(&q);
	return ret < 0 ? ret : 0;
}

/* Read len bytes, whatever they are. */
static int recv_raw(struct mosix_conn *c, void *buf, size_t len)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, len);
	return recv_whole(c->sock, &msg);
}

/*
 * After the MAC code saw a chunk's last payload byte (@ret 1), read the
 * MAC that follows and check it.
 */
static int mac_step(struct mosix_conn *c, int ret)
{
	u8 got[MOSIX_MAC_LEN];

	if (ret != 1)
		return ret;
	ret = recv_raw(c, got, sizeof(got));
	if (!ret)
		ret = mosix_auth_rx_check(c->session, got);
	if (ret == -EKEYREJECTED)
		mosix_stats_count(MOSIX_STAT_CONN_BAD_AUTH);
	return ret;
}

/*
 * Read and open the next record of the chunk being read on an encrypted
 * connection (the first one with the chunk's header).
 */
static int next_record(struct mosix_conn *c)
{
	size_t n = min_t(size_t, c->rx_left, MOSIX_SEAL_DATA_MAX);
	int ret;

	ret = recv_raw(c, mosix_seal_rx_buf(c->seal), n + MOSIX_SEAL_TAG_LEN);
	if (!ret)
		ret = mosix_seal_rx(c->seal, &c->rx_hdr, n);
	if (ret == -EKEYREJECTED)
		mosix_stats_count(MOSIX_STAT_CONN_BAD_AUTH);
	if (ret)
		return ret;
	c->rx_left -= n;
	c->rx_pos = 0;
	c->rx_end = n;
	return 0;
}

/* Payload of the chunk being read, from its opened records. */
static int recv_sealed(struct mosix_conn *c, u8 *buf, size_t len)
{
	size_t n;
	int ret;

	while (len) {
		if (c->rx_pos == c->rx_end) {
			if (!c->rx_left)
				return -EPROTO;	/* past the chunk's end */
			ret = next_record(c);
			if (ret)
				return ret;
		}
		n = min_t(size_t, len, c->rx_end - c->rx_pos);
		memcpy(buf, mosix_seal_rx_buf(c->seal) + c->rx_pos, n);
		c->rx_pos += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/*
 * Read len bytes of a chunk's payload, which count towards its MAC on
 * an authenticated connection; the peer has MOSIX_CHUNK_TIMEOUT_MS.
 */
int mosix_conn_recv(struct mosix_conn *c, void *buf, size_t len)
{
	int ret;

	if (c->seal)
		return recv_sealed(c, buf, len);

	/*
	 * Nothing to read is nothing to count: after a chunk's last byte
	 * (a request with no regions) the MAC code would take it for
	 * payload past the end.
	 */
	if (!len)
		return 0;
	ret = recv_raw(c, buf, len);
	if (ret || !c->session)
		return ret;
	return mac_step(c, mosix_auth_rx_data(c->session, buf, len));
}

/*
 * Read len bytes of a chunk's payload into current's user memory (the
 * deputy's scratch area where a forwarded call takes its data), straight
 * from the socket; through a page of our own on a connection with a
 * MAC or a seal, which counts or opens them.  If that memory faults, the rest of the bytes
 * are read and dropped, so that the connection stays in step, and the
 * result is -EFAULT.
 */
int mosix_conn_recv_user(struct mosix_conn *c, void __user *to, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int ret = 0, fault = 0;
	size_t n;
	u8 *page;

	if (c->session || c->seal) {
		page = (u8 *)__get_free_page(GFP_KERNEL);
		if (!page)
			return -ENOMEM;
		for (; len && !ret; len -= n, to += n) {
			n = min_t(size_t, len, PAGE_SIZE);
			ret = mosix_conn_recv(c, page, n);
			if (!ret && !fault && copy_to_user(to, page, n))
				fault = -EFAULT;
		}
		free_page((unsigned long)page);
		return ret ?: fault;
	}
	if (!access_ok(to, len))
		return mosix_conn_skip(c, len) ?: -EFAULT;
	iov_iter_ubuf(&msg.msg_iter, ITER_DEST, to, len);
	ret = recv_whole(c->sock, &msg);
	if (ret == -EFAULT)
		return mosix_conn_skip(c, msg_data_left(&msg)) ?: -EFAULT;
	return ret;
}

static int recv_header(struct mosix_conn *c, struct mosix_chunk *hdr,
		       long *timeo)
{
	struct sock *sk = c->sock->sk;
	int ret;

	/*
	 * Data first; then a peer that is gone (even before we came to
	 * wait: no wakeup would tell us); the socket's wait queue also
	 * wakes us for other reasons.
	 */
	lock_sock(sk);
	for (;;) {
		ret = 0;
		if (!skb_queue_empty(&sk->sk_receive_queue)) {
			ret = 1;
			break;
		}
		if (sk->sk_err || sock_flag(sk, SOCK_DONE) ||
		    (sk->sk_shutdown & RCV_SHUTDOWN))
			ret = -ECONNRESET;
		else if (freezing(current))
			ret = 2;
		else if (signal_pending(current))
			ret = -EINTR;
		else if (!*timeo)
			ret = -EAGAIN;
		if (ret == 2) {
			/*
			 * Suspend, hibernation or the cgroup v1 freezer: the
			 * wait is freezable, and the time frozen not counted
			 * (a frozen peer is no silent one).
			 */
			release_sock(sk);
			try_to_freeze();
			lock_sock(sk);
			continue;
		}
		if (ret)
			break;
		sk_wait_data(sk, timeo, NULL);
	}
	release_sock(sk);
	if (ret < 0)
		return ret;
	ret = recv_raw(c, hdr, sizeof(*hdr));
	if (ret)
		return ret;
	if (le32_to_cpu(hdr->length) > MOSIX_CHUNK_MAX || hdr->reserved)
		return -EPROTO;
	if (c->seal) {
		/* the header counts once the first record is opened */
		if (c->rx_left || c->rx_pos != c->rx_end)
			return -EPROTO;	/* the last chunk was not read whole */
		c->rx_hdr = *hdr;
		c->rx_left = le32_to_cpu(hdr->length);
		return next_record(c);
	}
	if (!c->session)
		return 0;
	return mac_step(c, mosix_auth_rx_header(c->session, hdr));
}

/*
 * Wait up to wait_ms (0: for ever) for the next chunk to start, then
 * read its header in bounded time.  -EAGAIN: nothing came; -EINTR: a
 * signal or task work came first.
 */
int mosix_conn_recv_header(struct mosix_conn *c, struct mosix_chunk *hdr,
			   long wait_ms)
{
	long timeo = wait_ms ? msecs_to_jiffies(wait_ms) : MAX_SCHEDULE_TIMEOUT;

	return recv_header(c, hdr, &timeo);
}

/*
 * The same, for an answer that is part of an exchange in progress:
 * only a fatal signal cuts the wait short; other signals and task work
 * wait until the exchange is over.
 */
int mosix_conn_next(struct mosix_conn *c, struct mosix_chunk *hdr,
		    long wait_ms)
{
	long timeo = wait_ms ? msecs_to_jiffies(wait_ms) : MAX_SCHEDULE_TIMEOUT;
	struct quiet q;
	int ret;

	quiet_begin(&q);
	do {
		ret = recv_header(c, hdr, &timeo);
	} while (ret == -EINTR && quiet_retry(&q, ret));
	quiet_end(&q);
	return ret;
}

/* Whether chunks are waiting to be read (any context). */
bool mosix_conn_has_data(struct mosix_conn *c)
{
	return !skb_queue_empty_lockless(&c->sock->sk->sk_receive_queue);
}

/* Whether a read would not wait: data, or an error or end to see. */
bool mosix_conn_readable(struct mosix_conn *c)
{
	struct sock *sk = c->sock->sk;

	return mosix_conn_has_data(c) || READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}

/* The payload of a chunk whose type and exact length are known. */
int mosix_conn_recv_exact(struct mosix_conn *c, u16 type, void *buf,
			  size_t len)
{
	struct mosix_chunk hdr;
	int ret;

	ret = mosix_conn_next(c, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
	if (ret == -EAGAIN)
		return -ETIMEDOUT;
	if (ret)
		return ret;
	if (le16_to_cpu(hdr.type) != type || le32_to_cpu(hdr.length) != len)
		return -EPROTO;
	return mosix_conn_recv(c, buf, len);
}

/* A status message (ACCEPT, MOVE_FAIL): 0 or a negative errno. */
int mosix_conn_send_status(struct mosix_conn *c, u16 type, int status)
{
	__le32 s = cpu_to_le32(status);

	return mosix_conn_send(c, type, &s, sizeof(s), NULL, 0);
}

/* The status the peer sent, a transport error, or -EPROTO. */
int mosix_conn_recv_status(struct mosix_conn *c, u16 type)
{
	__le32 s;
	int ret;

	ret = mosix_conn_recv_exact(c, type, &s, sizeof(s));
	if (ret)
		return ret;
	if (mosix_decode_accept(&s, sizeof(s), &ret))
		return -EPROTO;
	return ret;
}

int mosix_conn_skip(struct mosix_conn *c, size_t len)
{
	u8 buf[256];
	size_t n;
	int ret;

	while (len) {
		n = min(len, sizeof(buf));
		ret = mosix_conn_recv(c, buf, n);
		if (ret)
			return ret;
		len -= n;
	}
	return 0;
}

/*
 * Both ends prove they hold the cluster key, and say what they ask for
 * (MOSIX_AUTH_* bits, "wants"):
 *   connecting side:  AUTH { its nonce, its wants }
 *   other side:       AUTH { its nonce, its wants, HMAC(key, "S" || hs) }
 *   connecting side:  AUTH { HMAC(key, "C" || hs) }
 * where hs is both nonces and both wants (auth.c).  Then, if either
 * asked for it, every chunk is sealed under the key HMAC(key, "E" || hs)
 * (seal.c), otherwise it carries a MAC under the session key (auth.c).
 * Returns 0, or -EACCES when the other end does not prove it (no key,
 * another key) or asks for what this one does not know.
 */
static int handshake(struct mosix_conn *c, bool connecting)
{
	u8 theirs[MOSIX_PROOF_LEN], ours[MOSIX_PROOF_LEN];
	struct {
		u8 nonce[MOSIX_NONCE_LEN];
		__le32 wants;
		u8 proof[MOSIX_PROOF_LEN];
	} __packed msg;
	const size_t hello = offsetof(typeof(msg), proof);
	int me = connecting ? 0 : 1, peer = !me;
	struct mosix_handshake hs;
	struct mosix_session *s;
	struct mosix_seal *seal;
	int ret;

	BUILD_BUG_ON(MOSIX_SEAL_KEY_LEN != MOSIX_PROOF_LEN);
	get_random_bytes(hs.nonce[me], MOSIX_NONCE_LEN);
	hs.wants[me] = cpu_to_le32(mosix_auth_wants());
	memcpy(msg.nonce, hs.nonce[me], MOSIX_NONCE_LEN);
	msg.wants = hs.wants[me];
	if (connecting) {
		ret = mosix_conn_send(c, MOSIX_CHUNK_AUTH, &msg, hello,
				      NULL, 0) ?:
		      mosix_conn_recv_exact(c, MOSIX_CHUNK_AUTH, &msg,
					    sizeof(msg));
		if (ret)
			goto out;
		memcpy(hs.nonce[peer], msg.nonce, MOSIX_NONCE_LEN);
		hs.wants[peer] = msg.wants;
		ret = mosix_auth_proof(theirs, 'S', &hs) ?:
		      mosix_auth_proof(ours, 'C', &hs);
		if (ret)
			goto out;
		if (crypto_memneq(theirs, msg.proof, sizeof(theirs))) {
			ret = -EACCES;
			goto out;
		}
		ret = mosix_conn_send(c, MOSIX_CHUNK_AUTH, ours, sizeof(ours),
				      NULL, 0);
	} else {
		ret = mosix_conn_recv_exact(c, MOSIX_CHUNK_AUTH, &msg, hello);
		if (ret)
			goto out;
		memcpy(hs.nonce[peer], msg.nonce, MOSIX_NONCE_LEN);
		hs.wants[peer] = msg.wants;
		memcpy(msg.nonce, hs.nonce[me], MOSIX_NONCE_LEN);
		msg.wants = hs.wants[me];
		ret = mosix_auth_proof(msg.proof, 'S', &hs) ?:
		      mosix_auth_proof(ours, 'C', &hs) ?:
		      mosix_conn_send(c, MOSIX_CHUNK_AUTH, &msg, sizeof(msg),
				      NULL, 0) ?:
		      mosix_conn_recv_exact(c, MOSIX_CHUNK_AUTH, theirs,
					    sizeof(theirs));
		if (!ret && crypto_memneq(theirs, ours, sizeof(ours)))
			ret = -EACCES;
	}
	if (!ret && (le32_to_cpu(hs.wants[peer]) & ~MOSIX_AUTH_WANTS))
		ret = -EPROTO;
	if (ret)
		goto out;
	if (le32_to_cpu(hs.wants[0] | hs.wants[1]) & MOSIX_AUTH_ENCRYPT) {
		ret = mosix_auth_proof(ours, 'E', &hs);
		seal = ret ? ERR_PTR(ret) : mosix_seal_new(ours, connecting);
		if (IS_ERR(seal))
			ret = PTR_ERR(seal);
		else
			c->seal = seal;
	} else {
		s = mosix_auth_session_new(&hs, connecting);
		if (IS_ERR(s))
			ret = PTR_ERR(s);
		else
			c->session = s;
	}
out:
	memzero_explicit(ours, sizeof(ours));
	if (ret == -EPROTO || ret == -EACCES || ret == -ECONNRESET) {
		mosix_stats_count(MOSIX_STAT_CONN_BAD_AUTH);
		ret = -EACCES;
	}
	return ret;
}

int mosix_conn_connect(__be32 addr, struct mosix_conn **connp)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = addr,
		.sin_port = htons(MOSIX_MIGRATION_PORT),
	};
	unsigned long end, left;
	struct mosix_conn *c;
	struct socket *sock;
	struct quiet q;
	int ret;

	ret = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (ret)
		return ret;
	c = conn_new(sock);
	if (!c) {
		sock_release(sock);
		return -ENOMEM;
	}
	tcp_sock_set_nodelay(sock->sk);
	/*
	 * Like a chunk, the connection is not cut short by signals or task
	 * work (a guest moving on connects from task work), only by
	 * SIGKILL or the end of MOSIX_CONNECT_TIMEOUT_MS in all.
	 */
	left = msecs_to_jiffies(MOSIX_CONNECT_TIMEOUT_MS);
	end = jiffies + left;
	quiet_begin(&q);
	for (;;) {
		set_timeouts(sock, MOSIX_CHUNK_TIMEOUT_MS, jiffies_to_msecs(left));
		ret = kernel_connect(sock, (struct sockaddr *)&sin, sizeof(sin), 0);
		if (!quiet_retry(&q, ret) || time_after_eq(jiffies, end))
			break;
		left = end - jiffies;
	}
	quiet_end(&q);
	if (ret) {
		mosix_conn_close(c);
		if (fatal_signal_pending(current))
			return -EINTR;
		/* (-EALREADY: a retry's wait had no time left) */
		return ret == -EINPROGRESS || ret == -EALREADY ||
		       ret == -ERESTARTSYS || ret == -EINTR ? -ETIMEDOUT : ret;
	}
	set_timeouts(sock, MOSIX_CHUNK_TIMEOUT_MS, MOSIX_CHUNK_TIMEOUT_MS);
	/*
	 * A peer that dies during a transfer is noticed within a chunk's
	 * time; not sooner: on a busy host a live receiver can leave a
	 * bulk transfer unacknowledged for seconds.
	 */
	keepalive(sock, MOSIX_CHUNK_TIMEOUT_MS);
	if (mosix_auth_on()) {
		ret = handshake(c, true);
		if (ret) {
			mosix_conn_close(c);
			return ret == -EACCES ? -EKEYREJECTED : ret;
		}
	}
	*connp = c;
	return 0;
}

/*
 * A connection accepted on the migration port: its reads and sends are
 * bounded as ours.  NULL (the socket closed) when out of memory.
 */
struct mosix_conn *mosix_conn_accepted(struct socket *sock)
{
	struct mosix_conn *c = conn_new(sock);

	if (!c) {
		kernel_sock_shutdown(sock, SHUT_RDWR);
		sock_release(sock);
		return NULL;
	}
	set_timeouts(sock, MOSIX_CHUNK_TIMEOUT_MS, MOSIX_CHUNK_TIMEOUT_MS);
	mosix_conn_keepalive(c);
	return c;
}

/* The accepting side's handshake, when the cluster has a key. */
int mosix_conn_authenticate(struct mosix_conn *c)
{
	return mosix_auth_on() ? handshake(c, false) : 0;
}

/* The address of the other end, or 0. */
__be32 mosix_conn_peer(struct mosix_conn *c)
{
	struct sockaddr_in sin;

	if (kernel_getpeername(c->sock, (struct sockaddr *)&sin) < 0 ||
	    sin.sin_family != AF_INET)
		return 0;
	return sin.sin_addr.s_addr;
}

/* Whether the chunks of this connection carry a MAC or a seal. */
bool mosix_conn_keyed(struct mosix_conn *c)
{
	return c->session || c->seal;
}

/* The socket's pending error, as a negative errno (0: none). */
int mosix_conn_error(struct mosix_conn *c)
{
	return -READ_ONCE(c->sock->sk->sk_err);
}

/*
 * Between a deputy and its guest: a dead peer shows as a socket error
 * within about MOSIX_KEEPALIVE_IDLE + INTVL * CNT seconds, even while
 * nothing is being sent; unacknowledged data fails after
 * MOSIX_UNACKED_TIMEOUT_MS.
 */
void mosix_conn_keepalive(struct mosix_conn *c)
{
	keepalive(c->sock, MOSIX_UNACKED_TIMEOUT_MS);
}

/*
 * Milliseconds since the other end last acknowledged anything on the
 * connection, keepalive probes included: its kernel answers those
 * within a keepalive interval however busy its processes are.
 */
unsigned int mosix_conn_silent_ms(struct mosix_conn *c)
{
	return jiffies_to_msecs(keepalive_time_elapsed(tcp_sk(c->sock->sk)));
}

/*
 * The socket's callbacks while a watcher is set, in softirq: the
 * socket's own first (it wakes whoever waits on the socket), then the
 * watcher, with the error that ends the connection, if one does.
 */
static void sock_event(struct sock *sk, enum mosix_conn_event event)
{
	struct mosix_conn *c;
	int err = 0;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (!c)
		goto out;
	if (event == MOSIX_CONN_DATA) {
		c->sk_data_ready(sk);
	} else {
		if (event == MOSIX_CONN_STATE)
			c->sk_state_change(sk);
		else
			c->sk_error_report(sk);
		if (sk->sk_err)
			err = -sk->sk_err;
		else if (sk->sk_state != TCP_ESTABLISHED)
			err = -ECONNRESET;
	}
	c->watcher(c->ctx, event, err);
out:
	read_unlock_bh(&sk->sk_callback_lock);
}

static void watched_data_ready(struct sock *sk)
{
	sock_event(sk, MOSIX_CONN_DATA);
}

static void watched_state_change(struct sock *sk)
{
	sock_event(sk, MOSIX_CONN_STATE);
}

static void watched_error_report(struct sock *sk)
{
	sock_event(sk, MOSIX_CONN_ERROR);
}

/*
 * From now on @watcher hears, in softirq, of data, state changes and
 * errors of the connection, until mosix_conn_unwatch().
 */
void mosix_conn_watch(struct mosix_conn *c,
		      void (*watcher)(void *ctx, enum mosix_conn_event event,
				      int err),
		      void *ctx)
{
	struct sock *sk = c->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (!WARN_ON_ONCE(c->watcher)) {
		c->watcher = watcher;
		c->ctx = ctx;
		c->sk_data_ready = sk->sk_data_ready;
		c->sk_state_change = sk->sk_state_change;
		c->sk_error_report = sk->sk_error_report;
		sk->sk_data_ready = watched_data_ready;
		sk->sk_state_change = watched_state_change;
		sk->sk_error_report = watched_error_report;
		sk->sk_user_data = c;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

/* Once this returns, the watcher is not running and will not be called. */
void mosix_conn_unwatch(struct mosix_conn *c)
{
	struct sock *sk = c->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (c->watcher) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = c->sk_data_ready;
		sk->sk_state_change = c->sk_state_change;
		sk->sk_error_report = c->sk_error_report;
		c->watcher = NULL;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

int mosix_conn_listen(struct socket **sockp)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_ANY),
		.sin_port = htons(MOSIX_MIGRATION_PORT),
	};
	struct socket *sock;
	int ret;

	ret = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (ret)
		return ret;
	sock_set_reuseaddr(sock->sk);
	/* Accepted connections inherit it: a guest's requests go at once. */
	tcp_sock_set_nodelay(sock->sk);
	ret = kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin));
	if (!ret)
		ret = kernel_listen(sock, 16);
	if (ret) {
		sock_release(sock);
		return ret;
	}
	*sockp = sock;
	return 0;
}

void mosix_conn_close(struct mosix_conn *c)
{
	if (!c)
		return;
	mosix_conn_unwatch(c);
	kernel_sock_shutdown(c->sock, SHUT_RDWR);
	sock_release(c->sock);
	mosix_auth_session_free(c->session);
	mosix_seal_free(c->seal);
	kfree(c);
}
