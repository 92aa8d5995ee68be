// SPDX-License-Identifier: GPL-2.0
/*
 * The home side of a migrated process.  The process migrates itself:
 * a migration request runs as task work on its way to user mode, sends
 * its state to the target, and on success the task stays in the kernel
 * as the deputy: it runs the guest's forwarded syscalls in its own
 * context (same pid, files, credentials, parent), forwards the signals
 * it receives, and ends as the guest ends.  When the guest comes home,
 * the deputy takes its state back and returns to user mode.
 *
 * A migration that fails before the target accepted leaves the process
 * untouched at home.
 */
#include <crypto/algapi.h>
#include <linux/completion.h>
#include <linux/mm.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/workqueue.h>
#include <net/sock.h>

#include "admit.h"
#include "clock.h"
#include "confine.h"
#include "cpuclass.h"
#include "conn.h"
#include "cost.h"
#include "decode.h"
#include "deputy.h"
#include "event.h"
#include "forward.h"
#include "messages.h"
#include "node.h"
#include "policy.h"
#include "self.h"
#include "state.h"
#include "stats.h"
#include "task.h"

/* How often an idle deputy checks that its guest's node is alive. */
#define DEPUTY_TICK_MS		1000

/*
 * A move on: once the state has left, the new guest must call home
 * within this.  Sending the state has no bound as a whole (it may be
 * big and the link slow): each of its steps is bounded on the guest's
 * side, which then says MOVE_FAIL, and a guest's node that dies is
 * noticed by the connection's keepalive.
 */
#define MOVE_REATTACH_TIMEOUT_MS	15000

struct migrate_request {
	struct callback_head work;
	struct task_struct *task;	/* the process, for a retry */
	struct delayed_work retry;	/* work again once out of the vDSO */
	struct kref ref;
	struct completion done;
	u32 node;		/* 0: home */
	struct mosix_admit_info admit;	/* the balancer's figures, or 0 */
	bool started;		/* the process took it up */
	int result;
	const char *reason;
};

/* Processes of this node whose guest runs elsewhere; any context. */
static atomic_t nr_deputies = ATOMIC_INIT(0);

unsigned int mosix_deputy_count(void)
{
	int n = atomic_read(&nr_deputies);

	/* Other nodes would refuse a load message with a wrapped count. */
	if (WARN_ON_ONCE(n < 0))
		return 0;
	return n;
}

static void request_release(struct kref *ref)
{
	struct migrate_request *req = container_of(ref, struct migrate_request,
						   ref);

	if (req->task)
		put_task_struct(req->task);
	kfree(req);
}

/*
 * A request failed, and the process goes on where it is (a process that
 * ended is no refusal).  Runs in the process, as every request_done().
 */
static void report_refusal(const struct migrate_request *req, int result,
			   const char *reason)
{
	struct mosix_task *mt = current->mosix;
	u32 self = mosix_self_id();

	if (result == -ESRCH)
		return;
	mosix_event_proc_refused(task_tgid_nr(current),
				 mt && mt->role == MOSIX_ROLE_DEPUTY ?
				 mt->peer : self, req->node ?: self, result,
				 reason);
}

static void request_done(struct migrate_request *req, int result,
			 const char *reason)
{
	if (result)
		report_refusal(req, result, reason);
	req->result = result;
	req->reason = reason;
	complete(&req->done);
	kref_put(&req->ref, request_release);
}

/* The payload of a message whose length must be size. */
static int recv_payload(struct mosix_task *mt, u32 len, void *buf,
			size_t size)
{
	return len == size ? mosix_conn_recv(mt->conn, buf, size) : -EPROTO;
}

/*
 * While it is a deputy, the task mirrors what the process blocks and
 * ignores (mt->deputy.signals, as its guest last told) and catches
 * every other signal, so that each reaches the guest, whose own actions
 * decide (signals.c).  The process's children stay at home: the kernel
 * here reaps them, or keeps them as zombies, and signals their stops,
 * as the process's SIGCHLD action says; SIGCHLD keeps that part of it.
 */
static void catch_signals(struct mosix_task *mt)
{
	struct k_sigaction *chld;
	u32 how;

	spin_lock_irq(&current->sighand->siglock);
	chld = &current->sighand->action[SIGCHLD - 1];
	how = mosix_state_sigchld_how(chld->sa.sa_handler, chld->sa.sa_flags);
	spin_unlock_irq(&current->sighand->siglock);
	mosix_signals_mirror(&mt->deputy.signals, NULL);
	mosix_signals_sigchld(how);
}

/* The guest changed its SIGCHLD action. */
static int deputy_sigchld(struct mosix_task *mt, u32 len)
{
	struct mosix_chunk_sigchld m;
	u32 how;
	int ret;

	ret = recv_payload(mt, len, &m, sizeof(m));
	if (ret)
		return ret;
	if (mosix_decode_sigchld(&m, sizeof(m), &how))
		return -EPROTO;
	mosix_signals_sigchld(how);
	return 0;
}

/*
 * The guest tells what the process blocks and ignores now: mirrored
 * here.  Signals it unblocked that wait here go to it at the loop's
 * next deputy_poll().
 */
