/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_DEPUTY_H
#define _MOSIX_DEPUTY_H

#include <linux/types.h>

struct mosix_admit_info;
struct mosix_task;
struct task_struct;

/*
 * How long `mosctl migrate` waits for the process to take its request
 * up (it does when it next runs, not while it is stopped).  The
 * migration itself is not limited in all: each of its steps is, by the
 * transport's timeouts and by node-failure detection, and a big image
 * on a slow link or kernel may take longer than this in all.
 */
#define MOSIX_MIGRATE_TIMEOUT_MS	120000

int mosix_deputy_migrate(struct task_struct *task, u32 node,
			 const struct mosix_admit_info *admit,
			 const char **reason);
void mosix_deputy_exiting(struct mosix_task *mt, long code);
void mosix_deputy_call_home(struct task_struct *task);
unsigned int mosix_deputy_count(void);
struct mosix_conn;
struct mosix_reattach_info;
void mosix_deputy_reattach(struct mosix_conn *conn, __be32 addr,
			   const struct mosix_reattach_info *info);

#endif /* _MOSIX_DEPUTY_H */
