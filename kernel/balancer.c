// SPDX-License-Identifier: GPL-2.0
/*
 * The load balancer: a kernel thread that, every interval, gathers what
 * this node knows of the cluster (the node table) and of its own busy
 * processes, asks balance.c for the most profitable move, and makes it:
 * a local process migrates, a guest is sent home (home decides where it
 * goes next).  It makes up to MOVES_MAX moves per interval: after each,
 * mosix_balance_account() moves the process's load and memory in its
 * view.
 * A process's CPU demand is the smaller of its PELT runnable share (what
 * it wanted over the last tenth of a second) and its share of time
 * running or waiting for a CPU since the balancer last looked at it (at
 * least HISTORY_MIN_MS ago; over its life when it is new to this
 * table): busy now and over the last second.  A process that was
 * runnable for a moment (a shell between two commands) is no candidate.
 * A local process's syscall rate, the calls it would forward from away,
 * is that of its reads and writes over the same time.
 * This node's own load is the larger of its decayed load and the
 * demand of its processes old enough to move, but never
 * more than the runnable count now (user threads, as in all of the
 * load: mosix_runnable_user()): so jobs that started together count
 * as soon as they may move, not seconds later when the decayed load has
 * caught up, and a process that left stops counting at once.  A moment's
 * crowd of young processes counts only as far as the decayed load
 * reaches, which is why a migrating process takes its share out of it
 * when it leaves (mosix_self_left()).  The deputies' share is left
 * out: moving processes away cannot relieve it.
 * Other nodes' loads are decayed and gossiped: one that just received a
 * process still looks idle for a while, so for TARGET_HOLD_MS after a
 * move this node sends nothing more to the same target (instead of
 * holding off all balancing after any move).  When this node
 * is short of memory, the candidates are the processes with the most
 * resident memory instead of the busiest (memory ushering).  The next
 * round comes after an interval, or sooner when a busy process turns
 * old enough to move then.
 */
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mosix.h>
#include <linux/sched/cputime.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include "balance.h"
#include "balancer.h"
#include "deputy.h"
#include "guest.h"
#include "info.h"
#include "loadcalc.h"
#include "messages.h"
#include "node.h"
#include "policy.h"
#include "self.h"
#include "state.h"
#include "task.h"

/* Busy processes looked at each time, the busiest first. */
#define CANDIDATES	16
/* Most moves (tried) per interval. */
#define MOVES_MAX	4
/* After a move to a node, how long it gets no other from this node. */
#define TARGET_HOLD_MS	3000
#define RECENT_TARGETS	16
/* The shortest sleep: a stream of young processes wakes it no more. */
#define WAKE_MIN_MS	100
/* The shortest time over which a candidate's demand is measured. */
#define HISTORY_MIN_MS	500

static bool param_enabled = true;
module_param_named(balancer, param_enabled, bool, 0444);
MODULE_PARM_DESC(balancer, "start with the automatic load balancer on (default) or off");

static bool param_log;
module_param_named(balancer_log, param_log, bool, 0644);
MODULE_PARM_DESC(balancer_log, "log each move of the balancer with the figures it chose by (default off)");

static struct task_struct *balancer;
static DEFINE_SPINLOCK(tunables_lock);
static struct mosix_balancer_tunables tunables = {
	.enabled = true,
	.interval_ms = 1000,
	.stability = MOSIX_BAL_STABILITY,
	.mem_low = MOSIX_BAL_MEM_LOW,
};

/*
 * What the candidates had used when the balancer last measured them;
 * only the balancer thread uses it.  A pid with another start time is
 * another process.
 */
struct sample {
	pid_t pid;
	u64 start;	/* start_time */
	u64 at;		/* ns */
	u64 busy;	/* ns running or waiting for a CPU */
	u64 delay;	/* ns waiting for a CPU */
	u64 calls;	/* read and write syscalls, or calls forwarded */
};

struct candidate {
	struct task_struct *task;
	struct mosix_task *mt;	/* for a guest */
	bool deputy;		/* serves a guest elsewhere */
};