static int deputy_sigmask(struct mosix_task *mt, u32 len)
{
	struct mosix_chunk_sigmask m;
	struct mosix_sigmask now;
	int ret;

	ret = recv_payload(mt, len, &m, sizeof(m));
	if (ret)
		return ret;
	if (mosix_decode_sigmask(&m, sizeof(m), &now.blocked, &now.ignored))
		return -EPROTO;
	mosix_signals_mirror(&now, &mt->deputy.signals);
	mt->deputy.signals = now;
	return 0;
}

/*
 * The connection to the guest, in softirq.  A deputy may be blocked in
 * a forwarded call for long; if the guest's node dies meanwhile (TCP
 * keepalive notices), the process is killed.  While the deputy runs a
 * forwarded call its guest only waits; anything arriving then means
 * the guest ended (killed on its node): the call may block for ever,
 * so the process is killed.  An error with chunks still to read, out
 * of a call, is the guest's end after its last words (its EXIT, then a
 * signal this deputy sent to the closed connection was reset): the
 * deputy's loop reads them, then sees the error itself.
 */
static void guest_event(void *ctx, enum mosix_conn_event event, int err)
{
	struct mosix_task *mt = ctx;

	if (event == MOSIX_CONN_ERROR &&
	    !test_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags) &&
	    mosix_conn_has_data(mt->conn))
		return;
	if (event == MOSIX_CONN_ERROR) {
		pr_warn("mosix: pid %d: connection to its guest on node %u failed (%d); killing the process\n",
			task_tgid_nr(mt->task), mt->peer, err);
		send_sig(SIGKILL, mt->task, 1);
	} else if (event == MOSIX_CONN_DATA &&
		   test_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags)) {
		send_sig(SIGKILL, mt->task, 1);
	}
}

/*
 * The role starts, or goes on over the connection of a new guest (a
 * move on); each watch is paired with one deputy_unwatch(), so that
 * nr_deputies, which other nodes see as this node's processes away,
 * stays a true count.
 */
static void deputy_watch(struct mosix_task *mt)
{
	mt->deputy.attrs_sent = false;	/* a new guest: send_attrs() */
	atomic_inc(&nr_deputies);
	mosix_conn_keepalive(mt->conn);
	mosix_conn_watch(mt->conn, guest_event, mt);
}

/* The deputy role ends: the process came home or is ending. */
static void deputy_unwatch(struct mosix_task *mt)
{
	atomic_dec(&nr_deputies);
	mosix_conn_unwatch(mt->conn);
}

static struct migrate_request *take_request(struct mosix_task *mt);
static const char *move_refusal(int err);
static const char *refusal(int err);
static int cpu_refusal(const struct mosix_node_view *view);

/* The guest's node is gone: the process ends as if killed. */
static void guest_lost(struct mosix_task *mt, const char *why, int err)
{
	pr_warn("mosix: pid %d: guest on node %u lost (%s, %d); killing the process\n",
		task_tgid_nr(current), mt->peer, why, err);
	force_sig(SIGKILL);
}

static int forward_signal(struct mosix_task *mt, int sig,
			  const kernel_siginfo_t *info)
{
	struct mosix_chunk_signal s;

	mosix_signals_to_wire(&s, sig, info);
	return mosix_conn_send(mt->conn, MOSIX_CHUNK_SIGNAL, &s, sizeof(s),
			       NULL, 0);
}

/*
 * The signals pending here that the process does not block (mirrored).
 * A tracer at home (strace -p) sees each in a signal-delivery stop, as
 * get_signal() makes it, before it goes.
 */
static void forward_signals(struct mosix_task *mt)
{
	kernel_siginfo_t info;
	struct ksignal ksig;
	enum pid_type type;
	sigset_t skip;
	int sig;

	if (current->ptrace) {
		while (get_signal(&ksig))
			if (forward_signal(mt, ksig.sig, &ksig.info))
				return;
		return;
	}
	for (;;) {
		spin_lock_irq(&current->sighand->siglock);
		skip = current->blocked;
		sigaddset(&skip, SIGKILL);
		sig = dequeue_signal(current, &skip, &info, &type);
		spin_unlock_irq(&current->sighand->siglock);
		if (sig <= 0)
			return;
		if (forward_signal(mt, sig, &info))
			return;
	}
}

/*
 * Pass a migration request on to the guest: come home, or move on
 * straight to another node (its new guest then calls this deputy with
 * the move's token: see reattach_work()).
 */
