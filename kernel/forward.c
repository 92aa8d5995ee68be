// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarded syscalls.  The guest sends the call with the pieces of its
 * memory the call reads (syscalls.c says which); the deputy copies
 * them into a scratch area of its own memory, points the arguments
 * there, runs the call in its own context and sends back the result
 * and the pieces the call wrote.  One round trip per call.
 */
#include <linux/audit.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/pagemap.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>
#include <trace/events/syscalls.h>
#include "forward.h"
#include "conn.h"
#include "cost.h"
#include "decode.h"
#include "messages.h"
#include "signals.h"
#include "syscalls.h"
#include "task.h"

struct call {
	u32 nr;
	u64 args[6];
	int nr_regions;
	struct mosix_region regions[MOSIX_REGIONS_MAX];
	u32 in_len[MOSIX_REGIONS_MAX];	/* bytes of data sent */
	u32 out_len[MOSIX_REGIONS_MAX];	/* bytes of data returned */
	u32 data_off[MOSIX_REGIONS_MAX]; /* where a region's data is received */
	/* guest: the request, its own buffer and the process's memory */
	int nr_pieces;
	struct mosix_piece pieces[2 * MOSIX_REGIONS_MAX + 1];
};

/*
 * An IN region of at least this many bytes whose data needs no look on
 * the way (not a string, no length word) travels from the guest's user
 * memory straight into the socket, and at home from the socket straight
 * into the scratch memory the call reads: a 1 MiB write's data is
 * copied only into and out of the network, instead of twice more.
 */
#define DIRECT_MIN	SZ_4K

/*
 * The bytes an OUT or INOUT region gets back: out_by_ret regions by the
 * rule of syscalls.h; INOUT regions in full when the call succeeded,
 * not at all when it failed (their contents are then unspecified, and
 * the home copy may not even have been made).
 */
static void out_lengths(struct call *c, long ret)
{
	mosix_reply_lengths(c->regions, c->nr_regions, ret, c->out_len);
}

static size_t data_size(const struct call *c, const u32 *lens, u8 dir)
{
	size_t size = 0;
	int i;

	for (i = 0; i < c->nr_regions; i++)
		if (c->regions[i].dir & dir)
			size += sizeof(__le32) + lens[i];
	return size;
}

/*
 * The buffer a task builds and receives its forwarded calls' messages
 * in, kept from one call to the next: the guest's request, then its
 * reply; the deputy's request, then its reply.  Allocating and freeing
 * it per call cost a 1 MiB write a vmalloc and a vfree on each side.
 * It grows to the largest message (at most MOSIX_CHUNK_MAX) and goes
 * with the task's migration state.
 */
static void *call_buffer(struct mosix_task *mt, size_t size)
{
	size = ALIGN(max_t(size_t, size, 1), PAGE_SIZE);
	if (size <= mt->call_buf_size)
		return mt->call_buf;
	kvfree(mt->call_buf);
	mt->call_buf = kvmalloc(size, GFP_KERNEL);
	mt->call_buf_size = mt->call_buf ? size : 0;
	return mt->call_buf;
}

/* ---- guest side ---- */

static int read_user(void *ctx, u64 addr, void *buf, u32 len)
{
	return copy_from_user(buf, u64_to_user_ptr(addr), len) ? -EFAULT : 0;
}

static int read_region(const struct mosix_region *r, u8 *to, u32 *len)
{
	long n;

	if (r->str) {
		n = strncpy_from_user(to, u64_to_user_ptr(r->addr), r->len);
		if (n < 0)
			return -EFAULT;
		if (n >= r->len)
			return -ENAMETOOLONG;
		*len = n + 1;
		return 0;
	}
	if (copy_from_user(to, u64_to_user_ptr(r->addr), r->len))
		return -EFAULT;
	if (r->len_word && r->len == sizeof(u32) && *(u32 *)to > r->word_max)
		*(u32 *)to = r->word_max;
	*len = r->len;
	return 0;
}

