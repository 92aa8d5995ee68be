// SPDX-License-Identifier: GPL-2.0
/*
 * The state of a migrating process: what is sent and how it is rebuilt.
 * Both run in the context of the process itself, the sender on its way
 * to user mode, the receiver before its first return to user mode.
 * The receiver gives the task new memory (exec_mmap), so a failure
 * half-way leaves nothing of the sender's state behind; the sender
 * keeps its state until the receiver has said yes.
 */
#include <linux/futex.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/personality.h>
#include <linux/seccomp.h>
#include <linux/regset.h>
#include <linux/sched/coredump.h>
#include <linux/sched/deadline.h>
#include <linux/sched/mm.h>
#include <linux/sched/rt.h>
#include <linux/sched/cputime.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <uapi/linux/sched/types.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/fpu/regset.h>
#include <asm/fpu/types.h>
#include <asm/fsgsbase.h>
#include <asm/proto.h>
#include <asm/prctl.h>
#include <asm/vdso.h>
#include "clock.h"
#include "conn.h"
#include "cost.h"
#include "decode.h"
#include "messages.h"
#include "state.h"
#include "task.h"

/* A guest's nice value is never below this: its host's owner first. */
#define MOSIX_GUEST_NICE_MIN	0

/* Flags a process may set in EFLAGS. */
#define USER_EFLAGS (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
		     X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_DF | \
		     X86_EFLAGS_OF | X86_EFLAGS_AC | X86_EFLAGS_ID)

static bool is_vdso(struct vm_area_struct *vma)
{
	unsigned long text = (unsigned long)vma->vm_mm->context.vdso;
	unsigned long vvar = text + vdso_image_64.sym_vvar_start;

	return text && vma->vm_start >= vvar &&
	       vma->vm_end <= text + vdso_image_64.size;
}

/*
 * Whether current is stopped in the vDSO's code.  Its clock readers take
 * what they need from the vvar page in several steps, and where a guest
 * runs a time namespace's page is mapped there (kernel/clock.c): moved
 * in between, the process would add one node's offsets to another
 * node's clock.  Such a process moves a moment later, once out.
 */
bool mosix_state_in_vdso(const struct pt_regs *regs)
{
	unsigned long text = (unsigned long)current->mm->context.vdso;

	return text && regs->ip - text < vdso_image_64.size;
}

/* enum mosix_why in words: refusals carry the number, nodes the words. */
static const char *const why_words[MOSIX_WHY_COUNT] = {
	[MOSIX_WHY_OTHER] = "it cannot move now",
	[MOSIX_WHY_KTHREAD] = "it is a kernel thread",
	[MOSIX_WHY_INIT] = "it is init",
	[MOSIX_WHY_EXITING] = "it is exiting",
	[MOSIX_WHY_REALTIME] = "it has a real-time policy",
	[MOSIX_WHY_TRACED] = "it is being traced",
	[MOSIX_WHY_SECCOMP] = "it is in a seccomp sandbox (its filters stay at home)",
	[MOSIX_WHY_NOT_64BIT] = "it is not a 64-bit process",
	[MOSIX_WHY_THREADS] = "it has threads",
	[MOSIX_WHY_VFORK] = "its memory is its parent's until it execs (vfork)",
	[MOSIX_WHY_NO_MEMORY] = "it has no memory",
	[MOSIX_WHY_SHARED_MM] = "its memory is shared with another task",
	[MOSIX_WHY_NOT_DUMPABLE] = "it is not dumpable (it may hold secrets)",
	[MOSIX_WHY_KILLED] = "it is being killed",
	[MOSIX_WHY_DEVICE] = "it maps a device",
	[MOSIX_WHY_MLOCK] = "it has locked memory (mlock)",
	[MOSIX_WHY_SHARED_MEMORY] = "it has writable shared memory",
	[MOSIX_WHY_HUGETLB] = "it uses huge pages",
};

const char *mosix_state_why(u32 why)
{
	return why < MOSIX_WHY_COUNT && why_words[why] ? why_words[why] :
	       why_words[MOSIX_WHY_OTHER];
}

/* MOSIX_WHY_OTHER (0) if the mapping can move. */
static u32 vma_unmovable(struct vm_area_struct *vma)
{
	if (is_vdso(vma))
		return 0;
	if (vma->vm_flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP))
		return MOSIX_WHY_DEVICE;
	if (vma->vm_flags & VM_LOCKED)
		return MOSIX_WHY_MLOCK;
	if ((vma->vm_flags & VM_SHARED) && (vma->vm_flags & VM_MAYWRITE))
		return MOSIX_WHY_SHARED_MEMORY;
	if (vma->vm_flags & VM_HUGETLB)
		return MOSIX_WHY_HUGETLB;
	return 0;
}

/*
 * Its seccomp filters apply to the calls it makes here; the calls it
 * would make away run on another task (a guest, or its deputy serving
 * them), which they do not follow.  A guest never has any: seccomp and
 * prctl are calls it makes at home.
 */
static bool in_seccomp_sandbox(struct task_struct *task)
{
#ifdef CONFIG_SECCOMP
	return READ_ONCE(task->seccomp.mode) != SECCOMP_MODE_DISABLED;
#else
	return false;
#endif
}

