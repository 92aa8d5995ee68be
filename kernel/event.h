/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_EVENT_H
#define _MOSIX_EVENT_H

#include <linux/gfp.h>
#include <linux/types.h>

struct genl_family;

/* The index of the "events" group among the family's multicast groups. */
#define MOSIX_EVENT_MCGRP	0

void mosix_event_init(const struct genl_family *family);

/*
 * Tell the listeners of the "events" group what happened (enum
 * mosix_event in include/uapi/linux/mosix.h).  None of these fails: an
 * event nobody listens to, or that cannot be sent, is dropped.  The
 * process events may sleep; the node events allocate with @gfp.
 */
void mosix_event_node(u8 event, u32 id, __be32 addr, u8 state, gfp_t gfp);
void mosix_event_proc_moved(pid_t pid, u32 from, u32 to);
void mosix_event_proc_returned(pid_t pid, u32 from, u32 to);
void mosix_event_proc_refused(pid_t pid, u32 from, u32 to, int err,
			      const char *reason);
void mosix_event_balancer_move(pid_t pid, bool guest, u32 to, u8 cause,
			       u32 from_load, u32 to_load);

#endif /* _MOSIX_EVENT_H */
