// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarded syscalls.  The guest sends the call with the pieces of its
 * memory the call reads (syscalls.c says which); the deputy copies
 * them into a scratch area of its own memory, points the arguments
 * there, runs the call in its own context and sends back the result
 * and the pieces the call wrote.  One round trip per call.
 */
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mosix.h>
#include <linux/net.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>
#include "forward.h"
#include "balancer.h"
#include "decode.h"
#include "deputy.h"
#include "guest.h"
#include "messages.h"
#include "syscalls.h"
#include "task.h"
#include "transport.h"

struct call {
	u32 nr;
	u64 args[6];
	int nr_regions;
	struct mosix_region regions[MOSIX_REGIONS_MAX];
	u32 in_len[MOSIX_REGIONS_MAX];	/* bytes of data sent */
	u32 out_len[MOSIX_REGIONS_MAX];	/* bytes of data returned */
	u32 data_off[MOSIX_REGIONS_MAX]; /* where a region's data is received */
};

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

/* The request: header, regions, then each IN region's data. */
static void *build_request(struct call *c, size_t *size, long *err)
{
	struct mosix_chunk_syscall *h;
	struct mosix_wire_region *w;
	size_t max = sizeof(*h) + c->nr_regions * sizeof(*w);
	u8 *buf, *p;
	int i;

	for (i = 0; i < c->nr_regions; i++)
		if (c->regions[i].dir & MOSIX_REGION_IN)
			max += sizeof(__le32) + c->regions[i].len;
	buf = kvmalloc(max, GFP_KERNEL);
	if (!buf) {
		*err = -ENOMEM;
		return NULL;
	}
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
	for (i = 0; i < c->nr_regions; i++) {
		if (!(c->regions[i].dir & MOSIX_REGION_IN))
			continue;
		*err = read_region(&c->regions[i], p + sizeof(__le32),
				   &c->in_len[i]);
		if (*err) {
			kvfree(buf);
			return NULL;
		}
		*(__le32 *)p = cpu_to_le32(c->in_len[i]);
		p += sizeof(__le32) + c->in_len[i];
	}
	*size = p - buf;
	return buf;
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
static int wait_result(struct mosix_task *mt, struct call *c, long *ret)
{
	struct mosix_chunk hdr;
	u8 *buf;
	u32 len;
	int err;

	for (;;) {
		err = mosix_conn_recv_header(mt->sock, &hdr, 0);
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
			err = mosix_guest_message(mt, &hdr, false);
			if (err)
				return err;
			continue;
		}
		buf = kvmalloc(len ?: 1, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		err = mosix_conn_recv(mt->sock, buf, len);
		if (!err)
			err = apply_reply(c, buf, len, ret);
		kvfree(buf);
		return err;
	}
}

static void restart_call(struct pt_regs *regs)
{
	regs->ax = regs->orig_ax;
	regs->ip -= 2;
}

enum mosix_call_result mosix_forward_call(struct mosix_task *mt,
					  struct pt_regs *regs)
{
	u64 args[6] = { regs->di, regs->si, regs->dx, regs->r10, regs->r8,
			regs->r9 };
	sigset_t blocked, all;
	struct call *c;
	size_t size;
	long ret = 0;
	u64 start;
	void *req;
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
	req = build_request(c, &size, &ret);
	if (!req) {
		regs->ax = ret;
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
	err = mosix_conn_send(mt->sock, MOSIX_CHUNK_SYSCALL, req, size, NULL, 0);
	kvfree(req);
	if (!err)
		err = wait_result(mt, c, &ret);
	/* What the call cost this process: the balancer weighs it. */
	if (!err)
		mosix_balancer_call(ktime_get_ns() - start);
	if (!err)
		err = mosix_guest_stop_pending(mt);
	clear_bit(MOSIX_GUEST_IN_CALL, &mt->flags);
	set_current_blocked(&blocked);
	kfree(c);
	mosix_guest_rearm(mt);
	if (err)
		return MOSIX_CALL_LOST;

	regs->ax = ret;
	if (!signal_pending(current) &&
	    (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
	     ret == -ERESTARTNOHAND)) {
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
	mt->scratch = 0;
	mt->scratch_size = 0;
}

static int ensure_scratch(struct mosix_task *mt, size_t size)
{
	unsigned long addr;

	size = PAGE_ALIGN(max_t(size_t, size, SZ_64K));
	if (mt->scratch_size >= size)
		return 0;
	if (mt->scratch)
		vm_munmap(mt->scratch, mt->scratch_size);
	mosix_forward_reset(mt);
	addr = vm_mmap(NULL, 0, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	mt->scratch = addr;
	mt->scratch_size = size;
	return 0;
}

/*
 * Read a request of len bytes and check all of it; it stays in *data,
 * where c->data_off says each IN region's data is.
 */
static int read_request(struct mosix_task *mt, struct call *c, u32 len,
			u8 **data)
{
	struct mosix_request rq = {
		.regions = c->regions,
		.data_off = c->data_off,
		.data_len = c->in_len,
	};
	int ret;

	*data = kvmalloc(len ?: 1, GFP_KERNEL);
	if (!*data)
		return -ENOMEM;
	ret = mosix_conn_recv(mt->sock, *data, len);
	if (ret)
		return ret;
	if (mosix_decode_request(*data, len, &rq) || rq.nr >= NR_syscalls)
		return -EPROTO;
	c->nr = rq.nr;
	memcpy(c->args, rq.args, sizeof(c->args));
	c->nr_regions = rq.nr_regions;
	return 0;
}

/* Copy the regions into scratch memory and point the arguments there. */
static int place_regions(struct mosix_task *mt, struct call *c,
			 const u8 *data, unsigned long *where)
{
	unsigned long at;
	size_t size = 0;
	int i, j;

	for (i = 0; i < c->nr_regions; i++)
		size += ALIGN(c->regions[i].len, 16);
	if (ensure_scratch(mt, size))
		return -ENOMEM;
	at = mt->scratch;
	for (i = 0; i < c->nr_regions; i++) {
		struct mosix_region *r = &c->regions[i];

		where[i] = at;
		at += ALIGN(r->len, 16);
		if (r->arg < 6)
			c->args[r->arg] = where[i];
		if (!(r->dir & MOSIX_REGION_IN)) {
			if (clear_user((void __user *)where[i], r->len))
				return -EFAULT;
			continue;
		}
		if (copy_to_user((void __user *)where[i], data + c->data_off[i],
				 c->in_len[i]))
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

static long run_call(const struct call *c)
{
	struct pt_regs regs = *current_pt_regs();
	long ret;

	regs.orig_ax = c->nr;
	regs.di = c->args[0];
	regs.si = c->args[1];
	regs.dx = c->args[2];
	regs.r10 = c->args[3];
	regs.r8 = c->args[4];
	regs.r9 = c->args[5];
	ret = sys_call_table[c->nr](&regs);
	/* Deferred work of the call: the last fput() of a file, say. */
	task_work_run();
	return ret == -ERESTART_RESTARTBLOCK ? -EINTR : ret;
}

static int send_reply(struct mosix_task *mt, struct call *c, long ret,
		      const unsigned long *where)
{
	size_t size = sizeof(__le64) + data_size(c, c->out_len, MOSIX_REGION_OUT);
	u8 *buf, *p;
	int i, err;

	buf = kvmalloc(size, GFP_KERNEL);
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
	err = mosix_conn_send(mt->sock, MOSIX_CHUNK_RESULT, buf, size, NULL, 0);
	kvfree(buf);
	return err;
}

/*
 * Run one forwarded call whose chunk of len bytes is next on the
 * connection.  A malformed request is the end of the connection.
 */
int mosix_forward_serve(struct mosix_task *mt, u32 len)
{
	unsigned long *where = NULL;
	u8 *data = NULL;
	struct call *c;
	long ret;
	int err;

	c = kmalloc(sizeof(*c), GFP_KERNEL);
	where = kcalloc(MOSIX_REGIONS_MAX, sizeof(*where), GFP_KERNEL);
	if (!c || !where) {
		err = -ENOMEM;
		goto out;
	}
	err = read_request(mt, c, len, &data);
	if (err)
		goto out;
	err = place_regions(mt, c, data, where);
	if (err == -EPROTO)
		goto out;
	if (!err) {
		set_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags);
		/* Data that came before the call is no sign of death. */
		if (mosix_conn_readable(mt->sock))
			err = -EPROTO;
	}
	if (err == -EPROTO) {
		clear_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags);
		goto out;
	}
	ret = err ? err : run_call(c);
	clear_bit(MOSIX_DEPUTY_IN_CALL, &mt->flags);
	out_lengths(c, ret);
	mosix_deputy_poll(mt);
	err = send_reply(mt, c, ret, where);
out:
	kvfree(data);
	kfree(where);
	kfree(c);
	return err;
}
