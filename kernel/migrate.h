/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_MIGRATE_H
#define _MOSIX_MIGRATE_H

#include <linux/types.h>

struct task_struct;

/* What `mosctl where` shows of a process. */
struct mosix_proc_info {
	u8 state;		/* enum mosix_proc_state */
	u32 node;
	u32 migrations;
	u32 home_pid;
	bool pinned;
	const char *reason;
};

int mosix_migrate(struct task_struct *task, u32 node, const char **reason);
int mosix_migrate_pin(struct task_struct *task, bool pinned);
void mosix_migrate_expel(void);
void mosix_migrate_bring(void);
void mosix_migrate_call_all_home(void);
void mosix_migrate_info(struct task_struct *task, struct mosix_proc_info *info);

#endif /* _MOSIX_MIGRATE_H */
