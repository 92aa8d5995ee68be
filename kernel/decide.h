/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decision logic of the automatic load balancer: which process to move
 * where, whether to admit a process another node sends, and what load
 * information to gossip to whom.  Pure code: no kernel-only types, no
 * allocation, no locks, no clock and no random source (the caller
 * supplies them).  It is unit-tested (tests/unit/decide_test.c) and
 * drives the cluster simulator (tests/sim/).  Documentation/balancer.md
 * describes the algorithm and its tunables.
 */
#ifndef _MOSIX_DECIDE_H
#define _MOSIX_DECIDE_H

#include "portable.h"

/* CPU share of a process that is runnable all the time. */
#define MOSIX_BAL_CPU_FULL	1024

/**
 * struct mosix_bal_node - what this node knows of a node (itself included)
 * @id: node id, 1..%MOSIX_NODE_ID_MAX; an entry with id 0 is ignored
 * @load: decayed load normalised by speed and CPUs (as loadcalc.c
 *	computes it), %MOSIX_LOAD_SCALE units
 * @speed: CPU speed, %MOSIX_SPEED_STD for the reference CPU (0: reference)
 * @cpus: online CPUs (0: one)
 * @mem_free: free memory, bytes
 * @mem_total: total memory, bytes (0: unknown, never short of memory)
 * @age_ms: age of this information (0 for this node's own entry)
 * @up: the node is up
 * @accepts: the node accepts guests (it is not blocked)
 */
struct mosix_bal_node {
	u32 id;
	u32 load;
	u32 speed;
	u32 cpus;
	u64 mem_free;
	u64 mem_total;
	u32 age_ms;
	u8 up;
	u8 accepts;
	u64 cpu_features;	/* MOSIX_CPU_* bits */
	u32 vdso;		/* its vDSO build, 0: not known yet */
};

/**
 * struct mosix_bal_proc - a process running on this node
 * @pid: its pid here (0: the entry is ignored)
 * @cpu: share of time it is runnable (running or waiting for a CPU),
 *	0..%MOSIX_BAL_CPU_FULL: e.g. the task's PELT runnable_avg
 * @age_ms: time since it started here, or since it arrived for a guest;
 *	also the estimate of the time it has still to run
 * @syscalls_per_s: rate of its syscalls (forwarded home for a guest)
 * @rss: resident memory, bytes: what a migration transfers
 * @home: home node id (this node's id for a local process)
 * @guest: it is a guest here; it can go home or move on
 * @pinned: it never moves automatically (or cannot migrate at all)
 * @cpu_needs: the MOSIX_CPU_* features a node must have to run it, and
 * @vdso: the vDSO build it must have (those of its home: cpuclass.h)
 */
struct mosix_bal_proc {
	u32 pid;
	u32 cpu;
	u32 age_ms;
	u32 syscalls_per_s;
	u64 rss;
	u32 home;
	u8 guest;
	u8 pinned;
	u64 cpu_needs;
	u32 vdso;
};

/**
 * struct mosix_bal_params - tunables (mosix_bal_params_default() sets them)
 * @stability: per mille, at least 1000: a process moves for load only if
 *	it runs faster there by this factor (1300: 30 % faster), or if the
 *	target, with it, stays less loaded by this factor than this node
 *	without it (and it runs no slower there)
 * @min_age_ms: younger processes do not move for load (they may end soon)
 * @min_cpu: below this CPU share a process is not CPU-bound: it does not
 *	move for load (it may still go home)
 * @max_syscalls: above this many syscalls per second a process talks to
 *	home too much: it is not sent away (a guest may go home)
 * @syscall_us: cost of one forwarded syscall (a round trip), microseconds
 * @max_age_ms: load information older than this is not used
 * @mem_low: per mille of free memory below which this node is short of
 *	memory (memory ushering); a target must stay above it after
 *	receiving a process.  0 disables ushering.
 * @bandwidth: bytes per second of a migration, for the transfer cost
 *	(0: %MOSIX_BAL_BANDWIDTH)
 * @lstay: local processes stay; guests may still move on or go home
 * @stay: nothing leaves this node automatically
 */
struct mosix_bal_params {
	u32 stability;
	u32 min_age_ms;
	u32 min_cpu;
	u32 max_syscalls;
	u32 syscall_us;
	u32 max_age_ms;
	u32 mem_low;
	u64 bandwidth;
	u8 lstay;
	u8 stay;
};

#define MOSIX_BAL_STABILITY	1300
#define MOSIX_BAL_MIN_AGE_MS	1000
#define MOSIX_BAL_MIN_CPU	256
#define MOSIX_BAL_MAX_SYSCALLS	2000
#define MOSIX_BAL_SYSCALL_US	100
#define MOSIX_BAL_MAX_AGE_MS	8000
#define MOSIX_BAL_MEM_LOW	100
#define MOSIX_BAL_BANDWIDTH	(100ULL << 20)

