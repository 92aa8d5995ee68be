/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_TASK_H
#define _MOSIX_TASK_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/task_work.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include "decode.h"
#include "messages.h"
#include "signals.h"

struct migrate_request;
struct mosix_conn;

enum mosix_role {
	MOSIX_ROLE_HOME,	/* at home, after having been away */
	MOSIX_ROLE_DEPUTY,	/* the process at home, its guest away */
	MOSIX_ROLE_GUEST,	/* the process running here for its home */
};

/* Flag bits of mosix_task.flags. */
enum {
	MOSIX_GUEST_IN_CALL,	/* waiting for a forwarded syscall */
	MOSIX_GUEST_WORK_QUEUED,	/* async_work is queued */
	MOSIX_GUEST_REPORTED,	/* the deputy knows how the guest ended */
	MOSIX_GUEST_AX_PENDING,	/* ax still to be restored */
	MOSIX_GUEST_GO_HOME,	/* the deputy asked us to come home */
	MOSIX_DEPUTY_IN_CALL,	/* the deputy runs a forwarded call */
	MOSIX_GUEST_MOVE,	/* the deputy asked us to move on */
	MOSIX_GUEST_ASK_MOVE,	/* ask the deputy to move us to ask_node */
	MOSIX_DEPUTY_PINNED,	/* the guest was told it is pinned */
	MOSIX_GUEST_PINNED,	/* pinned at home: the balancer leaves it here */
};

/*
 * The deputy's part: the process at home while its guest runs away.
 * Only the task itself uses it, but where said.
 */
struct mosix_deputy_part {
	/* a migration request to pass on; under task_lock (migrate_work) */
	struct migrate_request *request;
	struct migrate_request *asked;	/* passed on, unanswered */
	unsigned long scratch;		/* user buffer for forwarded calls */
	size_t scratch_size;
	/* a move on is under way: read by the new guest's REATTACH */
	bool moving;			/* WRITE_ONCE; READ_ONCE elsewhere */
	bool move_sent;			/* the state has left */
	unsigned long move_deadline;	/* then, jiffies */
	u64 move_cpu[3];		/* the old guest's utime, stime, run */
	/* the scheduling and limits last sent to the guest, if attrs_sent */
	struct mosix_wire_attrs attrs;
	bool attrs_sent;
	struct mosix_sigmask signals;	/* the guest's, mirrored here */
};

/*
 * The guest's part: the process running here for its home.  The task
 * uses it; the connection's watcher (softirq) queues async_work.
 */
struct mosix_guest_part {
	struct list_head list;		/* in guest.c's list; its lock */
	struct callback_head async_work;	/* see guest.c */
	struct callback_head ax_work;
	struct delayed_work retry;	/* async_work again: out of the vDSO */
	int stop;			/* a stop signal not acted on yet */
	u64 ax;				/* to restore on the way out */
	/*
	 * Under ask_lock (the balancer thread writes, the task reads): the
	 * node to ask the deputy to move it to and the balancer's figures
	 * for that move, then, once asked, for the move to move_admit_node.
	 */
	spinlock_t ask_lock;
	u32 ask_node;
	struct mosix_admit_info ask_admit;
	u32 move_admit_node;
	struct mosix_admit_info move_admit;
	/* calls forwarded home: the task adds (WRITE_ONCE), READ_ONCE */
	unsigned long forwarded;
	struct mosix_sigmask told;	/* the signals the deputy mirrors */
};

/*
 * Migration state of a task (task->mosix), owned by that task: only it
 * sets and clears the pointer (under task_lock), and only it writes the
 * fields but where said.  Other contexts (netlink, the balancer thread,
 * the connection's watcher in softirq) take a reference with
 * mosix_task_get() and read what they need with READ_ONCE.
 */
struct mosix_task {
	struct kref ref;
	enum mosix_role role;		/* WRITE_ONCE; READ_ONCE elsewhere */
	struct task_struct *task;	/* set at creation */
	struct mosix_conn *conn;	/* deputy <-> guest */
	u32 peer;			/* node of the other half; ONCE */
	u32 home_node;			/* set at creation */
	u32 home_pid;			/* set at creation */
	u32 nr_migrations;		/* WRITE_ONCE; READ_ONCE elsewhere */
	unsigned long flags;		/* atomic bits, any context */
	void *call_buf;			/* forwarded calls' messages */
	size_t call_buf_size;
	/* a move on: the deputy's target, or the one the guest was told */
	u32 move_node;
	u8 move_token[MOSIX_TOKEN_LEN];
	/* a guest's: what its home's CPU and vDSO are (set at creation) */
	u64 cpu_needs;
	u32 vdso;
	struct mosix_deputy_part deputy;
	struct mosix_guest_part guest;
};

struct mosix_task *mosix_task_new(enum mosix_role role,
				  struct mosix_conn *conn, u32 peer);
void mosix_task_put(struct mosix_task *mt);
/*
 * What a node must have to run @task (a process of this node or a guest
 * here): its home's CPU features and vDSO build (kernel/cpu.c).
 */
void mosix_task_cpu_needs(struct task_struct *task, u64 *features, u32 *vdso);
void mosix_task_attach(struct mosix_task *mt);
void mosix_task_detach(void);
struct mosix_task *mosix_task_get(struct task_struct *task);
bool mosix_task_is_guest(struct task_struct *task);
u64 mosix_task_rss(struct task_struct *p);

#endif /* _MOSIX_TASK_H */
