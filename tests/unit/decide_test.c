// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the balancer's decision logic (kernel/decide.c). */
#include <linux/mosix.h>
#include "messages.h"
#include "loadcalc.h"
#include "decide.h"
#include <stdlib.h>
#include "tap.h"

#define GB (1ULL << 30)
#define MB (1ULL << 20)

static struct mosix_bal_params P;

/* A node with one reference CPU, plenty of free memory, up, open. */
static struct mosix_bal_node node(u32 id, u32 load)
{
	struct mosix_bal_node n = {
		.id = id, .load = load, .speed = MOSIX_SPEED_STD, .cpus = 1,
		.mem_free = 8 * GB, .mem_total = 16 * GB,
		.up = 1, .accepts = 1,
	};

	return n;
}

/* A local, CPU-bound process that has run for a minute. */
static struct mosix_bal_proc proc(u32 pid, u32 home)
{
	struct mosix_bal_proc p = {
		.pid = pid, .cpu = MOSIX_BAL_CPU_FULL, .age_ms = 60000,
		.syscalls_per_s = 0, .rss = 10 * MB, .home = home,
	};

	return p;
}

static struct mosix_bal_choice ch;

static int choose(const struct mosix_bal_node *self,
		  const struct mosix_bal_node *nodes, int n,
		  const struct mosix_bal_proc *procs, int np)
{
	return mosix_balance_choose(self, nodes, n, procs, np, &P, &ch);
}

/* One proc, self with @self_load, one target with @t_load: moves? */
static int moves1(u32 self_load, struct mosix_bal_node t,
		  struct mosix_bal_proc pr)
{
	struct mosix_bal_node s = node(1, self_load);

	return choose(&s, &t, 1, &pr, 1);
}

static void test_defaults(void)
{
	struct mosix_bal_params p;

	memset(&p, 0xff, sizeof(p));
	mosix_bal_params_default(&p);
	CHECK(p.stability == MOSIX_BAL_STABILITY && p.stability > 1000,
	      "default stability is a margin above 1.000");
	CHECK(p.min_age_ms && p.min_cpu && p.max_syscalls && p.bandwidth &&
	      p.mem_low && p.max_age_ms && !p.lstay && !p.stay,
	      "defaults set every tunable, stay and lstay off");
}

static void test_contrib(void)
{
	struct mosix_bal_node n = node(1, 0);

	CHECK(mosix_bal_contrib(MOSIX_BAL_CPU_FULL, &n) == MOSIX_LOAD_SCALE,
	      "a CPU-bound process adds 1.000 to a reference CPU");
	CHECK(mosix_bal_contrib(512, &n) == 500, "half a CPU adds 0.500");
	CHECK(mosix_bal_contrib(5000, &n) == MOSIX_LOAD_SCALE,
	      "a CPU share above full counts as full");
	n.cpus = 2;
	CHECK(mosix_bal_contrib(1024, &n) == 500, "two CPUs halve it");
	n.cpus = 1;
	n.speed = 2 * MOSIX_SPEED_STD;
	CHECK(mosix_bal_contrib(1024, &n) == 500, "a CPU twice as fast halves it");
	n.speed = 0;
	n.cpus = 0;
	CHECK(mosix_bal_contrib(1024, &n) == MOSIX_LOAD_SCALE,
	      "speed 0 and 0 CPUs count as one reference CPU");
}

static void test_load_rule(void)
{
	struct mosix_bal_node t = node(2, 0), fast = node(2, 0);
	struct mosix_bal_proc pr = proc(100, 1);

	CHECK(moves1(2000, t, pr) && ch.pid == 100 && ch.target == 2 &&
	      ch.reason == MOSIX_BAL_LOAD,
	      "2 processes on one CPU: one moves to an idle node");
	CHECK(ch.src_cost == 2000 && ch.dst_cost == 1000,
	      "costs: 2.000 here, 1.000 there (got %u %u)",
	      ch.src_cost, ch.dst_cost);
	t.load = 1000;
	CHECK(!moves1(2000, t, pr),
	      "2 here, 1 there: no move (it would be 2 there)");
	CHECK(moves1(3000, t, pr) && ch.target == 2,
	      "3 here, 1 there: a move (2 there < 3 / 1.3)");
	t.load = 1400;
	CHECK(!moves1(2600, t, pr),
	      "2.6 here, 1.4 there: 2.4 * 1.3 > 2.6, no move");
	CHECK(!moves1(1000, node(2, 0), pr),
	      "a process alone on its CPU does not move to an equal idle node");
	t = node(2, 0);
	t.speed = MOSIX_SPEED_STD / 2;
	CHECK(!moves1(1000, t, pr), "nor to a slower idle node");
	t.load = 0;
	CHECK(!moves1(2000, t, pr),
	      "2 on a reference CPU: not to a CPU half as fast (no gain)");
	fast.speed = 2 * MOSIX_SPEED_STD;
	CHECK(moves1(1000, fast, pr) && ch.dst_cost == 500,
	      "a process alone moves to an idle node twice as fast");
	fast.load = 500;
	CHECK(!moves1(1000, fast, pr),
	      "but not if that node already runs one process per CPU");
	fast.speed = 4 * MOSIX_SPEED_STD;
	fast.load = 250;
	CHECK(!moves1(1000, fast, pr),
	      "a process with a CPU of its own does not crowd a node even "
	      "4 times as fast");
	CHECK(moves1(1001, fast, pr),
	      "one that shares its CPU here does");
	fast.cpus = 4;
	fast.load = 1000;	/* 8 processes on 4 fast CPUs */
	CHECK(moves1(3000, fast, pr),
	      "multi-CPU target: judged per CPU (1.25 there vs 3 here)");
}

