// SPDX-License-Identifier: GPL-2.0
/*
 * The migration transport: chunks (messages.h) over in-kernel TCP
 * sockets.  Every wait is bounded: a connection that stops in the
 * middle of a chunk is given up after MOSIX_CHUNK_TIMEOUT_MS.
 */
#include <linux/in.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/sched/signal.h>
#include <linux/task_work.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "auth.h"
#include "decode.h"
#include "transport.h"

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

/* An interrupted transfer may go on, unless the task is being killed. */
static bool quiet_retry(struct quiet *q, int ret)
{
	if ((ret != -ERESTARTSYS && ret != -EINTR) ||
	    fatal_signal_pending(current))
		return false;
	clear_notify_signal();
	q->notified = true;
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

int mosix_conn_connect(__be32 addr, struct socket **sockp)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = addr,
		.sin_port = htons(MOSIX_MIGRATION_PORT),
	};
	unsigned long end, left;
	struct socket *sock;
	struct quiet q;
	int ret;

	ret = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (ret)
		return ret;
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
		sock_release(sock);
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
		ret = mosix_auth_conn_start(sock, true);
		if (ret) {
			sock_release(sock);
			return ret == -EACCES ? -EKEYREJECTED : ret;
		}
	}
	*sockp = sock;
	return 0;
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

int mosix_conn_send(struct socket *sock, u16 type, const void *a, size_t alen,
		    const void *b, size_t blen)
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
	bool with_mac;
	int ret = 0;

	if (alen + blen > MOSIX_CHUNK_MAX)
		return -EMSGSIZE;
	ret = mosix_auth_chunk_mac(sock, &hdr, a, alen, b, blen, mac, &with_mac);
	if (ret)
		return ret;
	if (with_mac)
		total += sizeof(mac);
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, iov, with_mac ? 4 : 3, total);
	return send_whole(sock, &msg);
}

/*
 * Send a chunk whose payload is the pieces, in order, the user memory
 * ones read straight into the socket (no copy of a 1 MiB write's data
 * of our own first).  On a connection with a MAC, only one piece of
 * kernel memory: the MAC of a chunk is made before it is sent, from a
 * copy that cannot change.  The
 * caller has faulted the user pieces in: should one fault all the same
 * (memory exhausted), the chunk is cut short and the connection is no
 * longer usable.
 */
int mosix_conn_send_pieces(struct socket *sock, u16 type,
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
	if (mosix_auth_conn_keyed(sock)) {
		if (n > 1 || (n == 1 && pieces[0].ubuf))
			return -EINVAL;
		return mosix_conn_send(sock, type, n ? pieces[0].kbuf : NULL,
				       total, NULL, 0);
	}
	hdr.length = cpu_to_le32(total);
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &iov, 1, sizeof(hdr));
	ret = send_whole(sock, &msg);
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
		ret = send_whole(sock, &msg);
	}
	return ret;
}

/*
 * Read len bytes of a chunk's payload, which count towards its MAC on
 * an authenticated connection; the peer has MOSIX_CHUNK_TIMEOUT_MS.
 */
int mosix_conn_recv(struct socket *sock, void *buf, size_t len)
{
	int ret = mosix_conn_recv_raw(sock, buf, len);

	return ret ?: mosix_auth_rx_data(sock, buf, len);
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

/*
 * Read len bytes of a chunk's payload into current's user memory (the
 * deputy's scratch area where a forwarded call takes its data), straight
 * from the socket; through a page of our own on a connection with a
 * MAC, which counts them.  If that memory faults, the rest of the bytes
 * are read and dropped, so that the connection stays in step, and the
 * result is -EFAULT.
 */
int mosix_conn_recv_user(struct socket *sock, void __user *to, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int ret = 0, fault = 0;
	size_t n;
	u8 *page;

	if (mosix_auth_conn_keyed(sock)) {
		page = (u8 *)__get_free_page(GFP_KERNEL);
		if (!page)
			return -ENOMEM;
		for (; len && !ret; len -= n, to += n) {
			n = min_t(size_t, len, PAGE_SIZE);
			ret = mosix_conn_recv(sock, page, n);
			if (!ret && !fault && copy_to_user(to, page, n))
				fault = -EFAULT;
		}
		free_page((unsigned long)page);
		return ret ?: fault;
	}
	if (!access_ok(to, len))
		return mosix_conn_skip(sock, len) ?: -EFAULT;
	iov_iter_ubuf(&msg.msg_iter, ITER_DEST, to, len);
	ret = recv_whole(sock, &msg);
	if (ret == -EFAULT)
		return mosix_conn_skip(sock, msg_data_left(&msg)) ?: -EFAULT;
	return ret;
}

/* Read len bytes, whatever they are. */
int mosix_conn_recv_raw(struct socket *sock, void *buf, size_t len)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, len);
	return recv_whole(sock, &msg);
}

