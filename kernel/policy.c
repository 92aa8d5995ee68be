// SPDX-License-Identifier: GPL-2.0
/*
 * This node's policy: its stay, lstay and block bits, the processes
 * pinned to it, the balancer's tunables, and which processes are system
 * services (which the balancer leaves alone unless told).  Pins are kept by struct
 * pid, which outlives the task, and dropped when the process exits.
 * Written from netlink (process context), read from anywhere: the bits
 * with READ_ONCE, the pins under RCU, the tunables under their lock.
 */
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/mosix.h>
#include <linux/pid.h>
#include <linux/rculist.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "decide.h"
#include "policy.h"

static u32 node_policy;		/* written under policy_lock */
/* Serialises writers of node_policy and of the pin table; process context. */
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

u32 mosix_policy_change(u32 set, u32 clear)
{
	u32 old;

	spin_lock(&policy_lock);
	old = node_policy;
	WRITE_ONCE(node_policy, (old | set) & ~clear & MOSIX_POLICY_ALL);
	spin_unlock(&policy_lock);
	return old;
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

/*
 * Pin or unpin task's process.  The caller tells a deputy (its guest
 * learns of it at the deputy's next poll).
 */
int mosix_policy_pin(struct task_struct *task, bool pinned)
{
	struct pid *pid = task_tgid(task);
	struct pin *pin, *new = NULL;

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

/* Guards tunables; process context (netlink, admission, the balancer). */
static DEFINE_SPINLOCK(tunables_lock);
static struct mosix_balancer_tunables tunables = {
	.enabled = true,
	.interval_ms = 1000,
	.stability = MOSIX_BAL_STABILITY,
	.mem_low = MOSIX_BAL_MEM_LOW,
};

void mosix_policy_balancer(struct mosix_balancer_tunables *t)
{
	spin_lock(&tunables_lock);
	*t = tunables;
	spin_unlock(&tunables_lock);
}

void mosix_policy_set_balancer(const bool *enabled, const u32 *interval_ms,
			       const u32 *stability, const u32 *mem_low,
			       const bool *services)
{
	spin_lock(&tunables_lock);
	if (enabled)
		tunables.enabled = *enabled;
	if (interval_ms)
		tunables.interval_ms = *interval_ms;
	if (stability)
		tunables.stability = *stability;
	if (mem_low)
		tunables.mem_low = *mem_low;
	if (services)
		tunables.services = *services;
	spin_unlock(&tunables_lock);
}

/* systemd's slice of system services, as a cgroup path. */
#define SYSTEM_SLICE	"/system.slice"

bool mosix_policy_is_service(struct task_struct *task)
{
	char path[sizeof(SYSTEM_SLICE) + 1] = "";
	const size_t n = sizeof(SYSTEM_SLICE) - 1;

	if (uid_eq(task_uid(task), GLOBAL_ROOT_UID))
		return true;
#ifdef CONFIG_CGROUPS
	/* Truncated to what tells: "/system.slice" and what follows it. */
	rcu_read_lock();
	cgroup_path(task_dfl_cgroup(task), path, sizeof(path));
	rcu_read_unlock();
#endif
	return !strncmp(path, SYSTEM_SLICE, n) && (path[n] == '/' || !path[n]);
}
