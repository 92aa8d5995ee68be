// SPDX-License-Identifier: GPL-2.0
/*
 * The clocks and CPU timers of a process that moves.
 *
 * Wall clocks (CLOCK_REALTIME, CLOCK_TAI) are the same on every node of
 * a LAN kept in time.  CLOCK_MONOTONIC and CLOCK_BOOTTIME count from
 * each node's boot: read on the node a process moved to, they would
 * jump by the difference of the two nodes' uptimes, backwards when that
 * node booted later.  So every guest runs in a time namespace of its own
 * whose offsets make the node's clocks read as the process's clocks did
 * where it stopped: each arrival takes the process's readings (sent in
 * TASK when it stopped) less the node's own when TASK arrived, so the
 * time the rest of its state takes to arrive passes for it too, and its
 * clocks lag its home's by the network's one-way delay of each move
 * (under a millisecond on a LAN), never backwards.  The vDSO reads the
 * namespace's offsets, and so do clock_gettime, absolute
 * clock_nanosleep and timers, /proc/uptime.  At home a process runs in
 * its own namespace, as it always did.
 *
 * CPU time: a guest's CPU clocks go on from the process's CPU time in
 * all (added to the guest's signal_struct, so that what the guest
 * reports as used on its node stays its own: mosix_clock_used()),
 * and its ITIMER_VIRTUAL/ITIMER_PROF (set where it runs: syscalls.c)
 * and RLIMIT_CPU count from there.
 *
 * An interrupted relative nanosleep resumes by restart_syscall with its
 * end in the restart block; that end moves (on the process's clock) and
 * the restart is set again where the process lands.
 *
 * Locking: the signal_struct's itimers and CPU time under its
 * siglock (and stats_lock for the CPU time, as the scheduler's
 * accounting); a guest's namespace is its own until it enters it.
 */
#include <linux/hrtimer.h>
#include <linux/mosix.h>
#include <linux/nsproxy.h>
#include <linux/posix-timers.h>
#include <linux/restart_block.h>
#include <linux/sched/cputime.h>
#include <linux/sched/signal.h>
#include <linux/time_namespace.h>
#include <linux/timekeeping.h>
#include <asm/thread_info.h>
#include <asm/unistd.h>

#include "clock.h"

/* mosix_wire_clocks.itimer[] by index: the signal_struct's it[] */
static const unsigned int itimer_clock[MOSIX_NR_ITIMERS] = {
	[MOSIX_ITIMER_VIRTUAL] = CPUCLOCK_VIRT,
	[MOSIX_ITIMER_PROF] = CPUCLOCK_PROF,
};

static void check_constants(void)
{
	BUILD_BUG_ON(CLOCK_REALTIME != MOSIX_CLOCK_REALTIME);
	BUILD_BUG_ON(CLOCK_MONOTONIC != MOSIX_CLOCK_MONOTONIC);
	BUILD_BUG_ON(CLOCK_BOOTTIME != MOSIX_CLOCK_BOOTTIME);
	BUILD_BUG_ON(CLOCK_TAI != MOSIX_CLOCK_TAI);
	BUILD_BUG_ON(KTIME_MAX / 2 < MOSIX_CLOCK_MAX);
	BUILD_BUG_ON(sizeof(struct __kernel_timespec) != MOSIX_TIMESPEC_SIZE);
	BUILD_BUG_ON(ARRAY_SIZE(((struct signal_struct *)0)->it) !=
		     MOSIX_NR_ITIMERS);
}

int mosix_clock_prepare_guest(void)
{
#ifdef CONFIG_TIME_NS
	struct nsproxy *nsp = NULL;
	int ret;

	ret = unshare_nsproxy_namespaces(CLONE_NEWTIME, &nsp, NULL, NULL);
	if (ret)
		return ret;
	switch_task_namespaces(current, nsp);
#endif
	return 0;
}

/* A reading of host clock @clock as current's namespace shows it. */
static ktime_t host_to_view(clockid_t clock, ktime_t t)
{
	struct timespec64 ts = ktime_to_timespec64(t);

	if (clock == CLOCK_MONOTONIC)
		timens_add_monotonic(&ts);
	else if (clock == CLOCK_BOOTTIME)
		timens_add_boottime(&ts);
	return timespec64_to_ktime(ts);
}

static u64 clamp_clock(ktime_t t)
{
	return t < 0 ? 0 : min_t(u64, t, MOSIX_CLOCK_MAX);
}