static void test_multicpu(void)
{
	struct mosix_bal_node s = node(1, 500), t = node(2, 0);
	struct mosix_bal_proc pr[2] = { proc(100, 1), proc(101, 1) };

	s.cpus = 4;
	t.cpus = 4;
	CHECK(!choose(&s, &t, 1, pr, 2),
	      "2 processes on 4 CPUs have a CPU each: nothing moves");
	s.load = 1500;		/* 6 on 4 CPUs */
	CHECK(choose(&s, &t, 1, pr, 2) && ch.target == 2,
	      "6 processes on 4 CPUs: one moves to an idle 4-CPU node");
	s.cpus = 8;
	t.cpus = 8;
	s.load = 750;		/* 6 on 8 CPUs: each has a CPU */
	CHECK(choose(&s, &t, 1, pr, 2) && ch.target == 2 &&
	      ch.src_cost == ch.dst_cost,
	      "6 on 8 CPUs, an idle 8-CPU node: one moves to even the loads");
	s.load = 500;
	t.load = 250;
	CHECK(!choose(&s, &t, 1, pr, 2),
	      "4 here, 2 there: even enough (3 * 1.3 > 3)");
	s = node(1, 1000);
	s.speed = 2 * MOSIX_SPEED_STD;	/* 2 on a fast CPU */
	t = node(2, 0);
	t.speed = MOSIX_SPEED_STD / 2;
	t.cpus = 8;			/* many idle slow CPUs */
	CHECK(!choose(&s, &t, 1, pr, 2),
	      "not to a slow node with idle CPUs: loads would even, but it "
	      "would run slower there (and be sent back)");
}

static void test_targets(void)
{
	struct mosix_bal_node s = node(1, 3000), t[4];
	struct mosix_bal_proc pr = proc(100, 1);

	t[0] = node(2, 0);
	t[0].up = 0;
	t[1] = node(3, 0);
	t[1].accepts = 0;
	t[2] = node(4, 0);
	t[2].age_ms = P.max_age_ms + 1;
	t[3] = node(1, 0);	/* this node, in the table */
	CHECK(!choose(&s, t, 4, &pr, 1),
	      "no move to a node down, blocked, stale, or to itself");
	t[2].age_ms = P.max_age_ms;
	CHECK(choose(&s, t, 4, &pr, 1) && ch.target == 4,
	      "information exactly max_age old is still used");
	t[2].id = 0;
	CHECK(!choose(&s, t, 4, &pr, 1), "an entry with id 0 is ignored");

	t[0] = node(5, 0);
	t[0].mem_free = pr.rss;
	CHECK(!choose(&s, t, 1, &pr, 1),
	      "no move to a node that would be short of memory after it");
	t[0].mem_free = pr.rss + t[0].mem_total / 1000 * P.mem_low;
	CHECK(choose(&s, t, 1, &pr, 1),
	      "a node that keeps exactly its reserve takes it");
	t[0].mem_free = pr.rss - 1;
	t[0].mem_total = 0;
	CHECK(!choose(&s, t, 1, &pr, 1), "nor one with less free than rss");
}

/* CPU classes: a process goes only where its home's CPU and vDSO are. */
static void test_cpu_fit(void)
{
	const u64 v2 = 0x7f, avx2 = 1ULL << MOSIX_CPU_AVX2;
	struct mosix_bal_node s = node(1, 3000), t = node(2, 0);
	struct mosix_bal_proc pr = proc(100, 1);

	s.cpu_features = t.cpu_features = v2 | avx2;
	s.vdso = t.vdso = pr.vdso = 0xabcd;
	pr.cpu_needs = v2 | avx2;
	CHECK(choose(&s, &t, 1, &pr, 1) && ch.target == 2,
	      "a node with the same CPU class and vDSO takes the process");
	t.cpu_features = v2;
	CHECK(!choose(&s, &t, 1, &pr, 1),
	      "no move to a node without a feature of its home's CPU (AVX2)");
	t.cpu_features = MOSIX_CPU_ALL;
	CHECK(choose(&s, &t, 1, &pr, 1), "a node with more features takes it");
	t.vdso = 0xabce;
	CHECK(!choose(&s, &t, 1, &pr, 1), "no move to another vDSO build");
	t.vdso = 0;
	t.cpu_features = 0;
	CHECK(!choose(&s, &t, 1, &pr, 1),
	      "nor to a node whose CPU is not known yet");
	/* A guest from an older CPU goes home or on to any newer one. */
	pr = proc(100, 3);
	pr.guest = 1;
	pr.cpu_needs = v2;
	pr.vdso = 0xabcd;
	t = node(3, 0);
	t.cpu_features = 0;
	t.vdso = 0;
	CHECK(choose(&s, &t, 1, &pr, 1) && ch.target == 0 &&
	      ch.reason == MOSIX_BAL_HOME,
	      "home takes its own back, whatever the table says of its CPU");
}