static int recv_header(struct socket *sock, struct mosix_chunk *hdr,
		       long *timeo)
{
	struct sock *sk = sock->sk;
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
		else if (signal_pending(current))
			ret = -EINTR;
		else if (!*timeo)
			ret = -EAGAIN;
		if (ret)
			break;
		sk_wait_data(sk, timeo, NULL);
	}
	release_sock(sk);
	if (ret < 0)
		return ret;
	ret = mosix_conn_recv_raw(sock, hdr, sizeof(*hdr));
	if (ret)
		return ret;
	if (le32_to_cpu(hdr->length) > MOSIX_CHUNK_MAX || hdr->reserved)
		return -EPROTO;
	return mosix_auth_rx_header(sock, hdr);
}

/*
 * Wait up to wait_ms (0: for ever) for the next chunk to start, then
 * read its header in bounded time.  -EAGAIN: nothing came; -EINTR: a
 * signal or task work came first.
 */
int mosix_conn_recv_header(struct socket *sock, struct mosix_chunk *hdr,
			   long wait_ms)
{
	long timeo = wait_ms ? msecs_to_jiffies(wait_ms) : MAX_SCHEDULE_TIMEOUT;

	return recv_header(sock, hdr, &timeo);
}

/*
 * The same, for an answer that is part of an exchange in progress:
 * only a fatal signal cuts the wait short; other signals and task work
 * wait until the exchange is over.
 */
int mosix_conn_next(struct socket *sock, struct mosix_chunk *hdr,
		    long wait_ms)
{
	long timeo = wait_ms ? msecs_to_jiffies(wait_ms) : MAX_SCHEDULE_TIMEOUT;
	struct quiet q;
	int ret;

	quiet_begin(&q);
	do {
		ret = recv_header(sock, hdr, &timeo);
	} while (ret == -EINTR && quiet_retry(&q, ret));
	quiet_end(&q);
	return ret;
}

bool mosix_conn_readable(struct socket *sock)
{
	return !skb_queue_empty_lockless(&sock->sk->sk_receive_queue) ||
	       READ_ONCE(sock->sk->sk_err) ||
	       (READ_ONCE(sock->sk->sk_shutdown) & RCV_SHUTDOWN);
}

/* The payload of a chunk whose type and exact length are known. */
int mosix_conn_recv_exact(struct socket *sock, u16 type, void *buf,
			  size_t len)
{
	struct mosix_chunk hdr;
	int ret;

	ret = mosix_conn_next(sock, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
	if (ret == -EAGAIN)
		return -ETIMEDOUT;
	if (ret)
		return ret;
	if (le16_to_cpu(hdr.type) != type || le32_to_cpu(hdr.length) != len)
		return -EPROTO;
	return mosix_conn_recv(sock, buf, len);
}

/* A status message (ACCEPT, MOVE_FAIL): 0 or a negative errno. */
int mosix_conn_send_status(struct socket *sock, u16 type, int status)
{
	__le32 s = cpu_to_le32(status);

	return mosix_conn_send(sock, type, &s, sizeof(s), NULL, 0);
}

/* The status the peer sent, a transport error, or -EPROTO. */
int mosix_conn_recv_status(struct socket *sock, u16 type)
{
	__le32 s;
	int ret;

	ret = mosix_conn_recv_exact(sock, type, &s, sizeof(s));
	if (ret)
		return ret;
	if (mosix_decode_accept(&s, sizeof(s), &ret))
		return -EPROTO;
	return ret;
}

int mosix_conn_skip(struct socket *sock, size_t len)
{
	u8 buf[256];
	size_t n;
	int ret;

	while (len) {
		n = min(len, sizeof(buf));
		ret = mosix_conn_recv(sock, buf, n);
		if (ret)
			return ret;
		len -= n;
	}
	return 0;
}

/*
 * Between a deputy and its guest: a dead peer shows as a socket error
 * within about MOSIX_KEEPALIVE_IDLE + INTVL * CNT seconds, even while
 * nothing is being sent; unacknowledged data fails after
 * MOSIX_UNACKED_TIMEOUT_MS.
 */
void mosix_conn_keepalive(struct socket *sock)
{
	keepalive(sock, MOSIX_UNACKED_TIMEOUT_MS);
}

/*
 * Milliseconds since the other end last acknowledged anything on the
 * connection, keepalive probes included: its kernel answers those
 * within a keepalive interval however busy its processes are.
 */
unsigned int mosix_conn_silent_ms(struct socket *sock)
{
	return jiffies_to_msecs(keepalive_time_elapsed(tcp_sk(sock->sk)));
}

/* A connection accepted: its reads and sends are bounded as ours. */
void mosix_conn_accepted(struct socket *sock)
{
	set_timeouts(sock, MOSIX_CHUNK_TIMEOUT_MS, MOSIX_CHUNK_TIMEOUT_MS);
	mosix_conn_keepalive(sock);
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

void mosix_conn_close(struct socket *sock)
{
	if (!sock)
		return;
	mosix_auth_conn_forget(sock);
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
}