struct round {
	struct mosix_bal_node self;
	struct mosix_bal_node nodes[MOSIX_NODES_MAX];
	int n;
	struct mosix_bal_proc procs[CANDIDATES];
	struct candidate cand[CANDIDATES];
	int np;
	struct sample next[CANDIDATES];	/* the history for the next round */
	u32 decayed, demand, now;	/* what self.load was made of */
	char names[96];		/* with the log on: who was runnable */
};

static struct round *round;
static struct sample history[CANDIDATES];

/* The targets of the last moves; only the balancer thread uses them. */
static struct {
	u32 id;
	unsigned long until;	/* jiffies */
} recent[RECENT_TARGETS];
static unsigned int recent_next;

void mosix_balancer_get(struct mosix_balancer_tunables *t)
{
	spin_lock(&tunables_lock);
	*t = tunables;
	spin_unlock(&tunables_lock);
}

void mosix_balancer_set(const bool *enabled, const u32 *interval_ms,
			const u32 *stability, const u32 *mem_low)
{
	spin_lock(&tunables_lock);
	if (enabled)
		tunables.enabled = *enabled;
	if (interval_ms)
		tunables.interval_ms = *interval_ms;
	if (stability)
		tunables.stability = *stability;
	if (mem_low)
		tunables.mem_low = *mem_low;
	spin_unlock(&tunables_lock);
	if (balancer)
		wake_up_process(balancer);
}

static void to_bal_node(const struct mosix_node_view *v,
			struct mosix_bal_node *b)
{
	memset(b, 0, sizeof(*b));
	b->id = v->id;
	b->load = v->info.load;
	b->speed = v->info.speed;
	b->cpus = v->info.cpus;
	b->mem_free = v->info.mem_free;
	b->mem_total = v->info.mem_total;
	b->age_ms = v->age_ms;
	b->up = v->state == MOSIX_NODE_UP || v->state == MOSIX_NODE_SELF;
	b->accepts = !(v->info.flags & MOSIX_LOAD_BLOCKED);
}

static void gather_nodes(struct round *r)
{
	struct mosix_node_view view;
	unsigned long i;

	mosix_self_view(&view);
	to_bal_node(&view, &r->self);
	r->self.accepts = !(mosix_policy() & MOSIX_POLICY_BLOCK);
	r->n = 0;
	for (i = 0; r->n < MOSIX_NODES_MAX && !mosix_node_view_at(i, &view); i++)
		if (view.heard)
			to_bal_node(&view, &r->nodes[r->n++]);
}

/* Resident pages of @p; task_lock keeps its mm from going away. */
static unsigned long rss_pages(struct task_struct *p)
{
	unsigned long pages = 0;

	task_lock(p);
	if (p->mm)
		pages = get_mm_rss(p->mm);
	task_unlock(p);
	return pages;
}

/*
 * Keep the CANDIDATES user processes with the highest key, under RCU:
 * the busiest, or, when this node is short of memory, the largest.
 */
static void pick_candidates(struct round *r, u32 min_cpu, bool by_rss)
{
	unsigned long key[CANDIDATES], k;
	struct task_struct *p;
	int i, j;

	r->np = 0;
	rcu_read_lock();
	for_each_process(p) {
		u32 c = READ_ONCE(p->se.avg.runnable_avg);

		if ((!by_rss && c < min_cpu) ||
		    (p->flags & (PF_KTHREAD | PF_EXITING)) ||
		    !p->mm || is_global_init(p))
			continue;
		k = by_rss ? rss_pages(p) : c;
		for (i = r->np; i > 0 && key[i - 1] < k; i--)
			;
		if (i == CANDIDATES)
			continue;
		if (r->np == CANDIDATES)
			put_task_struct(r->cand[--r->np].task);
		for (j = r->np; j > i; j--) {
			key[j] = key[j - 1];
			r->cand[j] = r->cand[j - 1];
		}
		key[i] = k;
		r->cand[i].task = get_task_struct(p);
		r->cand[i].mt = NULL;
		r->cand[i].deputy = false;
		r->np++;
	}
	rcu_read_unlock();
}

/* Less free memory than @mem_low per mille of it (0: never short). */
static bool short_of_memory(const struct mosix_bal_node *self, u32 mem_low)
{
	return mem_low && self->mem_total &&
	       self->mem_free < div_u64(self->mem_total * mem_low, 1000);
}