/* Why a task cannot move (enum mosix_why), or 0 when it can. */
u32 mosix_state_unmovable_why(struct task_struct *task)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	u32 why = 0;

	if (task->flags & (PF_KTHREAD | PF_IO_WORKER))
		return MOSIX_WHY_KTHREAD;
	if (is_global_init(task))
		return MOSIX_WHY_INIT;
	if (task->flags & PF_EXITING)
		return MOSIX_WHY_EXITING;
	if (rt_task(task) || dl_task(task))
		return MOSIX_WHY_REALTIME;
	if (task->ptrace)
		return MOSIX_WHY_TRACED;
	if (in_seccomp_sandbox(task))
		return MOSIX_WHY_SECCOMP;
	if (test_tsk_thread_flag(task, TIF_ADDR32) ||
	    task_pt_regs(task)->cs != __USER_CS)
		return MOSIX_WHY_NOT_64BIT;
	if (!thread_group_empty(task))
		return MOSIX_WHY_THREADS;
	if (READ_ONCE(task->vfork_done))
		return MOSIX_WHY_VFORK;

	mm = get_task_mm(task);
	if (!mm)
		return MOSIX_WHY_NO_MEMORY;
	/*
	 * Shared with another process (clone with CLONE_VM): the kernel
	 * marks the mm for good.  Not mm_users, which readers of the
	 * process (/proc, the load information) raise for a moment.  Not
	 * dumpable: it said it holds secrets (a guest never is dumpable,
	 * since its host's users are not its owner: that says nothing).
	 */
	if (test_bit(MMF_MULTIPROCESS, &mm->flags)) {
		why = MOSIX_WHY_SHARED_MM;
	} else if (get_dumpable(mm) != SUID_DUMP_USER &&
		   !mosix_task_is_guest(task)) {
		why = MOSIX_WHY_NOT_DUMPABLE;
	} else if (mmap_read_lock_killable(mm)) {
		why = MOSIX_WHY_KILLED;
	} else {
		VMA_ITERATOR(vmi, mm, 0);

		for_each_vma(vmi, vma) {
			why = vma_unmovable(vma);
			if (why)
				break;
		}
		mmap_read_unlock(mm);
	}
	mmput(mm);
	return why;
}

/* Why a task cannot migrate, in words, or NULL when it can. */
const char *mosix_state_unmovable(struct task_struct *task)
{
	u32 why = mosix_state_unmovable_why(task);

	return why ? mosix_state_why(why) : NULL;
}

/*
 * A task stopped for migration in the middle of an interrupted syscall
 * resumes elsewhere by executing it again, whatever its restart code;
 * but a relative nanosleep by restart_syscall, its end carried along
 * (kernel/clock.c).
 */
void mosix_state_restart_regs(struct pt_regs *regs)
{
	if ((long)regs->orig_ax < 0)
		return;
	switch (regs->ax) {
	case -ERESTART_RESTARTBLOCK:
		/* A relative sleep resumes with the time it has left. */
		if (mosix_clock_sleep_moves()) {
			regs->ax = __NR_restart_syscall;
			regs->ip -= 2;
			regs->orig_ax = -1;
			break;
		}
		fallthrough;
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
		regs->ax = regs->orig_ax;
		regs->ip -= 2;
		regs->orig_ax = -1;
		break;
	}
}

static void save_regs(struct mosix_chunk_task *t, const struct pt_regs *r)
{
	const unsigned long v[MOSIX_NR_REGS] = {
		r->r15, r->r14, r->r13, r->r12, r->bp, r->bx, r->r11, r->r10,
		r->r9, r->r8, r->ax, r->cx, r->dx, r->si, r->di, r->orig_ax,
		r->ip, r->flags, r->sp,
	};
	int i;

	for (i = 0; i < MOSIX_NR_REGS; i++)
		t->regs[i] = cpu_to_le64(v[i]);
	t->fsbase = cpu_to_le64(x86_fsbase_read_task(current));
	t->gsbase = cpu_to_le64(x86_gsbase_read_task(current));
}

static void save_mm(struct mosix_chunk_task *t, struct mm_struct *mm)
{
	const unsigned long v[MOSIX_NR_MM] = {
		mm->start_code, mm->end_code, mm->start_data, mm->end_data,
		mm->start_brk, mm->brk, mm->start_stack, mm->arg_start,
		mm->arg_end, mm->env_start, mm->env_end,
		(unsigned long)mm->context.vdso,
	};
	int i;

	for (i = 0; i < MOSIX_NR_MM; i++)
		t->mm[i] = cpu_to_le64(v[i]);
}

static void save_signals(struct mosix_chunk_task *t)
{
	struct sighand_struct *sighand = current->sighand;
	int i;

	spin_lock_irq(&sighand->siglock);
	for (i = 0; i < MOSIX_NR_SIGNALS; i++) {
		struct sigaction *sa = &sighand->action[i].sa;

		t->action[i].handler = cpu_to_le64((unsigned long)sa->sa_handler);
		t->action[i].flags = cpu_to_le64(sa->sa_flags);
		t->action[i].restorer = cpu_to_le64((unsigned long)sa->sa_restorer);
		t->action[i].mask = cpu_to_le64(sa->sa_mask.sig[0]);
	}
	t->blocked = cpu_to_le64(current->blocked.sig[0]);
	/*
	 * A guest's pending signals go with it.  Those pending at home stay
	 * there, held by the deputy while the process blocks them
	 * (signals.c); they are all blocked: no process leaves home with a
	 * signal to deliver.
	 */
	if (mosix_task_is_guest(current))
		t->pending = cpu_to_le64(current->pending.signal.sig[0] |
					 current->signal->shared_pending.signal.sig[0]);
	else
		t->pending = 0;
	spin_unlock_irq(&sighand->siglock);
	t->altstack_sp = cpu_to_le64(current->sas_ss_sp);
	t->altstack_size = cpu_to_le64(current->sas_ss_size);
	t->altstack_flags = cpu_to_le32(current->sas_ss_flags);
}

