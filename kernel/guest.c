// SPDX-License-Identifier: GPL-2.0
/*
 * The guest: a process running on this node for its home node.  It is
 * created by the migration daemon as a user-mode thread that rebuilds
 * the process's state in itself and returns to user mode.  It runs as
 * an unprivileged user; its syscalls that depend on the site go to its
 * deputy at home (forward.c), or send it home first.
 *
 * Messages the deputy sends unasked (signals, "come home", "die") wake
 * the guest through the socket callbacks, which queue task work; that
 * work reads them on the guest's way back to user mode.
 */
#include <linux/cred.h>
#include <linux/in.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/oom.h>
#include <linux/sched/cputime.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <asm/unistd.h>
#include <asm/fpu/types.h>
#include <asm/fpu/xstate.h>
#include "admit.h"
#include "clock.h"
#include "confine.h"
#include "cpu.h"
#include "cpuclass.h"
#include "conn.h"
#include "decode.h"
#include "forward.h"
#include "guest.h"
#include "messages.h"
#include "node.h"
#include "policy.h"
#include "signals.h"
#include "self.h"
#include "state.h"
#include "syscalls.h"
#include "task.h"

/*
 * The guests running here (mosctl guests, expel), linked by
 * mt->guest.list; guests_lock guards the list and nr_guests, taken in
 * process context (the guests, netlink, the balancer thread).  Readers
 * of the count alone use READ_ONCE.
 */
static DEFINE_SPINLOCK(guests_lock);
static LIST_HEAD(guests);
static unsigned int nr_guests;

static void list_guest(struct mosix_task *mt)
{
	spin_lock(&guests_lock);
	list_add_tail(&mt->guest.list, &guests);
	WRITE_ONCE(nr_guests, nr_guests + 1);
	spin_unlock(&guests_lock);
}

static void unlist_guest(struct mosix_task *mt)
{
	spin_lock(&guests_lock);
	if (!list_empty(&mt->guest.list)) {
		list_del_init(&mt->guest.list);
		WRITE_ONCE(nr_guests, nr_guests - 1);
	}
	spin_unlock(&guests_lock);
}

unsigned int mosix_guest_count(void)
{
	return READ_ONCE(nr_guests);
}

/* The index-th guest, in the order they arrived; -ENOENT past the end. */
int mosix_guest_view_at(unsigned long index, struct mosix_guest_view *view)
{
	struct task_struct *task = NULL;
	struct mosix_task *mt;

	spin_lock(&guests_lock);
	list_for_each_entry(mt, &guests, guest.list) {
		if (index--)
			continue;
		task = get_task_struct(mt->task);
		view->home_node = mt->home_node;
		view->home_pid = mt->home_pid;
		break;
	}
	spin_unlock(&guests_lock);
	if (!task)
		return -ENOENT;
	view->pid = task_tgid_vnr(task);
	view->rss = mosix_task_rss(task);
	put_task_struct(task);
	return 0;
}

static void kick(struct mosix_task *mt)
{
	if (test_bit(MOSIX_GUEST_IN_CALL, &mt->flags) ||
	    test_and_set_bit(MOSIX_GUEST_WORK_QUEUED, &mt->flags))
		return;
	kref_get(&mt->ref);
	if (task_work_add(mt->task, &mt->guest.async_work, TWA_SIGNAL)) {
		clear_bit(MOSIX_GUEST_WORK_QUEUED, &mt->flags);
		mosix_task_put(mt);
	}
}

/*
 * The connection home, in softirq: data wakes the guest.  If the
 * connection is gone, the process is over (killed at home, or its home
 * node died): SIGKILL reaches the guest even when it is stopped, which
 * task work would not.
 */
static void home_event(void *ctx, enum mosix_conn_event event, int err)
{
	struct mosix_task *mt = ctx;

	if (!err)
		kick(mt);
	else if (!test_and_set_bit(MOSIX_GUEST_REPORTED, &mt->flags))
		send_sig(SIGKILL, mt->task, 1);
}

/* expel: every guest goes home. */
void mosix_guest_send_all_home(void)
{
	struct mosix_task *mt;

	spin_lock(&guests_lock);
	list_for_each_entry(mt, &guests, guest.list) {
		set_bit(MOSIX_GUEST_GO_HOME, &mt->flags);
		kick(mt);
	}
	spin_unlock(&guests_lock);
}

/* Asked from this node: the guest goes home at its next chance. */
void mosix_guest_send_home(struct mosix_task *mt)
{
	set_bit(MOSIX_GUEST_GO_HOME, &mt->flags);
	kick(mt);
}

