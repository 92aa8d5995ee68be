// SPDX-License-Identifier: GPL-2.0
/*
 * The migration state of a task (struct mosix_task): its life and the
 * references to it.
 */
#include <linux/mm.h>
#include <linux/mosix.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include "conn.h"
#include "cpu.h"
#include "task.h"

struct mosix_task *mosix_task_new(enum mosix_role role,
				  struct mosix_conn *conn, u32 peer)
{
	struct mosix_task *mt;

	mt = kzalloc(sizeof(*mt), GFP_KERNEL);
	if (!mt)
		return NULL;
	kref_init(&mt->ref);
	mt->role = role;
	mt->conn = conn;
	mt->peer = peer;
	mt->task = get_task_struct(current);
	INIT_LIST_HEAD(&mt->guest.list);
	spin_lock_init(&mt->guest.ask_lock);
	return mt;
}

static void release(struct kref *ref)
{
	struct mosix_task *mt = container_of(ref, struct mosix_task, ref);

	mosix_conn_close(mt->conn);
	put_task_struct(mt->task);
	kvfree(mt->call_buf);
	kfree(mt);
}

void mosix_task_put(struct mosix_task *mt)
{
	if (mt)
		kref_put(&mt->ref, release);
}

/*
 * Only current attaches and detaches its own state, under task_lock;
 * WRITE_ONCE for mosix_task_is_guest()'s look without it.
 */
void mosix_task_attach(struct mosix_task *mt)
{
	task_lock(current);
	WRITE_ONCE(current->mosix, mt);
	task_unlock(current);
}

void mosix_task_detach(void)
{
	struct mosix_task *mt = current->mosix;

	task_lock(current);
	WRITE_ONCE(current->mosix, NULL);
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

/*
 * Whether @task runs here for another node (any context but hardirq).
 * Every /proc/PID/ lookup asks (mosix_proc_private()): a task that never
 * migrated, nearly all of them, is answered without its lock.
 */
bool mosix_task_is_guest(struct task_struct *task)
{
	struct mosix_task *mt;
	bool guest;

	if (!READ_ONCE(task->mosix))
		return false;
	mt = mosix_task_get(task);
	guest = mt && READ_ONCE(mt->role) == MOSIX_ROLE_GUEST;
	mosix_task_put(mt);
	return guest;
}

/*
 * Resident bytes of @p's memory; 0 for a task without (a kernel thread,
 * or one exiting).  task_lock keeps the mm from going away meanwhile, so
 * this may be called under RCU.
 */
u64 mosix_task_rss(struct task_struct *p)
{
	u64 pages = 0;

	task_lock(p);
	if (p->mm)
		pages = get_mm_rss(p->mm);
	task_unlock(p);
	return pages << PAGE_SHIFT;
}

void mosix_task_cpu_needs(struct task_struct *task, u64 *features, u32 *vdso)
{
	struct mosix_task *mt = mosix_task_get(task);

	if (mt && READ_ONCE(mt->role) == MOSIX_ROLE_GUEST) {
		*features = mt->cpu_needs;
		*vdso = mt->vdso;
	} else {
		*features = mosix_cpu_features();
		*vdso = mosix_cpu_vdso();
	}
	mosix_task_put(mt);
}
