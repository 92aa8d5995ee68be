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
#include <linux/completion.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <net/sock.h>
#include <asm/fpu/types.h>
#include <asm/fpu/xstate.h>
#include "decode.h"
#include "deputy.h"
#include "forward.h"
#include "messages.h"
#include "node.h"
#include "policy.h"
#include "self.h"
#include "state.h"
#include "task.h"
#include "transport.h"

/* How often an idle deputy checks that its guest's node is alive. */
#define DEPUTY_TICK_MS		1000

/* A deputy never returns to user mode with these: see catch_signals(). */
#define DEPUTY_HANDLER		((__sighandler_t)2)

struct migrate_request {
	struct callback_head work;
	struct kref ref;
	struct completion done;
	u32 node;		/* 0: home */
	int result;
	const char *reason;
};

/* Processes of this node whose guest runs elsewhere. */
static atomic_t nr_deputies = ATOMIC_INIT(0);

unsigned int mosix_deputy_count(void)
{
	return atomic_read(&nr_deputies);
}

static void request_release(struct kref *ref)
{
	kfree(container_of(ref, struct migrate_request, ref));
}

static void request_done(struct migrate_request *req, int result,
			 const char *reason)
{
	req->result = result;
	req->reason = reason;
	complete(&req->done);
	kref_put(&req->ref, request_release);
}

/*
 * While it is a deputy, the task catches every signal (none is ignored
 * or blocked at home), so that each reaches the guest, whose own
 * dispositions decide.
 */
