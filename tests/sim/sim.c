// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-sim: a simulated cluster driven by the balancer's decision code
 * (kernel/decide.c) and load arithmetic (kernel/loadcalc.c), compiled
 * unchanged in userspace.
 *
 * Time advances in steps of one second.  Jobs arrive at random nodes
 * (Poisson); each needs a heavy-tailed amount of CPU work, computes a
 * share of its time and sleeps the rest, makes syscalls (forwarded home,
 * one round trip each, while it runs away from home) and has a resident
 * size (what a migration transfers).  Nodes differ in speed, CPU count
 * and memory; CPUs are shared between the jobs of a node in proportion
 * to their demand; a node whose jobs need more memory than it has swaps
 * and slows down.
 *
 * Every node samples its load twice a second and decays it as the
 * kernel does (a job that migrates takes its share with it), gossips
 * its own entry and the youngest entries it knows to k random nodes per
 * second, and, with the balancer on, calls
 * mosix_balance_choose() once a second on the youngest entries it knows
 * (up to max_moves times, with mosix_balance_account() in between, and
 * while its link is free); the target checks each move with
 * mosix_balance_admit().  A link carries one migration at a time each
 * way; a migrating job is frozen until it has arrived.
 *
 * One run prints one line "key=value ...", see usage().
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/mosix.h>
#include "messages.h"
#include "loadcalc.h"
#include "decide.h"

#define VMAX		64	/* largest vector of entries about others */
#define WMAX		32	/* largest gossip window */
#define KMAX		16	/* most gossip peers per second */
#define PMAX		256	/* processes handed to the balancer */
#define MB		(1024.0 * 1024.0)
#define GB		(1024.0 * MB)
#define MIGRATION_SETUP	0.02	/* seconds per migration besides the copy */
#define BURST_MAX	200000	/* s: a burst scenario ends by then */
#define LONG_JOB	10.0	/* s of ideal time: a long job */

enum policy { POL_NONE, POL_RR, POL_BAL };
enum scenario { SC_STEADY, SC_BURST };

struct job {
	double arrive;		/* s */
	double ideal;		/* run time on an idle reference CPU, s */
	double left;		/* ideal time still to run, s */
	double f;		/* share of its time it computes */
	double frozen;		/* in transfer until */
	double here_since;	/* arrived on its node */
	double r;		/* runnable share, last step */
	double done;		/* finished at, or 0 */
	u64 rss;
	u32 sys;		/* syscalls per second */
	int home, node, pos;	/* pos: index in its node's list */
	int migrations;
	int prev;		/* node it came from, or -1 */
	int counted;		/* arrived inside the measured window */
};

struct node {
	u32 speed, cpus;
	u64 mem_total;
	u32 decayed;		/* loadcalc: runnable * 1000, decayed */
	u32 load;		/* normalised */
	double inst;		/* runnable now (sum of r), incoming included */
	double run;		/* runnable now, only jobs that are here */
	u64 rss;		/* resident memory of its jobs */
	int hold;		/* intervals left without balancing */
	double link_out;	/* its link sends until */
	double link_in;		/* and receives until */
	int *jobs, njobs, cap;
	struct mosix_bal_node vec[VMAX];
	int nv;
	struct mosix_bal_node win[WMAX];
	int nwin;
};

struct sim {
	/* configuration */
	enum policy pol;
	enum scenario sc;
	int n;
	double rho;		/* offered CPU demand / cluster capacity */
	int duration;		/* s of arrivals (steady) */
	int drain;		/* s after arrivals stop */
	int warmup;		/* s before jobs are counted */
	int homog;		/* all nodes: reference speed, 1 CPU */
	int by_cap;		/* jobs arrive at nodes in proportion to
				 * their capacity, not uniformly */
	int k, w;		/* gossip peers per second, window */
	int vcap;		/* entries a node keeps about others */
	int cands;		/* youngest entries the balancer considers */
	int all;		/* every node knows every node's load (the
				 * all-to-all exchange), instead of gossip */
	int max_moves;		/* balancer moves per node per second */
	int hold_off;		/* intervals without balancing after a move */
	int admit;		/* targets check moves */
	int self_min;		/* own load: min(decayed, now) */
	int burst, burst_nodes;
	int trace;		/* print the state every so many seconds */
	double burst_work;
	u64 burst_rss;
	double big_jobs;	/* share of memory-hungry jobs */
	u64 seed;
	struct mosix_bal_params p;

