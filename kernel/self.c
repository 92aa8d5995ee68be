// SPDX-License-Identifier: GPL-2.0
/*
 * This node: its identity (id, address, speed), taken from the kernel
 * command line (mosix.id=, mosix.addr=, mosix.speed=) or set through
 * netlink, and its own load, sampled periodically.
 */
#include <linux/cpumask.h>
#include <linux/inet.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mosix.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include "cpu.h"
#include "loadcalc.h"
#include "messages.h"
#include "policy.h"
#include "self.h"

static unsigned int param_id;
module_param_named(id, param_id, uint, 0444);
MODULE_PARM_DESC(id, "this node's id, 1..65535");

static char *param_addr;
module_param_named(addr, param_addr, charp, 0444);
MODULE_PARM_DESC(addr, "this node's IPv4 address in the cluster");

static unsigned int param_speed = MOSIX_SPEED_STD;
module_param_named(speed, param_speed, uint, 0444);
MODULE_PARM_DESC(speed, "relative CPU speed, 10000 for the reference CPU");

/*
 * Guards self: taken with bottom halves off, as the load is read by
 * the datagram path in softirq, and written by the sampling work and
 * netlink in process context.
 */
static DEFINE_SPINLOCK(self_lock);
static u32 load_keep = MOSIX_LOAD_KEEP_DEFAULT;

/* Per mille of the load kept at each sample: the decay tunable. */
u32 mosix_self_decay(void)
{
	return READ_ONCE(load_keep);
}

void mosix_self_set_decay(u32 keep_permille)
{
	WRITE_ONCE(load_keep, keep_permille);
}

static struct {
	u32 id;
	__be32 addr;
	u32 speed;
	u32 epoch;
	u64 seq;
	u32 decayed;		/* runnable processes, decayed */
	u32 runnable;		/* at the last sample */
} self;

void mosix_self_init(void)
{
	__be32 addr = 0;

	if (param_id > MOSIX_NODE_ID_MAX) {
		pr_err("mosix: mosix.id=%u out of range 1..%u, ignored\n",
		       param_id, MOSIX_NODE_ID_MAX);
		param_id = 0;
	}
	if (param_addr && !in4_pton(param_addr, -1, (u8 *)&addr, -1, NULL)) {
		pr_err("mosix: mosix.addr=%s is not an IPv4 address, ignored\n",
		       param_addr);
		addr = 0;
	}
	if (param_speed < 1 || param_speed > MOSIX_SPEED_MAX) {
		pr_err("mosix: mosix.speed=%u out of range 1..%u, ignored\n",
		       param_speed, MOSIX_SPEED_MAX);
		param_speed = MOSIX_SPEED_STD;
	}
	self.id = param_id;
	self.addr = addr;
	self.speed = param_speed;
	self.epoch = get_random_u32() | 1;
}

u32 mosix_self_id(void)
{
	return READ_ONCE(self.id);
}

/* Any of the pointers may be NULL: that field stays as it is. */
int mosix_self_set(const u32 *id, const __be32 *addr, const u32 *speed)
{
	spin_lock_bh(&self_lock);
	if (id)
		WRITE_ONCE(self.id, *id);
	if (addr)
		self.addr = *addr;
	if (speed)
		self.speed = *speed;
	spin_unlock_bh(&self_lock);
	return 0;
}

/*
 * The threads of user processes on a run queue now (running or waiting
 * for a CPU), @skip aside.  Kernel threads are left out: the balancer
 * cannot move them, and one woken behind a busy process stays runnable
 * until that one's slice ends, which would make a node with one job
 * look busier than it is (Documentation/balancer.md, "Kernel threads do
 * not count").  A walk of all threads, done every MOSIX_INFO_INTERVAL_MS,
 * per balancer round and once per arriving process: about 11
 * instructions a thread (Documentation/benchmarks.md, section 6).
 */
u32 mosix_runnable_user(const struct task_struct *skip)
{
	struct task_struct *g, *t;
	u32 n = 0;

	rcu_read_lock();
	for_each_process_thread(g, t)
		if (t != skip && !(t->flags & PF_KTHREAD) && READ_ONCE(t->on_rq))
			n++;
	rcu_read_unlock();
	return n;
}