static void ask_guest(struct mosix_task *mt, struct migrate_request *req)
{
	struct mosix_chunk_move m = { .node = cpu_to_le32(req->node) };
	struct mosix_node_view view;
	int ret;

	if (req->node == mt->peer) {
		request_done(req, 0, NULL);	/* it is there */
		return;
	}
	if (!req->node || req->node == mosix_self_id()) {
		if (mosix_conn_send(mt->conn, MOSIX_CHUNK_COME_HOME, NULL, 0,
				    NULL, 0)) {
			request_done(req, -ECONNRESET, NULL);
		} else {
			WRITE_ONCE(req->started, true);
			mt->deputy.asked = req;
		}
		return;
	}
	if (mosix_node_view_by_id(req->node, &view) ||
	    view.state != MOSIX_NODE_UP) {
		request_done(req, -EHOSTUNREACH, "the node is not up");
		return;
	}
	ret = cpu_refusal(&view);
	if (ret) {
		request_done(req, ret, ret == -EAGAIN ?
			     "its CPU is not known here yet; try again" :
			     refusal(ret));
		return;
	}
	get_random_bytes(mt->move_token, MOSIX_TOKEN_LEN);
	memcpy(m.token, mt->move_token, MOSIX_TOKEN_LEN);
	if (mosix_conn_send(mt->conn, MOSIX_CHUNK_MOVE, &m, sizeof(m), NULL, 0)) {
		request_done(req, -ECONNRESET, NULL);
		return;
	}
	mt->move_node = req->node;
	mt->deputy.move_cpu[0] = 0;
	mt->deputy.move_cpu[1] = 0;
	mt->deputy.move_sent = false;
	WRITE_ONCE(mt->deputy.moving, true);
	WRITE_ONCE(req->started, true);
	mt->deputy.asked = req;
}

/*
 * The outcome of a move, which only the deputy decides: result 0, the
 * new guest runs and the old one ends; else the old one goes on.
 */
static void move_over(struct mosix_task *mt)
{
	WRITE_ONCE(mt->deputy.moving, false);
	memzero_explicit(mt->move_token, MOSIX_TOKEN_LEN);
}

static void move_end(struct mosix_task *mt, int result, const char *why)
{
	struct migrate_request *req = mt->deputy.asked;

	move_over(mt);
	mosix_conn_send(mt->conn, result ? MOSIX_CHUNK_MOVE_ABORT :
			MOSIX_CHUNK_MOVE_DONE, NULL, 0, NULL, 0);
	mt->deputy.asked = NULL;
	if (req)
		request_done(req, result, why);
}

/* The guest could not move: it goes on where it is, or comes home. */
static int move_failed(struct mosix_task *mt, u32 len)
{
	struct mosix_chunk_home_fail m;
	struct mosix_node_view view;
	int err, ret;
	u32 why;

	ret = recv_payload(mt, len, &m, sizeof(m));
	if (ret)
		return ret;
	if (mosix_decode_home_fail(&m, sizeof(m), &err, &why))
		return -EPROTO;
	if (!mt->deputy.moving)	/* it answers a move already over */
		return 0;
	/* A target that home does not see up either is not tried again. */
	if (err != -EHOSTUNREACH ||
	    mosix_node_view_by_id(mt->move_node, &view) ||
	    view.state != MOSIX_NODE_UP) {
		move_end(mt, err, why != MOSIX_WHY_OTHER ?
			 mosix_state_why(why) : move_refusal(err));
		return 0;
	}
	/*
	 * The guest's node could not reach the target, which home sees up
	 * (their views of the network differ): the process takes the long
	 * way, home and out again, for the same request.
	 */
	move_over(mt);
	if (mosix_conn_send(mt->conn, MOSIX_CHUNK_MOVE_ABORT, NULL, 0, NULL, 0) ||
	    mosix_conn_send(mt->conn, MOSIX_CHUNK_COME_HOME, NULL, 0, NULL, 0)) {
		request_done(mt->deputy.asked, -ECONNRESET, NULL);
		mt->deputy.asked = NULL;
	}
	return 0;
}

/*
 * The guest cannot come home now (it locked memory there, say): a
 * request to bring it home ends with the reason; the guest goes on.
 */
static int home_failed(struct mosix_task *mt, u32 len)
{
	struct mosix_chunk_home_fail m;
	int err, ret;
	u32 why;

	ret = recv_payload(mt, len, &m, sizeof(m));
	if (ret)
		return ret;
	if (mosix_decode_home_fail(&m, sizeof(m), &err, &why))
		return -EPROTO;
	pr_info_ratelimited("mosix: pid %d cannot come home from node %u now: %s\n",
			    task_tgid_nr(current), mt->peer,
			    mosix_state_why(why));
	/* Not a move's: that one ends with its own answer. */
	if (mt->deputy.asked && !mt->deputy.moving) {
		request_done(mt->deputy.asked, err, mosix_state_why(why));
		mt->deputy.asked = NULL;
	}
	return 0;
}

/* The guest's node would rather it ran on another node. */
static int move_asked(struct mosix_task *mt, u32 len)
{
	struct migrate_request *req;
	__le32 node;
	u32 id;
	int ret;

	ret = recv_payload(mt, len, &node, sizeof(node));
	if (ret)
		return ret;
	if (mosix_decode_move_ask(&node, sizeof(node), &id))
		return -EPROTO;
	/*
	 * Not while a move or a trip home is under way, nor for a process
	 * pinned or whose node keeps its processes (stay, lstay, left).
	 */
	if (mt->deputy.request || mt->deputy.asked || mosix_policy_pinned(current) ||
	    (mosix_policy() & (MOSIX_POLICY_STAY | MOSIX_POLICY_LSTAY |
			       MOSIX_POLICY_LEFT)))
		return 0;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return 0;
	kref_init(&req->ref);	/* nobody waits: request_done() frees it */
	init_completion(&req->done);
	req->node = id;
	ask_guest(mt, req);
	return 0;
}