	/* state */
	struct node *nodes;
	struct job *jobs;
	int njobs, capjobs;
	double capacity;	/* reference CPUs */
	double *cum;		/* capacity of nodes 0..i */
	double mean_work;	/* reference CPU seconds per job */
	double t;
	int rr;
	u64 rng;

	/* results */
	long migrations, refused, msgs, homecomings, memmoves;
	long bounces;		/* moves back to the node just left */
	long running;		/* jobs not finished */
	double balanced_at;
	double swap_s;		/* node-seconds spent swapping */
};

static u32 rnd32(void *ctx)
{
	u64 *s = ctx;

	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (u32)((*s * 0x2545f4914f6cdd1dULL) >> 32);
}

static double unif(struct sim *s)
{
	u64 hi = rnd32(&s->rng), lo = rnd32(&s->rng);

	return ((hi << 21 ^ lo) & ((1ULL << 53) - 1)) / 9007199254740992.0;
}

static double expo(struct sim *s, double mean)
{
	return -mean * log(1.0 - unif(s));
}

static double gauss(struct sim *s)
{
	double u = unif(s), v = unif(s);

	return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * M_PI * v);
}

/* Bounded Pareto: heavy-tailed CPU work, reference CPU seconds. */
#define WORK_ALPHA	1.1
#define WORK_MIN	1.0
#define WORK_MAX	1000.0

static double pareto(struct sim *s)
{
	double a = WORK_ALPHA, l = WORK_MIN, h = WORK_MAX;
	double u = unif(s), la = pow(l, a), ha = pow(h, a);

	return pow(-(u * ha - u * la - ha) / (ha * la), -1.0 / a);
}

static double pareto_mean(void)
{
	double a = WORK_ALPHA, l = WORK_MIN, h = WORK_MAX;

	return pow(l, a) / (1 - pow(l / h, a)) * a / (a - 1) *
	       (1 / pow(l, a - 1) - 1 / pow(h, a - 1));
}

static void usage(void)
{
	fprintf(stderr,
"usage: mosix-sim [options]\n"
"  --policy none|rr|bal   no balancing, round-robin placement at start,\n"
"                         or the balancer (default bal)\n"
"  --scenario steady|burst\n"
"  --nodes N              (1000)      --seed S       (1)\n"
"  --rho X                offered load / capacity (0.6, steady)\n"
"  --time S               seconds of arrivals (600, steady)\n"
"  --homog                every node a reference CPU (default: mixed)\n"
"  --by-capacity          jobs arrive at nodes in proportion to their\n"
"                         capacity (default: any node equally)\n"
"  --burst B --burst-nodes M --burst-work S\n"
"                         B jobs of S seconds on each of M nodes at 0\n"
"                         (200, 1, 300); --burst-rss MB (32)\n"
"  --big X                share of memory-hungry jobs: 1-4 GB, ten\n"
"                         times the work (0)\n"
"  --k K --window W       gossip peers per second (1), entries (8)\n"
"  --vector V             entries a node keeps about others (32)\n"
"  --candidates C         the balancer considers the C youngest of them\n"
"                         and the homes of its guests (0: all; 16)\n"
"  --moves M              moves per node per second (4)\n"
"  --hold-off H           after a move, no balancing for H seconds (0)\n"
"  --all-to-all           every node knows every node's current load\n"
"                         (what the kernel's all-to-all exchange gives)\n"
"  --no-admit             targets do not check moves\n"
"  --self decayed|min     own load seen by the balancer (min)\n"
"  --stability --min-age --min-cpu --max-syscalls --syscall-us\n"
"  --max-age --mem-low --bandwidth   balancer tunables\n"
"  --trace S              state on stderr every S seconds\n"
"Prints one line: key=value ...\n");
	exit(2);
}

