// SPDX-License-Identifier: GPL-2.0
/*
 * The load balancer: a kernel thread that, every interval, gathers what
 * this node knows of the cluster (the node table) and of its busiest
 * processes, asks decide.c for the most profitable move, and makes it:
 * a local process migrates, a guest is sent home or asks its home to
 * move it.  Up to MOVES_MAX moves per round.  How it measures demand,
 * its own load and other nodes' is Documentation/balancer.md's subject.
 * Only the balancer thread touches its round, history and recent
 * targets.
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
#include "admit.h"
#include "balancer.h"
#include "cost.h"
#include "decide.h"
#include "deputy.h"
#include "event.h"
#include "guest.h"
#include "loadcalc.h"
#include "messages.h"
#include "node.h"
#include "policy.h"
#include "self.h"
#include "state.h"
#include "stats.h"
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

static void gather_nodes(struct round *r)
{
	struct mosix_node_view view;
	unsigned long i;

	mosix_self_view(&view);
	mosix_node_to_bal(&view, &r->self);
	r->self.accepts = !(mosix_policy() & MOSIX_POLICY_BLOCK);
	r->n = 0;
	for (i = 0; r->n < MOSIX_NODES_MAX && !mosix_node_view_at(i, &view); i++)
		if (view.heard)
			mosix_node_to_bal(&view, &r->nodes[r->n++]);
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
		k = by_rss ? mosix_task_rss(p) >> PAGE_SHIFT : c;
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
		.calls = guest ? READ_ONCE(guest->guest.forwarded) : io_calls(t),
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

/*
 * The rest of what decide.c needs, outside RCU: these may sleep.  A
 * system service stays home unless @services.
 */
static void describe(struct round *r, u32 call_us, bool services)
{
	u64 now = ktime_get_ns();
	int i;

	for (i = 0; i < r->np; i++) {
		struct task_struct *t = r->cand[i].task;
		struct mosix_bal_proc *b = &r->procs[i];
		struct mosix_task *mt = mosix_task_get(t);
		bool guest = mt && READ_ONCE(mt->role) == MOSIX_ROLE_GUEST;

		measure(r, i, guest ? mt : NULL, call_us, history,
			&r->next[i], now);
		b->pid = task_tgid_nr(t);
		b->age_ms = div_u64(now - t->start_time, NSEC_PER_MSEC);
		b->rss = mosix_task_rss(t);
		b->home = r->self.id;
		mosix_task_cpu_needs(t, &b->cpu_needs, &b->vdso);
		if (guest) {
			b->guest = 1;
			b->home = mt->home_node;
			/*
			 * Pinned at home: stays on this node (expel still
			 * works).  Asked to go home or on already (it may be
			 * in a long call home): asked once, not every round.
			 */
			b->pinned = test_bit(MOSIX_GUEST_PINNED, &mt->flags) ||
				    test_bit(MOSIX_GUEST_GO_HOME, &mt->flags) ||
				    test_bit(MOSIX_GUEST_ASK_MOVE, &mt->flags);
			r->cand[i].mt = mt;
			continue;
		}
		/* A deputy's own CPU use is its guest's forwarded calls. */
		b->guest = 0;
		r->cand[i].deputy = mt && READ_ONCE(mt->role) == MOSIX_ROLE_DEPUTY;
		b->pinned = (mt && READ_ONCE(mt->role) == MOSIX_ROLE_DEPUTY) ||
			    mosix_policy_pinned(t) ||
			    !!mosix_state_unmovable(t) ||
			    (!services && mosix_policy_is_service(t));
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
/* Node @id's load in the view of round @r (0 if it is not there). */
static u32 load_of(const struct round *r, u32 id)
{
	int k;

	for (k = 0; k < r->n; k++)
		if (r->nodes[k].id == id)
			return r->nodes[k].load;
	return 0;
}

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
	u32 to = c->target ?: p->home;

	if (!READ_ONCE(param_log))
		return;
	if (ret)
		snprintf(done, sizeof(done), "error %d", ret);
	else if (p->guest)
		strscpy(done, "asked home", sizeof(done));
	pr_info("mosix: balancer: %s %u to node %u (%s), cpu %u: load here %s (decayed %s, demand %s, runnable %s; %s without it), there %s; cost here %u, there %u: %s (runnable now: %s)\n",
		p->guest ? "guest" : "pid", p->pid, to,
		c->reason < ARRAY_SIZE(why) ? why[c->reason] : "?", p->cpu,
		load_str(&l[0], r->self.load), load_str(&l[1], r->decayed),
		load_str(&l[2], r->demand), load_str(&l[3], r->now),
		load_str(&l[4], c->src_rest), load_str(&l[5], load_of(r, to)),
		c->src_cost, c->dst_cost, done, r->names);
}

/* Tell the listeners of the events group why candidate @i moves. */
static void report_move(const struct round *r, int i,
			const struct mosix_bal_choice *c)
{
	const struct mosix_bal_proc *p = &r->procs[i];
	u32 to = c->target ?: p->home;
	u8 cause = MOSIX_BALANCER_CAUSE_LOAD;

	if (c->reason == MOSIX_BAL_MEMORY)
		cause = MOSIX_BALANCER_CAUSE_MEMORY;
	else if (c->reason == MOSIX_BAL_HOME)
		cause = MOSIX_BALANCER_CAUSE_HOME;
	mosix_event_balancer_move(p->pid, p->guest, to, cause, r->self.load,
				  load_of(r, to));
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

	report_move(r, i, c);
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
	mosix_stats_count(ret ? MOSIX_STAT_BALANCER_FAILED :
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
static u32 balance(const struct mosix_balancer_tunables *t)
{
	struct mosix_bal_params params;
	struct mosix_bal_choice choice;
	u32 policy = mosix_policy();
	u32 next, measured;
	int tries, i, ret;

	mosix_bal_params_default(&params);
	params.bandwidth = mosix_cost_bandwidth(&measured);
	params.syscall_us = mosix_cost_call_us(&measured);
	params.stability = t->stability;
	params.mem_low = t->mem_low;
	params.stay = !!(policy & MOSIX_POLICY_STAY);
	params.lstay = !!(policy & MOSIX_POLICY_LSTAY);
	gather_nodes(round);
	if (!round->self.id || !round->n)
		return U32_MAX;
	hold_recent_targets(round);
	pick_candidates(round, min(params.min_cpu, 64U),
			short_of_memory(&round->self, t->mem_low));
	describe(round, params.syscall_us, t->services);
	next = params.stay ? U32_MAX : next_of_age(round, &params);
	round->decayed = mosix_self_decayed_load();
	round->demand = demand_now(round, params.min_age_ms, false);
	round->now = mosix_self_load_now();
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

/* Its tunables changed: the next round follows them at once. */
void mosix_balancer_tuned(void)
{
	if (balancer)
		wake_up_process(balancer);
}

static int balancer_fn(void *unused)
{
	struct mosix_balancer_tunables t;
	u32 sleep_ms;

	while (!kthread_should_stop()) {
		mosix_policy_balancer(&t);
		sleep_ms = t.interval_ms;
		if (t.enabled)
			sleep_ms = clamp(balance(&t), (u32)WAKE_MIN_MS,
					 t.interval_ms);
		schedule_timeout_interruptible(msecs_to_jiffies(sleep_ms));
	}
	return 0;
}

int mosix_balancer_init(void)
{
	round = kzalloc(sizeof(*round), GFP_KERNEL);
	if (!round)
		return -ENOMEM;
	mosix_policy_set_balancer(&param_enabled, NULL, NULL, NULL, NULL);
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
