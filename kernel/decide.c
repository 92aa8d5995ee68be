// SPDX-License-Identifier: GPL-2.0
/*
 * Decision logic of the automatic load balancer.  Pure code, built in
 * the kernel and in userspace (unit tests, cluster simulator).
 *
 * A process is judged by its expected run time on a node, per mille of
 * its run time on an idle reference CPU at home ("cost"): its CPU share
 * is slowed by the node's load with it there (but never runs faster
 * than one CPU of the node), the rest of its time is unchanged, and
 * away from home every syscall it makes is a round trip home.
 *
 * A process moves for load when its cost there is lower by the
 * stability factor (and it shares a CPU here, or gets an idle one
 * there), or when the move evens the loads by that factor without
 * raising its cost.  Its cost never rises, and a move back would need
 * the same condition the other way round, which cannot hold as well:
 * while loads stay as they are, no move is undone (no ping-pong).
 * Documentation/balancer.md has the whole algorithm.
 */
#include <linux/mosix.h>
#include "cpuclass.h"
#include "messages.h"
#include "loadcalc.h"
#include "decide.h"

#define PERMILLE	1000
#define CPU_FULL	MOSIX_BAL_CPU_FULL
#define RATE_MAX	1000000U	/* syscalls per second, us per syscall */
#define XFER_MAX_MS	0x10000000000ULL	/* 2^40 ms: 35 years */
#define AGE_MAX		0xffffffffU

/* A candidate move and what it is worth. */
struct cand {
	const struct mosix_bal_proc *proc;
	const struct mosix_bal_node *node;
	u32 reason;
	int rank;		/* 0 none; higher ranks win */
	u64 benefit;		/* run time saved, ms */
	u64 cost;		/* transfer time, ms */
	u64 src;		/* run cost here */
	u64 dst;		/* run cost on the target */
	u32 rest;		/* load here without the process */
};

/* Ranks of load and home moves. */
#define RANK_HOME	1	/* a guest goes home; it does not pay off */
#define RANK_PAYS	2	/* the time saved exceeds the transfer time */

void mosix_bal_params_default(struct mosix_bal_params *p)
{
	memset(p, 0, sizeof(*p));
	p->stability = MOSIX_BAL_STABILITY;
	p->min_age_ms = MOSIX_BAL_MIN_AGE_MS;
	p->min_cpu = MOSIX_BAL_MIN_CPU;
	p->max_syscalls = MOSIX_BAL_MAX_SYSCALLS;
	p->syscall_us = MOSIX_BAL_SYSCALL_US;
	p->max_age_ms = MOSIX_BAL_MAX_AGE_MS;
	p->mem_low = MOSIX_BAL_MEM_LOW;
	p->bandwidth = MOSIX_BAL_BANDWIDTH;
}

static u32 cap_u32(u32 v, u32 max)
{
	return v > max ? max : v;
}

#define NS_PER_S	1000000000ULL

u32 mosix_bal_share(u64 busy_ns, u64 wall_ns)
{
	if (!wall_ns)
		return 0;
	if (busy_ns >= wall_ns)
		return CPU_FULL;
	/* busy_ns < wall_ns: scale down a huge wall rather than overflow. */
	while (wall_ns > (~0ULL >> 11)) {
		wall_ns >>= 1;
		busy_ns >>= 1;
	}
	return (u32)((busy_ns * CPU_FULL + wall_ns / 2) / wall_ns);
}

u32 mosix_bal_rate(u64 count, u64 wall_ns)
{
	u64 rate;

	if (!wall_ns)
		return 0;
	/* count * 10^9 overflows only above 1.8 * 10^10 */
	if (count > (~0ULL / NS_PER_S))
		return AGE_MAX;
	rate = count * NS_PER_S / wall_ns;
	return rate > AGE_MAX ? AGE_MAX : (u32)rate;
}

u32 mosix_bal_own_rate(u64 count, u64 wall_ns, u64 wait_ns)
{
	u64 own = wall_ns > wait_ns ? wall_ns - wait_ns : 0;

	return mosix_bal_rate(count, own > wall_ns / 10 ? own : wall_ns / 10);
}