static void test_process_filters(void)
{
	struct mosix_bal_node t = node(2, 0);
	struct mosix_bal_proc pr = proc(100, 1);
	struct mosix_bal_params saved = P;

	pr.age_ms = P.min_age_ms - 1;
	CHECK(!moves1(3000, t, pr), "a young process stays");
	pr = proc(100, 1);
	pr.cpu = P.min_cpu - 1;
	CHECK(!moves1(3000, t, pr), "a process that is not CPU-bound stays");
	pr = proc(100, 1);
	pr.pinned = 1;
	CHECK(!moves1(3000, t, pr), "a pinned process stays");
	pr = proc(100, 1);
	pr.syscalls_per_s = P.max_syscalls + 1;
	CHECK(!moves1(3000, t, pr), "a chatty process stays");
	pr = proc(0, 1);
	CHECK(!moves1(3000, t, pr), "pid 0 is ignored");
	pr = proc(100, 1);
	P.lstay = 1;
	CHECK(!moves1(3000, t, pr), "lstay: a local process stays");
	pr.guest = 1;
	pr.home = 9;
	CHECK(moves1(3000, t, pr) && ch.target == 2,
	      "lstay: a guest still moves on");
	P = saved;
	P.stay = 1;
	CHECK(!moves1(3000, t, pr), "stay: nothing moves");
	P = saved;
}

static void test_transfer_cost(void)
{
	struct mosix_bal_node t = node(2, 0);
	struct mosix_bal_proc pr = proc(100, 1);

	/* 2 -> 1: the remaining 2 s would become 1 s, saving 1 s. */
	pr.age_ms = 2000;
	pr.rss = P.bandwidth * 2;	/* 2 s to transfer */
	CHECK(!moves1(2000, t, pr),
	      "a move that saves less than its transfer time is not made");
	pr.age_ms = 5000;		/* saves 2.5 s */
	CHECK(moves1(2000, t, pr), "a longer-running one pays off and moves");
	pr.rss = ~0ULL;
	pr.age_ms = ~0U;
	t.mem_free = ~0ULL;
	t.mem_total = ~0ULL;
	CHECK(!moves1(2000, t, pr), "huge rss: no overflow, no move");
}

static void test_profit_order(void)
{
	struct mosix_bal_node s = node(1, 3000), t[3];
	struct mosix_bal_proc pr[3] = { proc(300, 1), proc(200, 1),
					proc(100, 1) };

	t[0] = node(7, 0);
	t[1] = node(5, 0);
	t[2] = node(6, 500);
	pr[0].age_ms = 120000;	/* oldest: most to gain */
	CHECK(choose(&s, t, 3, pr, 3) && ch.pid == 300,
	      "the process with the most to gain moves (the oldest)");
	CHECK(ch.target == 5,
	      "to the best target; ties to the lowest node id (got %u)",
	      ch.target);
	pr[0].age_ms = 60000;
	CHECK(choose(&s, t, 3, pr, 3) && ch.pid == 100,
	      "equal profit: the lowest pid moves");
	pr[2].rss = 500 * MB;
	CHECK(choose(&s, t, 3, pr, 3) && ch.pid == 200,
	      "the transfer cost counts: a smaller process wins");
	pr[0].cpu = 600;
	pr[1].cpu = 600;
	pr[2].cpu = 1024;
	pr[2].rss = 10 * MB;
	CHECK(choose(&s, t, 3, pr, 3) && ch.pid == 100,
	      "the CPU-bound process gains most");
	t[1].speed = 3 * MOSIX_SPEED_STD;
	CHECK(choose(&s, t, 3, pr, 3) && ch.target == 5,
	      "the fastest idle node is the best target");
}

static void test_guests(void)
{
	struct mosix_bal_node s = node(1, 1000), t[2];
	struct mosix_bal_proc g = proc(100, 3);

	g.guest = 1;
	t[0] = node(3, 0);	/* its home, idle */
	t[1] = node(4, 0);
	t[0].accepts = 0;	/* home takes its own back even if blocked */
	CHECK(choose(&s, t, 2, &g, 1) && ch.target == 0 &&
	      ch.reason == MOSIX_BAL_HOME,
	      "a guest alone here goes home when home is idle");
	g.rss = 4 * GB;		/* 40 s of transfer, 60 s of age */
	CHECK(choose(&s, t, 2, &g, 1) && ch.target == 0,
	      "even when the transfer does not pay off");
	g.rss = 10 * MB;
	t[0].load = 1000;
	CHECK(!choose(&s, t, 2, &g, 1),
	      "but not when home is busy (and the other node no better)");
	t[0].load = 0;
	t[0].up = 0;
	CHECK(!choose(&s, t, 2, &g, 1), "nor when home is down");
	t[0].up = 1;
	g.age_ms = P.min_age_ms - 1;
	CHECK(!choose(&s, t, 2, &g, 1), "a guest that just arrived stays");
	g.age_ms = 60000;

	s.load = 3000;
	t[0].load = 3000;
	CHECK(choose(&s, t, 2, &g, 1) && ch.target == 4 &&
	      ch.reason == MOSIX_BAL_LOAD,
	      "a guest on a busy node, home busy: it moves on");
	s.load = 1000;
	t[0].load = 1300;
	t[0].load = 200;
	g.syscalls_per_s = 10000;	/* 1 s per s forwarded */
	CHECK(choose(&s, t, 2, &g, 1) && ch.target == 0 &&
	      ch.reason == MOSIX_BAL_HOME && ch.src_cost == 2000 &&
	      ch.dst_cost == 1200,
	      "a chatty guest goes home although home is a bit busier");
	g.syscalls_per_s = 5000;
	CHECK(!choose(&s, t, 2, &g, 1),
	      "not if it gains less than the stability margin (1.2 vs 1.5)");
	t[0].load = 3000;
	CHECK(!choose(&s, t, 2, &g, 1),
	      "a chatty guest does not move on, nor home when home is busy");
	g.syscalls_per_s = 0;
	g.cpu = 0;
	CHECK(!choose(&s, t, 2, &g, 1),
	      "a sleeping guest does not go home to a busy home");
	t[0].load = 0;
	CHECK(choose(&s, t, 2, &g, 1) && ch.target == 0,
	      "but does when home is idle");
	g = proc(100, 1);
	g.guest = 1;
	CHECK(!choose(&s, t, 2, &g, 1),
	      "a guest whose home is this node is inconsistent: stays");
}