bool mosix_clock_sleep_moves(void)
{
	const struct restart_block *r = &current->restart_block;

	/* Only the 64-bit call's: a 32-bit one writes another timespec. */
	if (!hrtimer_nanosleep_restarts(r) ||
	    r->nanosleep.type == TT_COMPAT || (r->arch_data & TS_COMPAT))
		return false;
	switch (r->nanosleep.clockid) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return true;
	}
	return false;
}

static void save_sleep(struct mosix_wire_clocks *c, const struct pt_regs *regs)
{
	const struct restart_block *r = &current->restart_block;
	clockid_t clock = r->nanosleep.clockid;

	/* mosix_state_restart_regs() made it resume by restart_syscall. */
	if ((long)regs->orig_ax != -1 || regs->ax != __NR_restart_syscall ||
	    !mosix_clock_sleep_moves())
		return;
	c->flags = cpu_to_le32(MOSIX_CLOCKS_SLEEP);
	c->sleep_clock = cpu_to_le32(clock);
	c->sleep_until_ns =
		cpu_to_le64(clamp_clock(host_to_view(clock, r->nanosleep.expires)));
	if (r->nanosleep.type == TT_NATIVE)
		c->sleep_rmtp = cpu_to_le64((unsigned long)r->nanosleep.rmtp);
}

void mosix_clock_save(struct mosix_wire_clocks *c, const struct pt_regs *regs)
{
	struct signal_struct *sig = current->signal;
	struct task_cputime cpu;
	int i;

	memset(c, 0, sizeof(*c));
	c->mono_ns = cpu_to_le64(clamp_clock(host_to_view(CLOCK_MONOTONIC,
							  ktime_get())));
	c->boot_ns = cpu_to_le64(clamp_clock(host_to_view(CLOCK_BOOTTIME,
							  ktime_get_boottime())));
	thread_group_cputime(current, &cpu);
	c->cpu_user_ns = cpu_to_le64(min_t(u64, cpu.utime, MOSIX_CPUTIME_MAX));
	c->cpu_sys_ns = cpu_to_le64(min_t(u64, cpu.stime, MOSIX_CPUTIME_MAX));
	c->cpu_run_ns = cpu_to_le64(min_t(u64, cpu.sum_exec_runtime,
					  MOSIX_CPUTIME_MAX));
	spin_lock_irq(&current->sighand->siglock);
	for (i = 0; i < MOSIX_NR_ITIMERS; i++) {
		const struct cpu_itimer *it = &sig->it[itimer_clock[i]];

		c->itimer[i].expires =
			cpu_to_le64(min_t(u64, it->expires, MOSIX_CPUTIME_MAX));
		c->itimer[i].interval =
			cpu_to_le64(min_t(u64, it->incr, MOSIX_CPUTIME_MAX));
	}
	spin_unlock_irq(&current->sighand->siglock);
	save_sleep(c, regs);
}

void mosix_clock_arrival(struct mosix_clock_arrival *a)
{
	a->mono_ns = ktime_get_ns();
	a->boot_ns = ktime_get_boottime_ns();
}

/*
 * Enter the namespace mosix_clock_prepare_guest() made, its offsets the
 * process's clocks less this node's at @a.  No one else can be in it
 * yet: it is reachable through this guest's /proc alone, which is for
 * root (who may change any clock of the node anyway).
 */
static void enter_clocks(const struct mosix_wire_clocks *c,
			 const struct mosix_clock_arrival *a)
{
#ifdef CONFIG_TIME_NS
	struct nsproxy *nsp = current->nsproxy;
	struct time_namespace *ns = nsp->time_ns_for_children, *old;

	if (ns == nsp->time_ns || ns->frozen_offsets) {
		pr_warn_ratelimited("mosix: guest %d reads this node's clocks\n",
				    task_tgid_nr(current));
		return;
	}
	ns->offsets.monotonic =
		ns_to_timespec64((s64)(le64_to_cpu(c->mono_ns) - a->mono_ns));
	ns->offsets.boottime =
		ns_to_timespec64((s64)(le64_to_cpu(c->boot_ns) - a->boot_ns));
	get_time_ns(ns);
	task_lock(current);
	old = nsp->time_ns;
	nsp->time_ns = ns;
	task_unlock(current);
	put_time_ns(old);
	timens_commit(current, ns);
#endif
}