/*
 * Asked from this node (the balancer, mosctl): the guest asks its
 * deputy to move it on to node, at its next chance; home decides.
 * admit: the balancer's figures for node's admission check, NULL for
 * a user's move.
 */
void mosix_guest_ask_move(struct mosix_task *mt, u32 node,
			  const struct mosix_admit_info *admit)
{
	spin_lock(&mt->guest.ask_lock);
	mt->guest.ask_node = node;
	if (admit)
		mt->guest.ask_admit = *admit;
	else
		memset(&mt->guest.ask_admit, 0, sizeof(mt->guest.ask_admit));
	spin_unlock(&mt->guest.ask_lock);
	set_bit(MOSIX_GUEST_ASK_MOVE, &mt->flags);
	kick(mt);
}

/* After a forwarded call: messages that came meanwhile still count. */
static void rearm(struct mosix_task *mt)
{
	if (mosix_conn_readable(mt->conn) ||
	    test_bit(MOSIX_GUEST_GO_HOME, &mt->flags) ||
	    test_bit(MOSIX_GUEST_MOVE, &mt->flags) ||
	    test_bit(MOSIX_GUEST_ASK_MOVE, &mt->flags))
		kick(mt);
	if (task_work_pending(current))
		set_notify_signal(current);
}

/* Would sig stop the process, as its dispositions are now? */
static bool stops(int sig)
{
	return sig == SIGSTOP ||
	       ((sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) &&
		current->sighand->action[sig - 1].sa.sa_handler == SIG_DFL);
}

static void end_guest(struct mosix_task *mt, const char *why)
{
	pr_info("mosix: guest %d (pid %u of node %u) ends: %s (%d)\n",
		task_pid_nr(current), mt->home_pid, mt->home_node, why,
		mosix_conn_error(mt->conn));
	set_bit(MOSIX_GUEST_REPORTED, &mt->flags);
	force_sig(SIGKILL);
}

static int home_message(struct mosix_task *mt, const struct mosix_chunk *hdr,
			bool may_stop);

/*
 * Wait for the deputy's empty chunk of this type (0) or, if not 0, of
 * type alt (1), taking its other messages meanwhile (a stop signal among
 * them waits in mt->guest.stop).  Signals and task work wait too, SIGKILL
 * aside.
 */
static int await_chunk(struct mosix_task *mt, u16 type, u16 alt, long wait_ms)
{
	struct mosix_chunk hdr;
	int ret;

	for (;;) {
		ret = mosix_conn_next(mt->conn, &hdr, wait_ms);
		if (ret)
			return ret == -EAGAIN ? -ETIMEDOUT : ret;
		if (!hdr.length && le16_to_cpu(hdr.type) == type)
			return 0;
		if (!hdr.length && alt && le16_to_cpu(hdr.type) == alt)
			return 1;
		ret = home_message(mt, &hdr, false);
		if (ret)
			return ret;
	}
}

/*
 * Wait for home's @until, after sending @say (a chunk type, 0: none)
 * with its payload; as in a call, the connection's watcher queues no
 * work meanwhile.
 */
static int hold(struct mosix_task *mt, u16 say, const void *p, u32 len,
		u16 until)
{
	bool in_call = test_and_set_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	int ret = 0;

	if (say)
		ret = mosix_conn_send(mt->conn, say, p, len, NULL, 0);
	if (!ret)
		ret = await_chunk(mt, until, 0, 0);
	if (!in_call)
		clear_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	return ret;
}

/*
 * A stop signal: the process stops at home, where its parent and its
 * terminal see it stop, and the guest waits here until the deputy says
 * it goes on.  Messages meanwhile are taken as usual: signals stay
 * pending, as they do for a stopped process.  SIGKILL, at home or
 * here, still ends it.
 */
static int guest_stop(struct mosix_task *mt, int sig)
{
	__le32 signo = cpu_to_le32(sig);

	return hold(mt, MOSIX_CHUNK_STOPPED, &signo, sizeof(signo),
		    MOSIX_CHUNK_RESUME);
}

/*
 * The process is frozen at home (its deputy in the cgroup freezer): the
 * guest computes no more until THAW.  Messages meanwhile are taken as in
 * a stop; SIGKILL still ends it.
 */
static int guest_freeze(struct mosix_task *mt)
{
	return hold(mt, 0, NULL, 0, MOSIX_CHUNK_THAW);
}

/* A stop signal that came while the guest could not stop: stop now. */
static int stop_pending(struct mosix_task *mt)
{
	int sig = mt->guest.stop;

	mt->guest.stop = 0;
	return sig ? guest_stop(mt, sig) : 0;
}

