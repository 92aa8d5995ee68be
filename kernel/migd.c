// SPDX-License-Identifier: GPL-2.0
/*
 * The migration daemon: accepts connections on MOSIX_MIGRATION_PORT
 * from known nodes and gives each a new task of its own, which proves
 * the cluster key and reads the first chunk: HELLO, a process arriving
 * (the task becomes its guest), or REATTACH, a moved guest calling its
 * deputy here (the deputy takes the connection; the task ends).
 */
#include <linux/kthread.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <net/sock.h>
#include "conn.h"
#include "decode.h"
#include "deputy.h"
#include "guest.h"
#include "messages.h"
#include "migd.h"
#include "node.h"

static struct socket *listener;
static struct task_struct *migd;

struct arrival {
	struct mosix_conn *conn;
	__be32 peer;
};

/*
 * The first chunk of a connection: HELLO (in *hello) or REATTACH (in
 * *ri), which it returns, or a negative errno.
 */
static int first_chunk(struct mosix_conn *conn,
		       struct mosix_chunk_hello *hello,
		       struct mosix_reattach_info *ri)
{
	struct mosix_chunk_reattach r;
	struct mosix_chunk hdr;
	u32 len;
	int ret;

	ret = mosix_conn_next(conn, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
	if (ret)
		return ret == -EAGAIN ? -ETIMEDOUT : ret;
	len = le32_to_cpu(hdr.length);
	switch (le16_to_cpu(hdr.type)) {
	case MOSIX_CHUNK_HELLO:
		if (len != sizeof(*hello))
			return -EPROTO;
		return mosix_conn_recv(conn, hello, len) ?: MOSIX_CHUNK_HELLO;
	case MOSIX_CHUNK_REATTACH:
		if (len != sizeof(r))
			return -EPROTO;
		ret = mosix_conn_recv(conn, &r, len);
		if (ret)
			return ret;
		if (mosix_decode_reattach(&r, len, ri))
			return -EPROTO;
		return MOSIX_CHUNK_REATTACH;
	}
	return -EPROTO;
}

/* The new task: a guest returns to user mode as its process. */
static int arrival_main(void *arg)
{
	struct arrival *a = arg;
	struct mosix_conn *conn = a->conn;
	struct mosix_chunk_hello hello;
	struct mosix_reattach_info ri;
	__be32 peer = a->peer;
	int ret;

	kfree(a);
	ret = mosix_conn_authenticate(conn);
	if (!ret)
		ret = first_chunk(conn, &hello, &ri);
	if (ret == MOSIX_CHUNK_HELLO)
		return mosix_guest_arrive(conn, peer, &hello);
	if (ret == MOSIX_CHUNK_REATTACH)
		mosix_deputy_reattach(conn, peer, &ri);
	else
		mosix_conn_close(conn);
	do_exit(0);
}

static void accepted(struct socket *sock)
{
	struct mosix_conn *conn;
	struct arrival *a;
	__be32 peer;

	conn = mosix_conn_accepted(sock);
	if (!conn)
		return;
	peer = mosix_conn_peer(conn);
	a = peer && mosix_node_addr_known(peer) ?
	    kmalloc(sizeof(*a), GFP_KERNEL) : NULL;
	if (!a) {
		mosix_conn_close(conn);
		return;
	}
	a->conn = conn;
	a->peer = peer;
	if (user_mode_thread(arrival_main, a, SIGCHLD) < 0) {
		kfree(a);
		mosix_conn_close(conn);
	}
}

static int migd_fn(void *unused)
{
	struct socket *sock;
	int ret;

	while (!kthread_should_stop()) {
		ret = kernel_accept(listener, &sock, 0);
		if (ret) {
			if (!kthread_should_stop())
				schedule_timeout_interruptible(HZ / 10);
			continue;
		}
		accepted(sock);
	}
	return 0;
}

int mosix_migd_init(void)
{
	int ret;

	ret = mosix_conn_listen(&listener);
	if (ret) {
		pr_err("mosix: cannot listen on TCP port %u: %d\n",
		       MOSIX_MIGRATION_PORT, ret);
		return ret;
	}
	migd = kthread_run(migd_fn, NULL, "mosix_migd");
	if (IS_ERR(migd)) {
		sock_release(listener);
		return PTR_ERR(migd);
	}
	return 0;
}

void mosix_migd_uninit(void)
{
	kernel_sock_shutdown(listener, SHUT_RDWR);
	kthread_stop(migd);
	sock_release(listener);
}