/* The guest's state has left: its new node now has a short time. */
static int move_sent(struct mosix_task *mt, u32 len)
{
	struct mosix_chunk_exit m;
	struct mosix_exit_info e;
	int ret;

	ret = recv_payload(mt, len, &m, sizeof(m));
	if (ret)
		return ret;
	if (mosix_decode_exit(&m, sizeof(m), &e) || e.code)
		return -EPROTO;
	if (mt->deputy.moving) {
		mt->deputy.move_cpu[0] = e.utime_ns;
		mt->deputy.move_cpu[1] = e.stime_ns;
		mt->deputy.move_cpu[2] = e.run_ns;
		mt->deputy.move_deadline = jiffies +
				    msecs_to_jiffies(MOVE_REATTACH_TIMEOUT_MS);
		mt->deputy.move_sent = true;
	}
	return 0;
}

struct reattach {
	struct callback_head work;
	struct mosix_conn *conn;
	__be32 addr;
	struct mosix_reattach_info info;
};

/*
 * Task work of the deputy: the new guest of a move calls.  If it is the
 * one expected, the process runs there from now on.
 */
static void reattach_work(struct callback_head *cb)
{
	struct reattach *r = container_of(cb, struct reattach, work);
	struct mosix_task *mt = current->mosix;
	struct mosix_node_view view;
	int ret;

	if ((current->flags & PF_EXITING) || !mt ||
	    mt->role != MOSIX_ROLE_DEPUTY || !mt->deputy.moving ||
	    crypto_memneq(r->info.token, mt->move_token, MOSIX_TOKEN_LEN) ||
	    mosix_node_view_by_id(mt->move_node, &view) ||
	    view.addr != r->addr) {
		pr_warn_ratelimited("mosix: pid %d: an unexpected guest called from %pI4\n",
				    task_tgid_nr(current), &r->addr);
		goto drop;
	}
	ret = r->info.status;
	if (!ret)
		ret = mosix_conn_send(r->conn, MOSIX_CHUNK_COMMIT, NULL, 0,
				      NULL, 0);
	if (ret) {
		move_end(mt, ret, move_refusal(ret));
		goto drop;
	}
	move_end(mt, 0, NULL);
	deputy_unwatch(mt);
	mosix_conn_close(mt->conn);
	mt->conn = r->conn;
	mosix_event_proc_moved(task_tgid_nr(current), mt->peer, mt->move_node);
	WRITE_ONCE(mt->peer, mt->move_node);
	WRITE_ONCE(mt->nr_migrations, mt->nr_migrations + 1);
	if (mosix_clock_add_cputime(mt->deputy.move_cpu[0], mt->deputy.move_cpu[1],
				    mt->deputy.move_cpu[2]))
		pr_warn_ratelimited("mosix: pid %d: CPU time of its last node not counted\n",
				    task_tgid_nr(current));
	deputy_watch(mt);
	mosix_stats_count(MOSIX_STAT_MOVES_ONWARD);
	kfree(r);
	return;
drop:
	mosix_conn_close(r->conn);
	kfree(r);
}

/*
 * A connection to the migration port began with REATTACH: hand it to
 * the deputy it names, which alone decides (in reattach_work()).
 */
void mosix_deputy_reattach(struct mosix_conn *conn, __be32 addr,
			   const struct mosix_reattach_info *info)
{
	struct task_struct *task;
	struct mosix_task *mt;
	struct reattach *r;
	bool moving;

	rcu_read_lock();
	task = find_task_by_pid_ns(info->home_pid, &init_pid_ns);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	if (!task)
		goto drop;
	mt = mosix_task_get(task);
	moving = mt && READ_ONCE(mt->role) == MOSIX_ROLE_DEPUTY &&
		 READ_ONCE(mt->deputy.moving);
	mosix_task_put(mt);
	r = moving ? kmalloc(sizeof(*r), GFP_KERNEL) : NULL;
	if (!r)
		goto put;
	r->conn = conn;
	r->addr = addr;
	r->info = *info;
	init_task_work(&r->work, reattach_work);
	if (task_work_add(task, &r->work, TWA_SIGNAL)) {
		kfree(r);
		goto put;
	}
	put_task_struct(task);
	return;
put:
	put_task_struct(task);
drop:
	mosix_conn_close(conn);
}

/*
 * Tell the guest when the process was pinned or unpinned here (mosctl
 * pin): its node's balancer then leaves it there, or may move it again.
 * Checked at every poll; mosix_policy_pin() wakes the deputy for it.  A
 * send that fails is tried again; the broken connection shows soon
 * enough.
 */
static void send_pin(struct mosix_task *mt)
{
	bool pinned = mosix_policy_pinned(current);
	__le32 v = cpu_to_le32(pinned);

	if (pinned == test_bit(MOSIX_DEPUTY_PINNED, &mt->flags))
		return;
	if (!mosix_conn_send(mt->conn, MOSIX_CHUNK_PIN, &v, sizeof(v), NULL, 0))
		assign_bit(MOSIX_DEPUTY_PINNED, &mt->flags, pinned);
}

/*
 * The process's scheduling and limits, to a new guest and whenever they
 * change here: setpriority, setrlimit and prlimit of the guest run here,
 * and so do renice and prlimit of the process by others.
 */