/*
 * A message other than a syscall result.  Returns non-zero when the
 * connection can no longer be used.  A stop signal stops the guest if
 * may_stop, else it waits in mt->guest.stop: while a result or the trip home
 * may still be coming, the guest cannot ask the deputy to stop.
 */
static int home_message(struct mosix_task *mt, const struct mosix_chunk *hdr,
			bool may_stop)
{
	struct mosix_chunk_signal s;
	struct mosix_signal_info si;
	struct mosix_chunk_move m;
	u32 len = le32_to_cpu(hdr->length);
	int ret, sig;

	switch (le16_to_cpu(hdr->type)) {
	case MOSIX_CHUNK_SIGNAL:
		if (len != sizeof(s))
			break;
		ret = mosix_conn_recv(mt->conn, &s, sizeof(s));
		if (ret)
			return ret;
		if (mosix_decode_signal(&s, sizeof(s), &si))
			break;
		sig = si.signo;
		if (stops(sig)) {
			if (may_stop)
				return guest_stop(mt, sig);
			mt->guest.stop = sig;
			return 0;
		}
		mosix_signals_raise(&si);
		return 0;
	case MOSIX_CHUNK_COME_HOME:
		if (len)
			break;
		set_bit(MOSIX_GUEST_GO_HOME, &mt->flags);
		return 0;
	case MOSIX_CHUNK_ATTRS: {
		struct mosix_wire_attrs a;

		if (len != sizeof(a))
			break;
		ret = mosix_conn_recv(mt->conn, &a, sizeof(a));
		if (ret)
			return ret;
		if (mosix_check_attrs(&a, sizeof(a)))
			break;
		mosix_state_apply_attrs(&a);
		return 0;
	}
	case MOSIX_CHUNK_PIN: {
		__le32 v;
		bool pinned;

		if (len != sizeof(v))
			break;
		ret = mosix_conn_recv(mt->conn, &v, sizeof(v));
		if (ret)
			return ret;
		if (mosix_decode_pin(&v, sizeof(v), &pinned))
			break;
		assign_bit(MOSIX_GUEST_PINNED, &mt->flags, pinned);
		return 0;
	}
	case MOSIX_CHUNK_KILL:
		if (len)
			break;
		end_guest(mt, "its home process was killed");
		return -ECONNRESET;
	case MOSIX_CHUNK_MOVE:
		if (len != sizeof(m))
			break;
		ret = mosix_conn_recv(mt->conn, &m, sizeof(m));
		if (ret)
			return ret;
		if (mosix_decode_move(&m, sizeof(m), &mt->move_node,
				      mt->move_token))
			break;
		set_bit(MOSIX_GUEST_MOVE, &mt->flags);
		return 0;
	case MOSIX_CHUNK_MOVE_ABORT:
		/* The answer to a move given up on after a timeout. */
		return len ? -EPROTO : 0;
	case MOSIX_CHUNK_FREEZE:
		if (len)
			break;
		/* In a call or a stop it waits for home anyway. */
		return may_stop ? guest_freeze(mt) : 0;
	case MOSIX_CHUNK_THAW:
		/* The end of a freeze met in a call or a stop. */
		return len ? -EPROTO : 0;
	case MOSIX_CHUNK_MOVE_DONE:
		if (len)
			break;
		/* Such a move happened after all: the process runs there. */
		end_guest(mt, "it runs on another node now");
		return -ECONNRESET;
	}
	return -EPROTO;
}

/* An EXIT (or MOVE_SENT, code 0): the code and the CPU time used here. */
static void cputime_used(struct mosix_chunk_exit *e, long code)
{
	u64 cpu[3];

	mosix_clock_used(cpu);
	*e = (struct mosix_chunk_exit) {
		.code = cpu_to_le32(code & 0xffff),
		.flags = cpu_to_le32(tsk_is_oom_victim(current) ?
				     MOSIX_EXIT_OOM : 0),
		.utime_ns = cpu_to_le64(cpu[0]),
		.stime_ns = cpu_to_le64(cpu[1]),
		.run_ns = cpu_to_le64(cpu[2]),
	};
}

/* The process runs elsewhere now: this copy ends without a word. */
static void __noreturn leave(struct mosix_task *mt)
{
	set_bit(MOSIX_GUEST_REPORTED, &mt->flags);
	unlist_guest(mt);
	mosix_conn_unwatch(mt->conn);
	clear_task_syscall_work(current, MOSIX);
	mosix_task_detach();
	mosix_self_left(current);
	do_exit(0);
}

/*
 * What cannot move (memory it locked here, say) does not start for home:
 * home learns why (HOME_FAIL), and a request there gets the reason.
 */