u32 mosix_bal_contrib(u32 cpu, const struct mosix_bal_node *node)
{
	u32 runnable;

	cpu = cap_u32(cpu, CPU_FULL);
	runnable = (cpu * MOSIX_LOAD_SCALE + CPU_FULL / 2) / CPU_FULL;
	return mosix_load_normalise(runnable, node->speed, node->cpus);
}

/* Load of one process per CPU on @node: each has a CPU of its own. */
static u32 cpu_floor(const struct mosix_bal_node *node)
{
	return mosix_load_normalise(MOSIX_LOAD_SCALE, node->speed, 1);
}

/*
 * How many times slower than an idle reference CPU (per mille) a
 * process computes on @node when the node's load, with it, is @load:
 * the load, but never less than one CPU of the node gives.
 */
static u32 cpu_cost(u64 load, const struct mosix_bal_node *node)
{
	u32 floor = cpu_floor(node);

	if (load > MOSIX_LOAD_MAX)
		load = MOSIX_LOAD_MAX;
	return load > floor ? (u32)load : floor;
}

/* The CPU cost of @proc on @node if it moved there. */
static u32 cpu_cost_there(const struct mosix_bal_proc *proc,
			  const struct mosix_bal_node *node)
{
	return cpu_cost((u64)node->load + mosix_bal_contrib(proc->cpu, node),
			node);
}

/*
 * Expected run time of @proc per mille of its run time on an idle
 * reference CPU at home: its CPU share slowed @cpu times, the rest of
 * its time unchanged, plus the forwarded syscalls when @away.
 */
static u64 run_cost(const struct mosix_bal_proc *proc, u32 cpu, int away,
		    const struct mosix_bal_params *p)
{
	u64 f = cap_u32(proc->cpu, CPU_FULL);
	u64 t = (f * cpu + (CPU_FULL - f) * PERMILLE + CPU_FULL / 2) / CPU_FULL;

	if (away)
		t += (u64)cap_u32(proc->syscalls_per_s, RATE_MAX) *
		     cap_u32(p->syscall_us, RATE_MAX) / PERMILLE;
	return t;
}

/* Whether run cost @dst beats @src by the stability factor. */
static int stable_gain(u64 dst, u64 src, const struct mosix_bal_params *p)
{
	u64 st = p->stability < PERMILLE ? PERMILLE : p->stability;

	return dst * st < src * PERMILLE;
}

/* Free memory @node keeps for itself: below it, it is short. */
static u64 mem_reserve(const struct mosix_bal_node *node,
		       const struct mosix_bal_params *p)
{
	return node->mem_total / PERMILLE * cap_u32(p->mem_low, PERMILLE);
}

static int mem_short(const struct mosix_bal_node *node,
		     const struct mosix_bal_params *p)
{
	return node->mem_total && p->mem_low &&
	       node->mem_free < mem_reserve(node, p);
}

/* Whether @node can take @rss bytes and still not be short of memory. */
static int mem_fits(const struct mosix_bal_node *node, u64 rss,
		    const struct mosix_bal_params *p)
{
	return node->mem_free >= rss &&
	       node->mem_free - rss >= mem_reserve(node, p);
}

/* Time to transfer @rss bytes, ms. */
static u64 transfer_ms(u64 rss, const struct mosix_bal_params *p)
{
	u64 bw = p->bandwidth ? p->bandwidth : MOSIX_BAL_BANDWIDTH;
	u64 per_ms = bw / 1000 ? bw / 1000 : 1;
	u64 ms = rss / per_ms + (rss % per_ms ? 1 : 0);

	return ms > XFER_MAX_MS ? XFER_MAX_MS : ms;
}

/*
 * Run time saved, ms, when the run cost goes from @src to @dst: the age
 * of the process estimates the time it has still to run.
 */
static u64 gain_ms(const struct mosix_bal_proc *proc, u64 src, u64 dst)
{
	if (dst >= src)
		return 0;
	return (u64)proc->age_ms * (src - dst) / src;
}

