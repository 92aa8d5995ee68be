// SPDX-License-Identifier: GPL-2.0
/*
 * A moved process's signals, as at home.  Signals sent to the process
 * arrive at home, at its deputy.  Before, the deputy caught them all and
 * passed each on at once: one the process blocked then waited on the
 * guest, out of sight of the signalfd it read at home (a daemon that
 * takes SIGTERM from a signalfd never saw `systemctl stop`), of
 * sigpending() and of a sigtimedwait(); one it ignored still broke off
 * the call the deputy was running for it; and of the siginfo only the
 * sender came across (no sigqueue() value, no child status, no si_fd).
 *
 * Now the deputy mirrors what the process blocks and ignores, as the
 * guest tells it (SIGMASK): a blocked signal waits at home, as it would
 * have without migration, until the guest unblocks it; an ignored one is
 * discarded there; every other one goes to the guest with its whole
 * siginfo.  The guest tells a change lazily (before its next forwarded
 * call) when it blocks more, at once when it unblocks a signal or
 * changes what it ignores: at the exit of the call that did it (the
 * syscall exit hook), or at the entry of a call that waits with another
 * mask (sigsuspend; sigtimedwait waits at home).  So a signal is held at
 * home at most while the process has it blocked; in the other direction
 * one may reach the guest just before the guest's news of blocking it,
 * and then waits there, as before.
 *
 * A call with a mask of its own (ppoll, pselect6, epoll_pwait) runs at
 * home with that mask; when a signal breaks it off, the guest keeps the
 * call's mask until the signal is delivered, as the kernel does at home.
 */
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include "conn.h"
#include "signals.h"

#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))

static_assert(_NSIG_WORDS == 1);
static_assert(sizeof(((kernel_siginfo_t *)NULL)->_sifields) ==
	      MOSIX_SIGINFO_FIELDS);

void mosix_signals_now(struct mosix_sigmask *m)
{
	struct k_sigaction *action = current->sighand->action;
	int sig;

	m->ignored = 0;
	spin_lock_irq(&current->sighand->siglock);
	m->blocked = current->blocked.sig[0] & ~UNBLOCKABLE;
	for (sig = 1; sig <= _NSIG; sig++)
		if (action[sig - 1].sa.sa_handler == SIG_IGN)
			m->ignored |= sigmask(sig);
	spin_unlock_irq(&current->sighand->siglock);
	m->ignored &= ~(UNBLOCKABLE | sigmask(SIGCHLD));
}

void mosix_signals_mirror(const struct mosix_sigmask *m,
			  const struct mosix_sigmask *was)
{
	struct k_sigaction catch = { .sa.sa_handler = MOSIX_DEPUTY_HANDLER };
	struct k_sigaction ignore = { .sa.sa_handler = SIG_IGN };
	u64 change = was ? m->ignored ^ was->ignored : ~0ULL;
	sigset_t blocked;
	int sig;

	for (sig = 1; sig <= _NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCHLD ||
		    !(change & sigmask(sig)))
			continue;
		/* (SIG_IGN discards what is pending, as at home) */
		do_sigaction(sig, m->ignored & sigmask(sig) ? &ignore : &catch,
			     NULL);
	}
	siginitset(&blocked, m->blocked & ~UNBLOCKABLE);
	set_current_blocked(&blocked);
}

void mosix_signals_sigchld(u32 how)
{
	struct k_sigaction ka = {
		.sa.sa_handler = how & MOSIX_SIGCHLD_IGNORE ? SIG_IGN :
						MOSIX_DEPUTY_HANDLER,
		.sa.sa_flags = (how & MOSIX_SIGCHLD_NOCLDSTOP ? SA_NOCLDSTOP : 0) |
			       (how & MOSIX_SIGCHLD_NOCLDWAIT ? SA_NOCLDWAIT : 0),
	};

	do_sigaction(SIGCHLD, &ka, NULL);
}

void mosix_signals_to_wire(struct mosix_chunk_signal *s, int sig,
			   const kernel_siginfo_t *info)
{
	memset(s, 0, sizeof(*s));
	s->signo = cpu_to_le32(sig);
	s->error = cpu_to_le32(info->si_errno);
	s->code = cpu_to_le32(info->si_code);
	memcpy(s->fields, &info->_sifields, sizeof(s->fields));
}