static void test_memory(void)
{
	struct mosix_bal_node s = node(1, 500), t[3];
	struct mosix_bal_proc pr[3] = { proc(100, 1), proc(101, 1),
					proc(102, 1) };

	s.mem_free = s.mem_total / 20;		/* 5 % free */
	t[0] = node(2, 0);
	t[0].mem_free = 4 * GB;		/* 2.4 GB above its reserve */
	t[1] = node(3, 2000);
	t[1].mem_free = 15 * GB;
	t[2] = node(4, 0);
	t[2].mem_free = 1 * GB;
	pr[0].rss = 1 * GB;
	pr[1].rss = 6 * GB;
	pr[2].rss = 2 * GB;
	pr[1].age_ms = 10;	/* young and idle: memory moves anyway */
	pr[1].cpu = 0;
	CHECK(choose(&s, t, 3, pr, 3) && ch.reason == MOSIX_BAL_MEMORY &&
	      ch.pid == 101 && ch.target == 3,
	      "short of memory: the largest process goes where it fits");
	t[1].mem_free = 5 * GB;
	CHECK(choose(&s, t, 3, pr, 3) && ch.pid == 102 && ch.target == 2,
	      "the largest that fits anywhere, to the least loaded that fits");
	pr[2].pinned = 1;
	CHECK(choose(&s, t, 3, pr, 3) && ch.pid == 100 && ch.target == 2,
	      "a pinned process is not moved for memory");
	t[0].mem_free = 2 * GB;
	t[1].mem_free = 2 * GB;
	t[2].mem_free = 2 * GB;
	s.load = 3000;
	pr[0].rss = 4 * GB;
	pr[1].rss = 4 * GB;
	pr[2].pinned = 0;
	pr[2].rss = 0;
	CHECK(choose(&s, t, 3, pr, 3) && ch.reason == MOSIX_BAL_LOAD &&
	      ch.pid == 102,
	      "nothing to move for memory: load balancing goes on");
	s.mem_free = s.mem_total / 2;
	pr[2].rss = 10 * MB;
	CHECK(choose(&s, t, 3, pr, 3) && ch.reason == MOSIX_BAL_LOAD,
	      "not short of memory: no memory move");
	P.mem_low = 0;
	s.mem_free = 0;
	CHECK(choose(&s, t, 3, pr, 3) && ch.reason == MOSIX_BAL_LOAD,
	      "mem_low 0 disables ushering");
	mosix_bal_params_default(&P);
}

/* Home moves a process to T; T must not send it back under any view. */
static int reverse_chosen(struct mosix_bal_node s, struct mosix_bal_node t,
			  struct mosix_bal_proc pr, u32 home)
{
	struct mosix_bal_node tself = t, sview = s;
	struct mosix_bal_proc moved = pr;