/* Whether an IN region's data goes from the process's memory as it is. */
static bool direct(const struct mosix_region *r, bool whole_copy)
{
	return !whole_copy && !mosix_region_looked_at(r) &&
	       r->len >= DIRECT_MIN;
}

/* Add len bytes at p to the pieces of the request. */
static void add_piece(struct call *c, const void *k, const void __user *u,
		      size_t len)
{
	if (len)
		c->pieces[c->nr_pieces++] = (struct mosix_piece){ k, u, len };
}

/*
 * The request: header, regions, then each IN region's data, as pieces
 * (c->pieces); with whole_copy, all in one piece of the task's buffer
 * (a connection with a MAC), else the big regions (direct()) straight
 * from the process's memory, faulted in first so that a bad address is
 * an EFAULT of the call, not a broken chunk.
 */
static int build_request(struct mosix_task *mt, struct call *c,
			 bool whole_copy)
{
	struct mosix_chunk_syscall *h;
	struct mosix_wire_region *w;
	size_t max = sizeof(*h) + c->nr_regions * sizeof(*w);
	u8 *buf, *p, *from;
	int i, err;

	for (i = 0; i < c->nr_regions; i++)
		if (c->regions[i].dir & MOSIX_REGION_IN)
			max += sizeof(__le32) +
			       (direct(&c->regions[i], whole_copy) ? 0 :
				c->regions[i].len);
	buf = call_buffer(mt, max);
	if (!buf)
		return -ENOMEM;
	h = (void *)buf;
	h->nr = cpu_to_le32(c->nr);
	h->nr_regions = cpu_to_le32(c->nr_regions);
	for (i = 0; i < 6; i++)
		h->args[i] = cpu_to_le64(c->args[i]);
	w = (void *)(h + 1);
	for (i = 0; i < c->nr_regions; i++, w++) {
		const struct mosix_region *r = &c->regions[i];

		memset(w, 0, sizeof(*w));
		w->addr = cpu_to_le64(r->addr);
		w->len = cpu_to_le32(r->len);
		w->word_max = cpu_to_le32(r->word_max);
		w->parent = cpu_to_le16(r->parent);
		w->slot = cpu_to_le16(r->slot);
		w->arg = r->arg;
		w->dir = r->dir;
		w->str = r->str;
		w->out_by_ret = r->out_by_ret;
		w->len_word = r->len_word;
	}
	p = (u8 *)w;
	from = buf;
	c->nr_pieces = 0;
	for (i = 0; i < c->nr_regions; i++) {
		const struct mosix_region *r = &c->regions[i];
		void __user *u = u64_to_user_ptr(r->addr);

		if (!(r->dir & MOSIX_REGION_IN))
			continue;
		if (direct(r, whole_copy)) {
			if (fault_in_readable(u, r->len))
				return -EFAULT;
			c->in_len[i] = r->len;
			*(__le32 *)p = cpu_to_le32(r->len);
			p += sizeof(__le32);
			add_piece(c, from, NULL, p - from);
			add_piece(c, NULL, u, r->len);
			from = p;
			continue;
		}
		err = read_region(r, p + sizeof(__le32), &c->in_len[i]);
		if (err)
			return err;
		*(__le32 *)p = cpu_to_le32(c->in_len[i]);
		p += sizeof(__le32) + c->in_len[i];
	}
	add_piece(c, from, NULL, p - from);
	return 0;
}

/* The reply: the return value, then each OUT region's data. */
static int apply_reply(struct call *c, const u8 *buf, u32 len, long *ret)
{
	s64 r;
	int i;

	if (mosix_decode_reply(buf, len, c->regions, c->nr_regions, &r,
			       c->out_len, c->data_off))
		return -EPROTO;
	*ret = r;
	for (i = 0; i < c->nr_regions; i++) {
		/* A fault here would have been a fault at home too. */
		if (c->out_len[i] &&
		    copy_to_user(u64_to_user_ptr(c->regions[i].addr),
				 buf + c->data_off[i], c->out_len[i]))
			*ret = -EFAULT;
	}
	return 0;
}