void mosix_signals_raise(const struct mosix_signal_info *s)
{
	kernel_siginfo_t info;

	clear_siginfo(&info);
	info.si_signo = s->signo;
	info.si_errno = s->error;
	info.si_code = s->code;
	memcpy(&info._sifields, s->fields, sizeof(info._sifields));
	/* The timer is at home, which rearms it: nothing to do here. */
	if (info.si_code == SI_TIMER)
		info.si_sys_private = 0;
	send_sig_info(s->signo, &info, current);
}

int mosix_signals_tell(struct mosix_conn *conn, struct mosix_sigmask *told,
		       const sigset_t *blocked, enum mosix_tell what)
{
	struct mosix_chunk_sigmask m;
	struct mosix_sigmask now = *told;
	int ret;

	/* The actions change only by rt_sigaction: not looked at for less. */
	if (what != MOSIX_TELL_MASK)
		mosix_signals_now(&now);
	now.blocked = blocked->sig[0] & ~UNBLOCKABLE;
	if (what != MOSIX_TELL_ALWAYS && now.blocked == told->blocked &&
	    now.ignored == told->ignored)
		return 0;
	m.blocked = cpu_to_le64(now.blocked);
	m.ignored = cpu_to_le64(now.ignored);
	ret = mosix_conn_send(conn, MOSIX_CHUNK_SIGMASK, &m, sizeof(m), NULL, 0);
	if (!ret)
		*told = now;
	return ret;
}

bool mosix_signals_must_tell(const struct mosix_sigmask *told,
			     const sigset_t *now)
{
	return told->blocked & ~now->sig[0];
}

/* The sigset of @size bytes at @uptr, less what cannot be blocked. */
static bool user_sigset(u64 uptr, u64 size, sigset_t *set)
{
	if (!uptr || size != sizeof(sigset_t) ||
	    copy_from_user(set, u64_to_user_ptr(uptr), sizeof(*set)))
		return false;
	sigdelsetmask(set, UNBLOCKABLE);
	return true;
}

bool mosix_signals_wait_mask(long nr, const u64 *args, sigset_t *mask)
{
	switch (nr) {
	case __NR_rt_sigsuspend:
		return user_sigset(args[0], args[1], mask);
	}
	return false;
}

bool mosix_signals_waited_here(const u64 *args)
{
	sigset_t set, pending;

	if (!user_sigset(args[0], args[3], &set))
		return false;
	spin_lock_irq(&current->sighand->siglock);
	sigorsets(&pending, &current->pending.signal,
		  &current->signal->shared_pending.signal);
	spin_unlock_irq(&current->sighand->siglock);
	return set.sig[0] & pending.sig[0];
}

void mosix_signals_add_pending(const u64 *args)
{
	u64 __user *uset = u64_to_user_ptr(args[0]);
	sigset_t pending;
	u64 set;

	/* rt_sigpending() gave a full set only for a size of 8 bytes. */
	if (args[1] != sizeof(sigset_t) || get_user(set, uset))
		return;
	spin_lock_irq(&current->sighand->siglock);
	sigorsets(&pending, &current->pending.signal,
		  &current->signal->shared_pending.signal);
	sigandsets(&pending, &pending, &current->blocked);
	spin_unlock_irq(&current->sighand->siglock);
	put_user(set | pending.sig[0], uset);
}

/* The mask of a call that waits with a mask of its own, if it has one. */
static bool call_mask(long nr, const u64 *args, sigset_t *mask)
{
	u64 pair[2];

	switch (nr) {
	case __NR_ppoll:
		return user_sigset(args[3], args[4], mask);
	case __NR_epoll_pwait:
	case __NR_epoll_pwait2:
		return user_sigset(args[4], args[5], mask);
	case __NR_pselect6:
		if (!args[5] || copy_from_user(pair, u64_to_user_ptr(args[5]),
					       sizeof(pair)))
			return false;
		return user_sigset(pair[0], pair[1], mask);
	}
	return false;
}

bool mosix_signals_keep_call_mask(long nr, const u64 *args, long ret)
{
	sigset_t mask;

	if ((ret != -ERESTARTNOHAND && ret != -EINTR) ||
	    !call_mask(nr, args, &mask))
		return false;
	current->saved_sigmask = current->blocked;
	set_restore_sigmask();
	set_current_blocked(&mask);
	return true;
}