static int cannot_go_home(struct mosix_task *mt)
{
	struct mosix_chunk_home_fail m = { .status = cpu_to_le32(-EPERM) };
	u32 why = mosix_state_unmovable_why(current);
	int ret;

	if (!why)
		return 0;
	pr_info_ratelimited("mosix: guest %d cannot go home to node %u now: %s\n",
			    task_pid_nr(current), mt->home_node,
			    mosix_state_why(why));
	m.why = cpu_to_le32(why);
	ret = mosix_conn_send(mt->conn, MOSIX_CHUNK_HOME_FAIL, &m, sizeof(m),
			      NULL, 0);
	return ret ?: -EPERM;
}

/*
 * Send the process home with regs as its registers.  Returns only on
 * failure; the guest then goes on here.  Until the answer, signals and
 * the deputy's messages wait: the exchange must not be cut in two.
 * Once home said go, it gets a state or an ABORT, and answers ACCEPT
 * either way, so a state that could not be sent whole (this node's
 * memory, a fatal signal) leaves the connection in step.
 */
static int go_home(struct mosix_task *mt, const struct pt_regs *regs)
{
	bool in_call = test_and_set_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	int ret, accept;

	clear_bit(MOSIX_GUEST_GO_HOME, &mt->flags);
	clear_bit(MOSIX_GUEST_MOVE, &mt->flags);	/* home passes it on */
	ret = cannot_go_home(mt);
	if (!ret) {
		ret = mosix_conn_send(mt->conn, MOSIX_CHUNK_HOME, NULL, 0,
				      NULL, 0);
		if (!ret)
			ret = await_chunk(mt, MOSIX_CHUNK_HOME_GO, 0,
					  MOSIX_CHUNK_TIMEOUT_MS);
		if (!ret) {
			ret = mosix_state_send(mt->conn, regs, mt->guest.stop);
			accept = mosix_conn_recv_status(mt->conn,
							MOSIX_CHUNK_ACCEPT);
			ret = ret ?: accept;
		}
		if (ret)
			pr_warn("mosix: guest %d could not go home to node %u: %d\n",
				task_pid_nr(current), mt->home_node, ret);
	}
	if (ret) {
		if (!in_call)
			clear_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
		stop_pending(mt);
		rearm(mt);
		return ret;
	}
	/* The process runs at home now. */
	leave(mt);
}

/* Send the state to the move's node; 0 or a negative errno. */
static int move_state(struct mosix_task *mt, const struct pt_regs *regs)
{
	struct mosix_admit_info admit = {};
	struct mosix_node_view view;
	struct mosix_conn *conn;
	int ret;

	/* The balancer's figures, if this is the move it asked for. */
	spin_lock(&mt->guest.ask_lock);
	if (mt->guest.move_admit_node == mt->move_node)
		admit = mt->guest.move_admit;
	mt->guest.move_admit_node = 0;
	spin_unlock(&mt->guest.ask_lock);
	if (mt->guest.stop)
		return -EAGAIN;
	if (mosix_state_unmovable(current))
		return -EPERM;
	/* Home saw it up: try, even if this node has not heard of it lately. */
	if (mosix_node_view_by_id(mt->move_node, &view))
		return -EHOSTUNREACH;
	ret = mosix_conn_connect(view.addr, &conn);
	if (ret == -EKEYREJECTED)
		return -EACCES;
	if (ret)		/* (home then tries the way through itself) */
		return ret == -EINTR ? ret : -EHOSTUNREACH;
	ret = mosix_state_hello(conn, mt->home_node, mt->home_pid,
				mt->nr_migrations + 1, mt->move_token, &admit);
	if (!ret)
		ret = mosix_state_send(conn, regs, 0);
	/* The new guest reads it all before it calls home. */
	mosix_conn_close(conn);
	return ret;
}

/*
 * Move on straight to the node the deputy named, with regs as the
 * registers.  The new guest calls the deputy, which decides: this copy
 * then ends without a word, or (on any failure) goes on here.  Returns
 * only in that case.
 */