/* Wait for the result, taking the deputy's other messages meanwhile. */
static int wait_result(struct mosix_task *mt, struct call *c, long *ret,
		       const struct mosix_forward_guest_ops *ops)
{
	struct mosix_chunk hdr;
	u8 *buf;
	u32 len;
	int err;

	for (;;) {
		err = mosix_conn_recv_header(mt->conn, &hdr, 0);
		if (err == -EINTR) {
			if (fatal_signal_pending(current))
				return err;
			clear_notify_signal();
			continue;
		}
		if (err)
			return err;
		len = le32_to_cpu(hdr.length);
		if (le16_to_cpu(hdr.type) != MOSIX_CHUNK_RESULT) {
			err = ops->message(mt, &hdr);
			if (err)
				return err;
			continue;
		}
		/* The request has been sent: its buffer takes the reply. */
		buf = call_buffer(mt, len);
		if (!buf)
			return -ENOMEM;
		err = mosix_conn_recv(mt->conn, buf, len);
		return err ?: apply_reply(c, buf, len, ret);
	}
}

static void restart_call(struct pt_regs *regs)
{
	regs->ax = regs->orig_ax;
	regs->ip -= 2;
}

enum mosix_call_result
mosix_forward_call(struct mosix_task *mt, struct pt_regs *regs,
		   const struct mosix_forward_guest_ops *ops)
{
	u64 args[6] = { regs->di, regs->si, regs->dx, regs->r10, regs->r8,
			regs->r9 };
	sigset_t blocked, all;
	struct call *c;
	long ret = 0;
	u64 start;
	int err;

	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return MOSIX_CALL_HOME;
	start = ktime_get_ns();
	c->nr = regs->orig_ax;
	c->nr_regions = mosix_syscall_plan(c->nr, args, c->args, c->regions,
					   MOSIX_REGIONS_MAX, read_user, NULL);
	if (c->nr_regions == -MOSIX_E2BIG) {
		kfree(c);
		return MOSIX_CALL_HOME;
	}
	if (c->nr_regions < 0) {
		regs->ax = -EFAULT;
		kfree(c);
		return MOSIX_CALL_DONE;
	}
	/* A connection with a MAC sends one copy of the whole request. */
	err = build_request(mt, c, mosix_conn_keyed(mt->conn));
	if (err) {
		regs->ax = err;
		kfree(c);
		return MOSIX_CALL_DONE;
	}

	/*
	 * Signals reach the guest from the deputy, in order with the
	 * result; hold local ones back so the wait is not cut short.
	 */
	blocked = current->blocked;
	siginitsetinv(&all, sigmask(SIGKILL));
	set_current_blocked(&all);
	set_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	err = mosix_conn_send_pieces(mt->conn, MOSIX_CHUNK_SYSCALL, c->pieces,
				     c->nr_pieces);
	if (!err)
		err = wait_result(mt, c, &ret, ops);
	/* What the call cost this process: the balancer weighs it. */
	if (!err)
		mosix_cost_call(ktime_get_ns() - start);
	if (!err)
		err = ops->result_in(mt);
	clear_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	set_current_blocked(&blocked);
	kfree(c);
	ops->call_over(mt);
	if (err)
		return MOSIX_CALL_LOST;

	regs->ax = ret;
	/* A call with a mask of its own: kept until the signal is taken. */
	mosix_signals_keep_call_mask(regs->orig_ax, args, ret);
	if (!signal_pending(current) &&
	    (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
	     ret == -ERESTARTNOHAND)) {
		restore_saved_sigmask();
		/*
		 * The deputy broke off a blocking call to pass on a request
		 * to come home: the call starts again there.
		 */
		if (test_bit(MOSIX_GUEST_GO_HOME, &mt->flags))
			return MOSIX_CALL_AGAIN_HOME;
		restart_call(regs);
	}
	return MOSIX_CALL_DONE;
}