static void setup_nodes(struct sim *s)
{
	static const u32 speeds[] = { 5000, 10000, 10000, 15000, 20000 };
	static const u32 cpus[] = { 1, 1, 2, 2, 4, 4, 8 };
	int i;

	s->nodes = calloc(s->n, sizeof(*s->nodes));
	if (!s->nodes)
		exit(1);
	s->cum = calloc(s->n, sizeof(double));
	if (!s->cum)
		exit(1);
	s->capacity = 0;
	for (i = 0; i < s->n; i++) {
		struct node *nd = &s->nodes[i];

		nd->speed = s->homog ? MOSIX_SPEED_STD : speeds[rnd32(&s->rng) % 5];
		nd->cpus = s->homog ? 1 : cpus[rnd32(&s->rng) % 7];
		nd->mem_total = (u64)(4 * GB) * nd->cpus;
		s->capacity += (double)nd->speed / MOSIX_SPEED_STD * nd->cpus;
		s->cum[i] = s->capacity;
	}
}

static void node_add(struct node *nd, struct job *j, int idx)
{
	if (nd->njobs == nd->cap) {
		nd->cap = nd->cap ? 2 * nd->cap : 8;
		nd->jobs = realloc(nd->jobs, nd->cap * sizeof(int));
		if (!nd->jobs)
			exit(1);
	}
	j->pos = nd->njobs;
	nd->jobs[nd->njobs++] = idx;
	nd->rss += j->rss;
}

static void node_del(struct sim *s, struct node *nd, struct job *j)
{
	int last = nd->jobs[--nd->njobs];

	nd->jobs[j->pos] = last;
	s->jobs[last].pos = j->pos;
	nd->rss -= j->rss;
}

static struct job *new_job(struct sim *s, int home)
{
	struct job *j;

	if (s->njobs == s->capjobs) {
		s->capjobs = s->capjobs ? 2 * s->capjobs : 65536;
		s->jobs = realloc(s->jobs, s->capjobs * sizeof(*s->jobs));
		if (!s->jobs)
			exit(1);
	}
	j = &s->jobs[s->njobs];
	memset(j, 0, sizeof(*j));
	j->home = home;
	j->node = home;
	j->prev = -1;
	return j;
}

/* A job arrives at @home at time @at with CPU work @work. */
static void arrive(struct sim *s, int home, double at, double work,
		   int cpu_bound)
{
	struct job *j = new_job(s, home);
	double u = unif(s);

	j->f = cpu_bound || u < 0.7 ? 1.0 : 0.2 + 0.7 * unif(s);
	j->ideal = work / j->f;
	j->left = j->ideal;
	j->arrive = at;
	j->here_since = at;
	j->counted = at >= s->warmup;
	j->sys = unif(s) < 0.8 ? (u32)(10 + 490 * unif(s)) :
				 (u32)(1000 + 19000 * unif(s));
	j->rss = (u64)(64 * MB * exp(1.2 * gauss(s)));
	if (j->rss > (u64)(2 * GB))
		j->rss = (u64)(2 * GB);
	if (s->big_jobs && unif(s) < s->big_jobs) {
		/* memory-hungry: 1-4 GB, and long */
		j->rss = (u64)((1 + 3 * unif(s)) * GB);
		j->ideal *= 10;
		j->left = j->ideal;
	}
	if (cpu_bound) {	/* a burst job */
		j->sys = 20;
		j->rss = s->burst_rss;
	}
	if (s->pol == POL_RR) {
		j->node = s->rr;
		s->rr = (s->rr + 1) % s->n;
	}
	node_add(&s->nodes[j->node], j, s->njobs);
	s->njobs++;
	s->running++;
}

/* Seconds a forwarded syscall costs, per second of the job. */
static double fwd(const struct sim *s, const struct job *j)
{
	return j->node == j->home ? 0 : j->sys * s->p.syscall_us / 1e6;
}