static int move_on(struct mosix_task *mt, const struct pt_regs *regs)
{
	bool in_call = test_and_set_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	struct mosix_chunk_exit cpu;
	int ret;

	clear_bit(MOSIX_GUEST_MOVE, &mt->flags);
	ret = move_state(mt, regs);
	if (ret) {
		/* Home gives the request the reason, as for HOME_FAIL. */
		struct mosix_chunk_home_fail m = {
			.status = cpu_to_le32(ret),
			.why = cpu_to_le32(ret == -EPERM ?
					   mosix_state_unmovable_why(current) :
					   MOSIX_WHY_OTHER),
		};

		ret = mosix_conn_send(mt->conn, MOSIX_CHUNK_MOVE_FAIL, &m,
				      sizeof(m), NULL, 0);
	} else {
		/* The CPU time used here, counted at home if it moves. */
		cputime_used(&cpu, 0);
		ret = mosix_conn_send(mt->conn, MOSIX_CHUNK_MOVE_SENT, &cpu,
				      sizeof(cpu), NULL, 0);
	}
	/* The deputy's verdict: MOVE_DONE, or MOVE_ABORT (go on here). */
	if (!ret)
		ret = await_chunk(mt, MOSIX_CHUNK_MOVE_DONE,
				  MOSIX_CHUNK_MOVE_ABORT, MOSIX_CHUNK_TIMEOUT_MS);
	if (ret == 1)
		ret = -ECANCELED;
	if (!ret)
		leave(mt);
	if (ret != -ECANCELED)
		pr_warn("mosix: guest %d could not move on to node %u: %d\n",
			task_pid_nr(current), mt->move_node, ret);
	if (!in_call)
		clear_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	stop_pending(mt);
	rearm(mt);
	return ret;
}

static void restore_ax(struct mosix_task *mt)
{
	if (test_and_clear_bit(MOSIX_GUEST_AX_PENDING, &mt->flags))
		task_pt_regs(current)->ax = mt->guest.ax;
}

/* The guest was in the vDSO when it was to move: look again. */
static void retry_work(struct work_struct *work)
{
	struct mosix_task *mt = container_of(to_delayed_work(work),
					     struct mosix_task, guest.retry);

	kick(mt);
	mosix_task_put(mt);
}

/*
 * The first return to user mode here: ax back, and the deputy told what
 * the process blocks and ignores (after a move on, its mirror is of the
 * guest before, which may have been late telling a block).
 */
static void ax_work(struct callback_head *cb)
{
	struct mosix_task *mt = container_of(cb, struct mosix_task, guest.ax_work);

	restore_ax(mt);
	if (current->mosix == mt && !(current->flags & PF_EXITING))
		mosix_signals_tell(mt->conn, &mt->guest.told, &current->blocked,
				   MOSIX_TELL_ALWAYS);
	mosix_task_put(mt);
}