/*
 * From a guest going home, the cost of a forwarded call measured on this
 * node (0 if none was); 0 from home.
 */
static u32 call_cost(void)
{
	struct mosix_task *mt = current->mosix;
	u32 us, measured;

	if (!mt || mt->role != MOSIX_ROLE_GUEST)
		return 0;
	us = mosix_cost_call_us(&measured);
	return measured ? min_t(u32, us, MOSIX_CALL_US_MAX) : 0;
}

/*
 * The scheduling and limits of the process, as home has them.  A policy
 * a guest cannot have (real time: only root gives it, while away) is
 * sent as SCHED_NORMAL.
 */
void mosix_state_save_attrs(struct mosix_wire_attrs *a)
{
	struct rlimit rlim[MOSIX_NR_RLIMITS];
	u32 policy = READ_ONCE(current->policy);
	int i;

	if (policy != SCHED_BATCH && policy != SCHED_IDLE)
		policy = SCHED_NORMAL;
	a->policy = cpu_to_le32(policy);
	a->nice = cpu_to_le32((u32)task_nice(current));
	task_lock(current->group_leader);
	memcpy(rlim, current->signal->rlim, sizeof(rlim));
	task_unlock(current->group_leader);
	for (i = 0; i < MOSIX_NR_RLIMITS; i++) {
		a->rlim_cur[i] = cpu_to_le64(rlim[i].rlim_cur);
		a->rlim_max[i] = cpu_to_le64(rlim[i].rlim_max);
	}
}

/*
 * Give a guest the scheduling and limits of checked @a: the policy, the
 * nice value but never above 0 (the person at the host's keyboard comes
 * first), and the limits as they are at home, RLIMIT_CPU counting the
 * process's CPU time on every node (kernel/clock.c).
 */
void mosix_state_apply_attrs(const struct mosix_wire_attrs *a)
{
	struct sched_param param = { .sched_priority = 0 };
	struct rlimit rlim[MOSIX_NR_RLIMITS];
	int nice = (s32)le32_to_cpu(a->nice);
	int i;

	if (sched_setscheduler_nocheck(current, le32_to_cpu(a->policy), &param))
		pr_warn_ratelimited("mosix: guest %d keeps its scheduling policy\n",
				    task_tgid_nr(current));
	set_user_nice(current, max(nice, MOSIX_GUEST_NICE_MIN));
	for (i = 0; i < MOSIX_NR_RLIMITS; i++) {
		rlim[i].rlim_cur = le64_to_cpu(a->rlim_cur[i]);
		rlim[i].rlim_max = le64_to_cpu(a->rlim_max[i]);
	}
	task_lock(current->group_leader);
	memcpy(current->signal->rlim, rlim, sizeof(rlim));
	task_unlock(current->group_leader);
	mosix_clock_arm_rlimit();
}

static void save_task(struct mosix_chunk_task *t, const struct pt_regs *regs)
{
	u64 cpu[3];

	mosix_clock_used(cpu);
	t->utime_ns = cpu_to_le64(cpu[0]);
	t->stime_ns = cpu_to_le64(cpu[1]);
	t->run_ns = cpu_to_le64(cpu[2]);
	t->call_us = cpu_to_le32(call_cost());

	save_regs(t, regs);
	mmap_read_lock(current->mm);
	save_mm(t, current->mm);
	mmap_read_unlock(current->mm);
	save_signals(t);
	mosix_state_save_attrs(&t->attrs);
	t->personality = cpu_to_le32(current->personality);
	t->rseq = cpu_to_le64((unsigned long)current->rseq);
	t->rseq_sig = cpu_to_le32(current->rseq_sig);
	t->robust_list = cpu_to_le64((unsigned long)current->robust_list);
	t->robust_list_len = cpu_to_le64(sizeof(struct robust_list_head));
	t->clear_child_tid = cpu_to_le64((unsigned long)current->clear_child_tid);
	get_task_comm(t->comm, current);
	mosix_clock_save(&t->clocks, regs);
}

struct vma_range {
	unsigned long start, end;
	u32 flags;
};

/* A copy of the VMA list: pages are sent without holding mmap_lock. */
static int snapshot_vmas(struct vma_range **out)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct vma_iterator vmi;
	struct vma_range *r;
	int n = 0, i = 0;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	vma_iter_init(&vmi, mm, 0);
	n = mm->map_count;
	r = kvcalloc(n, sizeof(*r), GFP_KERNEL);
	if (!r) {
		mmap_read_unlock(mm);
		return -ENOMEM;
	}
	for_each_vma(vmi, vma) {
		if (is_vdso(vma) || i == n)
			continue;
		if (vma_unmovable(vma)) {
			mmap_read_unlock(mm);
			kvfree(r);
			return -EPERM;
		}
		r[i].start = vma->vm_start;
		r[i].end = vma->vm_end;
		r[i].flags = (vma->vm_flags & VM_READ ? MOSIX_VMA_READ : 0) |
			     (vma->vm_flags & VM_WRITE ? MOSIX_VMA_WRITE : 0) |
			     (vma->vm_flags & VM_EXEC ? MOSIX_VMA_EXEC : 0) |
			     (vma->vm_flags & VM_GROWSDOWN ? MOSIX_VMA_GROWSDOWN : 0);
		i++;
	}
	mmap_read_unlock(mm);
	*out = r;
	return i;
}

/*
 * Pages go in runs of consecutive addresses, up to MOSIX_PAGES_PER_CHUNK
 * a chunk: one send and one header for many pages, not one each.
 */
struct page_run {
	struct mosix_conn *conn;
	void *buf;
	unsigned long start;
	unsigned int n;
};