/* Run every job of @nd for the step [t, t + 1). */
static void run_node(struct sim *s, struct node *nd)
{
	double demand = 0, share, over, x;
	int i;

	for (i = 0; i < nd->njobs; i++) {
		struct job *j = &s->jobs[nd->jobs[i]];

		if (j->frozen < s->t + 1)
			demand += j->f;
	}
	share = (double)nd->speed / MOSIX_SPEED_STD;
	if (demand > nd->cpus)
		share *= nd->cpus / demand;
	over = (double)nd->rss / (0.9 * nd->mem_total);
	if (over > 1) {		/* swapping */
		x = 1 + 20 * (over - 1);
		share /= x > 20 ? 20 : x;
		s->swap_s += 1;
	}
	nd->inst = 0;
	nd->run = 0;
	for (i = 0; i < nd->njobs; i++) {
		struct job *j = &s->jobs[nd->jobs[i]];
		double avail = 1, per, rate;

		if (j->frozen > s->t) {
			avail = s->t + 1 - j->frozen;
			if (avail <= 0) {
				nd->inst += 1;	/* arriving: count it */
				continue;
			}
		}
		/* wall time per ideal second */
		per = j->f / share + (1 - j->f) + fwd(s, j);
		rate = 1 / per;
		j->r = (j->f / share) / per;
		nd->inst += j->r;
		nd->run += j->r * avail;
		if (j->left <= rate * avail) {
			j->done = s->t + (1 - avail) + j->left / rate;
			j->left = 0;
			node_del(s, nd, j);
			s->running--;
			i--;
			continue;
		}
		j->left -= rate * avail;
	}
}

/*
 * Two load samples of 500 ms, as the kernel takes them: the number of
 * runnable jobs, the expected number rounded up or down at random.
 */
static void sample_node(struct sim *s, struct node *nd)
{
	int half;

	for (half = 0; half < 2; half++)
		nd->decayed = mosix_load_decay(nd->decayed,
					       (u32)(nd->run + unif(s)),
					       MOSIX_LOAD_KEEP_DEFAULT);
	nd->load = mosix_load_normalise(nd->decayed, nd->speed, nd->cpus);
}

static u32 norm_now(const struct node *nd)
{
	return mosix_load_normalise((u32)(nd->inst * MOSIX_LOAD_SCALE + 0.5),
				    nd->speed, nd->cpus);
}

/* What node @i says of itself (@view 0), believes (1) or knows (2). */
static struct mosix_bal_node entry(struct sim *s, int i, int view)
{
	struct node *nd = &s->nodes[i];
	struct mosix_bal_node e = {
		.id = i + 1, .load = nd->load, .speed = nd->speed,
		.cpus = nd->cpus, .mem_total = nd->mem_total,
		.up = 1, .accepts = 1,
	};
	u64 used = nd->rss + nd->mem_total / 10;
	u32 now = norm_now(nd);

	e.mem_free = used < nd->mem_total ? nd->mem_total - used : 0;
	if (view == 1 && s->self_min && now < e.load)
		e.load = now;
	if (view == 2 && now > e.load)
		e.load = now;
	return e;
}

static void gossip(struct sim *s)
{
	u32 peers[KMAX];
	int i, m, got;
	static int *dst, *src, cap;
	int nmsg = 0;

	if (cap < s->n * s->k) {
		cap = s->n * s->k;
		dst = realloc(dst, cap * sizeof(int));
		src = realloc(src, cap * sizeof(int));
		if (!dst || !src)
			exit(1);
	}
	for (i = 0; i < s->n; i++) {
		struct node *nd = &s->nodes[i];

		nd->nv = mosix_gossip_tick(nd->vec, nd->nv, 1000,
					   2 * s->p.max_age_ms);
		nd->win[0] = entry(s, i, 0);
		nd->nwin = 1 + mosix_gossip_window(nd->vec, nd->nv,
						   s->p.max_age_ms,
						   nd->win + 1, s->w - 1);
		got = mosix_gossip_pick(s->n - 1, s->k, rnd32, &s->rng, peers);
		for (m = 0; m < got; m++) {
			dst[nmsg] = peers[m] < (u32)i ? peers[m] : peers[m] + 1;
			src[nmsg++] = i;
		}
	}
	for (m = 0; m < nmsg; m++) {
		struct node *to = &s->nodes[dst[m]];

		to->nv = mosix_gossip_merge(to->vec, to->nv, s->vcap,
					    s->nodes[src[m]].win,
					    s->nodes[src[m]].nwin, dst[m] + 1);
	}
	s->msgs += nmsg;
}

/*
 * Move @j to node @to.  A node's link carries one migration at a time
 * each way, so a migration starts when both links are free; the job is
 * frozen from now until it has arrived.  A guest moving @onward goes
 * straight there, and its new node then calls home (one more setup).
 */
