/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_SELF_H
#define _MOSIX_SELF_H

#include <linux/types.h>
#include "node.h"

struct task_struct;

void mosix_self_init(void);
u32 mosix_self_id(void);
int mosix_self_set(const u32 *id, const __be32 *addr, const u32 *speed);
u32 mosix_runnable_user(const struct task_struct *skip);
void mosix_self_sample(void);
bool mosix_self_next_info(struct mosix_load_info *info);
void mosix_self_view(struct mosix_node_view *view);
u32 mosix_self_decayed_load(void);
u32 mosix_self_load_now(void);
void mosix_self_left(const struct task_struct *p);
u32 mosix_self_decay(void);
void mosix_self_set_decay(u32 keep_permille);

#endif /* _MOSIX_SELF_H */