/* ---- deputy side ---- */

void mosix_forward_reset(struct mosix_task *mt)
{
	mt->deputy.scratch = 0;
	mt->deputy.scratch_size = 0;
}

static int ensure_scratch(struct mosix_task *mt, size_t size)
{
	unsigned long addr;

	size = PAGE_ALIGN(max_t(size_t, size, SZ_64K));
	if (mt->deputy.scratch_size >= size)
		return 0;
	if (mt->deputy.scratch)
		vm_munmap(mt->deputy.scratch, mt->deputy.scratch_size);
	mosix_forward_reset(mt);
	addr = vm_mmap(NULL, 0, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	mt->deputy.scratch = addr;
	mt->deputy.scratch_size = size;
	return 0;
}

/* Where each region goes in scratch memory; the arguments point there. */
static int lay_out(struct mosix_task *mt, struct call *c, unsigned long *where)
{
	unsigned long at;
	size_t size = 0;
	int i;

	for (i = 0; i < c->nr_regions; i++)
		size += ALIGN(c->regions[i].len, 16);
	if (ensure_scratch(mt, size))
		return -ENOMEM;
	at = mt->deputy.scratch;
	for (i = 0; i < c->nr_regions; i++) {
		struct mosix_region *r = &c->regions[i];

		where[i] = at;
		at += ALIGN(r->len, 16);
		if (r->arg < 6)
			c->args[r->arg] = where[i];
	}
	return 0;
}

/*
 * The data of IN region i, n bytes (checked against the region), into
 * scratch memory: straight from the connection, or, when it must be
 * looked at (a string, a length word), through the task's buffer and
 * checked.  *fail keeps the first trouble of memory at home, which
 * becomes the call's error; the connection stays in step with it.
 */
static int recv_data(struct mosix_task *mt, struct call *c, int i, u32 n,
		     const unsigned long *where, int *fail)
{
	void __user *to = (void __user *)where[i];
	u8 *buf;
	int ret;

	c->in_len[i] = n;
	if (!mosix_region_looked_at(&c->regions[i])) {
		if (*fail)
			return mosix_conn_skip(mt->conn, n);
		ret = mosix_conn_recv_user(mt->conn, to, n);
		if (ret == -EFAULT)
			*fail = ret;
		return ret == -EFAULT ? 0 : ret;
	}
	buf = call_buffer(mt, n);
	if (!buf)
		return -ENOMEM;
	ret = mosix_conn_recv(mt->conn, buf, n);
	if (ret)
		return ret;
	if (mosix_decode_data(&c->regions[i], buf, n))
		return -EPROTO;
	if (!*fail && copy_to_user(to, buf, n))
		*fail = -EFAULT;
	return 0;
}

/*
 * Read a request of len bytes: the header and the regions into the
 * task's buffer, checked, then each IN region's data into the scratch
 * memory where the call takes it (recv_data()).  A malformed request is
 * -EPROTO, the end of the connection; no room at home is the call's
 * error (*fail), once the request has been read.
 */
static int recv_request(struct mosix_task *mt, struct call *c, u32 len,
			unsigned long *where, int *fail)
{
	const size_t hsize = sizeof(struct mosix_chunk_syscall);
	struct mosix_request rq = { .regions = c->regions };
	size_t head, off;
	u8 *buf;
	u32 n;
	int i, ret;

	*fail = 0;
	if (len < hsize || len > MOSIX_CHUNK_MAX)
		return -EPROTO;
	buf = call_buffer(mt, hsize + MOSIX_REGIONS_MAX *
			  sizeof(struct mosix_wire_region));
	if (!buf)
		return -ENOMEM;
	ret = mosix_conn_recv(mt->conn, buf, hsize);
	if (ret)
		return ret;
	head = mosix_request_head_len(buf);
	if (!head || head > len)
		return -EPROTO;
	ret = mosix_conn_recv(mt->conn, buf + hsize, head - hsize);
	if (ret)
		return ret;
	if (mosix_decode_request_head(buf, head, len, &rq) ||
	    rq.nr >= NR_syscalls)
		return -EPROTO;
	c->nr = rq.nr;
	memcpy(c->args, rq.args, sizeof(c->args));
	c->nr_regions = rq.nr_regions;
	if (lay_out(mt, c, where)) {
		*fail = -ENOMEM;
		return mosix_conn_skip(mt->conn, len - head);
	}

	off = head;
	for (i = 0; i < c->nr_regions; i++) {
		__le32 word;

		c->in_len[i] = 0;
		if (!(c->regions[i].dir & MOSIX_REGION_IN))
			continue;
		if (len - off < sizeof(word))
			return -EPROTO;
		ret = mosix_conn_recv(mt->conn, &word, sizeof(word));
		if (ret)
			return ret;
		off += sizeof(word);
		n = le32_to_cpu(word);
		if (mosix_decode_data_len(&c->regions[i], n, len - off))
			return -EPROTO;
		ret = recv_data(mt, c, i, n, where, fail);
		if (ret)
			return ret;
		off += n;
	}
	return off == len ? 0 : -EPROTO;
}

/*
 * The rest of the scratch memory: OUT regions cleared, and arrays of
 * {pointer, length} pointing to their regions.
 */
static int finish_regions(struct call *c, const unsigned long *where)
{
	int i, j;

	for (i = 0; i < c->nr_regions; i++) {
		struct mosix_region *r = &c->regions[i];

		if (!(r->dir & MOSIX_REGION_IN) &&
		    clear_user((void __user *)where[i], r->len))
			return -EFAULT;
	}

	/* Arrays of {pointer, length}: only entries with a region stay. */
	for (i = 0; i < c->nr_regions; i++) {
		struct mosix_region *r = &c->regions[i];

		if (r->arg != MOSIX_REGION_NESTED)
			continue;
		for (j = 0; j < c->regions[r->parent].len / 16; j++) {
			u64 __user *e = (u64 __user *)(where[r->parent] + j * 16);

			if (put_user(0, e + 1))
				return -EFAULT;
		}
	}
	for (i = 0; i < c->nr_regions; i++) {
		struct mosix_region *r = &c->regions[i];
		u64 entry[2] = { where[i], r->len };

		if (r->arg == MOSIX_REGION_NESTED &&
		    copy_to_user((void __user *)(where[r->parent] + r->slot * 16),
				 entry, sizeof(entry)))
			return -EFAULT;
	}
	return 0;
}

/*
 * Made as the syscall entry makes a call, for whoever watches the
 * process at home: audit's syscall records, the syscall tracepoints
 * (perf trace, ftrace, BPF).  seccomp has nothing to do: a process with
 * a filter never moves (state.c).
 */
static long call_watched(struct pt_regs *regs, int nr)
{
	long ret;

	audit_syscall_entry(nr, regs->di, regs->si, regs->dx, regs->r10);
	trace_sys_enter(regs, nr);
	ret = sys_call_table[nr](regs);
	regs->ax = ret;
	trace_sys_exit(regs, ret);
	audit_syscall_exit(regs);
	return ret;
}

/*
 * The same, for a process traced at home with PTRACE_SYSCALL (strace -p
 * of a deputy): the call stops for its tracer at entry and exit as a
 * call of its own would, its registers in the task's user registers,
 * where the tracer reads them, and its arguments pointing to the scratch
 * memory at home, where it reads what they point to.  A call the
 * tracer skips at entry returns what the x86 entry code gives a skipped
 * call; a tracer that changes the registers changes nothing: the guest
 * asked for this call.
 */
static long call_traced(struct pt_regs *regs, int nr)
{
	struct pt_regs *user = current_pt_regs();
	struct pt_regs saved = *user;
	long ret = __x64_sys_ni_syscall(regs);	/* what a skipped call gets */

	*user = *regs;
	user->ax = ret;
	if (!ptrace_report_syscall_entry(user))
		ret = call_watched(regs, nr);
	user->ax = ret;
	ptrace_report_syscall_exit(user, 0);
	*user = saved;
	return ret;
}

static long run_call(const struct call *c)
{
	struct pt_regs regs = *current_pt_regs();
	unsigned long saved_orig_ax = regs.orig_ax;
	long ret;

	/*
	 * The call's code may ask in_compat_syscall(), which reads the
	 * task's own orig_ax: the deputy's may be the -1 of "no syscall",
	 * an x32 call with CONFIG_X86_X32_ABI.  Ours for the call.
	 */
	current_pt_regs()->orig_ax = c->nr;
	regs.orig_ax = c->nr;
	regs.di = c->args[0];
	regs.si = c->args[1];
	regs.dx = c->args[2];
	regs.r10 = c->args[3];
	regs.r8 = c->args[4];
	regs.r9 = c->args[5];
	if (test_syscall_work(SYSCALL_TRACE))
		ret = call_traced(&regs, c->nr);
	else
		ret = call_watched(&regs, c->nr);
	current_pt_regs()->orig_ax = saved_orig_ax;
	/* Deferred work of the call: the last fput() of a file, say. */
	task_work_run();
	return ret == -ERESTART_RESTARTBLOCK ? -EINTR : ret;
}

static int send_reply(struct mosix_task *mt, struct call *c, long ret,
		      const unsigned long *where)
{
	size_t size = sizeof(__le64) + data_size(c, c->out_len, MOSIX_REGION_OUT);
	u8 *buf, *p;
	int i;

	/* The request's data is in scratch memory now: the reply goes here. */
	buf = call_buffer(mt, size);
	if (!buf)
		return -ENOMEM;
	*(__le64 *)buf = cpu_to_le64(ret);
	p = buf + sizeof(__le64);
	for (i = 0; i < c->nr_regions; i++) {
		u32 n = c->out_len[i];

		if (!(c->regions[i].dir & MOSIX_REGION_OUT))
			continue;
		*(__le32 *)p = cpu_to_le32(n);
		p += sizeof(__le32);
		if (copy_from_user(p, (void __user *)where[i], n))
			memset(p, 0, n);
		p += n;
	}
	return mosix_conn_send(mt->conn, MOSIX_CHUNK_RESULT, buf, size, NULL, 0);
}

/*
 * Run one forwarded call whose chunk of len bytes is next on the
 * connection.  A malformed request is the end of the connection.
 */
int mosix_forward_serve(struct mosix_task *mt, u32 len,
			void (*before_reply)(struct mosix_task *mt))
{
	unsigned long *where = NULL;
	struct call *c;
	int err, fail;
	long ret;

	c = kmalloc(sizeof(*c), GFP_KERNEL);
	where = kcalloc(MOSIX_REGIONS_MAX, sizeof(*where), GFP_KERNEL);
	if (!c || !where) {
		err = -ENOMEM;
		goto out;
	}
	err = recv_request(mt, c, len, where, &fail);
	if (err)
		goto out;
	err = fail ?: finish_regions(c, where);
	if (!err) {
		set_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags);
		/* Data that came before the call is no sign of death. */
		if (mosix_conn_readable(mt->conn))
			err = -EPROTO;
	}
	if (err == -EPROTO) {
		clear_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags);
		goto out;
	}
	ret = err ? err : run_call(c);
	clear_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags);
	out_lengths(c, ret);
	/* Signals the call's own mask let through go first, ... */
	before_reply(mt);
	/* ... then the mask is the mirror's again (a deputy never returns
	 * to user mode, where the kernel would put it back).
	 */
	restore_saved_sigmask();
	err = send_reply(mt, c, ret, where);
out:
	kfree(where);
	kfree(c);
	return err;
}