static void async_work(struct callback_head *cb)
{
	struct mosix_task *mt = container_of(cb, struct mosix_task, guest.async_work);
	struct mosix_chunk hdr;
	struct pt_regs regs;
	int ret = 0;

	/*
	 * task_work_run() takes the works queued so far as one batch and
	 * runs it newest first, and this work may never return: when the
	 * process goes home or on, this copy ends here.  The older works
	 * of the batch would then never run: the arrival's ax_work (whose
	 * reference keeps the guest's mosix_task, connection and
	 * task_struct), a file's last fput.  So while works follow it, it
	 * queues itself behind them.
	 */
	if (cb->next && !(current->flags & PF_EXITING) &&
	    !task_work_add(current, cb, TWA_RESUME))
		return;
	clear_bit(MOSIX_GUEST_WORK_QUEUED, &mt->flags);
	if (current->mosix != mt || (current->flags & PF_EXITING))
		goto out;
	restore_ax(mt);
	while (!ret && mosix_conn_readable(mt->conn)) {
		ret = mosix_conn_recv_header(mt->conn, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
		if (!ret)
			ret = home_message(mt, &hdr, true);
	}
	if (!ret && test_and_clear_bit(MOSIX_GUEST_ASK_MOVE, &mt->flags)) {
		__le32 node;

		spin_lock(&mt->guest.ask_lock);
		node = cpu_to_le32(mt->guest.ask_node);
		mt->guest.move_admit_node = mt->guest.ask_node;
		mt->guest.move_admit = mt->guest.ask_admit;
		spin_unlock(&mt->guest.ask_lock);
		ret = mosix_conn_send(mt->conn, MOSIX_CHUNK_MOVE_ASK, &node,
				      sizeof(node), NULL, 0);
	}
	if (ret && !test_bit(MOSIX_GUEST_REPORTED, &mt->flags))
		end_guest(mt, "its home node is unreachable");
	/* Not in the middle of a clock reading: see mosix_state_in_vdso(). */
	if (!ret && (test_bit(MOSIX_GUEST_GO_HOME, &mt->flags) ||
		     test_bit(MOSIX_GUEST_MOVE, &mt->flags)) &&
	    mosix_state_in_vdso(task_pt_regs(current))) {
		kref_get(&mt->ref);
		if (!schedule_delayed_work(&mt->guest.retry, 1))
			mosix_task_put(mt);
		goto out;
	}
	if (!ret && test_bit(MOSIX_GUEST_GO_HOME, &mt->flags)) {
		regs = *task_pt_regs(current);
		mosix_state_restart_regs(&regs);
		/*
		 * go_home() does not return when it succeeds: this work's
		 * reference goes first (the task's own keeps mt meanwhile).
		 */
		mosix_task_put(mt);
		go_home(mt, &regs);
		return;
	}
	if (!ret && test_bit(MOSIX_GUEST_MOVE, &mt->flags)) {
		regs = *task_pt_regs(current);
		mosix_state_restart_regs(&regs);
		mosix_task_put(mt);	/* as for go_home() */
		move_on(mt, &regs);
		return;
	}
out:
	mosix_task_put(mt);
}

/* Registers that execute the syscall instruction again. */
static void call_again(struct pt_regs *regs, long nr)
{
	regs->ax = nr;
	regs->ip -= 2;
	regs->orig_ax = -1;
}

/*
 * rt_sigaction() runs here, but a new SIGCHLD action also goes home,
 * where the process's children are (fork and exec run at home).  Sent
 * only for a call that will succeed: SIGCHLD, a readable action, the
 * right mask size.
 */
static void tell_sigchld(struct mosix_task *mt, const u64 *args)
{
	struct mosix_chunk_sigchld m = { 0 };
	struct sigaction act;

	if (args[0] != SIGCHLD || !args[1] || args[3] != sizeof(sigset_t) ||
	    copy_from_user(&act, u64_to_user_ptr(args[1]), sizeof(act)))
		return;
	m.how = cpu_to_le32(mosix_state_sigchld_how(act.sa_handler, act.sa_flags));
	/* A broken connection shows at the next call. */
	mosix_conn_send(mt->conn, MOSIX_CHUNK_SIGCHLD, &m, sizeof(m), NULL, 0);
}

/* A message that comes during a forwarded call: a stop waits. */
static int call_message(struct mosix_task *mt, const struct mosix_chunk *hdr)
{
	return home_message(mt, hdr, false);
}

static const struct mosix_forward_guest_ops call_ops = {
	.message = call_message,
	.result_in = stop_pending,
	.call_over = rearm,
};

bool mosix_syscall_entered(struct pt_regs *regs, long nr)
{
	struct mosix_task *mt = current->mosix;
	u64 args[6] = { regs->di, regs->si, regs->dx, regs->r10, regs->r8,
			regs->r9 };
	enum mosix_sys_class class;
	struct pt_regs home;
	sigset_t mask;

	if (!mt || mt->role != MOSIX_ROLE_GUEST || nr < 0)
		return false;
	/*
	 * The hook also sees the 32-bit calls of the compat table, which a
	 * 64-bit process can make with int $0x80 (CONFIG_IA32_EMULATION):
	 * their numbers and arguments are not those the classes know, so
	 * each runs at home, which executes the int $0x80 again.  Made in
	 * 32-bit mode (a far jump of the program's own; processes move in
	 * 64-bit mode only) a call could not be made again at home: it
	 * fails with EPERM rather than run on this node.
	 */
	if (in_ia32_syscall()) {
		if (regs->cs != __USER_CS) {
			regs->ax = -EPERM;
			return true;
		}
		class = MOSIX_SYS_HOME;
	} else {
		if (nr == __NR_rt_sigaction)
			tell_sigchld(mt, args);
		class = mosix_syscall_class(nr, args);
		/* A signal it waits for may wait at home: home is told. */
		if (mosix_signals_wait_mask(nr, args, &mask) &&
		    mosix_signals_must_tell(&mt->guest.told, &mask))
			mosix_signals_tell(mt->conn, &mt->guest.told, &mask,
					   MOSIX_TELL_MASK);
		/* One pending here is taken here. */
		if (nr == __NR_rt_sigtimedwait && mosix_signals_waited_here(args))
			class = MOSIX_SYS_LOCAL;
	}
	switch (class) {
	case MOSIX_SYS_LOCAL:
	case MOSIX_SYS_EXIT:
		return false;
	case MOSIX_SYS_FORWARD:
		WRITE_ONCE(mt->guest.forwarded, mt->guest.forwarded + 1);
		/* The call runs at home with the process's signals. */
		mosix_signals_tell(mt->conn, &mt->guest.told, &current->blocked,
				   MOSIX_TELL_MASK);
		switch (mosix_forward_call(mt, regs, &call_ops)) {
		case MOSIX_CALL_DONE:
			/* Signals blocked here count with those at home. */
			if (nr == __NR_rt_sigpending && !regs->ax)
				mosix_signals_add_pending(args);
			return true;
		case MOSIX_CALL_LOST:
			end_guest(mt, "its home node is unreachable");
			return true;
		case MOSIX_CALL_AGAIN_HOME:
			/* If home cannot take it, the call starts again here. */
			home = *regs;
			call_again(&home, nr);
			go_home(mt, &home);
			call_again(regs, nr);
			return true;
		case MOSIX_CALL_HOME:
			break;
		}
		fallthrough;
	case MOSIX_SYS_HOME:
		/* Home executes the syscall instruction again. */
		home = *regs;
		call_again(&home, nr);
		go_home(mt, &home);
		regs->ax = -EAGAIN;
		return true;
	}
	return false;
}

/*
 * A guest's syscall returns: if the process now unblocks a signal the
 * deputy holds for it, or changed what it ignores, home learns of it at
 * once (signals.c).  A call that keeps another mask until a signal is
 * delivered (sigsuspend, ppoll...) counts with the process's own.
 */
void mosix_syscall_exited(struct pt_regs *regs)
{
	struct mosix_task *mt = current->mosix;
	const sigset_t *now;

	if (!mt || mt->role != MOSIX_ROLE_GUEST)
		return;
	now = test_restore_sigmask() ? &current->saved_sigmask :
				       &current->blocked;
	if (!in_ia32_syscall() && regs->orig_ax == __NR_rt_sigaction)
		mosix_signals_tell(mt->conn, &mt->guest.told, now,
				   MOSIX_TELL_ACTIONS);
	else if (mosix_signals_must_tell(&mt->guest.told, now))
		mosix_signals_tell(mt->conn, &mt->guest.told, now,
				   MOSIX_TELL_MASK);
}

void mosix_guest_exiting(struct mosix_task *mt, long code)
{
	struct mosix_chunk_exit e;

	unlist_guest(mt);
	mosix_conn_unwatch(mt->conn);
	if (test_and_set_bit(MOSIX_GUEST_REPORTED, &mt->flags))
		return;
	cputime_used(&e, code);
	mosix_conn_send(mt->conn, MOSIX_CHUNK_EXIT, &e, sizeof(e), NULL, 0);
}

static int drop_privileges(void)
{
	struct group_info *none = groups_alloc(0);
	struct cred *new = prepare_creds();

	if (!new || !none) {
		if (new)
			abort_creds(new);
		if (none)
			put_group_info(none);
		return -ENOMEM;
	}
	new->uid = KUIDT_INIT(MOSIX_GUEST_UID);
	new->euid = new->uid;
	new->suid = new->uid;
	new->fsuid = new->uid;
	new->gid = KGIDT_INIT(MOSIX_GUEST_UID);
	new->egid = new->gid;
	new->sgid = new->gid;
	new->fsgid = new->gid;
	set_groups(new, none);
	put_group_info(none);
	cap_clear(new->cap_inheritable);
	cap_clear(new->cap_permitted);
	cap_clear(new->cap_effective);
	cap_clear(new->cap_bset);
	cap_clear(new->cap_ambient);
	return commit_creds(new);
}

/*
 * HELLO from its home, or (MOVED) from the node the process is a guest
 * on, for a home this node knows.
 */
static int check_hello(const struct mosix_chunk_hello *h, __be32 peer,
		       struct mosix_hello_info *hi)
{
	struct mosix_node_view view;

	if (mosix_decode_hello(h, sizeof(*h), hi))
		return -EPROTO;
	if (hi->flags & MOSIX_HELLO_MOVED) {
		if (hi->home_node == mosix_self_id() ||
		    mosix_node_view_by_id(hi->home_node, &view))
			return -EACCES;
	} else if (mosix_node_view_by_addr(peer, &view) ||
		   view.id != hi->home_node) {
		return -EACCES;
	}
	if (hi->xstate_size != fpu_user_cfg.max_size ||
	    hi->xfeatures & ~fpu_user_cfg.max_features)
		return -EOPNOTSUPP;
	/* Its home's CPU features and vDSO (the sender checked them too). */
	if (!mosix_cpu_fits(mosix_cpu_features(), mosix_cpu_vdso(),
			    hi->cpu_needs, hi->vdso))
		return hi->vdso == mosix_cpu_vdso() ? -ENOEXEC : -ELIBBAD;
	return 0;
}

/*
 * A moved process's state is in (status 0) or failed: tell its deputy
 * at home, which decides.  0 and *home, the connection home, when the
 * process is to run here.
 */
static int call_home(const struct mosix_hello_info *hi, int status,
		     struct mosix_conn **home)
{
	struct mosix_chunk_reattach r = {
		.magic = cpu_to_le32(MOSIX_MSG_MAGIC),
		.version = cpu_to_le32(MOSIX_PROTO_VERSION),
		.home_pid = cpu_to_le32(hi->home_pid),
		.status = cpu_to_le32(status),
	};
	struct mosix_node_view view;
	struct mosix_chunk hdr;
	struct mosix_conn *conn;
	int ret;

	memcpy(r.token, hi->token, MOSIX_TOKEN_LEN);
	if (mosix_node_view_by_id(hi->home_node, &view))
		return -EHOSTUNREACH;
	ret = mosix_conn_connect(view.addr, &conn);
	if (ret)
		return ret;
	ret = mosix_conn_send(conn, MOSIX_CHUNK_REATTACH, &r, sizeof(r),
			      NULL, 0);
	if (!ret && !status) {
		ret = mosix_conn_next(conn, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
		if (!ret && (le16_to_cpu(hdr.type) != MOSIX_CHUNK_COMMIT ||
			     hdr.length))
			ret = -EPROTO;
	}
	if (ret || status) {
		mosix_conn_close(conn);
		return ret ?: status;
	}
	*home = conn;
	return 0;
}

/*
 * A process arrives on a connection whose first chunk was @hello (the
 * migration daemon's new task runs this): become the process and return
 * to user mode as it, or end.
 */
int mosix_guest_arrive(struct mosix_conn *conn, __be32 peer,
		       const struct mosix_chunk_hello *hello)
{
	struct mosix_hello_info hi;
	struct mosix_task *mt;
	struct mosix_conn *home;
	bool moved, admitted;
	u64 ax;
	int ret;

	ret = check_hello(hello, peer, &hi);
	moved = hi.flags & MOSIX_HELLO_MOVED;
	if (!ret && (mosix_policy() & MOSIX_POLICY_BLOCK))
		ret = -EBUSY;
	/* The balancer's check, against this node's load now. */
	if (!ret)
		ret = mosix_admit_arrival(&hi.admit);
	admitted = !ret;
	/* Into the guests' cgroup before its memory arrives. */
	if (!ret)
		ret = mosix_confine_guest();
	/* An early answer: a refused process need not send its memory. */
	if (mosix_conn_send_status(conn, MOSIX_CHUNK_ACCEPT, ret) && !ret)
		ret = -ECONNRESET;
	if (ret) {
		if (admitted)
			mosix_admit_arrived();
		mosix_conn_close(conn);
		do_exit(0);
	}
	/* Its clocks, which read as the process's once it arrives. */
	ret = mosix_clock_prepare_guest();
	if (!ret)
		ret = drop_privileges();
	if (!ret)
		ret = mosix_state_receive(conn, &ax);
	mosix_admit_arrived();
	mt = ret ? NULL : mosix_task_new(MOSIX_ROLE_GUEST, NULL, hi.home_node);
	if (!ret && !mt)
		ret = -ENOMEM;
	if (moved) {
		/* Its deputy decides whether it runs here. */
		mosix_conn_close(conn);
		conn = NULL;
		ret = call_home(&hi, ret, &home);
		if (!ret)
			conn = home;
	} else if (mosix_conn_send_status(conn, MOSIX_CHUNK_ACCEPT, ret) &&
		   !ret) {
		ret = -ECONNRESET;
	}
	if (ret) {
		mosix_task_put(mt);
		mosix_conn_close(conn);
		do_exit(0);
	}
	mt->conn = conn;
	mt->home_node = hi.home_node;
	mt->home_pid = hi.home_pid;
	mt->nr_migrations = hi.nr_migrations;
	mt->cpu_needs = hi.cpu_needs;
	mt->vdso = hi.vdso;
	mosix_signals_now(&mt->guest.told);	/* told for sure in ax_work() */
	init_task_work(&mt->guest.async_work, async_work);
	init_task_work(&mt->guest.ax_work, ax_work);
	INIT_DELAYED_WORK(&mt->guest.retry, retry_work);
	mosix_task_attach(mt);
	set_task_syscall_work(current, MOSIX);

	/* The return to user mode from here clears ax: put it back. */
	mt->guest.ax = ax;
	set_bit(MOSIX_GUEST_AX_PENDING, &mt->flags);
	kref_get(&mt->ref);
	if (task_work_add(current, &mt->guest.ax_work, TWA_RESUME))
		mosix_task_put(mt);
	mosix_conn_watch(mt->conn, home_event, mt);
	list_guest(mt);
	if (mosix_conn_readable(conn))
		kick(mt);
	return 0;
}