static void send_attrs(struct mosix_task *mt)
{
	struct mosix_wire_attrs a;

	mosix_state_save_attrs(&a);
	if (mt->deputy.attrs_sent && !memcmp(&a, &mt->deputy.attrs, sizeof(a)))
		return;
	if (!mosix_conn_send(mt->conn, MOSIX_CHUNK_ATTRS, &a, sizeof(a),
			     NULL, 0)) {
		mt->deputy.attrs = a;
		mt->deputy.attrs_sent = true;
	}
}

/*
 * Between two messages, and before the result of a call: run the task
 * work that came meanwhile (a migration request files itself in
 * mt->deputy.request), pass signals on, and ask the guest home for a request
 * that has come.  The guest then learns of it before a call broken off
 * for it returns.
 */
static void deputy_poll(struct mosix_task *mt)
{
	struct migrate_request *req;

	if (test_thread_flag(TIF_NOTIFY_SIGNAL)) {
		clear_notify_signal();
		task_work_run();
	}
	forward_signals(mt);
	send_pin(mt);
	send_attrs(mt);
	if (mt->deputy.asked)
		return;
	req = take_request(mt);
	if (req)
		ask_guest(mt, req);
}

/*
 * The guest stopped on signal sig: the process stops here too, as it
 * would have without migration, so that its parent and its terminal
 * see it.  When it is continued (or the stop does not apply, e.g. in
 * an orphaned process group) the guest goes on; the signals that come
 * meanwhile, SIGCONT included, are passed on first.
 */
static int deputy_stop(struct mosix_task *mt, u32 len)
{
	struct k_sigaction ka = { .sa.sa_handler = SIG_DFL };
	struct ksignal ksig;
	__le32 signo;
	int ret, sig;

	ret = recv_payload(mt, len, &signo, sizeof(signo));
	if (ret)
		return ret;
	sig = le32_to_cpu(signo);
	if (sig != SIGSTOP && sig != SIGTSTP && sig != SIGTTIN &&
	    sig != SIGTTOU)
		return -EPROTO;
	if (sig != SIGSTOP)
		do_sigaction(sig, &ka, NULL);
	send_sig(sig, current, 1);
	/* Stops in here; comes back with the signals that end the stop. */
	while (get_signal(&ksig))
		if (forward_signal(mt, ksig.sig, &ksig.info))
			break;
	if (sig != SIGSTOP) {
		ka.sa.sa_handler = MOSIX_DEPUTY_HANDLER;
		do_sigaction(sig, &ka, NULL);
	}
	return mosix_conn_send(mt->conn, MOSIX_CHUNK_RESUME, NULL, 0, NULL, 0);
}

/*
 * The guest sent its state home.  On success the process continues
 * here; on failure the guest keeps running and this stays its deputy.
 */
static int take_back(struct mosix_task *mt)
{
	u64 ax;
	int ret;

	ret = mosix_state_receive(mt->conn, &ax);
	mosix_conn_send_status(mt->conn, MOSIX_CHUNK_ACCEPT, ret);
	if (ret) {
		pr_warn("mosix: pid %d: could not take the process back from node %u: %d\n",
			task_tgid_nr(current), mt->peer, ret);
		mosix_state_drop_memory();
		mosix_clock_left();
		mosix_forward_reset(mt);
		catch_signals(mt);
		return ret;
	}
	/* Home: the state stays, to count migrations. */
	deputy_unwatch(mt);
	mosix_conn_close(mt->conn);
	mt->conn = NULL;
	WRITE_ONCE(mt->role, MOSIX_ROLE_HOME);
	mosix_event_proc_returned(task_tgid_nr(current), mt->peer,
				  mosix_self_id());
	return 0;
}

static void guest_exited(struct mosix_task *mt, u32 len)
{
	struct mosix_chunk_exit m;
	struct mosix_exit_info e;

	if (len != sizeof(m) || mosix_conn_recv(mt->conn, &m, sizeof(m)) ||
	    mosix_decode_exit(&m, sizeof(m), &e) ||
	    mosix_clock_add_cputime(e.utime_ns, e.stime_ns, e.run_ns)) {
		guest_lost(mt, "bad exit message", -EPROTO);
		return;
	}
	if (e.flags & MOSIX_EXIT_OOM)
		pr_warn("mosix: pid %d: killed on node %u, out of memory there (guests' limit or the node's)\n",
			task_tgid_nr(current), mt->peer);
	deputy_unwatch(mt);
	mosix_task_detach();
	do_group_exit(e.code);
}

enum loop_result { LOOP_GO_ON, LOOP_HOME, LOOP_DEAD };

/* After a message taken with result ret: go on, or the guest is lost. */
static enum loop_result go_on(struct mosix_task *mt, int ret, const char *why)
{
	if (!ret)
		return LOOP_GO_ON;
	guest_lost(mt, why, ret);
	return LOOP_DEAD;
}

