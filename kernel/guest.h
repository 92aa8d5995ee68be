/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_GUEST_H
#define _MOSIX_GUEST_H

#include <linux/types.h>

struct mosix_admit_info;
struct mosix_chunk_hello;
struct mosix_conn;
struct mosix_task;

/*
 * Guests run as this user and group on the node that hosts them: one no
 * local process has, so that only root may signal a guest there (not
 * nobody, 65534, which local daemons and sudo -u nobody share).  In the
 * range systemd leaves unused (1879048192-2147483647, below the values
 * that are negative as signed numbers); Documentation/security.md.
 */
#define MOSIX_GUEST_UID		2147483646

struct mosix_guest_view {
	pid_t pid;
	u32 home_node;
	u32 home_pid;
	u64 rss;
};

int mosix_guest_arrive(struct mosix_conn *conn, __be32 peer,
		       const struct mosix_chunk_hello *hello);
int mosix_guest_view_at(unsigned long index, struct mosix_guest_view *view);
unsigned int mosix_guest_count(void);
void mosix_guest_send_home(struct mosix_task *mt);
void mosix_guest_ask_move(struct mosix_task *mt, u32 node,
			  const struct mosix_admit_info *admit);
void mosix_guest_send_all_home(void);
void mosix_guest_exiting(struct mosix_task *mt, long code);

#endif /* _MOSIX_GUEST_H */