static u64 rss_of(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	u64 rss = 0;

	if (mm) {
		rss = (u64)get_mm_rss(mm) << PAGE_SHIFT;
		mmput(mm);
	}
	return rss;
}

/*
 * Read and write syscalls @t made (all forwarded if it were away), when
 * the kernel counts them (CONFIG_TASK_XACCT, as distributions' kernels
 * do); else 0, and a local process's calls are unknown.
 */
static u64 io_calls(struct task_struct *t)
{
#ifdef CONFIG_TASK_XACCT
	return READ_ONCE(t->ioac.syscr) + READ_ONCE(t->ioac.syscw);
#else
	return 0;
#endif
}

/*
 * The CPU demand and syscall rate of candidate @i since its sample in
 * @old (when at least HISTORY_MIN_MS old, else over its life), and its
 * sample for the next round in @next: a new one, or the old one kept
 * while it is too recent.  The demand is at most its PELT share.  The
 * calls of a local process are its reads and writes, those of @guest
 * the calls it forwarded, each of which took about @call_us.
 */
static void measure(struct round *r, int i, struct mosix_task *guest,
		    u32 call_us, const struct sample *old,
		    struct sample *next, u64 now)
{
	struct task_struct *t = r->cand[i].task;
	struct mosix_bal_proc *b = &r->procs[i];
	struct sample s = {
		.pid = t->pid, .start = t->start_time, .at = now,
		.delay = READ_ONCE(t->sched_info.run_delay),
		.calls = guest ? READ_ONCE(guest->forwarded) : io_calls(t),
	};
	struct sample life = { .at = s.start };
	const struct sample *since = NULL;
	u64 wall, calls, wait;
	u32 pelt;
	int k;

	s.busy = task_sched_runtime(t) + s.delay;
	for (k = 0; k < CANDIDATES; k++)
		if (old[k].at && old[k].pid == s.pid && old[k].start == s.start)
			since = &old[k];
	*next = s;
	if (since && now - since->at < HISTORY_MIN_MS * NSEC_PER_MSEC) {
		*next = *since;
		since = NULL;
	}
	if (!since || since->busy > s.busy || since->delay > s.delay ||
	    since->calls > s.calls)
		since = &life;
	wall = now - since->at;
	pelt = min_t(u32, READ_ONCE(t->se.avg.runnable_avg),
		     MOSIX_BAL_CPU_FULL);
	b->cpu = min(pelt, mosix_bal_share(s.busy - since->busy, wall));
	/* Its rate with a CPU of its own, at home: without those waits. */
	calls = s.calls - since->calls;
	wait = s.delay - since->delay;
	if (guest)
		wait += min_t(u64, calls, SZ_1M) * call_us * NSEC_PER_USEC;
	b->syscalls_per_s = mosix_bal_own_rate(calls, wall, wait);
}

/* The rest of what balance.c needs, outside RCU: these may sleep. */
static void describe(struct round *r, u32 call_us)
{
	u64 now = ktime_get_ns();
	int i;

	for (i = 0; i < r->np; i++) {
		struct task_struct *t = r->cand[i].task;
		struct mosix_bal_proc *b = &r->procs[i];
		struct mosix_task *mt = mosix_task_get(t);
		bool guest = mt && mt->role == MOSIX_ROLE_GUEST;

		measure(r, i, guest ? mt : NULL, call_us, history,
			&r->next[i], now);
		b->pid = task_tgid_nr(t);
		b->age_ms = div_u64(now - t->start_time, NSEC_PER_MSEC);
		b->rss = rss_of(t);
		b->home = r->self.id;
		if (guest) {
			b->guest = 1;
			b->home = mt->home_node;
			/* Pinned at home: stays on this node (expel still works). */
			b->pinned = test_bit(MOSIX_GUEST_PINNED, &mt->flags);
			r->cand[i].mt = mt;
			continue;
		}
		/* A deputy's own CPU use is its guest's forwarded calls. */
		b->guest = 0;
		r->cand[i].deputy = mt && mt->role == MOSIX_ROLE_DEPUTY;
		b->pinned = (mt && mt->role == MOSIX_ROLE_DEPUTY) ||
			    mosix_policy_pinned(t) ||
			    !!mosix_state_unmovable(t);
		mosix_task_put(mt);
	}
	memcpy(history, r->next, sizeof(history));
	memset(r->next, 0, sizeof(r->next));
}