static enum loop_result handle_chunk(struct mosix_task *mt,
				     const struct mosix_chunk *hdr)
{
	u32 len = le32_to_cpu(hdr->length);
	int ret;

	switch (le16_to_cpu(hdr->type)) {
	case MOSIX_CHUNK_SYSCALL:
		return go_on(mt, mosix_forward_serve(mt, len, deputy_poll),
			     "broken syscall request");
	case MOSIX_CHUNK_EXIT:
		guest_exited(mt, len);
		return LOOP_DEAD;
	case MOSIX_CHUNK_HOME:	/* the guest comes home */
		if (len)
			break;
		/* A move asked meanwhile is void: home passes it on. */
		move_over(mt);
		/* From here until ACCEPT the deputy sends nothing else. */
		ret = mosix_conn_send(mt->conn, MOSIX_CHUNK_HOME_GO, NULL, 0,
				      NULL, 0);
		if (ret) {
			guest_lost(mt, "connection broken", ret);
			return LOOP_DEAD;
		}
		ret = take_back(mt);
		if (ret && mt->deputy.asked) {
			request_done(mt->deputy.asked, ret, ret == -ECANCELED ?
				     "its node could not send all of its state" :
				     "it could not be taken back home");
			mt->deputy.asked = NULL;
		}
		return ret ? LOOP_GO_ON : LOOP_HOME;
	case MOSIX_CHUNK_MOVE_FAIL:
		return go_on(mt, move_failed(mt, len), "broken move message");
	case MOSIX_CHUNK_HOME_FAIL:
		return go_on(mt, home_failed(mt, len), "broken home message");
	case MOSIX_CHUNK_MOVE_ASK:
		return go_on(mt, move_asked(mt, len), "broken move message");
	case MOSIX_CHUNK_MOVE_SENT:
		return go_on(mt, move_sent(mt, len), "broken move message");
	case MOSIX_CHUNK_SIGCHLD:
		return go_on(mt, deputy_sigchld(mt, len), "broken SIGCHLD message");
	case MOSIX_CHUNK_SIGMASK:
		return go_on(mt, deputy_sigmask(mt, len), "broken SIGMASK message");
	case MOSIX_CHUNK_STOPPED:
		return go_on(mt, deputy_stop(mt, len), "broken stop message");
	}
	guest_lost(mt, "unexpected message", -EPROTO);
	return LOOP_DEAD;
}

/*
 * The guest's node is lost when no news of it has come for the node-down
 * time and its connection has been silent for longer still.  News of
 * nodes travels in datagrams, which a busy host or switch may drop for
 * seconds; the node's kernel answers the connection's keepalive probes
 * (one MOSIX_KEEPALIVE_IDLE after the last answer) however busy it is.
 */
static bool peer_down(struct mosix_task *mt)
{
	struct mosix_node_view view;

	if (mosix_node_view_by_id(mt->peer, &view) ||
	    view.state != MOSIX_NODE_DOWN)
		return false;
	if (mosix_conn_silent_ms(mt->conn) >
	    mosix_node_dead_ms() + MOSIX_KEEPALIVE_IDLE * MSEC_PER_SEC)
		return true;
	pr_info_ratelimited("mosix: pid %d: node %u looks down, but the connection to its guest answers\n",
			    task_tgid_nr(current), mt->peer);
	return false;
}

/*
 * What only get_signal() takes, and which keeps a signal pending until
 * the task has entered it (without it the loop would spin): the cgroup
 * v2 freezer's trap (systemctl freeze, docker pause), and a tracer's
 * (strace -p: PTRACE_SEIZE, then PTRACE_INTERRUPT).  Signals that came
 * first go to the guest, and so do those that end the trap.  Frozen,
 * the guest waits from FREEZE to THAW; a tracer's stop holds the deputy
 * alone (the guest waits only if it needs a call meanwhile).
 */
static void deputy_trap(struct mosix_task *mt)
{
	unsigned long jobctl = READ_ONCE(current->jobctl);
	struct ksignal ksig;
	bool told = false;

	if (!(jobctl & (JOBCTL_TRAP_FREEZE | JOBCTL_TRAP_MASK)))
		return;
	forward_signals(mt);
	/* The process is frozen: its guest, which computes, too. */
	if (jobctl & JOBCTL_TRAP_FREEZE)
		told = !mosix_conn_send(mt->conn, MOSIX_CHUNK_FREEZE, NULL, 0,
					NULL, 0);
	while (get_signal(&ksig))
		if (forward_signal(mt, ksig.sig, &ksig.info))
			break;
	/* (a broken connection shows at the loop's next message) */
	if (told)
		mosix_conn_send(mt->conn, MOSIX_CHUNK_THAW, NULL, 0, NULL, 0);
}

/*
 * Serve the guest until it ends (the task then exits), comes home (we
 * return, and the task goes on at home) or is lost (SIGKILL).  Returns
 * the request that brought the guest home, if one did.
 */
static struct migrate_request *deputy_loop(struct mosix_task *mt)
{
	struct migrate_request *req;
	struct mosix_chunk hdr;
	int ret;

	for (;;) {
		if (fatal_signal_pending(current)) {
			req = mt->deputy.asked;
			mt->deputy.asked = NULL;
			if (req)
				request_done(req, -ESRCH, "it was killed");
			return NULL;
		}
		deputy_poll(mt);
		if (mt->deputy.moving && mt->deputy.move_sent &&
		    time_after(jiffies, mt->deputy.move_deadline))
			move_end(mt, -ETIMEDOUT, move_refusal(-ETIMEDOUT));
		ret = mosix_conn_recv_header(mt->conn, &hdr, DEPUTY_TICK_MS);
		if (ret == -EINTR) {
			deputy_trap(mt);
			continue;
		}
		if (ret == -EAGAIN) {
			if (peer_down(mt))
				guest_lost(mt, "node down", -EHOSTDOWN);
			continue;
		}
		if (ret) {
			guest_lost(mt, "connection broken", ret);
			continue;
		}
		if (handle_chunk(mt, &hdr) == LOOP_HOME) {
			req = mt->deputy.asked;
			mt->deputy.asked = NULL;
			return req;
		}
	}
}