static void migrate(struct sim *s, struct job *j, int to, int onward)
{
	struct node *from = &s->nodes[j->node], *dst = &s->nodes[to];
	double xfer = (double)j->rss / s->p.bandwidth + MIGRATION_SETUP;
	double start = s->t;
	u32 share;

	if (from->link_out > start)
		start = from->link_out;
	if (dst->link_in > start)
		start = dst->link_in;
	xfer += onward ? MIGRATION_SETUP : 0;
	from->link_out = start + xfer;
	dst->link_in = start + xfer;
	node_del(s, from, j);
	/* mosix_self_left(): its share leaves the decayed load at once */
	share = (u32)(j->r * MOSIX_LOAD_SCALE + 0.5);
	from->decayed -= share < from->decayed ? share : from->decayed;
	if (to == j->prev)
		s->bounces++;
	j->prev = j->node;
	j->node = to;
	j->frozen = start + xfer;
	j->here_since = j->frozen;
	j->migrations++;
	node_add(&s->nodes[to], j, (int)(j - s->jobs));
	s->nodes[to].inst += 1;
	s->migrations++;
}

static struct mosix_bal_proc proc_of(struct sim *s, struct job *j)
{
	struct mosix_bal_proc p = {
		.pid = (u32)(j - s->jobs) + 1,
		.cpu = (u32)(j->r * MOSIX_BAL_CPU_FULL + 0.5),
		.age_ms = (u32)((s->t - j->here_since) * 1000),
		.syscalls_per_s = j->sys, .rss = j->rss,
		.home = j->home + 1, .guest = j->home != j->node,
	};

	return p;
}

static int drop(struct mosix_bal_proc *procs, int np, u32 pid)
{
	int i;

	for (i = 0; i < np; i++)
		if (procs[i].pid == pid) {
			procs[i] = procs[--np];
			break;
		}
	return np;
}

/*
 * The nodes the balancer of node @nd considers: the @s->cands youngest
 * entries it knows (all when 0), and the homes of its guests.
 */
static int candidates(struct sim *s, struct node *nd,
		      struct mosix_bal_node *c)
{
	int n, m, v, k;

	if (s->all) {
		for (n = 0, v = 0; v < s->n; v++)
			if (&s->nodes[v] != nd)
				c[n++] = entry(s, v, 0);
		return n;
	}
	if (!s->cands) {
		memcpy(c, nd->vec, nd->nv * sizeof(*c));
		return nd->nv;
	}
	n = mosix_gossip_window(nd->vec, nd->nv, 0, c, s->cands);
	for (m = 0; m < nd->njobs; m++) {
		struct job *j = &s->jobs[nd->jobs[m]];

		for (k = 0; k < n && c[k].id != (u32)j->home + 1; k++)
			;
		for (v = 0; k == n && v < nd->nv; v++)
			if (nd->vec[v].id == (u32)j->home + 1)
				c[n++] = nd->vec[v];
	}
	return n;
}

/* Write what the balancer learnt about nodes back into the vector. */
static void write_back(struct node *nd, const struct mosix_bal_node *c,
		       int n)
{
	int k, v;

	for (k = 0; k < n; k++)
		for (v = 0; v < nd->nv; v++)
			if (nd->vec[v].id == c[k].id)
				nd->vec[v] = c[k];
}

