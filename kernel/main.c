// SPDX-License-Identifier: GPL-2.0
/*
 * neomosix: start the subsystem's parts in order, and unwind the ones
 * already started if a later one fails.
 */
#include <linux/init.h>
#include <linux/mosix.h>
#include <linux/printk.h>
#include "balancer.h"
#include "cpu.h"
#include "info.h"
#include "migd.h"
#include "netlink.h"
#include "node.h"
#include "self.h"
#include "sleep.h"

static int __init mosix_init(void)
{
	int ret;

	ret = mosix_cpu_init();
	if (ret)
		goto err;
	mosix_self_init();
	mosix_node_init();
	ret = mosix_info_init();
	if (ret)
		goto err;
	ret = mosix_migd_init();
	if (ret)
		goto err_info;
	ret = mosix_balancer_init();
	if (ret)
		goto err_migd;
	ret = mosix_sleep_init();
	if (ret)
		goto err_balancer;
	ret = mosix_netlink_init();
	if (ret)
		goto err_sleep;

	pr_info("mosix: node %u ready, load information on UDP port %u\n",
		mosix_self_id(), MOSIX_PORT);
	return 0;

err_sleep:
	mosix_sleep_uninit();
err_balancer:
	mosix_balancer_uninit();
err_migd:
	mosix_migd_uninit();
err_info:
	mosix_info_uninit();
err:
	pr_err("mosix: not started: %d\n", ret);
	return ret;
}
late_initcall(mosix_init);