/* The target's answer to HELLO, in words. */
static const char *refusal(int err)
{
	switch (err) {
	case -EBUSY:
		return "the node accepts no guests (blocked)";
	case -MOSIX_EADMIT:
		return "the node is too busy for the move to pay";
	case -EOPNOTSUPP:
		return "the node's CPU cannot hold its FPU state";
	case -EACCES:
		return "the node does not know this node";
	case -MOSIX_ECONFINE:
		return "the node cannot confine guests (mosctl apply there)";
	case -ENOEXEC:
		return "the node's CPU lacks features of its home's CPU (mosctl nodes: CPU)";
	case -ELIBBAD:
		return "the node runs another kernel build (its vDSO differs)";
	}
	return "the node did not answer";
}

/*
 * Whether the node of @view can run current (0), as far as its table
 * entry knows: its CPU has every feature of the process's home's and
 * the same vDSO build.  The node checks again (a stale table).
 */
static int cpu_refusal(const struct mosix_node_view *view)
{
	char names[256];
	u64 needs;
	u32 vdso;

	mosix_task_cpu_needs(current, &needs, &vdso);
	if (mosix_cpu_fits(view->info.cpu_features, view->info.vdso, needs,
			   vdso))
		return 0;
	if (!view->info.vdso)
		return -EAGAIN;
	if (view->info.vdso != vdso)
		return -ELIBBAD;
	pr_info("mosix: pid %d stays: node %u's CPU lacks %s\n",
		task_tgid_nr(current), view->id,
		mosix_cpu_names(needs & ~view->info.cpu_features, names,
				sizeof(names)));
	return -ENOEXEC;
}

static const char *move_refusal(int err)
{
	switch (err) {
	case -EPERM:
		return "it cannot move now (see mosctl where)";
	case -EAGAIN:
		return "it is stopping; try again";
	case -EHOSTUNREACH:
		return "its node does not see the node up";
	case -ETIMEDOUT:
		return "the node did not take the process in time";
	}
	return refusal(err);
}

static const char *migrate_out(u32 node, const struct mosix_admit_info *admit,
			       int *result)
{
	struct mosix_node_view view;
	struct mosix_task *mt;
	struct mosix_conn *conn;
	struct pt_regs regs;
	const char *why;
	u64 bytes, start;
	int ret;

	why = mosix_state_unmovable(current);
	if (why) {
		*result = -EPERM;
		return why;
	}
	if (task_sigpending(current)) {
		*result = -EAGAIN;
		return "it is handling a signal; try again";
	}
	if (mosix_node_view_by_id(node, &view) || view.state != MOSIX_NODE_UP) {
		*result = -EHOSTUNREACH;
		return "the node is not up";
	}
	*result = cpu_refusal(&view);
	if (*result == -EAGAIN)
		return "its CPU is not known here yet; try again";
	if (*result)
		return refusal(*result);
	regs = *task_pt_regs(current);
	mosix_state_restart_regs(&regs);

	ret = mosix_conn_connect(view.addr, &conn);
	if (ret) {
		*result = ret;
		return ret == -EKEYREJECTED ?
		       "the node does not hold this cluster's key" :
		       "cannot connect to the node";
	}
	ret = mosix_state_hello(conn, mosix_self_id(), task_tgid_nr(current),
				(current->mosix ? current->mosix->nr_migrations : 0) + 1,
				NULL, admit);
	if (ret) {
		mosix_conn_close(conn);
		*result = ret;
		return refusal(ret);
	}
	/* The balancer's transfer cost follows what moves take. */
	bytes = mosix_task_rss(current);
	start = ktime_get_ns();
	ret = mosix_state_send(conn, &regs, 0);
	if (!ret)
		ret = mosix_conn_recv_status(conn, MOSIX_CHUNK_ACCEPT);
	if (ret) {
		mosix_conn_close(conn);
		*result = ret;
		return "the node did not take the process";
	}
	mosix_cost_transfer(bytes, ktime_get_ns() - start);
	mt = current->mosix;
	if (mt) {
		mt->conn = conn;
		WRITE_ONCE(mt->peer, node);
		WRITE_ONCE(mt->role, MOSIX_ROLE_DEPUTY);
	} else {
		mt = mosix_task_new(MOSIX_ROLE_DEPUTY, conn, node);
		if (!mt) {
			/* The guest learns of our end and goes away. */
			mosix_conn_close(conn);
			*result = -ENOMEM;
			return "out of memory";
		}
		mt->home_node = mosix_self_id();
		mt->home_pid = task_tgid_nr(current);
		mosix_task_attach(mt);
	}
	WRITE_ONCE(mt->nr_migrations, mt->nr_migrations + 1);
	mosix_self_left(current);
	/* A new guest starts unpinned; send_pin() tells it otherwise. */
	clear_bit(MOSIX_DEPUTY_PINNED, &mt->flags);
	deputy_watch(mt);
	mosix_state_drop_memory();
	mosix_clock_left();
	mosix_forward_reset(mt);
	mosix_signals_now(&mt->deputy.signals);
	catch_signals(mt);
	mosix_event_proc_moved(task_tgid_nr(current), mosix_self_id(), node);
	*result = 0;
	return NULL;
}