static void catch_signals(void)
{
	struct k_sigaction ka = { .sa.sa_handler = DEPUTY_HANDLER };
	sigset_t none;
	int sig;

	for (sig = 1; sig <= _NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			do_sigaction(sig, &ka, NULL);
	sigemptyset(&none);
	set_current_blocked(&none);
}

static void deputy_sock_error(struct sock *sk)
{
	struct mosix_task *mt;

	read_lock_bh(&sk->sk_callback_lock);
	mt = sk->sk_user_data;
	if (mt) {
		mt->sk_error_report(sk);
		pr_warn("mosix: pid %d: connection to its guest on node %u failed (%d); killing the process\n",
			task_tgid_nr(mt->task), mt->peer, -sk->sk_err);
		send_sig(SIGKILL, mt->task, 1);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/*
 * While the deputy runs a forwarded call its guest only waits; anything
 * arriving then means the guest ended (killed on its node): the call
 * may block for ever, so the process is killed.
 */
static void deputy_data_ready(struct sock *sk)
{
	struct mosix_task *mt;

	read_lock_bh(&sk->sk_callback_lock);
	mt = sk->sk_user_data;
	if (mt) {
		mt->sk_data_ready(sk);
		if (test_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags))
			send_sig(SIGKILL, mt->task, 1);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/*
 * A deputy may be blocked in a forwarded call for long; if the guest's
 * node dies meanwhile (TCP keepalive notices), the process is killed.
 */
static void deputy_watch(struct mosix_task *mt)
{
	struct sock *sk = mt->sock->sk;

	mosix_conn_keepalive(mt->sock);
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = mt;
	mt->sk_error_report = sk->sk_error_report;
	mt->sk_data_ready = sk->sk_data_ready;
	sk->sk_error_report = deputy_sock_error;
	sk->sk_data_ready = deputy_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
}

/* The deputy role ends: the process came home or is ending. */
static void deputy_unwatch(struct mosix_task *mt)
{
	struct sock *sk = mt->sock->sk;

	atomic_dec(&nr_deputies);
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_error_report = mt->sk_error_report;
	sk->sk_data_ready = mt->sk_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
}

static int send_hello(struct socket *sock, u32 nr_migrations)
{
	struct mosix_chunk_hello hello = {
		.magic = cpu_to_le32(MOSIX_MSG_MAGIC),
		.version = cpu_to_le32(MOSIX_PROTO_VERSION),
		.home_node = cpu_to_le32(mosix_self_id()),
		.home_pid = cpu_to_le32(task_tgid_nr(current)),
		.xfeatures = cpu_to_le64(fpu_user_cfg.max_features),
		.xstate_size = cpu_to_le32(fpu_user_cfg.max_size),
		.nr_migrations = cpu_to_le32(nr_migrations),
	};

	return mosix_conn_send(sock, MOSIX_CHUNK_HELLO, &hello, sizeof(hello),
			       NULL, 0);
}

static int recv_accept(struct socket *sock)
{
	__le32 status;
	int ret;

	ret = mosix_conn_recv_exact(sock, MOSIX_CHUNK_ACCEPT, &status,
				    sizeof(status));
	if (ret)
		return ret;
	if (mosix_decode_accept(&status, sizeof(status), &ret))
		return -EPROTO;
	return ret;
}

static int send_accept(struct socket *sock, int status)
{
	__le32 s = cpu_to_le32(status);

	return mosix_conn_send(sock, MOSIX_CHUNK_ACCEPT, &s, sizeof(s), NULL, 0);
}

static struct migrate_request *take_request(struct mosix_task *mt);

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
	struct mosix_chunk_signal s = {
		.signo = cpu_to_le32(sig),
		.code = cpu_to_le32(info->si_code),
		.pid = cpu_to_le32(info->si_pid),
		.uid = cpu_to_le32(info->si_uid),
	};

	return mosix_conn_send(mt->sock, MOSIX_CHUNK_SIGNAL, &s, sizeof(s),
			       NULL, 0);
}

static void forward_signals(struct mosix_task *mt)
{
	kernel_siginfo_t info;
	enum pid_type type;
	sigset_t skip;
	int sig;

	siginitset(&skip, sigmask(SIGKILL));
	for (;;) {
		spin_lock_irq(&current->sighand->siglock);
		sig = dequeue_signal(current, &skip, &info, &type);
		spin_unlock_irq(&current->sighand->siglock);
		if (sig <= 0)
			return;
		if (forward_signal(mt, sig, &info))
			return;
	}
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
	if (!mosix_conn_send(mt->sock, MOSIX_CHUNK_PIN, &v, sizeof(v), NULL, 0))
		assign_bit(MOSIX_DEPUTY_PINNED, &mt->flags, pinned);
}

/*
 * Between two messages, and before the result of a call: run the task
 * work that came meanwhile (a migration request files itself in
 * mt->request), pass signals on, and ask the guest home for a request
 * that has come.  The guest then learns of it before a call broken off
 * for it returns.
 */
void mosix_deputy_poll(struct mosix_task *mt)
{
	struct migrate_request *req;

	if (test_thread_flag(TIF_NOTIFY_SIGNAL)) {
		clear_notify_signal();
		task_work_run();
	}
	forward_signals(mt);
	send_pin(mt);
	if (mt->asked)
		return;
	req = take_request(mt);
	if (!req)
		return;
	if (mosix_conn_send(mt->sock, MOSIX_CHUNK_COME_HOME, NULL, 0, NULL, 0))
		request_done(req, -ECONNRESET, NULL);
	else
		mt->asked = req;
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

	if (len != sizeof(signo))
		return -EPROTO;
	ret = mosix_conn_recv(mt->sock, &signo, sizeof(signo));
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
		ka.sa.sa_handler = DEPUTY_HANDLER;
		do_sigaction(sig, &ka, NULL);
	}
	return mosix_conn_send(mt->sock, MOSIX_CHUNK_RESUME, NULL, 0, NULL, 0);
}

/*
 * The guest sent its state home.  On success the process continues
 * here; on failure the guest keeps running and this stays its deputy.
 */
static int take_back(struct mosix_task *mt)
{
	u64 ax;
	int ret;

	ret = mosix_state_receive(mt->sock, &ax);
	send_accept(mt->sock, ret);
	if (ret) {
		pr_warn("mosix: pid %d: could not take the process back from node %u: %d\n",
			task_tgid_nr(current), mt->peer, ret);
		mosix_state_drop_memory();
		mosix_forward_reset(mt);
		catch_signals();
		return ret;
	}
	/* Home: the state stays, to count migrations. */
	deputy_unwatch(mt);
	mosix_conn_close(mt->sock);
	mt->sock = NULL;
	mt->role = MOSIX_ROLE_HOME;
	return 0;
}

static void guest_exited(struct mosix_task *mt, u32 len)
{
	struct mosix_chunk_exit m;
	struct mosix_exit_info e;

	if (len != sizeof(m) || mosix_conn_recv(mt->sock, &m, sizeof(m)) ||
	    mosix_decode_exit(&m, sizeof(m), &e) ||
	    mosix_state_add_cputime(e.utime_ns, e.stime_ns)) {
		guest_lost(mt, "bad exit message", -EPROTO);
		return;
	}
	deputy_unwatch(mt);
	mosix_task_detach();
	do_group_exit(e.code);
}

enum loop_result { LOOP_GO_ON, LOOP_HOME, LOOP_DEAD };

static enum loop_result handle_chunk(struct mosix_task *mt,
				     const struct mosix_chunk *hdr)
{
	u32 len = le32_to_cpu(hdr->length);
	int ret;

	switch (le16_to_cpu(hdr->type)) {
	case MOSIX_CHUNK_SYSCALL:
		ret = mosix_forward_serve(mt, len);
		if (ret)
			guest_lost(mt, "broken syscall request", ret);
		return ret ? LOOP_DEAD : LOOP_GO_ON;
	case MOSIX_CHUNK_EXIT:
		guest_exited(mt, len);
		return LOOP_DEAD;
	case MOSIX_CHUNK_HOME:	/* the guest comes home */
		if (len)
			break;
		/* From here until ACCEPT the deputy sends nothing else. */
		ret = mosix_conn_send(mt->sock, MOSIX_CHUNK_HOME_GO, NULL, 0,
				      NULL, 0);
		if (ret) {
			guest_lost(mt, "connection broken", ret);
			return LOOP_DEAD;
		}
		ret = take_back(mt);
		if (ret && mt->asked) {
			request_done(mt->asked, ret,
				     "it could not be taken back home");
			mt->asked = NULL;
		}
		return ret ? LOOP_GO_ON : LOOP_HOME;
	case MOSIX_CHUNK_STOPPED:
		ret = deputy_stop(mt, len);
		if (ret) {
			guest_lost(mt, "broken stop message", ret);
			return LOOP_DEAD;
		}
		return LOOP_GO_ON;
	}
	guest_lost(mt, "unexpected message", -EPROTO);
	return LOOP_DEAD;
}

static bool peer_down(struct mosix_task *mt)
{
	struct mosix_node_view view;

	return !mosix_node_view_by_id(mt->peer, &view) &&
	       view.state == MOSIX_NODE_DOWN;
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
			req = mt->asked;
			mt->asked = NULL;
			if (req)
				request_done(req, -ESRCH, "it was killed");
			return NULL;
		}
		mosix_deputy_poll(mt);
		ret = mosix_conn_recv_header(mt->sock, &hdr, DEPUTY_TICK_MS);
		if (ret == -EINTR)
			continue;
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
			req = mt->asked;
			mt->asked = NULL;
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
	case -EOPNOTSUPP:
		return "the node's CPU cannot hold its FPU state";
	case -EACCES:
		return "the node does not know this node";
	}
	return "the node did not answer";
}

