// SPDX-License-Identifier: GPL-2.0
/*
 * What netlink and the balancer ask of processes: where a migration
 * request goes (a process at home or away is moved by its deputy side;
 * a guest here asks its deputy), pins, expel and bring, and what
 * `mosctl where` and /proc/PID/mosix show of a process.
 */
#include <linux/mosix.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "deputy.h"
#include "guest.h"
#include "migrate.h"
#include "policy.h"
#include "self.h"
#include "state.h"
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
	} else if (mt && READ_ONCE(mt->role) == MOSIX_ROLE_GUEST) {
		/* Its deputy decides; the answer does not come back here. */
		if (!node || node == mt->home_node)
			mosix_guest_send_home(mt);
		else if (node != mosix_self_id())
			mosix_guest_ask_move(mt, node, NULL);
		ret = 0;
	} else if (!node && (!mt || READ_ONCE(mt->role) == MOSIX_ROLE_HOME)) {
		ret = 0;	/* already home */
	} else {
		ret = mosix_deputy_migrate(task, node, NULL, reason);
	}
	mosix_task_put(mt);
	return ret;
}

/* Pin or unpin; a deputy tells its guest at once, not at its tick. */
int mosix_migrate_pin(struct task_struct *task, bool pinned)
{
	struct mosix_task *mt;
	int ret;

	ret = mosix_policy_pin(task, pinned);
	if (ret)
		return ret;
	mt = mosix_task_get(task);
	if (mt && READ_ONCE(mt->role) == MOSIX_ROLE_DEPUTY)
		set_notify_signal(task);
	mosix_task_put(mt);
	return 0;
}

/* Send every guest home, and take no more. */
void mosix_migrate_expel(void)
{
	mosix_policy_change(MOSIX_POLICY_BLOCK, 0);
	mosix_guest_send_all_home();
}

/* Bring every process of this node home, and keep them here. */
void mosix_migrate_bring(void)
{
	mosix_policy_change(MOSIX_POLICY_LSTAY, 0);
	mosix_migrate_call_all_home();
}

/* Ask every process of this node that is away to come home. */
void mosix_migrate_call_all_home(void)
{
	struct task_struct *p, **away;
	struct mosix_task *mt;
	unsigned int n = 0, i, max;

	max = mosix_deputy_count();
	if (!max)
		return;
	away = kcalloc(max, sizeof(*away), GFP_KERNEL);
	if (!away)
		return;
	/* Only a hint under RCU; the role is checked with a reference. */
	rcu_read_lock();
	for_each_process(p) {
		if (n == max)
			break;
		if (READ_ONCE(p->mosix))
			away[n++] = get_task_struct(p);
	}
	rcu_read_unlock();
	for (i = 0; i < n; i++) {
		mt = mosix_task_get(away[i]);
		if (mt && READ_ONCE(mt->role) == MOSIX_ROLE_DEPUTY)
			mosix_deputy_call_home(away[i]);
		mosix_task_put(mt);
		put_task_struct(away[i]);
	}
	kfree(away);
}

void mosix_migrate_info(struct task_struct *task, struct mosix_proc_info *info)
{
	struct mosix_task *mt = mosix_task_get(task);
	enum mosix_role role = mt ? READ_ONCE(mt->role) : MOSIX_ROLE_HOME;

	memset(info, 0, sizeof(*info));
	info->node = mosix_self_id();
	if (mt) {
		info->migrations = READ_ONCE(mt->nr_migrations);
		if (role == MOSIX_ROLE_DEPUTY) {
			info->state = MOSIX_PROC_AWAY;
			info->node = READ_ONCE(mt->peer);
		} else if (role == MOSIX_ROLE_GUEST) {
			info->state = MOSIX_PROC_GUEST;
			info->node = mt->home_node;
			info->home_pid = mt->home_pid;
			info->pinned = test_bit(MOSIX_GUEST_PINNED, &mt->flags);
		}
		mosix_task_put(mt);
	}
	info->pinned |= mosix_policy_pinned(task);
	if (info->pinned)
		info->reason = "it is pinned (mosctl unpin)";
	else if (info->state == MOSIX_PROC_HOME)
		info->reason = mosix_state_unmovable(task);
}