static void balance_node(struct sim *s, int i)
{
	struct node *nd = &s->nodes[i];
	struct mosix_bal_node self = entry(s, i, 1), there;
	static struct mosix_bal_node *cand;
	static int cap;
	struct mosix_bal_proc procs[PMAX], moved;
	struct mosix_bal_choice ch;
	int m, np = 0, to, v, nc;

	for (m = 0; m < nd->njobs && np < PMAX; m++) {
		struct job *j = &s->jobs[nd->jobs[m]];

		if (j->frozen <= s->t)
			procs[np++] = proc_of(s, j);
	}
	if (nd->hold) {
		nd->hold--;
		return;
	}
	if (!np)
		return;
	if (cap < s->n + VMAX + PMAX) {
		cap = s->n + VMAX + PMAX;
		cand = realloc(cand, cap * sizeof(*cand));
		if (!cand)
			exit(1);
	}
	nc = candidates(s, nd, cand);
	/* no more moves while the link is busy for the coming second */
	for (m = 0; m < s->max_moves && np && nd->link_out < s->t + 1; m++) {
		struct job *j;

		if (!mosix_balance_choose(&self, cand, nc, procs, np, &s->p,
					  &ch))
			break;
		j = &s->jobs[ch.pid - 1];
		to = ch.target ? (int)ch.target - 1 : j->home;
		there = entry(s, to, 2);
		moved = proc_of(s, j);
		s->msgs++;
		/* a target receives one migration at a time */
		if (s->nodes[to].link_in > s->t + 1 ||
		    (s->admit && !mosix_balance_admit(&there, &moved, &ch, &s->p))) {
			s->refused++;
			/*
			 * The refusal carries the target's load; until newer
			 * information about it arrives, it is not tried again.
			 */
			for (v = 0; v < nc; v++)
				if (cand[v].id == there.id) {
					cand[v] = there;
					cand[v].accepts = 0;
				}
			np = drop(procs, np, ch.pid);	/* not this round */
			continue;
		}
		if (ch.reason == MOSIX_BAL_HOME)
			s->homecomings++;
		if (ch.reason == MOSIX_BAL_MEMORY)
			s->memmoves++;
		migrate(s, j, to, j->home != j->node && to != j->home);
		np = mosix_balance_account(&self, cand, nc, procs, np, &ch);
		nd->hold = s->hold_off;
	}
	if (!s->all)
		write_back(nd, cand, nc);
}

/* Speed of the fastest node with an idle CPU (0: none). */
static double fastest_idle(const struct sim *s)
{
	double best = 0;
	int i;

	for (i = 0; i < s->n; i++)
		if ((u32)s->nodes[i].njobs < s->nodes[i].cpus &&
		    s->nodes[i].speed > best)
			best = s->nodes[i].speed;
	return best;
}

/*
 * The jobs of @nd would run faster by the stability factor on an idle
 * CPU of speed @best.
 */
static int overloaded(const struct sim *s, const struct node *nd,
		      double best)
{
	double per = nd->speed;

	if (!nd->njobs)
		return 0;
	if ((u32)nd->njobs > nd->cpus)
		per = per * nd->cpus / nd->njobs;
	return best * 1000 > per * s->p.stability;
}

/* No job would run faster by the stability factor on an idle CPU. */
static int balanced(struct sim *s)
{
	double best = fastest_idle(s);
	int i;

	for (i = 0; i < s->n; i++)
		if (overloaded(s, &s->nodes[i], best))
			return 0;
	return 1;
}

/* One line on stderr: time, migrations, jobs of the busiest nodes. */
static void trace(struct sim *s)
{
	int i, over = 0, most = 0, excess = 0;
	double best = fastest_idle(s);

	for (i = 0; i < s->n; i++) {
		struct node *nd = &s->nodes[i];

		if (overloaded(s, nd, best)) {
			over++;
			excess += nd->njobs - nd->cpus;
		}
		if (nd->njobs > s->nodes[most].njobs)
			most = i;
	}
	fprintf(stderr, "t=%.0f migrations=%ld refused=%ld overloaded=%d "
		"excess=%d busiest=%d (%d jobs, %u cpus, load %u, %d known)\n",
		s->t, s->migrations, s->refused, over, excess, most + 1,
		s->nodes[most].njobs, s->nodes[most].cpus,
		s->nodes[most].load, s->nodes[most].nv);
}

