/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hooks of the neomosix subsystem in core kernel code.  Each is
 * named after the event that calls it; without CONFIG_MOSIX they
 * compile to nothing.
 */
#ifndef _LINUX_MOSIX_H
#define _LINUX_MOSIX_H

#include <linux/types.h>
#include <uapi/linux/mosix.h>

struct mm_struct;
struct pid;
struct pid_namespace;
struct pt_regs;
struct restart_block;
struct seq_file;
struct task_struct;

#ifdef CONFIG_MOSIX
/* A new task starts with no migration state of its parent. */
void mosix_task_forked(struct task_struct *p);
/* The current task exits with code (as given to do_exit()). */
void mosix_task_exiting(long code);
/* A guest enters a syscall; true when it was handled, result in regs. */
bool mosix_syscall_entered(struct pt_regs *regs, long nr);
/* A guest's syscall returns (what it blocks may concern home). */
void mosix_syscall_exited(struct pt_regs *regs);
/* fs/exec.c: install mm as current's memory, dropping the old one. */
int mosix_exec_mmap(struct mm_struct *mm);
/* /proc/PID/mosix */
int mosix_proc_show(struct seq_file *m, struct pid_namespace *ns,
		    struct pid *pid, struct task_struct *task);
/* /proc/PID/ of task is for those who may ptrace it alone (a guest). */
bool mosix_proc_private(struct task_struct *task);
#else
static inline void mosix_task_forked(struct task_struct *p) { }
static inline void mosix_task_exiting(long code) { }
static inline bool mosix_syscall_entered(struct pt_regs *regs, long nr)
{
	return false;
}

static inline void mosix_syscall_exited(struct pt_regs *regs) { }

static inline bool mosix_proc_private(struct task_struct *task)
{
	return false;
}
#endif

#ifdef CONFIG_MOSIX
/*
 * Core kernel code the subsystem calls (kernel/time/hrtimer.c): whether
 * @restart continues an interrupted nanosleep, and making it one (its
 * nanosleep fields set), so that a sleep moved to another node resumes
 * with the time it has left (kernel/mosix/clock.c).
 */
bool hrtimer_nanosleep_restarts(const struct restart_block *restart);
long hrtimer_nanosleep_set_restart(struct restart_block *restart);
#endif

#endif /* _LINUX_MOSIX_H */
