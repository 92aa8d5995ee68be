/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A moved process's signals, as at home: the deputy mirrors the signals
 * the process blocks and ignores, so that a blocked one waits at home
 * (signalfd, sigpending and sigtimedwait see it there), an ignored one
 * is discarded there, and the others reach the guest with their whole
 * siginfo.
 */
#ifndef _MOSIX_SIGNALS_H
#define _MOSIX_SIGNALS_H

#include <linux/signal_types.h>
#include <linux/types.h>

#include "decode.h"
#include "messages.h"

struct mosix_conn;

/* A deputy never returns to user mode with this action: see below. */
#define MOSIX_DEPUTY_HANDLER	((__sighandler_t)2)

/* What the other half was last told of the process's signals. */
struct mosix_sigmask {
	u64 blocked;
	u64 ignored;
};

/* current's blocked and ignored signals, as SIGMASK carries them. */
void mosix_signals_now(struct mosix_sigmask *m);

/*
 * Deputy: make current's actions and blocked set the mirror of @m: the
 * signals the process ignores ignored, every other one (SIGCHLD aside,
 * see mosix_signals_sigchld()) caught with MOSIX_DEPUTY_HANDLER, so that
 * each reaches the guest, whose own actions decide.  @was: the mirror
 * so far (only its changes are made), NULL for all.
 */
void mosix_signals_mirror(const struct mosix_sigmask *m,
			  const struct mosix_sigmask *was);

/* Deputy: SIGCHLD's action from the MOSIX_SIGCHLD_* bits of the guest's. */
void mosix_signals_sigchld(u32 how);

/* Deputy: @info as a SIGNAL chunk. */
void mosix_signals_to_wire(struct mosix_chunk_signal *s, int sig,
			   const kernel_siginfo_t *info);

/* Guest: raise the signal of a SIGNAL chunk on current. */
void mosix_signals_raise(const struct mosix_signal_info *s);

/* What mosix_signals_tell() looks at, and whether it sends regardless. */
enum mosix_tell {
	MOSIX_TELL_MASK,	/* @blocked only: the actions are as told */
	MOSIX_TELL_ACTIONS,	/* and the actions (after rt_sigaction) */
	MOSIX_TELL_ALWAYS,	/* both, sent even if unchanged */
};

/*
 * Guest: tell the deputy current's signals as @blocked (and the actions,
 * as @what says), if they differ from @told; @told follows.  0 or the
 * connection's error.
 */
int mosix_signals_tell(struct mosix_conn *conn, struct mosix_sigmask *told,
		       const sigset_t *blocked, enum mosix_tell what);

/*
 * Guest: whether the signals of @now unblock one @told blocks, or ignore
 * otherwise: then the deputy must know at once (a signal waiting at home,
 * or one it would discard).
 */
bool mosix_signals_must_tell(const struct mosix_sigmask *told,
			     const sigset_t *now);

/*
 * Guest, at the entry of syscall @nr with @args: the blocked set the
 * call waits with, if it waits here for signals with another one than
 * the process's (rt_sigsuspend).  False if it does not, or its arguments
 * cannot be read (the call then fails by itself).
 */
bool mosix_signals_wait_mask(long nr, const u64 *args, sigset_t *mask);

/*
 * Guest: whether a signal rt_sigtimedwait(@args) waits for is pending
 * here (then it runs here; otherwise it waits at home).
 */
bool mosix_signals_waited_here(const u64 *args);

/*
 * Guest, after rt_sigpending() ran at home with result 0: add the
 * signals blocked and pending here to the set at @args[0].
 */
void mosix_signals_add_pending(const u64 *args);

/*
 * Guest, after a call with a signal mask of its own (ppoll, pselect6,
 * epoll_pwait, epoll_pwait2) that home broke off with @ret for a signal:
 * as at home, that mask stays until the signal is delivered, then the
 * process's comes back.  Whether it did so.
 */
bool mosix_signals_keep_call_mask(long nr, const u64 *args, long ret);

#endif /* _MOSIX_SIGNALS_H */