/**
 * enum mosix_bal_reason - why a process moves
 * @MOSIX_BAL_NONE: it does not
 * @MOSIX_BAL_LOAD: it runs faster on the target, or the loads even out
 * @MOSIX_BAL_MEMORY: this node is short of memory
 * @MOSIX_BAL_HOME: a guest goes home, which runs it at least as well
 */
enum mosix_bal_reason {
	MOSIX_BAL_NONE,
	MOSIX_BAL_LOAD,
	MOSIX_BAL_MEMORY,
	MOSIX_BAL_HOME,
};

/**
 * struct mosix_bal_choice - a move
 * @pid: the process (&mosix_bal_proc.pid)
 * @target: node id, or 0 for the guest's home
 * @reason: &enum mosix_bal_reason
 * @src_cost: its expected run time here, per mille of its run time on an
 *	idle reference CPU; sent with the process for mosix_balance_admit()
 * @dst_cost: the same on the target, as this node believes it
 * @src_rest: this node's load without the process; sent with it too
 */
struct mosix_bal_choice {
	u32 pid;
	u32 target;
	u32 reason;
	u32 src_cost;
	u32 dst_cost;
	u32 src_rest;
};

void mosix_bal_params_default(struct mosix_bal_params *p);

/*
 * A process's CPU share, 0..%MOSIX_BAL_CPU_FULL, from @busy_ns of @wall_ns
 * spent running or waiting for a CPU (0 when @wall_ns is 0).
 */
u32 mosix_bal_share(u64 busy_ns, u64 wall_ns);
/* A rate per second, saturating at U32_MAX, of @count in @wall_ns. */
u32 mosix_bal_rate(u64 count, u64 wall_ns);
/*
 * The rate of @count in @wall_ns of which the process spent @wait_ns
 * waiting (for a CPU, for its calls home): per second of its own time,
 * which is taken as at least a tenth of @wall_ns.
 */
u32 mosix_bal_own_rate(u64 count, u64 wall_ns, u64 wait_ns);

/* Load (%MOSIX_LOAD_SCALE units) that CPU share @cpu adds to @node. */
u32 mosix_bal_contrib(u32 cpu, const struct mosix_bal_node *node);

/*
 * The best move of one of @procs (running on @self) to one of @nodes
 * (entries for @self are skipped): 1 and *@out set, or 0 and *@out
 * cleared when no move is worth it.
 */
int mosix_balance_choose(const struct mosix_bal_node *self,
			 const struct mosix_bal_node *nodes, int n,
			 const struct mosix_bal_proc *procs, int np,
			 const struct mosix_bal_params *p,
			 struct mosix_bal_choice *out);

/*
 * On the target: the run cost (as in &struct mosix_bal_choice) that
 * process @proc would have here, with its forwarded calls, as
 * mosix_balance_admit() weighs it.
 */
u32 mosix_balance_admit_cost(const struct mosix_bal_node *self,
			     const struct mosix_bal_proc *proc,
			     const struct mosix_bal_params *p);

/*
 * On the target: whether to take process @proc that a node sends for
 * the reason and at the cost in @c.  1 yes, 0 no.
 */
int mosix_balance_admit(const struct mosix_bal_node *self,
			const struct mosix_bal_proc *proc,
			const struct mosix_bal_choice *c,
			const struct mosix_bal_params *p);

/*
 * After move @c: update this node's view (its own load and memory, the
 * target's) and drop the process from @procs.  Returns the new count.
 */
int mosix_balance_account(struct mosix_bal_node *self,
			  struct mosix_bal_node *nodes, int n,
			  struct mosix_bal_proc *procs, int np,
			  const struct mosix_bal_choice *c);

/*
 * Gossip.  A node keeps a vector of what it knows of other nodes; every
 * interval it ages it (tick), sends its own entry and the youngest
 * others (a window) to a few peers picked at random, and merges what it
 * receives (younger information wins).
 */

/* @k distinct peers out of [0, @n), uniformly, into @out; how many. */
u32 mosix_gossip_pick(u32 n, u32 k, u32 (*rnd)(void *ctx), void *ctx,
		      u32 *out);
/* The @w youngest entries of @v, not older than @max_age_ms; how many. */
int mosix_gossip_window(const struct mosix_bal_node *v, int n, u32 max_age_ms,
			struct mosix_bal_node *out, int w);
/* Merge @in into @v (room for @cap); returns the new count. */
int mosix_gossip_merge(struct mosix_bal_node *v, int n, int cap,
		       const struct mosix_bal_node *in, int nin, u32 self_id);
/* Age @v by @ms, dropping entries older than @max_age_ms; new count. */
int mosix_gossip_tick(struct mosix_bal_node *v, int n, u32 ms,
		      u32 max_age_ms);

#endif /* _MOSIX_DECIDE_H */
