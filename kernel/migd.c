// SPDX-License-Identifier: GPL-2.0
/*
 * The migration daemon: accepts connections on MOSIX_MIGRATION_PORT
 * and hands each to a new guest, which reads the process from it.
 */
#include <linux/kthread.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <net/sock.h>
#include "guest.h"
#include "migd.h"
#include "transport.h"

static struct socket *listener;
static struct task_struct *migd;

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
		mosix_guest_arrive(sock);
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