/* Whether @node can be a target at all. */
static int node_usable(const struct mosix_bal_node *node,
		       const struct mosix_bal_node *self,
		       const struct mosix_bal_params *p)
{
	return node->id && node->id != self->id && node->up &&
	       (!p->max_age_ms || node->age_ms <= p->max_age_ms);
}

static int is_home(const struct mosix_bal_proc *proc,
		   const struct mosix_bal_node *node)
{
	return proc->guest && node->id == proc->home;
}

/* Whether @proc may leave this node automatically at all. */
static int may_leave(const struct mosix_bal_proc *proc,
		     const struct mosix_bal_node *self,
		     const struct mosix_bal_params *p)
{
	if (!proc->pid || proc->pinned)
		return 0;
	if (proc->guest)
		return proc->home && proc->home != self->id;
	return !p->lstay;
}

/* Whether @proc may be sent to a node other than its home for load. */
static int may_go_away(const struct mosix_bal_proc *proc,
		       const struct mosix_bal_params *p)
{
	return proc->age_ms >= p->min_age_ms && proc->cpu >= p->min_cpu &&
	       proc->syscalls_per_s <= p->max_syscalls;
}

/* Order of load and home moves: rank, profit, lowest pid, lowest id. */
static int better(const struct cand *a, const struct cand *b)
{
	u64 pa = a->benefit + b->cost, pb = b->benefit + a->cost;

	if (!b->rank || a->rank != b->rank)
		return a->rank > b->rank;
	if (pa != pb)
		return pa > pb;
	if (a->proc->pid != b->proc->pid)
		return a->proc->pid < b->proc->pid;
	return a->node->id < b->node->id;
}

/* Order of memory moves: largest rss, lowest cost there, pid, id. */
static int better_mem(const struct cand *a, const struct cand *b)
{
	if (!b->rank)
		return 1;
	if (a->proc->rss != b->proc->rss)
		return a->proc->rss > b->proc->rss;
	if (a->dst != b->dst)
		return a->dst < b->dst;
	if (a->proc->pid != b->proc->pid)
		return a->proc->pid < b->proc->pid;
	return a->node->id < b->node->id;
}

/* A process as it runs here. */
struct here {
	const struct mosix_bal_proc *proc;
	u64 src;		/* its run cost */
	u32 cpu;		/* its CPU cost */
	u32 load;		/* this node's load */
	u32 rest;		/* this node's load without it */
	int crowded;		/* more runnable processes here than CPUs */
};

/*
 * Whether a move evens the loads: the target, whose load would be
 * @after with the process, stays less loaded than the source without
 * it (@rest), by the stability factor.
 */
static int evens_load(u64 after, u32 rest, const struct mosix_bal_params *p)
{
	u64 st = p->stability < PERMILLE ? PERMILLE : p->stability;

	return after * st < (u64)rest * PERMILLE;
}

/*
 * Fill @c with the move of the process of @h to @node for load, or
 * home.  Leaves c->rank 0 if it is not allowed.  The cheap tests come
 * first: this runs for every process and node.
 *
 * For load, either the process runs faster there by the stability
 * factor, and it shares a CPU here or gets an idle CPU there (a process
 * with a CPU of its own does not crowd a faster node); or the move
 * evens the loads by that factor and the process runs no slower there.
 */
/* @node takes guests, and its CPU and vDSO can run @proc (not home). */
static bool takes(const struct mosix_bal_node *node,
		  const struct mosix_bal_proc *proc)
{
	return node->accepts && mosix_cpu_fits(node->cpu_features, node->vdso,
					       proc->cpu_needs, proc->vdso);
}

