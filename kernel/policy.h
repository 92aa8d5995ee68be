/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_POLICY_H
#define _MOSIX_POLICY_H

#include <linux/types.h>

struct task_struct;

struct mosix_balancer_tunables {
	bool enabled;
	u32 interval_ms;
	u32 stability;
	u32 mem_low;
	bool services;		/* it moves system services too */
};

u32 mosix_policy(void);
/* Set, then clear policy bits; returns the policy before. */
u32 mosix_policy_change(u32 set, u32 clear);
int mosix_policy_pin(struct task_struct *task, bool pin);
bool mosix_policy_pinned(struct task_struct *task);
void mosix_policy_task_exit(struct task_struct *task);
void mosix_policy_balancer(struct mosix_balancer_tunables *t);
/* Each tunable whose pointer is not NULL. */
void mosix_policy_set_balancer(const bool *enabled, const u32 *interval_ms,
			       const u32 *stability, const u32 *mem_low,
			       const bool *services);
/* A system service: root's process, or one of systemd's system.slice. */
bool mosix_policy_is_service(struct task_struct *task);

#endif /* _MOSIX_POLICY_H */
