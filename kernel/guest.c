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
#include <linux/sched/cputime.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <asm/fpu/types.h>
#include <asm/fpu/xstate.h>
#include "auth.h"
#include "decode.h"
#include "forward.h"
#include "guest.h"
#include "messages.h"
#include "node.h"
#include "policy.h"
#include "state.h"
#include "syscalls.h"
#include "task.h"
#include "transport.h"

/* The guests running here, for mosctl guests. */
static DEFINE_SPINLOCK(guests_lock);
static LIST_HEAD(guests);
static unsigned int nr_guests;

static void list_guest(struct mosix_task *mt)
{
	spin_lock(&guests_lock);
	list_add_tail(&mt->guests, &guests);
	nr_guests++;
	spin_unlock(&guests_lock);
}

static void unlist_guest(struct mosix_task *mt)
{
	spin_lock(&guests_lock);
	if (!list_empty(&mt->guests)) {
		list_del_init(&mt->guests);
		nr_guests--;
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
	struct mm_struct *mm;

	spin_lock(&guests_lock);
	list_for_each_entry(mt, &guests, guests) {
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
	view->rss = 0;
	mm = get_task_mm(task);
	if (mm) {
		view->rss = get_mm_rss(mm) << PAGE_SHIFT;
		mmput(mm);
	}
	put_task_struct(task);
	return 0;
}

static void kick(struct mosix_task *mt)
{
	if (test_bit(MOSIX_GUEST_IN_CALL, &mt->flags) ||
	    test_and_set_bit(MOSIX_GUEST_WORK_QUEUED, &mt->flags))
		return;
	kref_get(&mt->ref);
	if (task_work_add(mt->task, &mt->async_work, TWA_SIGNAL)) {
		clear_bit(MOSIX_GUEST_WORK_QUEUED, &mt->flags);
		mosix_task_put(mt);
	}
}

/*
 * Socket callbacks, in softirq: each wakes whoever waits on the socket,
 * then the guest.  If the connection home is gone, the process is over
 * (killed at home, or its home node died): SIGKILL reaches the guest
 * even when it is stopped, which task work would not.
 */
enum sock_event { EVENT_DATA, EVENT_STATE, EVENT_ERROR };

static void sock_event(struct sock *sk, enum sock_event event)
{
	struct mosix_task *mt;

	read_lock_bh(&sk->sk_callback_lock);
	mt = sk->sk_user_data;
	if (!mt)
		goto out;
	if (event == EVENT_DATA)
		mt->sk_data_ready(sk);
	else if (event == EVENT_STATE)
		mt->sk_state_change(sk);
	else
		mt->sk_error_report(sk);
	if (event != EVENT_DATA && (sk->sk_err || sk->sk_state != TCP_ESTABLISHED)) {
		if (!test_and_set_bit(MOSIX_GUEST_REPORTED, &mt->flags))
			send_sig(SIGKILL, mt->task, 1);
	} else {
		kick(mt);
	}
out:
	read_unlock_bh(&sk->sk_callback_lock);
}

static void guest_data_ready(struct sock *sk)
{
	sock_event(sk, EVENT_DATA);
}

static void guest_state_change(struct sock *sk)
{
	sock_event(sk, EVENT_STATE);
}

static void guest_error_report(struct sock *sk)
{
	sock_event(sk, EVENT_ERROR);
}

static void watch_socket(struct mosix_task *mt)
{
	struct sock *sk = mt->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = mt;
	mt->sk_data_ready = sk->sk_data_ready;
	mt->sk_state_change = sk->sk_state_change;
	mt->sk_error_report = sk->sk_error_report;
	sk->sk_data_ready = guest_data_ready;
	sk->sk_state_change = guest_state_change;
	sk->sk_error_report = guest_error_report;
	write_unlock_bh(&sk->sk_callback_lock);
}

static void unwatch_socket(struct mosix_task *mt)
{
	struct sock *sk = mt->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = mt->sk_data_ready;
	sk->sk_state_change = mt->sk_state_change;
	sk->sk_error_report = mt->sk_error_report;
	write_unlock_bh(&sk->sk_callback_lock);
}

/* expel: every guest goes home. */
void mosix_guest_send_all_home(void)
{
	struct mosix_task *mt;

	spin_lock(&guests_lock);
	list_for_each_entry(mt, &guests, guests) {
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

/* After a forwarded call: messages that came meanwhile still count. */
void mosix_guest_rearm(struct mosix_task *mt)
{
	if (mosix_conn_readable(mt->sock) ||
	    test_bit(MOSIX_GUEST_GO_HOME, &mt->flags))
		kick(mt);
	if (task_work_pending(current))
		set_notify_signal(current);
}

static void raise_signal(const struct mosix_signal_info *s)
{
	kernel_siginfo_t info;

	clear_siginfo(&info);
	info.si_signo = s->signo;
	if (s->code <= 0) {
		/* Sent by a process (kill, tgkill, sigqueue): as it was. */
		info.si_code = s->code;
		info.si_pid = s->pid;
		info.si_uid = s->uid;
	} else {
		info.si_code = SI_KERNEL;
	}
	send_sig_info(s->signo, &info, current);
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
		-READ_ONCE(mt->sock->sk->sk_err));
	set_bit(MOSIX_GUEST_REPORTED, &mt->flags);
	force_sig(SIGKILL);
}

/*
 * Wait for the deputy's empty chunk of this type, taking its other
 * messages meanwhile (a stop signal among them waits in mt->stop).
 * Signals and task work wait too, SIGKILL aside.
 */
static int await_chunk(struct mosix_task *mt, u16 type, long wait_ms)
{
	struct mosix_chunk hdr;
	int ret;

	for (;;) {
		ret = mosix_conn_next(mt->sock, &hdr, wait_ms);
		if (ret)
			return ret == -EAGAIN ? -ETIMEDOUT : ret;
		if (le16_to_cpu(hdr.type) == type && !hdr.length)
			return 0;
		ret = mosix_guest_message(mt, &hdr, false);
		if (ret)
			return ret;
	}
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
	bool in_call = test_and_set_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	__le32 signo = cpu_to_le32(sig);
	int ret;

	ret = mosix_conn_send(mt->sock, MOSIX_CHUNK_STOPPED, &signo,
			      sizeof(signo), NULL, 0);
	if (!ret)
		ret = await_chunk(mt, MOSIX_CHUNK_RESUME, 0);
	if (!in_call)
		clear_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	return ret;
}

/* A stop signal that came while the guest could not stop: stop now. */
int mosix_guest_stop_pending(struct mosix_task *mt)
{
	int sig = mt->stop;

	mt->stop = 0;
	return sig ? guest_stop(mt, sig) : 0;
}

/*
 * A message other than a syscall result.  Returns non-zero when the
 * connection can no longer be used.  A stop signal stops the guest if
 * may_stop, else it waits in mt->stop: while a result or the trip home
 * may still be coming, the guest cannot ask the deputy to stop.
 */
int mosix_guest_message(struct mosix_task *mt, const struct mosix_chunk *hdr,
			bool may_stop)
{
	struct mosix_chunk_signal s;
	struct mosix_signal_info si;
	u32 len = le32_to_cpu(hdr->length);
	int ret, sig;

	switch (le16_to_cpu(hdr->type)) {
	case MOSIX_CHUNK_SIGNAL:
		if (len != sizeof(s))
			break;
		ret = mosix_conn_recv(mt->sock, &s, sizeof(s));
		if (ret)
			return ret;
		if (mosix_decode_signal(&s, sizeof(s), &si))
			break;
		sig = si.signo;
		if (stops(sig)) {
			if (may_stop)
				return guest_stop(mt, sig);
			mt->stop = sig;
			return 0;
		}
		raise_signal(&si);
		return 0;
	case MOSIX_CHUNK_COME_HOME:
		if (len)
			break;
		set_bit(MOSIX_GUEST_GO_HOME, &mt->flags);
		return 0;
	case MOSIX_CHUNK_PIN: {
		__le32 v;
		bool pinned;

		if (len != sizeof(v))
			break;
		ret = mosix_conn_recv(mt->sock, &v, sizeof(v));
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
	}
	return -EPROTO;
}

/*
 * Send the process home with regs as its registers.  Returns only on
 * failure; the guest then goes on here.  Until the answer, signals and
 * the deputy's messages wait: the exchange must not be cut in two.
 */
static int go_home(struct mosix_task *mt, const struct pt_regs *regs)
{
	bool in_call = test_and_set_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	__le32 status;
	int ret;

	clear_bit(MOSIX_GUEST_GO_HOME, &mt->flags);
	ret = mosix_conn_send(mt->sock, MOSIX_CHUNK_HOME, NULL, 0, NULL, 0);
	if (!ret)
		ret = await_chunk(mt, MOSIX_CHUNK_HOME_GO, MOSIX_CHUNK_TIMEOUT_MS);
	if (!ret)
		ret = mosix_state_send(mt->sock, regs, mt->stop);
	if (!ret)
		ret = mosix_conn_recv_exact(mt->sock, MOSIX_CHUNK_ACCEPT, &status,
					    sizeof(status));
	if (!ret && mosix_decode_accept(&status, sizeof(status), &ret))
		ret = -EPROTO;
	if (ret) {
		pr_warn("mosix: guest %d could not go home to node %u: %d\n",
			task_pid_nr(current), mt->home_node, ret);
		if (!in_call)
			clear_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
		mosix_guest_stop_pending(mt);
		mosix_guest_rearm(mt);
		return ret;
	}
	/* The process runs at home now: this copy ends without a word. */
	set_bit(MOSIX_GUEST_REPORTED, &mt->flags);
	unlist_guest(mt);
	unwatch_socket(mt);
	clear_task_syscall_work(current, MOSIX);
	mosix_task_detach();
	do_exit(0);
}

static void restore_ax(struct mosix_task *mt)
{
	if (test_and_clear_bit(MOSIX_GUEST_AX_PENDING, &mt->flags))
		task_pt_regs(current)->ax = mt->ax;
}

static void ax_work(struct callback_head *cb)
{
	struct mosix_task *mt = container_of(cb, struct mosix_task, ax_work);

	restore_ax(mt);
	mosix_task_put(mt);
}

static void async_work(struct callback_head *cb)
{
	struct mosix_task *mt = container_of(cb, struct mosix_task, async_work);
	struct mosix_chunk hdr;
	struct pt_regs regs;
	int ret = 0;

	clear_bit(MOSIX_GUEST_WORK_QUEUED, &mt->flags);
	if (current->mosix != mt || (current->flags & PF_EXITING))
		goto out;
	restore_ax(mt);
	while (!ret && mosix_conn_readable(mt->sock)) {
		ret = mosix_conn_recv_header(mt->sock, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
		if (!ret)
			ret = mosix_guest_message(mt, &hdr, true);
	}
	if (ret && !test_bit(MOSIX_GUEST_REPORTED, &mt->flags))
		end_guest(mt, "its home node is unreachable");
	if (!ret && test_bit(MOSIX_GUEST_GO_HOME, &mt->flags)) {
		regs = *task_pt_regs(current);
		mosix_state_restart_regs(&regs);
		/*
		 * go_home() does not return when it succeeds: this work's
		 * reference goes first (the task's own keeps mt meanwhile).
		 * kmemleak found it leaking with the guest's socket.
		 */
		mosix_task_put(mt);
		go_home(mt, &regs);
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

bool mosix_syscall_entered(struct pt_regs *regs, long nr)
{
	struct mosix_task *mt = current->mosix;
	u64 args[6] = { regs->di, regs->si, regs->dx, regs->r10, regs->r8,
			regs->r9 };
	struct pt_regs home;

	if (!mt || mt->role != MOSIX_ROLE_GUEST || nr < 0)
		return false;
	switch (mosix_syscall_class(nr, args)) {
	case MOSIX_SYS_LOCAL:
	case MOSIX_SYS_EXIT:
		return false;
	case MOSIX_SYS_FORWARD:
		WRITE_ONCE(mt->forwarded, mt->forwarded + 1);
		switch (mosix_forward_call(mt, regs)) {
		case MOSIX_CALL_DONE:
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

void mosix_guest_exiting(struct mosix_task *mt, long code)
{
	struct mosix_chunk_exit e = { .code = cpu_to_le32(code & 0xffff) };
	u64 utime, stime;

	unlist_guest(mt);
	unwatch_socket(mt);
	if (test_and_set_bit(MOSIX_GUEST_REPORTED, &mt->flags))
		return;
	task_cputime_adjusted(current, &utime, &stime);
	e.utime_ns = cpu_to_le64(utime);
	e.stime_ns = cpu_to_le64(stime);
	mosix_conn_send(mt->sock, MOSIX_CHUNK_EXIT, &e, sizeof(e), NULL, 0);
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

static int check_hello(const struct mosix_chunk_hello *h, __be32 peer)
{
	struct mosix_hello_info hi;
	struct mosix_node_view view;

	if (mosix_decode_hello(h, sizeof(*h), &hi))
		return -EPROTO;
	if (mosix_node_view_by_addr(peer, &view) || view.id != hi.home_node)
		return -EACCES;
	if (hi.xstate_size != fpu_user_cfg.max_size ||
	    hi.xfeatures & ~fpu_user_cfg.max_features)
		return -EOPNOTSUPP;
	return 0;
}

struct arrival {
	struct socket *sock;
	__be32 peer;
};

/* The new task: become the process, or end. */
static int guest_main(void *arg)
{
	struct arrival *a = arg;
	struct socket *sock = a->sock;
	struct mosix_chunk_hello hello;
	struct mosix_task *mt;
	__le32 status;
	u64 ax;
	int ret;

	ret = mosix_auth_on() ? mosix_auth_conn_start(sock, false) : 0;
	if (ret) {
		kfree(a);
		mosix_conn_close(sock);
		do_exit(0);
	}
	ret = mosix_conn_recv_exact(sock, MOSIX_CHUNK_HELLO, &hello,
				    sizeof(hello));
	if (!ret)
		ret = check_hello(&hello, a->peer);
	kfree(a);
	if (!ret && (mosix_policy() & MOSIX_POLICY_BLOCK))
		ret = -EBUSY;
	/* An early answer: a refused process need not send its memory. */
	status = cpu_to_le32(ret);
	if (mosix_conn_send(sock, MOSIX_CHUNK_ACCEPT, &status, sizeof(status),
			    NULL, 0) && !ret)
		ret = -ECONNRESET;
	if (ret) {
		mosix_conn_close(sock);
		do_exit(0);
	}
	ret = drop_privileges();
	if (!ret)
		ret = mosix_state_receive(sock, &ax);
	mt = ret ? NULL : mosix_task_new(MOSIX_ROLE_GUEST, sock,
					 le32_to_cpu(hello.home_node));
	if (!ret && !mt)
		ret = -ENOMEM;
	status = cpu_to_le32(ret);
	if (mosix_conn_send(sock, MOSIX_CHUNK_ACCEPT, &status, sizeof(status),
			    NULL, 0) && !ret)
		ret = -ECONNRESET;
	if (ret) {
		if (mt)
			mosix_task_put(mt);
		else
			mosix_conn_close(sock);
		do_exit(0);
	}
	mt->home_node = le32_to_cpu(hello.home_node);
	mt->home_pid = le32_to_cpu(hello.home_pid);
	mt->nr_migrations = le32_to_cpu(hello.nr_migrations);
	init_task_work(&mt->async_work, async_work);
	init_task_work(&mt->ax_work, ax_work);
	mosix_task_attach(mt);
	set_task_syscall_work(current, MOSIX);

	/* The return to user mode from here clears ax: put it back. */
	mt->ax = ax;
	set_bit(MOSIX_GUEST_AX_PENDING, &mt->flags);
	kref_get(&mt->ref);
	if (task_work_add(current, &mt->ax_work, TWA_RESUME))
		mosix_task_put(mt);
	watch_socket(mt);
	list_guest(mt);
	if (mosix_conn_readable(sock))
		kick(mt);
	return 0;
}

/* The migration daemon accepted a connection: make it a guest. */
void mosix_guest_arrive(struct socket *sock)
{
	struct sockaddr_in sin;
	struct arrival *a;
	pid_t pid;

	if (kernel_getpeername(sock, (struct sockaddr *)&sin) < 0 ||
	    !mosix_node_addr_known(sin.sin_addr.s_addr)) {
		mosix_conn_close(sock);
		return;
	}
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a) {
		mosix_conn_close(sock);
		return;
	}
	a->sock = sock;
	a->peer = sin.sin_addr.s_addr;
	mosix_conn_keepalive(sock);
	pid = user_mode_thread(guest_main, a, SIGCHLD);
	if (pid < 0) {
		kfree(a);
		mosix_conn_close(sock);
	}
}