static int flush_run(struct page_run *r)
{
	__le64 where = cpu_to_le64(r->start);
	int ret;

	if (!r->n)
		return 0;
	ret = mosix_conn_send(r->conn, MOSIX_CHUNK_PAGE, &where, sizeof(where),
			      r->buf, r->n * PAGE_SIZE);
	r->n = 0;
	return ret;
}

static int send_page(struct page_run *r, unsigned long addr)
{
	struct page *page;
	void *data;
	int ret = 0;

	page = get_dump_page(addr);
	if (!page)
		return flush_run(r);	/* never touched: the receiver's zero page */
	if (r->n && (r->start + r->n * PAGE_SIZE != addr ||
		     r->n == MOSIX_PAGES_PER_CHUNK))
		ret = flush_run(r);
	if (!r->n)
		r->start = addr;
	data = kmap_local_page(page);
	memcpy(r->buf + r->n * PAGE_SIZE, data, PAGE_SIZE);
	kunmap_local(data);
	put_page(page);
	r->n++;
	return ret;
}

/*
 * Everything a state needs that can fail here, gathered before its first
 * chunk goes: what follows can only fail on the connection, or because
 * the process is being killed.
 */
struct state_out {
	struct mosix_chunk_task *task;
	void *fpu;
	struct vma_range *vmas;
	int nr_vmas;
	void *pages;
};

static void free_state(struct state_out *o)
{
	kfree(o->task);
	vfree(o->fpu);
	kvfree(o->vmas);
	kvfree(o->pages);
}

static int gather_state(struct state_out *o, const struct pt_regs *regs,
			int stop)
{
	struct membuf to;
	int ret;

	o->task = kzalloc(sizeof(*o->task), GFP_KERNEL);
	o->fpu = vzalloc(fpu_user_cfg.max_size);
	o->pages = kvmalloc(MOSIX_PAGES_PER_CHUNK * PAGE_SIZE, GFP_KERNEL);
	if (!o->task || !o->fpu || !o->pages)
		return -ENOMEM;
	save_task(o->task, regs);
	if (stop > 0 && stop <= MOSIX_NR_SIGNALS)
		o->task->pending |= cpu_to_le64(BIT_ULL(stop - 1));
	to.p = o->fpu;
	to.left = fpu_user_cfg.max_size;
	ret = xstateregs_get(current, NULL, to);
	if (ret)
		return ret;
	o->nr_vmas = snapshot_vmas(&o->vmas);
	return o->nr_vmas < 0 ? o->nr_vmas : 0;
}

/* The VMAs, then their pages; *killed when a fatal signal stopped it. */
static int send_memory(struct mosix_conn *conn, struct state_out *o,
		       bool *killed)
{
	struct page_run run = { .conn = conn, .buf = o->pages };
	unsigned long addr;
	int i, ret = 0;

	for (i = 0; i < o->nr_vmas && !ret; i++) {
		struct mosix_chunk_vma v = {
			.start = cpu_to_le64(o->vmas[i].start),
			.end = cpu_to_le64(o->vmas[i].end),
			.flags = cpu_to_le32(o->vmas[i].flags),
		};

		ret = mosix_conn_send(conn, MOSIX_CHUNK_VMA, &v, sizeof(v),
				      NULL, 0);
	}
	for (i = 0; i < o->nr_vmas && !ret; i++) {
		for (addr = o->vmas[i].start; addr < o->vmas[i].end && !ret;
		     addr += PAGE_SIZE) {
			ret = send_page(&run, addr);
			if (!ret && fatal_signal_pending(current)) {
				*killed = true;
				ret = -EINTR;
			}
			cond_resched();
		}
		/* A run never spans two VMAs (decode.c checks it). */
		if (!ret)
			ret = flush_run(&run);
	}
	return ret;
}

/*
 * The first chunk of a migration, for the process of home_pid on
 * home_node; token is a move's (from a guest's node), else NULL; admit
 * the balancer's figures, or NULL for a move a user asked for.  Then
 * the target's answer: 0, or why it refuses (an errno).
 */
int mosix_state_hello(struct mosix_conn *conn, u32 home_node, u32 home_pid,
		      u32 nr_migrations, const u8 *token,
		      const struct mosix_admit_info *admit)
{
	struct mosix_chunk_hello hello = {
		.magic = cpu_to_le32(MOSIX_MSG_MAGIC),
		.version = cpu_to_le32(MOSIX_PROTO_VERSION),
		.home_node = cpu_to_le32(home_node),
		.home_pid = cpu_to_le32(home_pid),
		.xfeatures = cpu_to_le64(fpu_user_cfg.max_features),
		.xstate_size = cpu_to_le32(fpu_user_cfg.max_size),
		.nr_migrations = cpu_to_le32(nr_migrations),
		.flags = cpu_to_le32(token ? MOSIX_HELLO_MOVED : 0),
	};
	u64 needs;
	u32 vdso;
	int ret;

	if (token)
		memcpy(hello.token, token, MOSIX_TOKEN_LEN);
	mosix_task_cpu_needs(current, &needs, &vdso);
	hello.cpu.features = cpu_to_le64(needs);
	hello.cpu.vdso = cpu_to_le32(vdso);
	if (admit && admit->reason != MOSIX_ADMIT_USER) {
		hello.admit.reason = cpu_to_le32(admit->reason);
		hello.admit.cpu = cpu_to_le32(admit->cpu);
		hello.admit.rss = cpu_to_le64(admit->rss);
		hello.admit.syscalls_per_s = cpu_to_le32(admit->syscalls_per_s);
		hello.admit.src_cost = cpu_to_le32(admit->src_cost);
		hello.admit.src_rest = cpu_to_le32(admit->src_rest);
	}
	ret = mosix_conn_send(conn, MOSIX_CHUNK_HELLO, &hello, sizeof(hello),
			      NULL, 0);
	return ret ?: mosix_conn_recv_status(conn, MOSIX_CHUNK_ACCEPT);
}