void mosix_self_sample(void)
{
	u32 runnable = mosix_runnable_user(NULL);

	spin_lock_bh(&self_lock);
	self.decayed = mosix_load_decay(self.decayed, runnable,
					READ_ONCE(load_keep));
	self.runnable = min_t(u32, runnable, MOSIX_LOAD_MAX / MOSIX_LOAD_SCALE);
	spin_unlock_bh(&self_lock);
}

/*
 * A process has just left this node (migrated away, gone home or on):
 * take its share out of the decayed load at once.  Otherwise the load
 * stays up for the decay's seconds after a departure, and this node's
 * balancer, and the nodes that hear its load, judge by work no longer
 * here; a moment's crowd of short commands, counted by the runnable count
 * now that caps the balancer's view, then made the decayed load look real
 * and sent a node's last job after the ones that had just left.
 */
void mosix_self_left(const struct task_struct *p)
{
	unsigned long share = READ_ONCE(p->se.avg.runnable_avg);

	share = min_t(unsigned long, share, SCHED_CAPACITY_SCALE);
	share = share * MOSIX_LOAD_SCALE / SCHED_CAPACITY_SCALE;
	spin_lock_bh(&self_lock);
	self.decayed -= min_t(u32, self.decayed, share);
	spin_unlock_bh(&self_lock);
}

/*
 * The load this node announces: the decayed load, but at least the
 * processes runnable at the last sample.  A load that falls does so
 * smoothly; one that rises shows at once, so that nodes deciding on
 * gossip do not all send work to a node that has just received some
 * while its decayed load is still catching up.
 */
static void fill_info_locked(struct mosix_load_info *info)
{
	u32 load = max_t(u32, self.decayed, self.runnable * MOSIX_LOAD_SCALE);

	lockdep_assert_held(&self_lock);
	info->sender = self.id;
	info->epoch = self.epoch;
	info->seq = self.seq;
	info->speed = self.speed;
	info->cpus = num_online_cpus();
	info->load = mosix_load_normalise(load, info->speed, info->cpus);
}

/*
 * The normalised load of the user threads runnable now, the caller
 * aside (the process that is arriving, for admission).
 */
u32 mosix_self_load_now(void)
{
	u32 running = mosix_runnable_user(current);
	u32 speed;

	running = min_t(u32, running, MOSIX_LOAD_MAX / MOSIX_LOAD_SCALE);
	spin_lock_bh(&self_lock);
	speed = self.speed;
	spin_unlock_bh(&self_lock);
	return mosix_load_normalise(running * MOSIX_LOAD_SCALE, speed,
				    num_online_cpus());
}

/* The decayed load alone, normalised: what the balancer judges by. */
u32 mosix_self_decayed_load(void)
{
	u32 load;

	spin_lock_bh(&self_lock);
	load = mosix_load_normalise(self.decayed, self.speed,
				    num_online_cpus());
	spin_unlock_bh(&self_lock);
	return load;
}

/* What needs no lock: memory, the block policy, the CPU. */
static void fill_counts(struct mosix_load_info *info)
{
	struct sysinfo si;

	info->cpu_features = mosix_cpu_features();
	info->vdso = mosix_cpu_vdso();

	si_meminfo(&si);
	info->mem_total = (u64)si.totalram * si.mem_unit;
	info->mem_free = (u64)si_mem_available() * PAGE_SIZE;
	if (info->mem_free > info->mem_total)
		info->mem_free = info->mem_total;
	info->flags = mosix_policy() & MOSIX_POLICY_BLOCK ? MOSIX_LOAD_BLOCKED : 0;
}

/* The next load message to send; false while this node has no id. */
bool mosix_self_next_info(struct mosix_load_info *info)
{
	bool ready;

	spin_lock_bh(&self_lock);
	ready = self.id != 0;
	if (ready) {
		self.seq++;
		fill_info_locked(info);
	}
	spin_unlock_bh(&self_lock);
	if (ready)
		fill_counts(info);
	return ready;
}

void mosix_self_view(struct mosix_node_view *view)
{
	memset(view, 0, sizeof(*view));
	spin_lock_bh(&self_lock);
	fill_info_locked(&view->info);
	view->id = self.id;
	view->addr = self.addr;
	spin_unlock_bh(&self_lock);
	fill_counts(&view->info);
	view->state = MOSIX_NODE_SELF;
	view->heard = true;
}