static const char *migrate_out(u32 node, int *result)
{
	struct mosix_node_view view;
	struct mosix_task *mt;
	struct socket *sock;
	struct pt_regs regs;
	const char *why;
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
	regs = *task_pt_regs(current);
	mosix_state_restart_regs(&regs);

	ret = mosix_conn_connect(view.addr, &sock);
	if (ret) {
		*result = ret;
		return ret == -EKEYREJECTED ?
		       "the node does not hold this cluster's key" :
		       "cannot connect to the node";
	}
	ret = send_hello(sock, (current->mosix ? current->mosix->nr_migrations : 0) + 1);
	if (!ret)
		ret = recv_accept(sock);
	if (ret) {
		mosix_conn_close(sock);
		*result = ret;
		return refusal(ret);
	}
	ret = mosix_state_send(sock, &regs, 0);
	if (!ret)
		ret = recv_accept(sock);
	if (ret) {
		mosix_conn_close(sock);
		*result = ret;
		return "the node did not take the process";
	}
	mt = current->mosix;
	if (mt) {
		mt->sock = sock;
		mt->peer = node;
		mt->role = MOSIX_ROLE_DEPUTY;
	} else {
		mt = mosix_task_new(MOSIX_ROLE_DEPUTY, sock, node);
		if (!mt) {
			/* The guest learns of our end and goes away. */
			mosix_conn_close(sock);
			*result = -ENOMEM;
			return "out of memory";
		}
		mt->home_node = mosix_self_id();
		mt->home_pid = task_tgid_nr(current);
		mosix_task_attach(mt);
	}
	mt->nr_migrations++;
	/* A new guest starts unpinned; send_pin() tells it otherwise. */
	clear_bit(MOSIX_DEPUTY_PINNED, &mt->flags);
	atomic_inc(&nr_deputies);
	deputy_watch(mt);
	mosix_state_drop_memory();
	mosix_forward_reset(mt);
	catch_signals();
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
		if (!mt->request && !mt->asked) {
			mt->request = req;
			req = NULL;
		}
		task_unlock(current);
		if (req)
			request_done(req, -EBUSY,
				     "another migration of it is under way");
		return;
	}
	/* Away, then home or onward as later requests say. */
	while (req) {
		if (!req->node) {
			request_done(req, 0, NULL);
			return;
		}
		why = migrate_out(req->node, &result);
		request_done(req, result, why);
		if (result)
			return;
		req = deputy_loop(current->mosix);
	}
}

