/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_MIGRATE_H
#define _MOSIX_MIGRATE_H

#include <linux/types.h>

struct task_struct;

int mosix_migrate(struct task_struct *task, u32 node, const char **reason);

#endif /* _MOSIX_MIGRATE_H */
