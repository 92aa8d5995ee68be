// SPDX-License-Identifier: GPL-2.0
/*
 * Migration state of a task, and the hooks that follow such a task
 * through fork and exit.
 */
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "guest.h"
#include "policy.h"
#include "self.h"
#include "state.h"
#include "deputy.h"
#include "task.h"
#include "transport.h"

struct mosix_task *mosix_task_new(enum mosix_role role, struct socket *sock,
				  u32 peer)
{
	struct mosix_task *mt;

	mt = kzalloc(sizeof(*mt), GFP_KERNEL);
	if (!mt)
		return NULL;
	kref_init(&mt->ref);
	mt->role = role;
	mt->sock = sock;
	mt->peer = peer;
	mt->task = get_task_struct(current);
	INIT_LIST_HEAD(&mt->guests);
	spin_lock_init(&mt->ask_lock);
	return mt;
}

static void release(struct kref *ref)
{
	struct mosix_task *mt = container_of(ref, struct mosix_task, ref);

	mosix_conn_close(mt->sock);
	put_task_struct(mt->task);
	kvfree(mt->call_buf);
	kfree(mt);
}

void mosix_task_put(struct mosix_task *mt)
{
	if (mt)
		kref_put(&mt->ref, release);
}

/* Only current attaches and detaches its own state. */
void mosix_task_attach(struct mosix_task *mt)
{
	task_lock(current);
	current->mosix = mt;
	task_unlock(current);
}

void mosix_task_detach(void)
{
	struct mosix_task *mt = current->mosix;

	task_lock(current);
	current->mosix = NULL;
	task_unlock(current);
	mosix_task_put(mt);
}

/* A reference to task's migration state, or NULL. */
struct mosix_task *mosix_task_get(struct task_struct *task)
{
	struct mosix_task *mt;

	task_lock(task);
	mt = task->mosix;
	if (mt)
		kref_get(&mt->ref);
	task_unlock(task);
	return mt;
}

void mosix_task_forked(struct task_struct *p)
{
	p->mosix = NULL;
	clear_task_syscall_work(p, MOSIX);
}

void mosix_task_exiting(long code)
{
	struct mosix_task *mt = current->mosix;

	mosix_policy_task_exit(current);
	if (!mt)
		return;
	if (mt->role == MOSIX_ROLE_GUEST)
		mosix_guest_exiting(mt, code);
	else if (mt->role == MOSIX_ROLE_DEPUTY)
		mosix_deputy_exiting(mt, code);
	mosix_task_detach();
}

static const char *const state_names[] = {
	[MOSIX_PROC_HOME] = "home",
	[MOSIX_PROC_AWAY] = "away",
	[MOSIX_PROC_GUEST] = "guest",
};

int mosix_proc_show(struct seq_file *m, struct pid_namespace *ns,
		    struct pid *pid, struct task_struct *task)
{
	struct mosix_proc_info info;

	mosix_task_info(task, &info);
	seq_printf(m, "state:\t%s\n", state_names[info.state]);
	seq_printf(m, "node:\t%u\n", info.node);
	seq_printf(m, "migrations:\t%u\n", info.migrations);
	if (info.home_pid)
		seq_printf(m, "home_pid:\t%u\n", info.home_pid);
	seq_printf(m, "pinned:\t%u\n", info.pinned);
	if (info.reason)
		seq_printf(m, "cannot_migrate:\t%s\n", info.reason);
	return 0;
}

void mosix_task_info(struct task_struct *task, struct mosix_proc_info *info)
{
	struct mosix_task *mt = mosix_task_get(task);

	memset(info, 0, sizeof(*info));
	info->node = mosix_self_id();
	if (mt) {
		info->migrations = mt->nr_migrations;
		if (mt->role == MOSIX_ROLE_DEPUTY) {
			info->state = MOSIX_PROC_AWAY;
			info->node = mt->peer;
		} else if (mt->role == MOSIX_ROLE_GUEST) {
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