/*
 * Send the whole state of current, with regs as its user registers;
 * stop, if not 0, is a stop signal that counts as pending too.  A state
 * that cannot be sent whole for a reason of this node's (memory, a fatal
 * signal) ends with ABORT instead of END: the receiver, which waits for
 * the state, then answers as for one it refused, and the connection
 * stays in step.  Only a broken connection leaves it cut short.
 */
int mosix_state_send(struct mosix_conn *conn, const struct pt_regs *regs,
		     int stop)
{
	struct state_out o = {};
	bool killed = false;
	int ret;

	ret = gather_state(&o, regs, stop);
	if (ret) {
		free_state(&o);
		mosix_conn_send(conn, MOSIX_CHUNK_ABORT, NULL, 0, NULL, 0);
		return ret;
	}
	ret = mosix_conn_send(conn, MOSIX_CHUNK_TASK, o.task, sizeof(*o.task),
			      NULL, 0);
	if (!ret)
		ret = mosix_conn_send(conn, MOSIX_CHUNK_FPU, o.fpu,
				      fpu_user_cfg.max_size, NULL, 0);
	if (!ret)
		ret = send_memory(conn, &o, &killed);
	if (!ret)
		ret = mosix_conn_send(conn, MOSIX_CHUNK_END, NULL, 0, NULL, 0);
	else if (killed)
		mosix_conn_send(conn, MOSIX_CHUNK_ABORT, NULL, 0, NULL, 0);
	free_state(&o);
	return ret;
}

/*
 * A chunk of the state refused, after all of it was read: say why.
 * -EBADMSG tells mosix_state_receive() that the connection is still in
 * step with the sender, so the rest of the state can be skipped.
 */
static int bad_state(enum mosix_dec why)
{
	pr_warn_ratelimited("mosix: pid %d: migration state rejected: %s\n",
			    task_pid_nr(current), mosix_dec_reason(why));
	return -EBADMSG;
}

