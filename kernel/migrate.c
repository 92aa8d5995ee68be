// SPDX-License-Identifier: GPL-2.0
/*
 * Where a migration request goes: a process at home or away is moved by
 * its deputy side; a guest here asks its deputy.
 */
#include <linux/mosix.h>
#include <linux/sched.h>
#include "deputy.h"
#include "guest.h"
#include "migrate.h"
#include "policy.h"
#include "self.h"
#include "task.h"

/* Move task to node, 0 meaning home. */
int mosix_migrate(struct task_struct *task, u32 node, const char **reason)
{
	struct mosix_task *mt = mosix_task_get(task);
	int ret;

	*reason = NULL;
	if (mosix_policy_pinned(task)) {
		*reason = "it is pinned (mosctl unpin)";
		ret = -EPERM;
	} else if (mt && mt->role == MOSIX_ROLE_GUEST) {
		/* Its deputy decides; the answer does not come back here. */
		if (!node || node == mt->home_node)
			mosix_guest_send_home(mt);
		else if (node != mosix_self_id())
			mosix_guest_ask_move(mt, node, NULL);
		ret = 0;
	} else if (!node && (!mt || mt->role == MOSIX_ROLE_HOME)) {
		ret = 0;	/* already home */
	} else {
		ret = mosix_deputy_migrate(task, node, NULL, reason);
	}
	mosix_task_put(mt);
	return ret;
}
