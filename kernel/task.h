/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_TASK_H
#define _MOSIX_TASK_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/task_work.h>
#include <linux/types.h>
#include "decode.h"
#include "messages.h"

struct migrate_request;
struct sock;
struct socket;

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
 * Migration state of a task (task->mosix), owned by that task: only it
 * sets and clears the pointer.  Other contexts (netlink, the socket
 * callbacks) hold a reference.
 */
struct mosix_task {
	struct kref ref;
	enum mosix_role role;
	struct task_struct *task;
	struct socket *sock;	/* deputy <-> guest */
	u32 peer;		/* node of the other half */
	u32 home_node;
	u32 home_pid;
	u32 nr_migrations;
	unsigned long flags;
	struct callback_head async_work;
	/* The socket's own callbacks, while ours are installed. */
	void (*sk_data_ready)(struct sock *sk);
	void (*sk_state_change)(struct sock *sk);
	void (*sk_error_report)(struct sock *sk);
	struct list_head guests;	/* in the list of guests here */
	struct migrate_request *request;	/* deputy: to pass on */
	struct migrate_request *asked;	/* deputy: passed on, unanswered */
	unsigned long scratch;		/* deputy: buffer for syscall data */
	size_t scratch_size;
	void *call_buf;		/* forwarded calls' messages (forward.c) */
	size_t call_buf_size;
	struct callback_head ax_work;	/* guest: see guest.c */
	int stop;		/* guest: a stop signal not acted on yet */
	u64 ax;
	/* A move on to another node (deputy: under way; guest: asked). */
	bool moving;			/* deputy: waiting for its outcome */
	u32 move_node;
	u8 move_token[MOSIX_TOKEN_LEN];
	bool move_sent;			/* deputy: the state has left */
	unsigned long move_deadline;	/* deputy: then, jiffies */
	u64 move_cpu[2];		/* deputy: the old guest's utime, stime */
	u32 ask_node;			/* guest: see MOSIX_GUEST_ASK_MOVE */
	/*
	 * guest, under ask_lock: the balancer's figures for the move it
	 * asks for, then, once asked, for the move to move_admit_node
	 */
	spinlock_t ask_lock;
	struct mosix_admit_info ask_admit;
	u32 move_admit_node;
	struct mosix_admit_info move_admit;
	/* guest: calls forwarded home (only the task adds; READ_ONCE) */
	unsigned long forwarded;
};

struct mosix_task *mosix_task_new(enum mosix_role role, struct socket *sock,
				  u32 peer);
void mosix_task_put(struct mosix_task *mt);
void mosix_task_attach(struct mosix_task *mt);
void mosix_task_detach(void);
struct mosix_task *mosix_task_get(struct task_struct *task);

/* What `mosctl where` shows of a process. */
struct mosix_proc_info {
	u8 state;		/* enum mosix_proc_state */
	u32 node;
	u32 migrations;
	u32 home_pid;
	bool pinned;
	const char *reason;
};

void mosix_task_info(struct task_struct *task, struct mosix_proc_info *info);

#endif /* _MOSIX_TASK_H */