static struct migrate_request *take_request(struct mosix_task *mt)
{
	struct migrate_request *req;

	task_lock(current);
	req = mt->request;
	mt->request = NULL;
	task_unlock(current);
	return req;
}

static struct migrate_request *queue_request(struct task_struct *task,
					     u32 node)
{
	struct migrate_request *req;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return ERR_PTR(-ENOMEM);
	kref_init(&req->ref);
	kref_get(&req->ref);	/* one for the task work */
	init_completion(&req->done);
	req->node = node;
	init_task_work(&req->work, migrate_work);
	if (task_work_add(task, &req->work, TWA_SIGNAL)) {
		kfree(req);
		return ERR_PTR(-ESRCH);
	}
	return req;
}

/*
 * Migrate task to node (0: home) and wait for the outcome.  On failure
 * *reason says why in words, if there is more to say than the errno.
 */
int mosix_deputy_migrate(struct task_struct *task, u32 node,
			 const char **reason)
{
	struct migrate_request *req;
	int ret;

	*reason = NULL;
	req = queue_request(task, node);
	if (IS_ERR(req))
		return PTR_ERR(req);
	if (!wait_for_completion_timeout(&req->done,
					 msecs_to_jiffies(MOSIX_MIGRATE_TIMEOUT_MS))) {
		ret = -ETIMEDOUT;
	} else {
		ret = req->result;
		*reason = req->reason;
	}
	kref_put(&req->ref, request_release);
	return ret;
}

/* Ask a process that is away to come home, without waiting. */
void mosix_deputy_call_home(struct task_struct *task)
{
	struct migrate_request *req = queue_request(task, 0);

	if (!IS_ERR(req))
		kref_put(&req->ref, request_release);
}

void mosix_deputy_exiting(struct mosix_task *mt, long code)
{
	struct migrate_request *req = take_request(mt);

	if (req)
		request_done(req, -ESRCH, "it exited");
	req = mt->asked;
	mt->asked = NULL;
	if (req)
		request_done(req, -ESRCH, "it exited");
	deputy_unwatch(mt);
	mosix_conn_send(mt->sock, MOSIX_CHUNK_KILL, NULL, 0, NULL, 0);
}