/* Task work: runs in the process, with its user state in pt_regs. */
static void migrate_work(struct callback_head *cb)
{
	struct migrate_request *req = container_of(cb, struct migrate_request,
						   work);
	struct mosix_task *mt = current->mosix;
	const char *why;
	int result;

	if (current->flags & PF_EXITING) {
		request_done(req, -ESRCH, "it is exiting");
		return;
	}
	if (mt && mt->role == MOSIX_ROLE_DEPUTY) {
		/* A deputy: its loop sends the guest this request. */
		task_lock(current);
		if (!mt->deputy.request && !mt->deputy.asked) {
			mt->deputy.request = req;
			req = NULL;
		}
		task_unlock(current);
		if (req)
			request_done(req, -EBUSY,
				     "another migration of it is under way");
		return;
	}
	/* Not in the middle of a clock reading: see mosix_state_in_vdso(). */
	if (req->node && mosix_state_in_vdso(task_pt_regs(current))) {
		schedule_delayed_work(&req->retry, 1);
		return;
	}
	/* Away, then home or onward as later requests say. */
	while (req) {
		if (!req->node) {
			request_done(req, 0, NULL);
			return;
		}
		WRITE_ONCE(req->started, true);
		why = migrate_out(req->node, &req->admit, &result);
		request_done(req, result, why);
		if (result)
			return;
		req = deputy_loop(current->mosix);
	}
}

/* The process was in the vDSO: its task work again (the work's reference). */
static void retry_request(struct work_struct *work)
{
	struct migrate_request *req = container_of(to_delayed_work(work),
						   struct migrate_request,
						   retry);

	if (task_work_add(req->task, &req->work, TWA_SIGNAL))
		request_done(req, -ESRCH, "it is exiting");
}

static struct migrate_request *take_request(struct mosix_task *mt)
{
	struct migrate_request *req;

	task_lock(current);
	req = mt->deputy.request;
	mt->deputy.request = NULL;
	task_unlock(current);
	return req;
}

static struct migrate_request *
queue_request(struct task_struct *task, u32 node,
	      const struct mosix_admit_info *admit)
{
	struct migrate_request *req;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return ERR_PTR(-ENOMEM);
	kref_init(&req->ref);
	kref_get(&req->ref);	/* one for the task work */
	init_completion(&req->done);
	req->node = node;
	if (admit)
		req->admit = *admit;
	req->task = get_task_struct(task);
	INIT_DELAYED_WORK(&req->retry, retry_request);
	init_task_work(&req->work, migrate_work);
	if (task_work_add(task, &req->work, TWA_SIGNAL)) {
		put_task_struct(task);
		kfree(req);
		return ERR_PTR(-ESRCH);
	}
	return req;
}

/*
 * Migrate task to node (0: home) and wait for the outcome; admit is the
 * balancer's figures for node's admission check, or NULL.  On failure
 * *reason says why in words, if there is more to say than the errno.
 */
int mosix_deputy_migrate(struct task_struct *task, u32 node,
			 const struct mosix_admit_info *admit,
			 const char **reason)
{
	unsigned long deadline;
	struct migrate_request *req;
	long left;
	int ret;

	*reason = NULL;
	req = queue_request(task, node, admit);
	if (IS_ERR(req))
		return PTR_ERR(req);
	/*
	 * Only the wait for the process to take the request up is limited
	 * here (see MOSIX_MIGRATE_TIMEOUT_MS): timing out a migration that
	 * is under way would report a failure for a move that then
	 * succeeds.
	 */
	deadline = jiffies + msecs_to_jiffies(MOSIX_MIGRATE_TIMEOUT_MS);
	for (;;) {
		left = wait_for_completion_killable_timeout(&req->done, HZ);
		if (left > 0) {
			ret = req->result;
			*reason = req->reason;
			break;
		}
		if (left < 0) {
			ret = -EINTR;
			break;
		}
		if (!READ_ONCE(req->started) && time_after(jiffies, deadline)) {
			ret = -ETIMEDOUT;
			break;
		}
	}
	kref_put(&req->ref, request_release);
	return ret;
}

/* Ask a process that is away to come home, without waiting. */
void mosix_deputy_call_home(struct task_struct *task)
{
	struct migrate_request *req = queue_request(task, 0, NULL);

	if (!IS_ERR(req))
		kref_put(&req->ref, request_release);
}

void mosix_deputy_exiting(struct mosix_task *mt, long code)
{
	struct migrate_request *req = take_request(mt);

	if (req)
		request_done(req, -ESRCH, "it exited");
	req = mt->deputy.asked;
	mt->deputy.asked = NULL;
	if (req)
		request_done(req, -ESRCH, "it exited");
	deputy_unwatch(mt);
	mosix_conn_send(mt->conn, MOSIX_CHUNK_KILL, NULL, 0, NULL, 0);
}