	tself.load += mosix_bal_contrib(pr.cpu, &t);
	sview.load -= mosix_bal_contrib(pr.cpu, &s) < s.load ?
		      mosix_bal_contrib(pr.cpu, &s) : s.load;
	sview.mem_free += pr.rss;
	moved.guest = home != t.id;
	moved.home = home;
	if (!choose(&tself, &sview, 1, &moved, 1))
		return 0;
	return ch.target == s.id || (ch.target == 0 && home == s.id);
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u32 rnd32(void *ctx)
{
	u64 *s = ctx ? ctx : &rng_state;

	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (u32)(*s >> 32);
}

static u32 rndn(u32 n)
{
	return n ? rnd32(NULL) % n : 0;
}

static void test_no_ping_pong(void)
{
	static const u32 speeds[] = { 0, 5000, 10000, 13000, 20000, 40000 };
	static const u32 cpus[] = { 0, 1, 2, 3, 4, 8, 64 };
	struct mosix_bal_node s, t;
	struct mosix_bal_proc pr;
	int i, forward = 0, back = 0;

	s = node(1, 3000);
	t = node(2, 0);
	pr = proc(100, 1);
	CHECK(choose(&s, &t, 1, &pr, 1) && !reverse_chosen(s, t, pr, 1),
	      "3 on S, 0 on T: one moves to T; T does not send it back");

	for (i = 0; i < 200000; i++) {
		s = node(1, rndn(8000));
		t = node(2, rndn(8000));
		s.speed = speeds[rndn(6)];
		t.speed = speeds[rndn(6)];
		s.cpus = cpus[rndn(7)];
		t.cpus = cpus[rndn(7)];
		pr = proc(100, 1);
		pr.cpu = P.min_cpu + rndn(900);
		pr.syscalls_per_s = rndn(P.max_syscalls + 1);
		pr.rss = rndn(100) * MB;
		if (rndn(2)) {	/* a guest of node 3 */
			pr.guest = 1;
			pr.home = 3;
		}
		if (!choose(&s, &t, 1, &pr, 1))
			continue;
		forward++;
		back += reverse_chosen(s, t, pr, pr.guest ? 3 : 1);
		back += reverse_chosen(s, t, pr, 2);	/* moved home */
	}
	CHECK(forward > 1000 && back == 0,
	      "random steady loads: %d moves, %d reverse moves", forward, back);
}

static void test_admit(void)
{
	struct mosix_bal_node s = node(1, 3000), t = node(2, 0);
	struct mosix_bal_proc pr = proc(100, 1);
	u32 calls, call_us;

	CHECK(choose(&s, &t, 1, &pr, 1), "S sends to T");
	CHECK(mosix_balance_admit(&t, &pr, &ch, &P),
	      "T, as idle as S believed, admits it");
	t.load = 2000;
	CHECK(!mosix_balance_admit(&t, &pr, &ch, &P),
	      "T, loaded meanwhile, refuses it");
	CHECK(mosix_balance_admit_cost(&t, &pr, &P) >= ch.src_cost,
	      "and the cost it names is no better than S's (%u, %u)",
	      mosix_balance_admit_cost(&t, &pr, &P), ch.src_cost);
	t.load = 0;
	calls = pr.syscalls_per_s;
	call_us = P.syscall_us;
	pr.syscalls_per_s = P.max_syscalls;
	P.syscall_us = 100000;
	CHECK(!mosix_balance_admit(&t, &pr, &ch, &P) &&
	      mosix_balance_admit_cost(&t, &pr, &P) > ch.src_cost,
	      "an idle T refuses it when its calls home would cost more");
	pr.syscalls_per_s = calls;
	P.syscall_us = call_us;
	CHECK(mosix_balance_admit_cost(&t, &pr, &P) <= ch.src_cost,
	      "idle T: its cost there is S's figure or better");
	CHECK(!mosix_balance_admit_cost(NULL, &pr, &P), "NULL: cost 0");
	t.accepts = 0;
	CHECK(!mosix_balance_admit(&t, &pr, &ch, &P), "a blocked T refuses");
	t.accepts = 1;
	t.mem_free = pr.rss;
	CHECK(!mosix_balance_admit(&t, &pr, &ch, &P),
	      "a T that would be short of memory refuses");
	t = node(2, 5000);
	pr.home = 2;
	CHECK(mosix_balance_admit(&t, &pr, &ch, &P),
	      "home always takes its own back");
	pr.home = 1;
	ch.reason = MOSIX_BAL_MEMORY;
	CHECK(mosix_balance_admit(&t, &pr, &ch, &P),
	      "a memory move needs only memory");
	ch.reason = 77;
	CHECK(!mosix_balance_admit(&t, &pr, &ch, &P), "an unknown reason: no");
	CHECK(!mosix_balance_admit(NULL, &pr, &ch, &P), "NULL: no");

	s = node(1, 750);	/* 6 on 8 CPUs */
	s.cpus = 8;
	t = node(2, 0);
	t.cpus = 8;
	CHECK(choose(&s, &t, 1, &pr, 1) && ch.src_rest == 625,
	      "a move that evens loads carries the load left behind");
	CHECK(mosix_balance_admit(&t, &pr, &ch, &P),
	      "the target, still idle, admits it");
	t.load = 375;
	CHECK(!mosix_balance_admit(&t, &pr, &ch, &P),
	      "the target, with 3 more meanwhile, refuses it");
}

static void test_account(void)
{
	struct mosix_bal_node s = node(1, 4000), t[2] = { node(2, 0),
							   node(3, 0) };
	struct mosix_bal_proc pr[4] = { proc(100, 1), proc(101, 1),
					proc(102, 1), proc(103, 1) };
	u32 targets[4];
	int np = 4, moves = 0;

	while (choose(&s, t, 2, pr, np) && moves < 4) {
		targets[moves++] = ch.target;
		np = mosix_balance_account(&s, t, 2, pr, np, &ch);
	}
	CHECK(moves == 2 && np == 2 && targets[0] != targets[1],
	      "4 on S, 2 idle nodes: one to each, then it stops (%d moves)",
	      moves);
	CHECK(s.load == 2000 && t[0].load == 1000 && t[1].load == 1000,
	      "the view follows the moves");
	CHECK(s.mem_free == 8 * GB + 20 * MB && t[0].mem_free == 8 * GB - 10 * MB,
	      "memory follows too");
	ch.pid = 999;
	CHECK(mosix_balance_account(&s, t, 2, pr, np, &ch) == np,
	      "an unknown pid changes nothing");
	CHECK(mosix_balance_account(NULL, t, 2, pr, np, &ch) == np &&
	      mosix_balance_account(&s, t, 2, pr, -1, &ch) == 0,
	      "bad arguments are safe");
}

static void test_edges(void)
{
	struct mosix_bal_node s = node(1, 3000), t[3];
	struct mosix_bal_proc pr = proc(100, 1);

	t[0] = node(2, 0);
	CHECK(!choose(&s, t, 0, &pr, 1), "no nodes: no move");
	CHECK(!choose(&s, t, 1, &pr, 0), "no processes: no move");
	CHECK(!choose(&s, t, -5, &pr, -1), "negative counts: no move");
	CHECK(!choose(NULL, t, 1, &pr, 1) && !choose(&s, NULL, 1, &pr, 1) &&
	      !choose(&s, t, 1, NULL, 1) &&
	      !mosix_balance_choose(&s, t, 1, &pr, 1, NULL, &ch) &&
	      !mosix_balance_choose(&s, t, 1, &pr, 1, &P, NULL),
	      "NULL arguments: no move");
	t[0].up = 0;
	t[1] = node(3, 0);
	t[1].up = 0;
	CHECK(!choose(&s, t, 2, &pr, 1) && ch.pid == 0 && ch.target == 0,
	      "all nodes down: no move, choice cleared");
	t[0] = node(2, 5000);
	t[1] = node(3, 9000);
	CHECK(!choose(&s, t, 2, &pr, 1), "all nodes loaded: no move");
	t[0] = s;
	CHECK(!choose(&s, t, 1, &pr, 1), "n = 1, only this node: no move");
	s.load = MOSIX_LOAD_MAX;
	t[0] = node(2, MOSIX_LOAD_MAX - 1);
	t[1] = node(3, 0xffffffffU);
	CHECK(!choose(&s, t, 2, &pr, 1),
	      "huge loads: no overflow into a move");
	t[1] = node(3, 0);
	CHECK(choose(&s, t, 2, &pr, 1) && ch.target == 3,
	      "maximal load here, an idle node: a move");
	s = node(1, 3000);
	s.speed = 0;
	s.cpus = 0;
	t[0] = node(2, 0);
	t[0].speed = 0;
	t[0].cpus = 0;
	CHECK(choose(&s, t, 1, &pr, 1) && ch.dst_cost == 1000,
	      "speed 0 / 0 CPUs: treated as one reference CPU");
	pr.age_ms = ~0U;
	pr.syscalls_per_s = ~0U;
	pr.cpu = ~0U;
	CHECK(!choose(&s, t, 1, &pr, 1), "maximal fields: chatty, stays");
	P.stability = 0;
	pr = proc(100, 1);
	CHECK(choose(&s, t, 1, &pr, 1) && ch.target == 2,
	      "stability below 1000 counts as 1000");
	t[0].load = 1000;
	s.load = 2000;
	CHECK(!choose(&s, t, 1, &pr, 1),
	      "even then an equal outcome does not move");
	P.bandwidth = 0;
	P.max_age_ms = 0;
	t[0] = node(2, 0);
	t[0].age_ms = ~0U;
	CHECK(choose(&s, t, 1, &pr, 1),
	      "bandwidth 0 is the default; max_age 0 means any age");
	mosix_bal_params_default(&P);
}

/* Random inputs: the choice is always a valid process and target. */
static void test_random(void)
{
	struct mosix_bal_node s, nodes[12];
	struct mosix_bal_proc procs[10], *pr;
	int i, j, k, n, np, moves = 0, bad = 0;

	for (i = 0; i < 100000; i++) {
		s = node(1 + rndn(3), rndn(2) ? rndn(10000) : rnd32(NULL));
		s.speed = rndn(3) ? rndn(40000) : rnd32(NULL);
		s.cpus = rndn(3) ? rndn(16) : rnd32(NULL);
		s.mem_total = rndn(4) ? (u64)rndn(64) * GB : ~0ULL;
		s.mem_free = s.mem_total / (1 + rndn(50));
		n = rndn(13);
		for (j = 0; j < n; j++) {
			nodes[j] = node(rndn(8), rndn(2) ? rndn(10000) :
						 rnd32(NULL));
			nodes[j].speed = rndn(4) ? rndn(40000) : rnd32(NULL);
			nodes[j].cpus = rndn(4) ? rndn(16) : rnd32(NULL);
			nodes[j].up = rndn(5) != 0;
			nodes[j].accepts = rndn(5) != 0;
			nodes[j].age_ms = rndn(2 * P.max_age_ms);
			nodes[j].mem_total = rndn(4) ? (u64)rndn(64) * GB : ~0ULL;
			nodes[j].mem_free = rndn(8) ?
				nodes[j].mem_total / (1 + rndn(4)) :
				((u64)rnd32(NULL) << 32 | rnd32(NULL));
		}
		np = rndn(11);
		for (j = 0; j < np; j++) {
			procs[j] = proc(j + 1, 1 + rndn(5));
			procs[j].pid = rndn(20) ? (u32)j + 1 : 0;
			procs[j].cpu = rndn(2000);
			procs[j].age_ms = rndn(2) ? rndn(100000) : rnd32(NULL);
			procs[j].syscalls_per_s = rndn(4) ? rndn(3000) :
							    rnd32(NULL);
			procs[j].rss = rndn(4) ? rndn(10000) * MB :
				       ((u64)rnd32(NULL) << 32 | rnd32(NULL));
			procs[j].guest = rndn(2);
			procs[j].pinned = rndn(6) == 0;
			if (!procs[j].guest)
				procs[j].home = s.id;
		}
		P.lstay = rndn(8) == 0;
		if (!choose(&s, nodes, n, procs, np)) {
			bad += ch.pid || ch.target || ch.reason;
			continue;
		}
		moves++;
		for (pr = NULL, j = 0; j < np; j++)
			if (procs[j].pid == ch.pid && !procs[j].pinned) {
				pr = &procs[j];
				break;
			}
		if (!pr || !ch.pid || ch.reason < MOSIX_BAL_LOAD ||
		    ch.reason > MOSIX_BAL_HOME || (!pr->guest && P.lstay)) {
			bad++;
			continue;
		}
		k = ch.target ? (int)ch.target : (int)pr->home;
		for (j = 0; j < n; j++)
			if (nodes[j].id == (u32)k && nodes[j].up &&
			    nodes[j].age_ms <= P.max_age_ms &&
			    (nodes[j].accepts || !ch.target))
				break;
		j = j == n || k == (int)s.id || (!ch.target && !pr->guest) ||
		    (ch.target && pr->guest && ch.target == pr->home);
		if (j && getenv("DEBUG"))
			printf("# bad %u -> %u (%u) self %u guest %u home %u\n",
			       ch.pid, ch.target, ch.reason, s.id, pr->guest,
			       pr->home);
		bad += j;
	}
	P.lstay = 0;
	CHECK(moves > 1000 && bad == 0,
	      "100000 random inputs: %d moves, %d invalid", moves, bad);
}

static void test_gossip_pick(void)
{
	u32 out[64], count[10] = { 0 }, sets[1024] = { 0 };
	u64 bad_state = 0;
	int i, j, ok = 1, trials = 300000, nsets = 0;
	double chi = 0, e;

	CHECK(mosix_gossip_pick(5, 9, rnd32, NULL, out) == 5 &&
	      out[0] == 0 && out[4] == 4, "k >= n: every peer");
	CHECK(mosix_gossip_pick(0, 3, rnd32, NULL, out) == 0, "n = 0: none");
	CHECK(mosix_gossip_pick(5, 0, rnd32, NULL, out) == 0, "k = 0: none");
	CHECK(mosix_gossip_pick(5, 2, NULL, NULL, out) == 0 &&
	      mosix_gossip_pick(5, 2, rnd32, NULL, NULL) == 0,
	      "NULL arguments: none");
	for (i = 0; i < trials; i++) {
		if (mosix_gossip_pick(10, 3, rnd32, NULL, out) != 3)
			ok = 0;
		for (j = 0; j < 3; j++) {
			ok &= out[j] < 10;
			count[out[j]]++;
		}
		ok &= out[0] != out[1] && out[0] != out[2] && out[1] != out[2];
		sets[(1 << out[0]) | (1 << out[1]) | (1 << out[2])]++;
	}
	CHECK(ok, "3 of 10: always 3 distinct peers in range");
	e = trials * 3 / 10.0;
	for (i = 0; i < 10; i++)
		chi += (count[i] - e) * (count[i] - e) / e;
	CHECK(chi < 27.9, "each peer equally likely (chi2 %.1f, 9 df)", chi);
	e = trials / 120.0;
	chi = 0;
	for (i = 0; i < 1024; i++) {
		if (!sets[i])
			continue;
		nsets++;
		chi += (sets[i] - e) * (sets[i] - e) / e;
	}
	CHECK(nsets == 120 && chi < 173.6,
	      "each of the 120 sets equally likely (%d seen, chi2 %.1f, 119 df)",
	      nsets, chi);
	ok = 1;
	for (i = 0; i < 1000; i++) {
		u32 n = 1 + rndn(2000), k = rndn(20), got;

		got = mosix_gossip_pick(n, k, rnd32, NULL, out);
		ok &= got == (k < n ? k : n);
		for (j = 0; j < (int)got; j++) {
			ok &= out[j] < n;
			for (u32 m = 0; m < (u32)j; m++)
				ok &= out[m] != out[j];
		}
	}
	CHECK(ok, "random n and k: the right count, all in range");
	CHECK(mosix_gossip_pick(1000, 8, rnd32, &bad_state, out) == 8,
	      "a broken random source (always 0) still terminates");
	ok = 1;
	for (i = 0; i < 8; i++)
		for (j = 0; j < i; j++)
			ok &= out[i] != out[j];
	CHECK(ok, "and still gives distinct peers");
}

static void test_gossip_vector(void)
{
	struct mosix_bal_node v[4], in[4], out[4];
	int n = 0;

	in[0] = node(2, 100);
	in[0].age_ms = 500;
	in[1] = node(3, 200);
	in[1].age_ms = 100;
	in[2] = node(1, 300);	/* this node: ignored */
	in[3] = node(0, 300);	/* no id: ignored */
	n = mosix_gossip_merge(v, n, 4, in, 4, 1);
	CHECK(n == 2 && v[0].id == 2 && v[1].id == 3,
	      "merge: new nodes are added, this node and id 0 are not");
	in[0].age_ms = 900;
	in[0].load = 7;
	n = mosix_gossip_merge(v, n, 4, in, 1, 1);
	CHECK(n == 2 && v[0].load == 100, "older information is ignored");
	in[0].age_ms = 50;
	n = mosix_gossip_merge(v, n, 4, in, 1, 1);
	CHECK(v[0].load == 7 && v[0].age_ms == 50,
	      "younger information replaces older");
	in[0] = node(4, 0);
	in[0].age_ms = 1000;
	in[1] = node(5, 0);
	in[1].age_ms = 2000;
	n = mosix_gossip_merge(v, n, 4, in, 2, 1);
	CHECK(n == 4, "the vector fills up");
	in[0] = node(6, 0);
	in[0].age_ms = 3000;
	n = mosix_gossip_merge(v, n, 4, in, 1, 1);
	CHECK(n == 4 && v[3].id == 5, "full: an older entry does not get in");
	in[0].age_ms = 10;
	n = mosix_gossip_merge(v, n, 4, in, 1, 1);
	CHECK(n == 4 && v[3].id == 6, "full: a younger one replaces the oldest");

	CHECK(mosix_gossip_window(v, n, 0, out, 2) == 2 && out[0].id == 6 &&
	      out[1].id == 2, "window: the youngest first");
	CHECK(mosix_gossip_window(v, n, 0, out, 4) == 4 && out[3].id == 4,
	      "window of the whole vector: sorted by age");
	CHECK(mosix_gossip_window(v, n, 60, out, 4) == 2,
	      "window: too old entries are left out");
	CHECK(mosix_gossip_window(v, n, 0, out, 0) == 0 &&
	      mosix_gossip_window(NULL, n, 0, out, 2) == 0,
	      "window: w = 0 or NULL gives nothing");

	n = mosix_gossip_tick(v, n, 900, 1000);
	CHECK(n == 3 && v[0].age_ms == 950 && v[2].id == 6,
	      "tick: entries age, too old ones go (got %d)", n);
	v[0].age_ms = 0xfffffff0U;
	n = mosix_gossip_tick(v, n, 100, 0);
	CHECK(n == 3 && v[0].age_ms == 0xffffffffU, "tick: ages saturate");
	CHECK(mosix_gossip_merge(NULL, 0, 4, in, 1, 1) == 0 &&
	      mosix_gossip_merge(v, 0, 0, in, 1, 1) == 0,
	      "merge into nothing: nothing");
}

/*
 * Of two jobs crowding this node, the one that would forward fewer
 * calls is sent away, at the measured cost of a call; at the old fixed
 * 100 us the chatty one, older, wins.
 */
static void test_call_cost(void)
{
	struct mosix_bal_params saved = P;
	struct mosix_bal_node s = node(1, 2000), t[2] = { node(2, 0),
							    node(3, 0) };
	struct mosix_bal_proc pr[2] = { proc(10, 1), proc(11, 1) };

	pr[0].syscalls_per_s = 400;	/* a line every 2.5 ms */
	pr[0].age_ms = 64000;		/* older: more to gain, on its own */
	P.syscall_us = 100;
	CHECK(choose(&s, t, 2, pr, 2) && ch.pid == 10,
	      "calls at 100 us: the older, chatty job moves (got pid %u)",
	      ch.pid);
	P.syscall_us = 1000;
	CHECK(choose(&s, t, 2, pr, 2) && ch.pid == 11,
	      "calls at 1 ms: the quiet job moves (got pid %u)", ch.pid);
	s.load = 1000;
	CHECK(!choose(&s, t, 1, pr, 1),
	      "calls at 1 ms: the chatty job alone stays (+40%% away)");
	P = saved;
}

static void test_history(void)
{
	CHECK(mosix_bal_share(0, 0) == 0 && mosix_bal_share(5, 0) == 0,
	      "share: no time, no share");
	CHECK(mosix_bal_share(1000, 1000) == MOSIX_BAL_CPU_FULL &&
	      mosix_bal_share(2000, 1000) == MOSIX_BAL_CPU_FULL,
	      "share: always busy is full, and never more");
	CHECK(mosix_bal_share(250000000, 1000000000) == 256,
	      "share: a quarter of the time is a quarter (got %u)",
	      mosix_bal_share(250000000, 1000000000));
	CHECK(mosix_bal_share(1, 1000000000) == 0,
	      "share: a nanosecond in a second is nothing");
	CHECK(mosix_bal_share(~0ULL / 2, ~0ULL) == 512,
	      "share: huge times do not overflow (got %u)",
	      mosix_bal_share(~0ULL / 2, ~0ULL));
	CHECK(mosix_bal_rate(400, 1000000000) == 400 &&
	      mosix_bal_rate(100, 250000000) == 400,
	      "rate: calls per second");
	CHECK(mosix_bal_rate(7, 0) == 0, "rate: no time, no rate");
	CHECK(mosix_bal_own_rate(400, 2000000000, 1000000000) == 400,
	      "own rate: half the time waiting, twice the rate");
	CHECK(mosix_bal_own_rate(400, 1000000000, 0) == 400 &&
	      mosix_bal_own_rate(100, 1000000000, 5000000000ULL) == 1000,
	      "own rate: no wait; a wait longer than the time counts 9/10");
	CHECK(mosix_bal_own_rate(5, 0, 0) == 0, "own rate: no time, no rate");
	CHECK(mosix_bal_rate(~0ULL, 1) == 0xffffffffU &&
	      mosix_bal_rate(1ULL << 40, 1000) == 0xffffffffU,
	      "rate: saturates instead of overflowing");
}

int main(void)
{
	mosix_bal_params_default(&P);
	test_defaults();
	test_contrib();
	test_load_rule();
	test_multicpu();
	test_targets();
	test_cpu_fit();
	test_process_filters();
	test_transfer_cost();
	test_profit_order();
	test_guests();
	test_memory();
	test_no_ping_pong();
	test_admit();
	test_account();
	test_edges();
	test_random();
	test_gossip_pick();
	test_gossip_vector();
	test_history();
	test_call_cost();
	return tap_exit();
}