static void release(struct round *r)
{
	int i;

	for (i = 0; i < r->np; i++) {
		mosix_task_put(r->cand[i].mt);
		put_task_struct(r->cand[i].task);
	}
	r->np = 0;
}

static int find_candidate(const struct round *r, u32 pid)
{
	int i;

	for (i = 0; i < r->np; i++)
		if (r->procs[i].pid == pid)
			return i;
	return -1;
}

/* A load, per mille of a reference CPU, as "1.250". */
struct load_str {
	char s[16];
};

static const char *load_str(struct load_str *b, u32 load)
{
	snprintf(b->s, sizeof(b->s), "%u.%03u", load / MOSIX_LOAD_SCALE,
		 load % MOSIX_LOAD_SCALE);
	return b->s;
}

/*
 * The names of the threads on a run queue now but this one, in @buf,
 * kernel threads included: what the runnable count saw, and what it
 * left out (mosix_runnable_user()).
 */
static void runnable_names(char *buf, size_t size)
{
	struct task_struct *g, *t;
	size_t len = 0;

	buf[0] = 0;
	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (t == current || !READ_ONCE(t->on_rq))
			continue;
		len += scnprintf(buf + len, size - len, "%s%s",
				 len ? " " : "", t->comm);
		if (len + 1 >= size)
			break;
	}
	rcu_read_unlock();
}

/*
 * With mosix.balancer_log=1: move @c of candidate @i, made (@ret 0) or
 * not, with what it was chosen by, for an administrator who wonders why
 * a process moved.  A guest's move is a request to its home, whose
 * deputy makes it (or not).
 */
static void log_move(const struct round *r, int i,
		     const struct mosix_bal_choice *c, int ret)
{
	static const char * const why[] = {
		[MOSIX_BAL_NONE] = "none", [MOSIX_BAL_LOAD] = "load",
		[MOSIX_BAL_MEMORY] = "memory", [MOSIX_BAL_HOME] = "home",
	};
	const struct mosix_bal_proc *p = &r->procs[i];
	struct load_str l[6];
	char done[16] = "moved";
	u32 to = c->target ?: p->home, there = 0;
	int k;

	if (!READ_ONCE(param_log))
		return;
	for (k = 0; k < r->n; k++)
		if (r->nodes[k].id == to)
			there = r->nodes[k].load;
	if (ret)
		snprintf(done, sizeof(done), "error %d", ret);
	else if (p->guest)
		strscpy(done, "asked home", sizeof(done));
	pr_info("mosix: balancer: %s %u to node %u (%s), cpu %u: load here %s (decayed %s, demand %s, runnable %s; %s without it), there %s; cost here %u, there %u: %s (runnable now: %s)\n",
		p->guest ? "guest" : "pid", p->pid, to,
		c->reason < ARRAY_SIZE(why) ? why[c->reason] : "?", p->cpu,
		load_str(&l[0], r->self.load), load_str(&l[1], r->decayed),
		load_str(&l[2], r->demand), load_str(&l[3], r->now),
		load_str(&l[4], c->src_rest), load_str(&l[5], there),
		c->src_cost, c->dst_cost, done, r->names);
}

/* Make move @c of candidate @i.  0 or a negative errno. */
static int move(struct round *r, int i, const struct mosix_bal_choice *c)
{
	const struct mosix_bal_proc *p = &r->procs[i];
	struct mosix_admit_info admit = {
		.reason = c->reason == MOSIX_BAL_MEMORY ? MOSIX_ADMIT_MEMORY :
			  MOSIX_ADMIT_LOAD,
		.cpu = min_t(u32, p->cpu, MOSIX_ADMIT_CPU_FULL),
		.rss = min_t(u64, p->rss, MOSIX_ADMIT_RSS_MAX),
		.syscalls_per_s = p->syscalls_per_s,
		.src_cost = c->src_cost,
		.src_rest = min_t(u32, c->src_rest, MOSIX_LOAD_MAX),
	};
	const char *reason;
	int ret;

	if (p->guest) {
		/* Its deputy decides; a move on goes straight there. */
		if (c->target)
			mosix_guest_ask_move(r->cand[i].mt, c->target, &admit);
		else
			mosix_guest_send_home(r->cand[i].mt);
		ret = 0;
	} else {
		ret = mosix_deputy_migrate(r->cand[i].task, c->target, &admit,
					   &reason);
	}
	mosix_info_count(ret ? MOSIX_STAT_BALANCER_FAILED :
			 MOSIX_STAT_BALANCER_MOVES);
	log_move(r, i, c, ret);
	return ret;
}

