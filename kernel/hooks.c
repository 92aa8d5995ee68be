// SPDX-License-Identifier: GPL-2.0
/*
 * The hooks that core kernel code calls (include/linux/mosix.h), but
 * for the guest's syscall entry, which guest.c owns: a task's migration
 * state through fork and exit, /proc/PID/mosix, and who may look into a
 * guest's /proc/PID/.
 */
#include <linux/mosix.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include "deputy.h"
#include "guest.h"
#include "migrate.h"
#include "policy.h"
#include "task.h"

void mosix_task_forked(struct task_struct *p)
{
	p->mosix = NULL;
	clear_task_syscall_work(p, MOSIX);
}

void mosix_task_exiting(long code)
{
	struct mosix_task *mt = current->mosix;

	mosix_policy_task_exit(current);
	if (!mt)
		return;
	if (mt->role == MOSIX_ROLE_GUEST)
		mosix_guest_exiting(mt, code);
	else if (mt->role == MOSIX_ROLE_DEPUTY)
		mosix_deputy_exiting(mt, code);
	mosix_task_detach();
}

static const char *const state_names[] = {
	[MOSIX_PROC_HOME] = "home",
	[MOSIX_PROC_AWAY] = "away",
	[MOSIX_PROC_GUEST] = "guest",
};

int mosix_proc_show(struct seq_file *m, struct pid_namespace *ns,
		    struct pid *pid, struct task_struct *task)
{
	struct mosix_proc_info info;

	mosix_migrate_info(task, &info);
	seq_printf(m, "state:\t%s\n", state_names[info.state]);
	seq_printf(m, "node:\t%u\n", info.node);
	seq_printf(m, "migrations:\t%u\n", info.migrations);
	if (info.home_pid)
		seq_printf(m, "home_pid:\t%u\n", info.home_pid);
	seq_printf(m, "pinned:\t%u\n", info.pinned);
	if (info.reason)
		seq_printf(m, "cannot_migrate:\t%s\n", info.reason);
	return 0;
}

/*
 * A guest's /proc/PID/ is as with hidepid=2: listed, but only those who
 * may ptrace it (root: no local user has its uid, and it is not
 * dumpable) may look inside, not even at its command line.
 */
bool mosix_proc_private(struct task_struct *task)
{
	return mosix_task_is_guest(task);
}