/* Where a job arrives: any node, or a node in proportion to capacity. */
static int arrival_node(struct sim *s)
{
	double x;
	int lo = 0, hi = s->n - 1, mid;

	if (!s->by_cap)
		return rnd32(&s->rng) % s->n;
	x = unif(s) * s->capacity;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void arrivals(struct sim *s)
{
	double rate, at;

	if (s->sc != SC_STEADY || s->t >= s->duration)
		return;
	/* memory-hungry jobs have ten times the work */
	rate = s->rho * s->capacity / (s->mean_work * (1 + 9 * s->big_jobs));
	for (at = s->t + expo(s, 1 / rate); at < s->t + 1;
	     at += expo(s, 1 / rate))
		arrive(s, arrival_node(s), at, pareto(s), 0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(struct sim *s, double end)
{
	double sum = 0, *sl, t, sum_long = 0;
	long counted = 0, unfinished = 0, nlong = 0;
	int i;

	sl = malloc((s->njobs + 1) * sizeof(double));
	if (!sl)
		exit(1);
	for (i = 0; i < s->njobs; i++) {
		struct job *j = &s->jobs[i];

		if (!j->counted)
			continue;
		t = j->done ? j->done : end;
		if (!j->done)
			unfinished++;
		sl[counted] = (t - j->arrive) / j->ideal;
		if (j->ideal >= LONG_JOB) {
			sum_long += sl[counted];
			nlong++;
		}
		sum += sl[counted++];
	}
	qsort(sl, counted, sizeof(double), cmp_double);
	printf("jobs=%ld slowdown=%.3f median=%.3f p95=%.3f p99=%.3f "
	       "long=%ld slowdown_long=%.3f slowdown_short=%.3f "
	       "unfinished=%ld migrations=%ld migrations_per_job=%.3f "
	       "msgs_per_node_s=%.2f "
	       "refused=%ld home=%ld memory=%ld bounces=%ld swap_node_s=%.0f "
	       "balanced_s=%s%.0f\n",
	       counted, counted ? sum / counted : 0,
	       counted ? sl[counted / 2] : 0,
	       counted ? sl[(long)(counted * 0.95)] : 0,
	       counted ? sl[(long)(counted * 0.99)] : 0, nlong,
	       nlong ? sum_long / nlong : 0,
	       counted > nlong ? (sum - sum_long) / (counted - nlong) : 0,
	       unfinished, s->migrations,
	       s->njobs ? (double)s->migrations / s->njobs : 0,
	       (double)s->msgs / s->n / end, s->refused, s->homecomings,
	       s->memmoves, s->bounces, s->swap_s,
	       s->balanced_at < 0 ? ">" : "",
	       s->balanced_at < 0 ? end : s->balanced_at);
	free(sl);
}

static void simulate(struct sim *s)
{
	int i, b, end, start = 0;

	setup_nodes(s);
	s->mean_work = pareto_mean();
	s->balanced_at = -1;
	if (s->sc == SC_BURST) {
		for (b = 0; b < s->burst_nodes; b++)
			for (i = 0; i < s->burst; i++)
				arrive(s, b * (s->n / s->burst_nodes), 0,
				       s->burst_work, 1);
		end = BURST_MAX;	/* until every job is done */
	} else {
		end = s->duration + s->drain;
	}
	if (s->pol != POL_BAL)
		s->k = 0;	/* no load information needed */
	for (s->t = 0; s->t < end; s->t += 1) {
		if (s->sc == SC_BURST && !s->running)
			break;
		arrivals(s);
		for (i = 0; i < s->n; i++)
			run_node(s, &s->nodes[i]);
		for (i = 0; i < s->n; i++)
			sample_node(s, &s->nodes[i]);
		if (s->k && !s->all)
			gossip(s);
		if (s->pol == POL_BAL && s->all)
			/* every node to every node, every 500 ms */
			s->msgs += 2L * s->n * (s->n - 1);
		if (s->pol == POL_BAL) {
			start = rnd32(&s->rng) % s->n;
			for (i = 0; i < s->n; i++)
				balance_node(s, (start + i) % s->n);
		}
		if (s->sc == SC_BURST && s->balanced_at < 0 && balanced(s))
			s->balanced_at = s->t + 1;
		if (s->trace && (int)s->t % s->trace == 0)
			trace(s);
	}
	report(s, s->t);
	for (i = 0; i < s->n; i++)
		free(s->nodes[i].jobs);
	free(s->nodes);
	free(s->cum);
	free(s->jobs);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", 1, 0, 'P' }, { "scenario", 1, 0, 'S' },
		{ "nodes", 1, 0, 'n' }, { "rho", 1, 0, 'r' },
		{ "time", 1, 0, 't' }, { "homog", 0, 0, 'h' },
		{ "by-capacity", 0, 0, 'c' },
		{ "burst", 1, 0, 'b' }, { "burst-nodes", 1, 0, 'B' },
		{ "burst-work", 1, 0, 'W' }, { "burst-rss", 1, 0, 'R' },
		{ "big", 1, 0, 'g' },
		{ "k", 1, 0, 'k' }, { "window", 1, 0, 'w' },
		{ "vector", 1, 0, 'v' }, { "candidates", 1, 0, 'C' },
		{ "moves", 1, 0, 'm' }, { "no-admit", 0, 0, 'A' },
		{ "hold-off", 1, 0, 'H' }, { "all-to-all", 0, 0, 'a' },
		{ "self", 1, 0, 'l' }, { "seed", 1, 0, 's' },
		{ "trace", 1, 0, 'T' },
		{ "stability", 1, 0, 1 }, { "min-age", 1, 0, 2 },
		{ "min-cpu", 1, 0, 3 }, { "max-syscalls", 1, 0, 4 },
		{ "syscall-us", 1, 0, 5 }, { "max-age", 1, 0, 6 },
		{ "mem-low", 1, 0, 7 }, { "bandwidth", 1, 0, 8 },
		{ 0 }
	};
	struct sim s = {
		.pol = POL_BAL, .sc = SC_STEADY, .n = 1000, .rho = 0.6,
		.duration = 600, .drain = 300, .warmup = 100, .k = 1, .w = 8, .vcap = 32, .cands = 16,
		.max_moves = 4, .admit = 1, .self_min = 1, .burst = 200,
		.burst_nodes = 1, .burst_work = 300, .seed = 1,
		.burst_rss = 32 << 20,
	};
	int c;

	mosix_bal_params_default(&s.p);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'P':
			s.pol = !strcmp(optarg, "none") ? POL_NONE :
				!strcmp(optarg, "rr") ? POL_RR : POL_BAL;
			break;
		case 'S':
			s.sc = !strcmp(optarg, "burst") ? SC_BURST : SC_STEADY;
			break;
		case 'n': s.n = atoi(optarg); break;
		case 'r': s.rho = atof(optarg); break;
		case 't': s.duration = atoi(optarg); break;
		case 'h': s.homog = 1; break;
		case 'c': s.by_cap = 1; break;
		case 'b': s.burst = atoi(optarg); break;
		case 'B': s.burst_nodes = atoi(optarg); break;
		case 'W': s.burst_work = atof(optarg); break;
		case 'R': s.burst_rss = (u64)(atof(optarg) * MB); break;
		case 'g': s.big_jobs = atof(optarg); break;
		case 'k': s.k = atoi(optarg); break;
		case 'w': s.w = atoi(optarg); break;
		case 'v': s.vcap = atoi(optarg); break;
		case 'C': s.cands = atoi(optarg); break;
		case 'm': s.max_moves = atoi(optarg); break;
		case 'H': s.hold_off = atoi(optarg); break;
		case 'a': s.all = 1; break;
		case 'A': s.admit = 0; break;
		case 'l': s.self_min = !strcmp(optarg, "min"); break;
		case 's': s.seed = strtoull(optarg, NULL, 0); break;
		case 'T': s.trace = atoi(optarg); break;
		case 1: s.p.stability = atoi(optarg); break;
		case 2: s.p.min_age_ms = atoi(optarg); break;
		case 3: s.p.min_cpu = atoi(optarg); break;
		case 4: s.p.max_syscalls = atoi(optarg); break;
		case 5: s.p.syscall_us = atoi(optarg); break;
		case 6: s.p.max_age_ms = atoi(optarg); break;
		case 7: s.p.mem_low = atoi(optarg); break;
		case 8: s.p.bandwidth = strtoull(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (optind != argc || s.n < 2 || s.k < 0 || s.k > KMAX || s.w < 1 ||
	    s.w > WMAX || s.vcap < 1 || s.vcap > VMAX || s.cands < 0 || s.burst_nodes < 1 || s.burst_nodes > s.n)
		usage();
	if (s.warmup > s.duration / 6)
		s.warmup = s.duration / 6;
	if (s.sc == SC_BURST)
		s.warmup = 0;
	s.rng = s.seed * 0x9e3779b97f4a7c15ULL + 1;
	simulate(&s);
	return 0;
}