/*
 * After move @c of candidate @i: account for it in the view, and drop
 * the candidate the way mosix_balance_account() drops its entry (the
 * last one takes its place).
 */
static void moved(struct round *r, int i, const struct mosix_bal_choice *c)
{
	int last = r->np - 1;

	mosix_balance_account(&r->self, r->nodes, r->n, r->procs, r->np, c);
	mosix_task_put(r->cand[i].mt);
	put_task_struct(r->cand[i].task);
	r->cand[i] = r->cand[last];
	r->np = last;
}

/* Consider @target full, for the rest of this interval. */
static void target_full(struct round *r, u32 target)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->nodes[i].id == target)
			r->nodes[i].accepts = 0;
}

static void hold_target(u32 target)
{
	recent[recent_next].id = target;
	recent[recent_next].until = jiffies + msecs_to_jiffies(TARGET_HOLD_MS);
	recent_next = (recent_next + 1) % RECENT_TARGETS;
}

/* The targets of recent moves take nothing more from this node yet. */
static void hold_recent_targets(struct round *r)
{
	unsigned int i;

	for (i = 0; i < RECENT_TARGETS; i++)
		if (recent[i].id && time_before(jiffies, recent[i].until))
			target_full(r, recent[i].id);
}

/*
 * The normalised load of the user threads runnable now, the caller aside
 * (the process that is arriving, in mosix_balancer_arrival()).
 */
static u32 load_now(const struct mosix_bal_node *self)
{
	u32 running = mosix_runnable_user(current);

	running = min_t(u32, running, MOSIX_LOAD_MAX / MOSIX_LOAD_SCALE);
	return mosix_load_normalise(running * MOSIX_LOAD_SCALE, self->speed,
				    self->cpus);
}

/*
 * The normalised CPU demand of the candidates at least @min_age_ms old
 * (@deputies false), or of the deputies among them (@deputies true):
 * the sum of their runnable shares, each 1000 when always runnable.
 */
static u32 demand_now(const struct round *r, u32 min_age_ms, bool deputies)
{
	u64 sum = 0;
	int i;

	for (i = 0; i < r->np; i++)
		if (deputies ? r->cand[i].deputy :
		    r->procs[i].age_ms >= min_age_ms)
			sum += r->procs[i].cpu;
	sum = div_u64(sum * MOSIX_LOAD_SCALE, MOSIX_BAL_CPU_FULL);
	sum = min_t(u64, sum, MOSIX_LOAD_MAX);
	return mosix_load_normalise((u32)sum, r->self.speed, r->self.cpus);
}

/*
 * In how many ms the youngest busy candidate is old enough to move for
 * load (U32_MAX: none is too young): the next round comes then rather
 * than up to an interval later, so that jobs started together on one
 * node are spread as soon as they may be.
 */
static u32 next_of_age(const struct round *r,
		       const struct mosix_bal_params *p)
{
	const struct mosix_bal_proc *b;
	u32 next = U32_MAX;
	int i;

	for (i = 0; i < r->np; i++) {
		b = &r->procs[i];
		if (b->age_ms < p->min_age_ms && b->cpu >= p->min_cpu &&
		    !b->pinned)
			next = min(next, p->min_age_ms - b->age_ms);
	}
	return next;
}

/*
 * The decisions of one interval, up to MOVES_MAX moves; returns in how
 * many ms a young candidate may move (U32_MAX: none).
 */