static void judge(struct cand *c, const struct here *h,
		  const struct mosix_bal_node *node,
		  const struct mosix_bal_params *p)
{
	const struct mosix_bal_proc *proc = h->proc;
	int home = is_home(proc, node), faster, evens;
	u64 after, even_ms;
	u32 cpu;

	c->rank = 0;
	if (!home && (!takes(node, proc) || !may_go_away(proc, p)))
		return;
	if (!mem_fits(node, proc->rss, p))
		return;
	after = (u64)node->load + mosix_bal_contrib(proc->cpu, node);
	cpu = cpu_cost(after, node);
	c->proc = proc;
	c->node = node;
	c->src = h->src;
	c->rest = h->rest;
	c->dst = run_cost(proc, cpu, !home, p);
	c->benefit = gain_ms(proc, c->src, c->dst);
	faster = stable_gain(c->dst, c->src, p);
	if (home) {
		/* Home is as good as here, or better by the margin. */
		if (!faster && (c->dst > c->src || cpu > h->cpu))
			return;
		c->reason = MOSIX_BAL_HOME;
	} else {
		faster = faster && (h->crowded || after <= cpu_floor(node));
		evens = c->dst <= c->src && evens_load(after, h->rest, p);
		if (!faster && !evens)
			return;
		if (!faster)
			c->benefit = 0;
		if (evens) {	/* the share of the load here that leaves */
			even_ms = (u64)proc->age_ms * (h->load - h->rest) /
				  h->load;
			if (even_ms > c->benefit)
				c->benefit = even_ms;
		}
		c->reason = MOSIX_BAL_LOAD;
	}
	c->cost = transfer_ms(proc->rss, p);
	if (c->benefit > c->cost)
		c->rank = RANK_PAYS;
	else if (home)
		c->rank = RANK_HOME;
}

/* Fill @c with the move of the process of @h to @node to free memory. */
static void judge_mem(struct cand *c, const struct here *h,
		      const struct mosix_bal_node *node,
		      const struct mosix_bal_params *p)
{
	const struct mosix_bal_proc *proc = h->proc;
	int home = is_home(proc, node);

	c->rank = 0;
	if (!proc->rss || !mem_fits(node, proc->rss, p) ||
	    (!home && !takes(node, proc)))
		return;
	c->proc = proc;
	c->node = node;
	c->src = h->src;
	c->rest = h->rest;
	c->dst = run_cost(proc, cpu_cost_there(proc, node), !home, p);
	c->reason = MOSIX_BAL_MEMORY;
	c->rank = 1;
}

static void choose(struct cand *best, int memory,
		   const struct mosix_bal_node *self,
		   const struct mosix_bal_node *nodes, int n,
		   const struct mosix_bal_proc *procs, int np,
		   const struct mosix_bal_params *p)
{
	struct here h = {
		.cpu = cpu_cost(self->load, self),
		.crowded = self->load > cpu_floor(self),
	};
	struct cand c;
	u32 contrib;
	int i, j;

	for (i = 0; i < np; i++) {
		h.proc = &procs[i];
		if (!may_leave(h.proc, self, p))
			continue;
		/* for load or home: old enough; a local one must go away */
		if (!memory && (h.proc->age_ms < p->min_age_ms ||
				(!h.proc->guest && !may_go_away(h.proc, p))))
			continue;
		h.src = run_cost(h.proc, h.cpu, h.proc->guest, p);
		contrib = mosix_bal_contrib(h.proc->cpu, self);
		h.load = self->load;
		h.rest = self->load - cap_u32(contrib, self->load);
		for (j = 0; j < n; j++) {
			if (!node_usable(&nodes[j], self, p))
				continue;
			if (memory)
				judge_mem(&c, &h, &nodes[j], p);
			else
				judge(&c, &h, &nodes[j], p);
			if (c.rank && (memory ? better_mem(&c, best) :
					      better(&c, best)))
				*best = c;
		}
	}
}

static u32 clamp_cost(u64 cost)
{
	return cost > AGE_MAX ? AGE_MAX : (u32)cost;
}

int mosix_balance_choose(const struct mosix_bal_node *self,
			 const struct mosix_bal_node *nodes, int n,
			 const struct mosix_bal_proc *procs, int np,
			 const struct mosix_bal_params *p,
			 struct mosix_bal_choice *out)
{
	struct cand best = { .rank = 0 };

