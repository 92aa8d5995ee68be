// SPDX-License-Identifier: GPL-2.0
/*
 * Node and process policies, with openMosix's meaning: stay, lstay and
 * block for the node, expel and bring as actions, and pinned processes.
 * Pins are kept by struct pid, which outlives the task, and dropped
 * when the process exits.
 */
#include <linux/hashtable.h>
#include <linux/mosix.h>
#include <linux/pid.h>
#include <linux/rculist.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "deputy.h"
#include "guest.h"
#include "policy.h"
#include "task.h"

static u32 node_policy;
static DEFINE_SPINLOCK(policy_lock);

struct pin {
	struct hlist_node node;
	struct pid *pid;
	struct rcu_head rcu;
};

static DEFINE_HASHTABLE(pins, 6);
static atomic_t nr_pins = ATOMIC_INIT(0);

u32 mosix_policy(void)
{
	return READ_ONCE(node_policy);
}

void mosix_policy_change(u32 set, u32 clear)
{
	spin_lock(&policy_lock);
	WRITE_ONCE(node_policy, (node_policy | set) & ~clear & MOSIX_POLICY_ALL);
	spin_unlock(&policy_lock);
}

static struct pin *find_pin(struct pid *pid)
{
	struct pin *pin;

	hash_for_each_possible_rcu(pins, pin, node, (unsigned long)pid)
		if (pin->pid == pid)
			return pin;
	return NULL;
}

bool mosix_policy_pinned(struct task_struct *task)
{
	bool pinned;

	if (!atomic_read(&nr_pins))
		return false;
	rcu_read_lock();
	pinned = find_pin(task_tgid(task));
	rcu_read_unlock();
	return pinned;
}

static void unpin(struct pin *pin)
{
	lockdep_assert_held(&policy_lock);
	hash_del_rcu(&pin->node);
	atomic_dec(&nr_pins);
	put_pid(pin->pid);
	kfree_rcu(pin, rcu);
}

int mosix_policy_pin(struct task_struct *task, bool pinned)
{
	struct pid *pid = task_tgid(task);
	struct pin *pin, *new = NULL;
	struct mosix_task *mt;

	if (pinned) {
		new = kzalloc(sizeof(*new), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		new->pid = get_pid(pid);
	}
	spin_lock(&policy_lock);
	pin = find_pin(pid);
	if (pinned && !pin) {
		hash_add_rcu(pins, &new->node, (unsigned long)pid);
		atomic_inc(&nr_pins);
		new = NULL;
	} else if (!pinned && pin) {
		unpin(pin);
	}
	spin_unlock(&policy_lock);
	if (new) {
		put_pid(new->pid);
		kfree(new);
	}
	/* A deputy tells its guest at once (mosix_deputy_poll), not at its tick. */
	mt = mosix_task_get(task);
	if (mt && mt->role == MOSIX_ROLE_DEPUTY)
		set_notify_signal(task);
	mosix_task_put(mt);
	return 0;
}

void mosix_policy_task_exit(struct task_struct *task)
{
	struct pin *pin;

	if (!atomic_read(&nr_pins) || !thread_group_leader(task))
		return;
	spin_lock(&policy_lock);
	pin = find_pin(task_tgid(task));
	if (pin)
		unpin(pin);
	spin_unlock(&policy_lock);
}

/* Send every guest home, and take no more. */
void mosix_policy_expel(void)
{
	mosix_policy_change(MOSIX_POLICY_BLOCK, 0);
	mosix_guest_send_all_home();
}

/* Bring every process of this node home, and keep them here. */
void mosix_policy_bring(void)
{
	struct task_struct *p, **away;
	struct mosix_task *mt;
	unsigned int n = 0, i, max;

	mosix_policy_change(MOSIX_POLICY_LSTAY, 0);
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
		if (mt && mt->role == MOSIX_ROLE_DEPUTY)
			mosix_deputy_call_home(away[i]);
		mosix_task_put(mt);
		put_task_struct(away[i]);
	}
	kfree(away);
}
