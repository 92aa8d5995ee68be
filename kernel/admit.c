// SPDX-License-Identifier: GPL-2.0
/*
 * Admission: whether this node takes a process another node sends.  A
 * process the balancer sends comes with the figures it was chosen by;
 * this node checks them against its own load of the moment (and of
 * the processes still arriving), with the same decision code
 * (decide.c) as the sender.  Moves a user asked for are not checked.
 */
#include <linux/mosix.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include "admit.h"
#include "decide.h"
#include "cost.h"
#include "decode.h"
#include "messages.h"
#include "node.h"
#include "policy.h"
#include "self.h"
#include "stats.h"

/*
 * Processes admitted whose state is still coming in.  The lock makes
 * each admission see the ones before it; taken by arriving guests
 * (process context) only.
 */
static DEFINE_SPINLOCK(arrivals_lock);
static unsigned int arriving;	/* under arrivals_lock */

int mosix_admit_arrival(const struct mosix_admit_info *a)
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

	mosix_policy_balancer(&t);
	mosix_bal_params_default(&params);
	params.stability = t.stability;
	params.mem_low = t.mem_low;
	params.syscall_us = mosix_cost_call_us(&measured);
	mosix_self_view(&view);
	mosix_node_to_bal(&view, &self);
	self.accepts = 1;	/* the caller checked the block policy */
	spin_lock(&arrivals_lock);
	if (a->reason != MOSIX_ADMIT_USER) {
		/*
		 * Its load now (the caller, this process to be, aside) and
		 * that of the processes still arriving, or the decayed load
		 * if higher: other nodes may have sent work that their
		 * news of this node did not show yet.
		 */
		load = mosix_self_load_now() +
		       arriving * mosix_bal_contrib(MOSIX_BAL_CPU_FULL, &self);
		self.load = max(mosix_self_decayed_load(), load);
		yes = mosix_balance_admit(&self, &proc, &c, &params);
	}
	if (yes)
		arriving++;
	spin_unlock(&arrivals_lock);
	if (yes)
		return 0;
	mosix_stats_count(MOSIX_STAT_ADMIT_REFUSED);
	pr_info_ratelimited("mosix: refused a balancer's move: load here %u.%03u, its cost there %u, here %u (%u calls/s at %u us), free memory %llu MiB\n",
			    self.load / MOSIX_LOAD_SCALE,
			    self.load % MOSIX_LOAD_SCALE, a->src_cost,
			    mosix_balance_admit_cost(&self, &proc, &params),
			    a->syscalls_per_s, params.syscall_us,
			    self.mem_free >> 20);
	return -MOSIX_EADMIT;
}

void mosix_admit_arrived(void)
{
	spin_lock(&arrivals_lock);
	if (!WARN_ON_ONCE(!arriving))
		arriving--;
	spin_unlock(&arrivals_lock);
}