	if (!out)
		return 0;
	memset(out, 0, sizeof(*out));
	if (!self || !nodes || !procs || !p || n <= 0 || np <= 0 || p->stay)
		return 0;
	if (mem_short(self, p))
		choose(&best, 1, self, nodes, n, procs, np, p);
	if (!best.rank)
		choose(&best, 0, self, nodes, n, procs, np, p);
	if (!best.rank)
		return 0;
	out->pid = best.proc->pid;
	out->target = is_home(best.proc, best.node) ? 0 : best.node->id;
	out->reason = best.reason;
	out->src_cost = clamp_cost(best.src);
	out->dst_cost = clamp_cost(best.dst);
	out->src_rest = best.rest;
	return 1;
}

u32 mosix_balance_admit_cost(const struct mosix_bal_node *self,
			     const struct mosix_bal_proc *proc,
			     const struct mosix_bal_params *p)
{
	u64 after;

	if (!self || !proc || !p)
		return 0;
	after = (u64)self->load + mosix_bal_contrib(proc->cpu, self);
	return clamp_cost(run_cost(proc, cpu_cost(after, self), 1, p));
}

int mosix_balance_admit(const struct mosix_bal_node *self,
			const struct mosix_bal_proc *proc,
			const struct mosix_bal_choice *c,
			const struct mosix_bal_params *p)
{
	u64 after, dst;

	if (!self || !proc || !c || !p)
		return 0;
	if (proc->home == self->id)
		return 1;	/* home always takes its own back */
	if (!self->accepts || !mem_fits(self, proc->rss, p))
		return 0;
	if (c->reason == MOSIX_BAL_MEMORY)
		return 1;
	if (c->reason != MOSIX_BAL_LOAD)
		return 0;
	after = (u64)self->load + mosix_bal_contrib(proc->cpu, self);
	dst = mosix_balance_admit_cost(self, proc, p);
	return stable_gain(dst, c->src_cost, p) ||
	       (dst <= c->src_cost && evens_load(after, c->src_rest, p));
}

static void add_load(struct mosix_bal_node *node, u32 cpu)
{
	u64 load = (u64)node->load + mosix_bal_contrib(cpu, node);

	node->load = load > MOSIX_LOAD_MAX ? MOSIX_LOAD_MAX : (u32)load;
}

static int find_pid(const struct mosix_bal_proc *procs, int np, u32 pid)
{
	int i;

	for (i = 0; pid && i < np; i++)
		if (procs[i].pid == pid)
			return i;
	return -1;
}

int mosix_balance_account(struct mosix_bal_node *self,
			  struct mosix_bal_node *nodes, int n,
			  struct mosix_bal_proc *procs, int np,
			  const struct mosix_bal_choice *c)
{
	struct mosix_bal_proc proc;
	u32 target, sub;
	int i;

	if (!self || !procs || !c || np <= 0)
		return np < 0 ? 0 : np;
	i = find_pid(procs, np, c->pid);
	if (i < 0)
		return np;
	proc = procs[i];
	procs[i] = procs[np - 1];
	target = c->target ? c->target : proc.home;

	sub = mosix_bal_contrib(proc.cpu, self);
	self->load -= cap_u32(sub, self->load);
	self->mem_free += proc.rss;
	if (self->mem_free < proc.rss)
		self->mem_free = ~0ULL;
	if (self->mem_total && self->mem_free > self->mem_total)
		self->mem_free = self->mem_total;
	for (i = 0; nodes && i < n; i++) {
		if (nodes[i].id != target || target == self->id)
			continue;
		add_load(&nodes[i], proc.cpu);
		nodes[i].mem_free -= nodes[i].mem_free < proc.rss ?
				     nodes[i].mem_free : proc.rss;
	}
	return np - 1;
}

/* Uniform in [0, m), m > 0 (Lemire's multiply and reject). */
static u32 below(u32 (*rnd)(void *ctx), void *ctx, u32 m)
{
	u32 thresh = (0U - m) % m;
	int tries = 0;
	u64 prod;

	do {
		prod = (u64)rnd(ctx) * m;
	} while ((u32)prod < thresh && ++tries < 64);
	return (u32)(prod >> 32);
}