static u32 balance(u32 stability, u32 mem_low)
{
	struct mosix_bal_params params;
	struct mosix_bal_choice choice;
	u32 policy = mosix_policy();
	u32 next, measured;
	int tries, i, ret;

	mosix_bal_params_default(&params);
	params.bandwidth = mosix_balancer_bandwidth(&measured);
	params.syscall_us = mosix_balancer_call_us(&measured);
	params.stability = stability;
	params.mem_low = mem_low;
	params.stay = !!(policy & MOSIX_POLICY_STAY);
	params.lstay = !!(policy & MOSIX_POLICY_LSTAY);
	gather_nodes(round);
	if (!round->self.id || !round->n)
		return U32_MAX;
	hold_recent_targets(round);
	pick_candidates(round, min(params.min_cpu, 64U),
			short_of_memory(&round->self, mem_low));
	describe(round, params.syscall_us);
	next = params.stay ? U32_MAX : next_of_age(round, &params);
	round->decayed = mosix_self_decayed_load();
	round->demand = demand_now(round, params.min_age_ms, false);
	round->now = load_now(&round->self);
	round->self.load = min(max(round->decayed, round->demand), round->now);
	if (READ_ONCE(param_log))
		runnable_names(round->names, sizeof(round->names));
	/*
	 * Deputies serving their guests' calls load this node too, but
	 * sending a process away only adds one: the load that moves can
	 * relieve is the rest.
	 */
	round->self.load -= min(round->self.load,
				demand_now(round, 0, true));
	for (tries = 0; tries < MOVES_MAX; tries++) {
		if (!mosix_balance_choose(&round->self, round->nodes, round->n,
					  round->procs, round->np, &params,
					  &choice))
			break;
		i = find_candidate(round, choice.pid);
		if (i < 0)
			break;
		ret = move(round, i, &choice);
		if (ret) {
			/* Not this process again, nor this target, now. */
			round->procs[i].pinned = 1;
			if (choice.target)
				target_full(round, choice.target);
			/* Busier than it looks: wait for fresh news of it. */
			if (ret == -MOSIX_EADMIT)
				hold_target(choice.target);
			continue;
		}
		moved(round, i, &choice);
		if (choice.target) {
			target_full(round, choice.target);
			hold_target(choice.target);
		}
	}
	release(round);
	return next;
}

/* Processes admitted whose state is still coming in. */
static DEFINE_SPINLOCK(arrivals_lock);
static unsigned int arriving;

int mosix_balancer_arrival(const struct mosix_admit_info *a)
{
	struct mosix_bal_choice c = {
		.reason = a->reason == MOSIX_ADMIT_MEMORY ? MOSIX_BAL_MEMORY :
			  MOSIX_BAL_LOAD,
		.src_cost = a->src_cost,
		.src_rest = a->src_rest,
	};
	struct mosix_bal_proc proc = {
		.cpu = a->cpu,
		.rss = a->rss,
		.syscalls_per_s = a->syscalls_per_s,
	};
	struct mosix_balancer_tunables t;
	struct mosix_bal_params params;
	struct mosix_node_view view;
	struct mosix_bal_node self;
	u32 load, measured;
	int yes = 1;

	mosix_balancer_get(&t);
	mosix_bal_params_default(&params);
	params.stability = t.stability;
	params.mem_low = t.mem_low;
	params.syscall_us = mosix_balancer_call_us(&measured);
	mosix_self_view(&view);
	to_bal_node(&view, &self);
	self.accepts = 1;	/* the caller checked the block policy */
	spin_lock(&arrivals_lock);
	if (a->reason != MOSIX_ADMIT_USER) {
		/*
		 * Its load now (the caller, this process to be, aside) and
		 * that of the processes still arriving, or the decayed load
		 * if higher: other nodes may have sent work that their
		 * news of this node did not show yet.
		 */
		load = load_now(&self) +
		       arriving * mosix_bal_contrib(MOSIX_BAL_CPU_FULL, &self);
		self.load = max(mosix_self_decayed_load(), load);
		yes = mosix_balance_admit(&self, &proc, &c, &params);
	}
	if (yes)
		arriving++;
	spin_unlock(&arrivals_lock);
	if (yes)
		return 0;
	mosix_info_count(MOSIX_STAT_ADMIT_REFUSED);
	pr_info_ratelimited("mosix: refused a balancer's move: load here %u.%03u, its cost there %u, here %u (%u calls/s at %u us), free memory %llu MiB\n",
			    self.load / MOSIX_LOAD_SCALE,
			    self.load % MOSIX_LOAD_SCALE, a->src_cost,
			    mosix_balance_admit_cost(&self, &proc, &params),
			    a->syscalls_per_s, params.syscall_us,
			    self.mem_free >> 20);
	return -MOSIX_EADMIT;
}