/* Add CPU time to current's process, and to its CPU timers if running. */
static void add_cpu(u64 utime, u64 stime, u64 run)
{
	struct signal_struct *sig = current->signal;

	spin_lock_irq(&current->sighand->siglock);
	write_seqlock(&sig->stats_lock);
	sig->utime += utime;
	sig->stime += stime;
	sig->sum_sched_runtime += run;
	write_sequnlock(&sig->stats_lock);
	/*
	 * Running timers sample the group's clock from these counters,
	 * which started from the sums above (as account_group_*_time()).
	 */
	if (sig->posix_cputimers.timers_active) {
		atomic64_add(utime, &sig->cputimer.cputime_atomic.utime);
		atomic64_add(stime, &sig->cputimer.cputime_atomic.stime);
		atomic64_add(run, &sig->cputimer.cputime_atomic.sum_exec_runtime);
	}
	spin_unlock_irq(&current->sighand->siglock);
}

int mosix_clock_add_cputime(u64 utime, u64 stime, u64 run)
{
	if (utime > MOSIX_CPUTIME_MAX || stime > MOSIX_CPUTIME_MAX ||
	    run > MOSIX_CPUTIME_MAX)
		return -EPROTO;
	add_cpu(utime, stime, run);
	return 0;
}

/*
 * What current itself (this node's task) used: its samples and its run
 * time as the kernel keeps them.  Not task_cputime_adjusted(), which
 * scales the samples to the run time: ITIMER_PROF counts the samples,
 * and a process whose home added scaled ones saw its PROF clock leap
 * by what the scaling moved (half a second in ten on a busy host).
 */
void mosix_clock_used(u64 cpu[3])
{
	task_cputime(current, &cpu[0], &cpu[1]);
	cpu[2] = task_sched_runtime(current);
}

static void set_itimers(const struct mosix_wire_clocks *c)
{
	struct signal_struct *sig = current->signal;
	int i;

	spin_lock_irq(&current->sighand->siglock);
	for (i = 0; i < MOSIX_NR_ITIMERS; i++) {
		struct cpu_itimer *it = &sig->it[itimer_clock[i]];
		u64 expires = le64_to_cpu(c->itimer[i].expires);

		it->expires = expires;
		it->incr = le64_to_cpu(c->itimer[i].interval);
		/* An absolute expiry on the group's CPU clock: */
		if (expires)
			set_process_cpu_timer(current, itimer_clock[i],
					      &expires, NULL);
	}
	spin_unlock_irq(&current->sighand->siglock);
}

void mosix_clock_arm_rlimit(void)
{
	unsigned long cpu = task_rlimit(current, RLIMIT_CPU);

	if (cpu != RLIM_INFINITY)
		update_rlimit_cpu(current, cpu);
}

/* With the process's namespace entered: its end on this node's clock. */
static void restore_sleep(const struct mosix_wire_clocks *c)
{
	struct restart_block *r = &current->restart_block;
	clockid_t clock = le32_to_cpu(c->sleep_clock);
	u64 rmtp = le64_to_cpu(c->sleep_rmtp);

	if (!(le32_to_cpu(c->flags) & MOSIX_CLOCKS_SLEEP))
		return;
	r->nanosleep.clockid = clock;
	r->nanosleep.expires =
		timens_ktime_to_host(clock, le64_to_cpu(c->sleep_until_ns));
	r->nanosleep.type = rmtp ? TT_NATIVE : TT_NONE;
	r->nanosleep.rmtp = (struct __kernel_timespec __user *)rmtp;
	hrtimer_nanosleep_set_restart(r);
}

void mosix_clock_restore(const struct mosix_wire_clocks *c,
			 const struct mosix_clock_arrival *a, bool home)
{
	check_constants();
	if (!home) {
		enter_clocks(c, a);
		add_cpu(le64_to_cpu(c->cpu_user_ns), le64_to_cpu(c->cpu_sys_ns),
			le64_to_cpu(c->cpu_run_ns));
	}
	set_itimers(c);
	restore_sleep(c);
}

void mosix_clock_left(void)
{
	struct signal_struct *sig = current->signal;
	int i;

	spin_lock_irq(&current->sighand->siglock);
	for (i = 0; i < MOSIX_NR_ITIMERS; i++) {
		sig->it[itimer_clock[i]].expires = 0;
		sig->it[itimer_clock[i]].incr = 0;
	}
	spin_unlock_irq(&current->sighand->siglock);
}
