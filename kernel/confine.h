/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_CONFINE_H
#define _MOSIX_CONFINE_H

#include <linux/errno.h>
#include <linux/types.h>

/* The answer to a process that arrives when its guest cannot be confined. */
#define MOSIX_ECONFINE	ENOMEDIUM

/*
 * Guests run in the cgroup v2 directory open at @dirfd (the caller's
 * descriptor).  Errors, and nothing changes: -EBADF, no such descriptor;
 * -ENOTDIR, not a directory of cgroup v2; or why its cgroup.procs cannot
 * be opened for writing.
 */
int mosix_confine_set(int dirfd);
/* Guests run where the migration daemon runs. */
void mosix_confine_clear(void);
/* The guests' cgroup directory into @buf; its length, 0 when none. */
size_t mosix_confine_path(char *buf, size_t len);
/*
 * The arriving guest (current, before its memory arrives) becomes the
 * OOM killer's first choice and joins the guests' cgroup.
 * -MOSIX_ECONFINE when the cgroup cannot take it: it is then not to run
 * here.
 */
int mosix_confine_guest(void);

#endif /* _MOSIX_CONFINE_H */