void mosix_balancer_arrived(void)
{
	spin_lock(&arrivals_lock);
	if (!WARN_ON_ONCE(!arriving))
		arriving--;
	spin_unlock(&arrivals_lock);
}

/*
 * A running mean of measures, 0 until the first: each new one weighs
 * 1/weight; it counts for at most clip times the mean (0: no clip), the
 * first for at most first_max.
 */
struct running_mean {
	spinlock_t lock;	/* guards the rest but the settings */
	u64 mean;
	u32 count;
	u32 weight;
	u32 clip;
	u64 first_max;
};

static void mean_add(struct running_mean *m, u64 v)
{
	spin_lock(&m->lock);
	if (m->mean)
		m->mean = (m->mean * (m->weight - 1) +
			   (m->clip ? min(v, m->mean * m->clip) : v)) /
			  m->weight;
	else
		m->mean = min(v, m->first_max);
	if (m->count < U32_MAX)
		m->count++;
	spin_unlock(&m->lock);
}

static u64 mean_get(struct running_mean *m, u32 *count)
{
	u64 v;

	spin_lock(&m->lock);
	v = m->mean;
	*count = m->count;
	spin_unlock(&m->lock);
	return v;
}

/*
 * Migration bandwidth, bytes/s: the mean of measured transfers, each new
 * one weighing a quarter.  Transfers below 1 MiB measure the round trips
 * more than the link, and are left out.
 */
#define TRANSFER_MIN	SZ_1M
static struct running_mean bandwidth = {
	.lock = __SPIN_LOCK_UNLOCKED(bandwidth.lock),
	.weight = 4, .first_max = U64_MAX,
};

void mosix_balancer_transfer(u64 bytes, u64 ns)
{
	if (bytes < TRANSFER_MIN || !ns)
		return;
	mean_add(&bandwidth, mul_u64_u64_div_u64(bytes, NSEC_PER_SEC, ns));
}

u64 mosix_balancer_bandwidth(u32 *measured)
{
	return mean_get(&bandwidth, measured) ?: MOSIX_BAL_BANDWIDTH;
}

/*
 * The cost of a forwarded call, a round trip home, ns: the mean of the
 * calls this node's guests made and of the means that this node's
 * processes brought home, each new one weighing an eighth.  A call that
 * blocks at home (a read of a terminal, a wait for a child) measures
 * that wait, not the link: a sample counts for at most 4 times the mean,
 * and the first for at most 10 ms.
 */
static struct running_mean call_cost = {
	.lock = __SPIN_LOCK_UNLOCKED(call_cost.lock),
	.weight = 8, .clip = 4, .first_max = 10 * NSEC_PER_MSEC,
};

void mosix_balancer_call(u64 ns)
{
	if (ns)
		mean_add(&call_cost, ns);
}

u32 mosix_balancer_call_us(u32 *measured)
{
	u64 ns = mean_get(&call_cost, measured);

	if (!ns)
		return MOSIX_BAL_SYSCALL_US;
	return max_t(u32, div_u64(ns, NSEC_PER_USEC), 1);
}

static int balancer_fn(void *unused)
{
	struct mosix_balancer_tunables t;
	u32 sleep_ms;

	while (!kthread_should_stop()) {
		mosix_balancer_get(&t);
		sleep_ms = t.interval_ms;
		if (t.enabled)
			sleep_ms = clamp(balance(t.stability, t.mem_low),
					 (u32)WAKE_MIN_MS, t.interval_ms);
		schedule_timeout_interruptible(msecs_to_jiffies(sleep_ms));
	}
	return 0;
}

int mosix_balancer_init(void)
{
	round = kzalloc(sizeof(*round), GFP_KERNEL);
	if (!round)
		return -ENOMEM;
	tunables.enabled = param_enabled;
	balancer = kthread_run(balancer_fn, NULL, "mosix_balancer");
	if (IS_ERR(balancer)) {
		kfree(round);
		return PTR_ERR(balancer);
	}
	return 0;
}

void mosix_balancer_uninit(void)
{
	kthread_stop(balancer);
	kfree(round);
}
