/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_POLICY_H
#define _MOSIX_POLICY_H

#include <linux/types.h>

struct task_struct;

u32 mosix_policy(void);
void mosix_policy_change(u32 set, u32 clear);
int mosix_policy_pin(struct task_struct *task, bool pin);
bool mosix_policy_pinned(struct task_struct *task);
void mosix_policy_task_exit(struct task_struct *task);
void mosix_policy_expel(void);
void mosix_policy_bring(void);

#endif /* _MOSIX_POLICY_H */