static int contains(const u32 *v, u32 n, u32 x)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/*
 * @k distinct numbers in [0, @n) into @out, each set of @k equally
 * likely (Floyd's algorithm), from the random numbers @rnd returns;
 * all of them when @k >= @n.  Returns how many.
 */
u32 mosix_gossip_pick(u32 n, u32 k, u32 (*rnd)(void *ctx), void *ctx,
		      u32 *out)
{
	u32 i, t, got = 0;

	if (!out)
		return 0;
	if (k >= n) {
		for (i = 0; i < n; i++)
			out[i] = i;
		return n;
	}
	if (!rnd)
		return 0;
	for (i = n - k; i < n; i++) {
		t = below(rnd, ctx, i + 1);
		out[got] = contains(out, got, t) ? i : t;
		got++;
	}
	return got;
}

static int younger(const struct mosix_bal_node *a,
		   const struct mosix_bal_node *b)
{
	if (a->age_ms != b->age_ms)
		return a->age_ms < b->age_ms;
	return a->id < b->id;
}

/*
 * The window: the @w youngest entries of @v (ties: lowest id), not
 * older than @max_age_ms (0: any age), youngest first, into @out.
 * Returns how many.
 */
int mosix_gossip_window(const struct mosix_bal_node *v, int n, u32 max_age_ms,
			struct mosix_bal_node *out, int w)
{
	int i, j, got = 0;

	if (!v || !out)
		return 0;
	for (i = 0; i < n && w > 0; i++) {
		if (!v[i].id || (max_age_ms && v[i].age_ms > max_age_ms))
			continue;
		if (got == w && !younger(&v[i], &out[w - 1]))
			continue;
		j = got < w ? got++ : w - 1;
		for (; j > 0 && younger(&v[i], &out[j - 1]); j--)
			out[j] = out[j - 1];
		out[j] = v[i];
	}
	return got;
}

static int find_id(const struct mosix_bal_node *v, int n, u32 id)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return i;
	return -1;
}

static int oldest(const struct mosix_bal_node *v, int n)
{
	int i, old = 0;

	for (i = 1; i < n; i++)
		if (v[i].age_ms >= v[old].age_ms && younger(&v[old], &v[i]))
			old = i;
	return old;
}

/*
 * Merge the @nin entries received in @in into vector @v of @n entries
 * (room for @cap): younger information about a node replaces older; a
 * new node takes a free place, or the place of the oldest entry if it
 * is younger.  Entries about @self_id are ignored.  Returns the new @n.
 */
int mosix_gossip_merge(struct mosix_bal_node *v, int n, int cap,
		       const struct mosix_bal_node *in, int nin, u32 self_id)
{
	const struct mosix_bal_node *e;
	int i, j, old = -1;

	if (!v || !in || n < 0)
		return n < 0 ? 0 : n;
	for (i = 0; i < nin; i++) {
		e = &in[i];
		if (!e->id || e->id == self_id)
			continue;
		j = find_id(v, n, e->id);
		if (j >= 0) {
			if (e->age_ms < v[j].age_ms)
				v[j] = *e;
			if (j == old)
				old = -1;
			continue;
		}
		if (n < cap) {
			v[n++] = *e;
			continue;
		}
		if (old < 0 && n > 0)
			old = oldest(v, n);
		if (old >= 0 && younger(e, &v[old])) {
			v[old] = *e;
			old = -1;
		}
	}
	return n;
}

/*
 * Age the @n entries of @v by @ms and drop those older than @max_age_ms
 * (0: none), keeping the order.  Returns the new @n.
 */
int mosix_gossip_tick(struct mosix_bal_node *v, int n, u32 ms, u32 max_age_ms)
{
	int i, kept = 0;
	u32 age;

	for (i = 0; v && i < n; i++) {
		age = v[i].age_ms > AGE_MAX - ms ? AGE_MAX : v[i].age_ms + ms;
		if (max_age_ms && age > max_age_ms)
			continue;
		v[kept] = v[i];
		v[kept].age_ms = age;
		kept++;
	}
	return kept;
}