static int restore_vma(struct mosix_mem_stream *s,
		       const struct mosix_chunk_vma *v)
{
	unsigned long prot, mapflags, addr;
	enum mosix_dec why;
	u64 start, end;
	u32 flags;

	why = mosix_mem_vma(s, v, &start, &end, &flags);
	if (why)
		return bad_state(why);
	prot = (flags & MOSIX_VMA_READ ? PROT_READ : 0) |
	       (flags & MOSIX_VMA_WRITE ? PROT_WRITE : 0) |
	       (flags & MOSIX_VMA_EXEC ? PROT_EXEC : 0);
	mapflags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
		   (flags & MOSIX_VMA_GROWSDOWN ? MAP_GROWSDOWN : 0);
	addr = vm_mmap(NULL, start, end - start, prot, mapflags, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	return addr == start ? 0 : -EPROTO;
}

/*
 * A run of pages: its address, then 1..MOSIX_PAGES_PER_CHUNK pages;
 * mosix_mem_header() checked len.
 */
static int restore_pages(struct mosix_mem_stream *s, struct mosix_conn *conn,
			 void *buf, u32 len)
{
	size_t size = len - sizeof(__le64);
	enum mosix_dec why;
	u64 addr;
	int ret;

	ret = mosix_conn_recv(conn, buf, len);
	if (ret)
		return ret;
	why = mosix_mem_page(s, buf, len, &addr);
	if (why)
		return bad_state(why);
	/* FOLL_FORCE writes read-only pages, as ptrace does. */
	if (access_remote_vm(current->mm, addr, buf + sizeof(__le64), size,
			     FOLL_WRITE | FOLL_FORCE) != size)
		return -EPROTO;
	return 0;
}

static int restore_memory(struct mosix_conn *conn)
{
	struct mosix_vma_range *vmas;
	struct mosix_mem_stream s;
	struct mosix_chunk_vma vma;
	struct mosix_chunk hdr;
	enum mosix_dec why;
	void *buf;
	u16 type;
	int ret;

	buf = kvmalloc(sizeof(__le64) + MOSIX_PAGES_PER_CHUNK * PAGE_SIZE,
		       GFP_KERNEL);
	vmas = kvmalloc_array(MOSIX_VMAS_MAX, sizeof(*vmas), GFP_KERNEL);
	if (!buf || !vmas) {
		kvfree(buf);
		kvfree(vmas);
		return -ENOMEM;
	}
	mosix_mem_init(&s, TASK_SIZE, vmas, MOSIX_VMAS_MAX);
	for (;;) {
		ret = mosix_conn_next(conn, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
		if (ret)
			break;
		type = le16_to_cpu(hdr.type);
		if (type == MOSIX_CHUNK_ABORT) {
			ret = hdr.length ? -EPROTO : -ECANCELED;
			break;
		}
		why = mosix_mem_header(&s, type, le32_to_cpu(hdr.length));
		if (why) {
			/* Past a refused END there is nothing left to skip. */
			ret = bad_state(why);
			if (type == MOSIX_CHUNK_END)
				ret = -EPROTO;
			else
				ret = mosix_conn_skip(conn, le32_to_cpu(hdr.length)) ?: ret;
			break;
		}
		switch (type) {
		case MOSIX_CHUNK_VMA:
			ret = mosix_conn_recv(conn, &vma, sizeof(vma));
			if (!ret)
				ret = restore_vma(&s, &vma);
			break;
		case MOSIX_CHUNK_PAGE:
			ret = restore_pages(&s, conn, buf, le32_to_cpu(hdr.length));
			break;
		case MOSIX_CHUNK_END:
			ret = 1;
			break;
		}
		if (ret)
			break;
		cond_resched();
	}
	kvfree(vmas);
	kvfree(buf);
	return ret == 1 ? 0 : (ret == -EAGAIN ? -ETIMEDOUT : ret);
}

static int new_mm(void)
{
	struct mm_struct *mm;
	int ret;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	ret = mosix_exec_mmap(mm);
	if (ret) {
		mmput(mm);
		return ret;
	}
	arch_pick_mmap_layout(mm, &current->signal->rlim[RLIMIT_STACK]);
	mm->task_size = TASK_SIZE;
	return 0;
}

/* A deputy's memory is of no use while its guest runs elsewhere. */
void mosix_state_drop_memory(void)
{
	if (new_mm())
		pr_warn_ratelimited("mosix: pid %d keeps its memory at home: no memory for a new map\n",
				    task_tgid_nr(current));
}

/*
 * The restore_*() functions below use fields of a TASK chunk that
 * mosix_check_task() has checked whole (ranges, orders, flags).
 */
static int restore_layout(const struct mosix_chunk_task *t)
{
	struct mm_struct *mm = current->mm;
	unsigned long v[MOSIX_NR_MM];
	int i, ret;

	for (i = 0; i < MOSIX_NR_MM; i++)
		v[i] = le64_to_cpu(t->mm[i]);
	ret = map_vdso_once(&vdso_image_64,
			    v[MOSIX_MM_VDSO] + vdso_image_64.sym_vvar_start);
	if (ret)
		return ret;
	mmap_write_lock(mm);
	mm->start_code = v[MOSIX_MM_START_CODE];
	mm->end_code = v[MOSIX_MM_END_CODE];
	mm->start_data = v[MOSIX_MM_START_DATA];
	mm->end_data = v[MOSIX_MM_END_DATA];
	mm->start_brk = v[MOSIX_MM_START_BRK];
	mm->brk = v[MOSIX_MM_BRK];
	mm->start_stack = v[MOSIX_MM_START_STACK];
	mm->arg_start = v[MOSIX_MM_ARG_START];
	mm->arg_end = v[MOSIX_MM_ARG_END];
	mm->env_start = v[MOSIX_MM_ENV_START];
	mm->env_end = v[MOSIX_MM_ENV_END];
	mmap_write_unlock(mm);
	return 0;
}

static int restore_regs(const struct mosix_chunk_task *t, u64 *ax)
{
	struct pt_regs *regs = task_pt_regs(current);
	unsigned long v[MOSIX_NR_REGS];
	int i;

	for (i = 0; i < MOSIX_NR_REGS; i++)
		v[i] = le64_to_cpu(t->regs[i]);
	regs->r15 = v[MOSIX_REG_R15];
	regs->r14 = v[MOSIX_REG_R14];
	regs->r13 = v[MOSIX_REG_R13];
	regs->r12 = v[MOSIX_REG_R12];
	regs->bp = v[MOSIX_REG_BP];
	regs->bx = v[MOSIX_REG_BX];
	regs->r11 = v[MOSIX_REG_R11];
	regs->r10 = v[MOSIX_REG_R10];
	regs->r9 = v[MOSIX_REG_R9];
	regs->r8 = v[MOSIX_REG_R8];
	regs->ax = v[MOSIX_REG_AX];
	regs->cx = v[MOSIX_REG_CX];
	regs->dx = v[MOSIX_REG_DX];
	regs->si = v[MOSIX_REG_SI];
	regs->di = v[MOSIX_REG_DI];
	regs->ip = v[MOSIX_REG_IP];
	regs->flags = (v[MOSIX_REG_FLAGS] & USER_EFLAGS) | X86_EFLAGS_IF |
		      X86_EFLAGS_FIXED;
	regs->sp = v[MOSIX_REG_SP];
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	*ax = v[MOSIX_REG_AX];

	if (do_arch_prctl_64(current, ARCH_SET_FS, le64_to_cpu(t->fsbase)) ||
	    do_arch_prctl_64(current, ARCH_SET_GS, le64_to_cpu(t->gsbase)))
		return -EPROTO;
	return 0;
}

/*
 * The next part of a state: a chunk of type and len into buf, or
 * -ECANCELED when its sender gave up (ABORT) instead.
 */
static int recv_part(struct mosix_conn *conn, u16 type, void *buf,
		     size_t len)
{
	struct mosix_chunk hdr;
	int ret;

	ret = mosix_conn_next(conn, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
	if (ret)
		return ret == -EAGAIN ? -ETIMEDOUT : ret;
	if (le16_to_cpu(hdr.type) == MOSIX_CHUNK_ABORT)
		return hdr.length ? -EPROTO : -ECANCELED;
	if (le16_to_cpu(hdr.type) != type || le32_to_cpu(hdr.length) != len)
		return -EPROTO;
	return mosix_conn_recv(conn, buf, len);
}

static int restore_fpu(struct mosix_conn *conn)
{
	unsigned int size = fpu_user_cfg.max_size;
	enum mosix_dec why;
	void *buf;
	int ret;

	buf = vmalloc(size);
	if (!buf)
		return -ENOMEM;
	ret = recv_part(conn, MOSIX_CHUNK_FPU, buf, size);
	if (!ret) {
		why = mosix_check_xstate(buf, size, fpu_user_cfg.max_features);
		if (why)
			ret = bad_state(why);
	}
	if (!ret && mosix_fpu_set_current(buf, size))
		ret = -EBADMSG;
	vfree(buf);
	return ret == -EAGAIN ? -ETIMEDOUT : ret;
}

static int restore_signals(const struct mosix_chunk_task *t)
{
	struct k_sigaction ka;
	sigset_t blocked;
	int i, ret;

	for (i = 0; i < MOSIX_NR_SIGNALS; i++) {
		if (i + 1 == SIGKILL || i + 1 == SIGSTOP)
			continue;
		memset(&ka, 0, sizeof(ka));
		ka.sa.sa_handler = (__sighandler_t)(unsigned long)
				   le64_to_cpu(t->action[i].handler);
		ka.sa.sa_flags = le64_to_cpu(t->action[i].flags);
		ka.sa.sa_restorer = (__sigrestore_t)(unsigned long)
				    le64_to_cpu(t->action[i].restorer);
		ka.sa.sa_mask.sig[0] = le64_to_cpu(t->action[i].mask);
		ret = do_sigaction(i + 1, &ka, NULL);
		if (ret)
			return ret;
	}
	/*
	 * A guest starts with the migration daemon's dispositions, which
	 * ignore everything; these two cannot be set otherwise.
	 */
	spin_lock_irq(&current->sighand->siglock);
	current->sighand->action[SIGKILL - 1].sa.sa_handler = SIG_DFL;
	current->sighand->action[SIGSTOP - 1].sa.sa_handler = SIG_DFL;
	spin_unlock_irq(&current->sighand->siglock);
	blocked.sig[0] = le64_to_cpu(t->blocked);
	sigdelsetmask(&blocked, sigmask(SIGKILL) | sigmask(SIGSTOP));
	set_current_blocked(&blocked);

	current->sas_ss_sp = le64_to_cpu(t->altstack_sp);
	current->sas_ss_size = le64_to_cpu(t->altstack_size);
	current->sas_ss_flags = le32_to_cpu(t->altstack_flags) & SS_AUTODISARM;
	return 0;
}

/*
 * Signals that were pending where the process was are raised again;
 * SIGSTOP only at home (a guest stops through its deputy: guest.c).
 */
static void restore_pending(const struct mosix_chunk_task *t, bool home)
{
	u64 pending = le64_to_cpu(t->pending);
	int sig;

	for (sig = 1; sig <= MOSIX_NR_SIGNALS; sig++)
		if ((pending & BIT_ULL(sig - 1)) && sig != SIGKILL &&
		    (sig != SIGSTOP || home))
			send_sig_info(sig, SEND_SIG_PRIV, current);
}

/*
 * At home the scheduling and limits are those the process has there:
 * whatever changed them while it was away changed them at home.
 */
static int restore_misc(const struct mosix_chunk_task *t, bool home)
{
	u64 rseq = le64_to_cpu(t->rseq);
	u32 personality = le32_to_cpu(t->personality);
	char comm[MOSIX_COMM_LEN];

	if (!home)
		mosix_state_apply_attrs(&t->attrs);
	current->personality = personality;
	current->rseq = (struct rseq __user *)(unsigned long)rseq;
	current->rseq_sig = le32_to_cpu(t->rseq_sig);
	if (current->rseq)
		rseq_set_notify_resume(current);
	current->robust_list = (struct robust_list_head __user *)
			       (unsigned long)le64_to_cpu(t->robust_list);
	current->clear_child_tid = (int __user *)
				   (unsigned long)le64_to_cpu(t->clear_child_tid);
	memcpy(comm, t->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	set_task_comm(current, comm);
	return 0;
}

/*
 * A state refused part-way is read up to its END all the same, so that
 * the connection stays in step: a deputy that refuses the state its
 * guest sends goes on serving the guest, which goes on running.
 */
static int skip_state(struct mosix_conn *conn)
{
	struct mosix_chunk hdr;
	int ret;

	for (;;) {
		ret = mosix_conn_next(conn, &hdr, MOSIX_CHUNK_TIMEOUT_MS);
		if (ret)
			return ret == -EAGAIN ? -ETIMEDOUT : ret;
		if (le16_to_cpu(hdr.type) == MOSIX_CHUNK_END ||
		    le16_to_cpu(hdr.type) == MOSIX_CHUNK_ABORT)
			return hdr.length ? -EPROTO : 0;
		ret = mosix_conn_skip(conn, le32_to_cpu(hdr.length));
		if (ret)
			return ret;
		cond_resched();
	}
}

/* The pure decoders (decode.h) hold copies of these kernel constants. */
static inline void check_decode_constants(void)
{
	BUILD_BUG_ON(EPROTO != MOSIX_EPROTO);
	BUILD_BUG_ON(MAX_ERRNO != MOSIX_ERRNO_MAX);
	BUILD_BUG_ON(PID_MAX_LIMIT != MOSIX_PID_MAX);
	BUILD_BUG_ON(PAGE_SIZE != MOSIX_PAGE_SIZE);
	BUILD_BUG_ON(SIGKILL != MOSIX_SIGKILL || SIGSTOP != MOSIX_SIGSTOP);
	BUILD_BUG_ON(_NSIG != MOSIX_NR_SIGNALS);
	BUILD_BUG_ON(RLIM_NLIMITS != MOSIX_NR_RLIMITS);
	BUILD_BUG_ON(SCHED_NORMAL != MOSIX_SCHED_NORMAL);
	BUILD_BUG_ON(SCHED_BATCH != MOSIX_SCHED_BATCH);
	BUILD_BUG_ON(SCHED_IDLE != MOSIX_SCHED_IDLE);
	BUILD_BUG_ON(MIN_NICE != MOSIX_NICE_MIN || MAX_NICE != MOSIX_NICE_MAX);
	BUILD_BUG_ON(sizeof(struct fxregs_state) != MOSIX_XSAVE_HDR_OFFSET);
	BUILD_BUG_ON(sizeof(struct fxregs_state) +
		     sizeof(struct xstate_header) != MOSIX_XSAVE_MIN);
	BUILD_BUG_ON(XFEATURE_MASK_FPSSE != MOSIX_XFEATURES_FP_SSE);
	BUILD_BUG_ON(UAPI_SA_FLAGS != MOSIX_SA_FLAGS);
	BUILD_BUG_ON(SIG_DFL != (__sighandler_t)MOSIX_SIG_DFL);
	BUILD_BUG_ON(SIG_IGN != (__sighandler_t)MOSIX_SIG_IGN);
	BUILD_BUG_ON(SS_ONSTACK != MOSIX_SS_ONSTACK);
	BUILD_BUG_ON(SS_DISABLE != MOSIX_SS_DISABLE);
	BUILD_BUG_ON(SS_AUTODISARM != MOSIX_SS_AUTODISARM);
	BUILD_BUG_ON(PER_MASK != MOSIX_PER_MASK);
	BUILD_BUG_ON(PER_LINUX);
	BUILD_BUG_ON((UNAME26 | ADDR_NO_RANDOMIZE | FDPIC_FUNCPTRS |
		      MMAP_PAGE_ZERO | ADDR_COMPAT_LAYOUT | READ_IMPLIES_EXEC |
		      ADDR_LIMIT_32BIT | SHORT_INODE | WHOLE_SECONDS |
		      STICKY_TIMEOUTS | ADDR_LIMIT_3GB) != MOSIX_PER_FLAGS);
	BUILD_BUG_ON(((u64)X86_EFLAGS_IOPL | X86_EFLAGS_VM |
		      ~((u64)X86_EFLAGS_ID * 2 - 1)) != MOSIX_EFLAGS_NEVER);
	BUILD_BUG_ON(sizeof(struct robust_list_head) != MOSIX_ROBUST_LIST_LEN);
	BUILD_BUG_ON(sizeof(struct rseq) != MOSIX_RSEQ_SIZE);
	BUILD_BUG_ON(DEFAULT_MAX_MAP_COUNT != MOSIX_VMAS_MAX);
}

/*
 * Rebuild the state sent by mosix_state_send() into current, which
 * gets new memory.  *ax is the sender's rax, for a caller whose return
 * path overwrites it.
 */
int mosix_state_receive(struct mosix_conn *conn, u64 *ax)
{
	struct mosix_clock_arrival arrival;
	struct mosix_chunk_task *t;
	enum mosix_dec why;
	bool home;
	int ret;

	check_decode_constants();

	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	/*
	 * in_x32_syscall() reads bit 30 of orig_ax, so with
	 * CONFIG_X86_X32_ABI (as Debian has it) the -1 of "no syscall"
	 * reads as an x32 call: do_sigaction() would mark every handler
	 * SA_X32_ABI (x32 signal frames, and a state the next node
	 * refuses), mmap would take its 32-bit paths.  While the kernel
	 * rebuilds the task, orig_ax is a 64-bit call's; -1 at the end.
	 */
	task_pt_regs(current)->orig_ax = 0;
	ret = recv_part(conn, MOSIX_CHUNK_TASK, t, sizeof(*t));
	mosix_clock_arrival(&arrival);
	/* All of it is checked before anything of the task changes. */
	if (!ret) {
		why = mosix_check_task(t, sizeof(*t), TASK_SIZE);
		if (why)
			ret = bad_state(why);
	}
	if (!ret)
		ret = restore_fpu(conn);
	if (!ret)
		ret = new_mm();
	if (!ret)
		ret = restore_memory(conn);
	if (!ret)
		ret = restore_layout(t);
	if (!ret)
		ret = restore_regs(t, ax);
	if (!ret)
		ret = restore_signals(t);
	/* At home (a guest has no mosix_task yet)? */
	home = current->mosix;
	if (!ret)
		ret = restore_misc(t, home);
	/* At home, what it did away counts. */
	if (!ret && home)
		ret = mosix_clock_add_cputime(le64_to_cpu(t->utime_ns),
					      le64_to_cpu(t->stime_ns),
					      le64_to_cpu(t->run_ns));
	/* Its clocks and CPU timers go on from where they were. */
	if (!ret)
		mosix_clock_restore(&t->clocks, &arrival, home);
	/* And what its calls home cost it: the balancer learns it. */
	if (!ret && home)
		mosix_cost_call((u64)le32_to_cpu(t->call_us) * NSEC_PER_USEC);
	if (!ret)
		restore_pending(t, home);
	/* Not in a syscall: nothing to restart on the way out. */
	task_pt_regs(current)->orig_ax = -1;
	kfree(t);
	if (ret == -EBADMSG)
		ret = skip_state(conn) ?: -EPROTO;
	return ret;
}

/* The MOSIX_SIGCHLD_* bits of a SIGCHLD action. */
u32 mosix_state_sigchld_how(__sighandler_t handler, unsigned long flags)
{
	return (handler == SIG_IGN ? MOSIX_SIGCHLD_IGNORE : 0) |
	       (flags & SA_NOCLDSTOP ? MOSIX_SIGCHLD_NOCLDSTOP : 0) |
	       (flags & SA_NOCLDWAIT ? MOSIX_SIGCHLD_NOCLDWAIT : 0);
}
