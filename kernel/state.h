/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_STATE_H
#define _MOSIX_STATE_H

#include <linux/signal_types.h>
#include <linux/types.h>

struct mosix_admit_info;
struct mosix_wire_attrs;
struct pt_regs;
struct mosix_conn;
struct task_struct;

/* Why a task cannot migrate, or NULL when it can. */
const char *mosix_state_unmovable(struct task_struct *task);
/* The same as an enum mosix_why (0 when it can), and a reason's words. */
u32 mosix_state_unmovable_why(struct task_struct *task);
const char *mosix_state_why(u32 why);
void mosix_state_restart_regs(struct pt_regs *regs);
int mosix_state_hello(struct mosix_conn *conn, u32 home_node, u32 home_pid,
		      u32 nr_migrations, const u8 *token,
		      const struct mosix_admit_info *admit);
int mosix_state_send(struct mosix_conn *conn, const struct pt_regs *regs,
		     int stop);
int mosix_state_receive(struct mosix_conn *conn, u64 *ax);
void mosix_state_drop_memory(void);
bool mosix_state_in_vdso(const struct pt_regs *regs);
void mosix_state_save_attrs(struct mosix_wire_attrs *a);
void mosix_state_apply_attrs(const struct mosix_wire_attrs *a);

u32 mosix_state_sigchld_how(__sighandler_t handler, unsigned long flags);

#endif /* _MOSIX_STATE_H */
