/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The clocks and CPU timers of a process that moves: what it reads of
 * them goes on across a move as if it had stayed where it was.
 */
#ifndef _MOSIX_CLOCK_H
#define _MOSIX_CLOCK_H

#include <linux/types.h>

#include "messages.h"

struct pt_regs;

/* The node's own clocks when a process's state began to arrive. */
struct mosix_clock_arrival {
	u64 mono_ns;
	u64 boot_ns;
};

/*
 * A guest-to-be, still privileged: give it a time namespace of its own,
 * whose offsets mosix_clock_restore() sets once the process's clocks
 * are known (one namespace per arrival: offsets freeze when a task
 * enters).  0 or an errno; nothing to do without CONFIG_TIME_NS.
 */
int mosix_clock_prepare_guest(void);

/*
 * Whether current, stopped in an interrupted relative nanosleep, has a
 * sleep that can move: mosix_state_restart_regs() then makes it resume
 * by restart_syscall, and mosix_clock_save() carries the sleep's end.
 */
bool mosix_clock_sleep_moves(void);

/* current's clocks, CPU time and timers, with @regs as they will be sent. */
void mosix_clock_save(struct mosix_wire_clocks *c, const struct pt_regs *regs);

void mosix_clock_arrival(struct mosix_clock_arrival *a);

/*
 * Give current the checked clocks @c received at @a: a guest (!@home)
 * reads the process's clocks from now on and counts its CPU time on
 * from where it was; both ends re-arm its CPU itimers and its sleep.
 */
void mosix_clock_restore(const struct mosix_wire_clocks *c,
			 const struct mosix_clock_arrival *a, bool home);

/*
 * The process has left home: its CPU itimers run on its guest now, so
 * home's, which counted the deputy's CPU time, are off until it is back.
 */
void mosix_clock_left(void);

/*
 * CPU time the process used elsewhere counts here: samples and run time
 * as mosix_clock_used() gave them there (-EPROTO if a lie).
 */
int mosix_clock_add_cputime(u64 utime, u64 stime, u64 run);

/* current's own user and system samples and run time (ns), unscaled. */
void mosix_clock_used(u64 cpu[3]);

/* Arm RLIMIT_CPU as the limits of current now say (a guest's). */
void mosix_clock_arm_rlimit(void);

#endif /* _MOSIX_CLOCK_H */
