// SPDX-License-Identifier: GPL-2.0
/*
 * Validation and decoding of what arrives on a migration connection (see
 * decode.h).  Pure code: it is also built into the userspace unit tests
 * and fuzzers.  Buffers may be at any alignment: multi-byte values are
 * read through packed structs or memcpy.
 */
#include <linux/mosix.h>
#include "decode.h"

static const char *const reasons[MOSIX_DEC_NR_REASONS] = {
	[MOSIX_DEC_OK] = "ok",
	[MOSIX_DEC_LENGTH] = "wrong length",
	[MOSIX_DEC_TYPE] = "unexpected chunk type",
	[MOSIX_DEC_RESERVED] = "reserved field not zero",
	[MOSIX_DEC_MAGIC] = "bad magic",
	[MOSIX_DEC_VERSION] = "unknown protocol version",
	[MOSIX_DEC_NODE] = "home node id out of range",
	[MOSIX_DEC_PID] = "home pid out of range",
	[MOSIX_DEC_XSTATE] = "impossible XSAVE size or features",
	[MOSIX_DEC_MIGRATIONS] = "no migration counted",
	[MOSIX_DEC_IP] = "instruction pointer not a user address",
	[MOSIX_DEC_FLAGS] = "impossible EFLAGS",
	[MOSIX_DEC_FSGS] = "fs or gs base not a user address",
	[MOSIX_DEC_LAYOUT] = "bad memory layout",
	[MOSIX_DEC_VDSO] = "bad vDSO address",
	[MOSIX_DEC_SIGACTION] = "bad signal action",
	[MOSIX_DEC_ALTSTACK] = "bad alternate signal stack",
	[MOSIX_DEC_PERSONALITY] = "unsupported personality",
	[MOSIX_DEC_RLIMIT] = "soft limit above hard limit",
	[MOSIX_DEC_RSEQ] = "bad rseq area",
	[MOSIX_DEC_ROBUST] = "bad robust list",
	[MOSIX_DEC_TID] = "clear_child_tid not a user address",
	[MOSIX_DEC_COMM] = "comm not terminated",
	[MOSIX_DEC_XHEADER] = "bad XSAVE header",
	[MOSIX_DEC_MXCSR] = "reserved MXCSR bits set",
	[MOSIX_DEC_RANGE] = "VMA not a page aligned user range",
	[MOSIX_DEC_VMA_FLAGS] = "unknown VMA flags",
	[MOSIX_DEC_VMA_ORDER] = "VMAs out of order or overlapping",
	[MOSIX_DEC_VMA_LATE] = "VMA after the pages",
	[MOSIX_DEC_VMA_MAX] = "too many VMAs",
	[MOSIX_DEC_PAGE_ADDR] = "page address not an aligned user address",
	[MOSIX_DEC_PAGE_ORDER] = "pages out of order or repeated",
	[MOSIX_DEC_PAGE_OUTSIDE] = "page outside every VMA",
	[MOSIX_DEC_NO_VMA] = "memory without any VMA",
	[MOSIX_DEC_SYSCALL] = "not a forwarded syscall",
	[MOSIX_DEC_NR_REGIONS] = "too many regions",
	[MOSIX_DEC_REGION] = "bad region",
	[MOSIX_DEC_NESTED] = "nested region does not fit its parent",
	[MOSIX_DEC_TOTAL] = "regions too large in total",
	[MOSIX_DEC_DATA] = "region data of the wrong length",
	[MOSIX_DEC_STRING] = "string not terminated at its end",
	[MOSIX_DEC_LEN_WORD] = "length word above its maximum",
	[MOSIX_DEC_TRAILING] = "bytes after the last region",
	[MOSIX_DEC_RET] = "impossible return value",
	[MOSIX_DEC_SIGNAL] = "signal number out of range",
	[MOSIX_DEC_EXIT] = "exit code out of range",
	[MOSIX_DEC_CPUTIME] = "impossible CPU time",
	[MOSIX_DEC_TOKEN] = "move token missing or unexpected",
	[MOSIX_DEC_ADMIT] = "admission figures out of range",
	[MOSIX_DEC_CALL_US] = "impossible forwarded call cost",
	[MOSIX_DEC_NICE] = "bad nice value",
	[MOSIX_DEC_POLICY] = "bad scheduling policy",
	[MOSIX_DEC_WHY] = "unknown reason",
	[MOSIX_DEC_CLOCK] = "impossible clock reading",
	[MOSIX_DEC_SLEEP] = "impossible sleep",
	[MOSIX_DEC_CPU] = "unknown CPU features or vDSO",
	[MOSIX_DEC_STATUS] = "status neither 0 nor an errno",
};

const char *mosix_dec_reason(enum mosix_dec reason)
{
	if ((unsigned int)reason >= MOSIX_DEC_NR_REASONS)
		return "unknown";
	return reasons[reason];
}

static u32 get32(const u8 *p)
{
	__le32 v;

	memcpy(&v, p, sizeof(v));
	return le32_to_cpu(v);
}

static u64 get64(const u8 *p)
{
	__le64 v;

	memcpy(&v, p, sizeof(v));
	return le64_to_cpu(v);
}

static bool all_zero(const u8 *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

/* [addr, addr + len) is user memory, or addr is 0 (not set) */
static bool user_or_null(u64 addr, u64 len, u64 task_size)
{
	return !addr || (len <= task_size && addr <= task_size - len);
}

/* ---- HELLO ---- */

/* Figures for a user's move must be 0: nothing is checked then. */
static enum mosix_dec decode_admit(const struct mosix_wire_admit *w,
				   struct mosix_admit_info *a)
{
	a->reason = le32_to_cpu(w->reason);
	a->cpu = le32_to_cpu(w->cpu);
	a->rss = le64_to_cpu(w->rss);
	a->syscalls_per_s = le32_to_cpu(w->syscalls_per_s);
	a->src_cost = le32_to_cpu(w->src_cost);
	a->src_rest = le32_to_cpu(w->src_rest);
	if (w->reserved)
		return MOSIX_DEC_RESERVED;
	if (a->reason == MOSIX_ADMIT_USER)
		return all_zero((const u8 *)w, sizeof(*w)) ? MOSIX_DEC_OK : MOSIX_DEC_ADMIT;
	if (a->reason > MOSIX_ADMIT_MEMORY || a->cpu > MOSIX_ADMIT_CPU_FULL ||
	    a->rss > MOSIX_ADMIT_RSS_MAX || a->src_rest > MOSIX_LOAD_MAX)
		return MOSIX_DEC_ADMIT;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_hello(const void *buf, size_t len,
				  struct mosix_hello_info *out)
{
	const struct mosix_chunk_hello *h = buf;

	if (len != sizeof(*h))
		return MOSIX_DEC_LENGTH;
	if (le32_to_cpu(h->magic) != MOSIX_MSG_MAGIC)
		return MOSIX_DEC_MAGIC;
	if (le32_to_cpu(h->version) != MOSIX_PROTO_VERSION)
		return MOSIX_DEC_VERSION;
	out->home_node = le32_to_cpu(h->home_node);
	out->home_pid = le32_to_cpu(h->home_pid);
	out->xfeatures = le64_to_cpu(h->xfeatures);
	out->xstate_size = le32_to_cpu(h->xstate_size);
	out->nr_migrations = le32_to_cpu(h->nr_migrations);
	if (out->home_node < 1 || out->home_node > MOSIX_NODE_ID_MAX)
		return MOSIX_DEC_NODE;
	if (out->home_pid < 1 || out->home_pid > MOSIX_PID_MAX)
		return MOSIX_DEC_PID;
	if (out->xstate_size < MOSIX_XSAVE_MIN ||
	    out->xstate_size > MOSIX_CHUNK_MAX ||
	    (out->xfeatures & MOSIX_XFEATURES_FP_SSE) != MOSIX_XFEATURES_FP_SSE)
		return MOSIX_DEC_XSTATE;
	if (!out->nr_migrations)
		return MOSIX_DEC_MIGRATIONS;
	out->flags = le32_to_cpu(h->flags);
	memcpy(out->token, h->token, MOSIX_TOKEN_LEN);
	if (h->reserved || (out->flags & ~MOSIX_HELLO_MOVED))
		return MOSIX_DEC_RESERVED;
	/* A token means a move, and a move has one. */
	if (!(out->flags & MOSIX_HELLO_MOVED) != all_zero(h->token, MOSIX_TOKEN_LEN))
		return MOSIX_DEC_TOKEN;
	out->cpu_needs = le64_to_cpu(h->cpu.features);
	out->vdso = le32_to_cpu(h->cpu.vdso);
	if ((out->cpu_needs & ~MOSIX_CPU_ALL) || !out->vdso)
		return MOSIX_DEC_CPU;
	if (h->cpu.reserved)
		return MOSIX_DEC_RESERVED;
	return decode_admit(&h->admit, &out->admit);
}

/* ---- TASK ---- */

static enum mosix_dec check_regs(const struct mosix_chunk_task *t,
				 u64 task_size)
{
	if (le64_to_cpu(t->regs[MOSIX_REG_IP]) >= task_size)
		return MOSIX_DEC_IP;
	if (le64_to_cpu(t->regs[MOSIX_REG_FLAGS]) & MOSIX_EFLAGS_NEVER)
		return MOSIX_DEC_FLAGS;
	if (le64_to_cpu(t->fsbase) >= task_size ||
	    le64_to_cpu(t->gsbase) >= task_size)
		return MOSIX_DEC_FSGS;
	return MOSIX_DEC_OK;
}

static enum mosix_dec check_layout(const struct mosix_chunk_task *t,
				   u64 task_size)
{
	u64 v[MOSIX_NR_MM];
	int i;

	for (i = 0; i < MOSIX_NR_MM; i++) {
		v[i] = le64_to_cpu(t->mm[i]);
		if (v[i] >= task_size)
			return MOSIX_DEC_LAYOUT;
	}
	/* The orders prctl(PR_SET_MM_MAP) keeps, the loose ones */
	if (v[MOSIX_MM_START_CODE] > v[MOSIX_MM_END_CODE] ||
	    v[MOSIX_MM_START_DATA] > v[MOSIX_MM_END_DATA] ||
	    v[MOSIX_MM_START_BRK] > v[MOSIX_MM_BRK] ||
	    v[MOSIX_MM_ARG_START] > v[MOSIX_MM_ARG_END] ||
	    v[MOSIX_MM_ENV_START] > v[MOSIX_MM_ENV_END])
		return MOSIX_DEC_LAYOUT;
	if (!v[MOSIX_MM_VDSO] || v[MOSIX_MM_VDSO] % MOSIX_PAGE_SIZE)
		return MOSIX_DEC_VDSO;
	return MOSIX_DEC_OK;
}

static enum mosix_dec check_actions(const struct mosix_chunk_task *t,
				    u64 task_size)
{
	int i;

	for (i = 0; i < MOSIX_NR_SIGNALS; i++) {
		const struct mosix_wire_sigaction *a = &t->action[i];
		u64 handler = le64_to_cpu(a->handler);
		u64 flags = le64_to_cpu(a->flags);
		u64 restorer = le64_to_cpu(a->restorer);

		/*
		 * No process can change the action of SIGKILL or SIGSTOP:
		 * it is the default, or "ignore" in a task forked from a
		 * kernel thread (a guest), with nothing else set.
		 */
		if (i + 1 == MOSIX_SIGKILL || i + 1 == MOSIX_SIGSTOP) {
			if ((handler != MOSIX_SIG_DFL && handler != MOSIX_SIG_IGN) ||
			    flags || restorer || a->mask)
				return MOSIX_DEC_SIGACTION;
			continue;
		}
		if ((handler != MOSIX_SIG_DFL && handler != MOSIX_SIG_IGN &&
		     handler >= task_size) ||
		    (flags & ~MOSIX_SA_FLAGS) || restorer >= task_size)
			return MOSIX_DEC_SIGACTION;
	}
	return MOSIX_DEC_OK;
}

static enum mosix_dec check_altstack(const struct mosix_chunk_task *t,
				     u64 task_size)
{
	u32 flags = le32_to_cpu(t->altstack_flags);
	u64 sp = le64_to_cpu(t->altstack_sp);
	u64 size = le64_to_cpu(t->altstack_size);
	u32 mode = flags & ~MOSIX_SS_AUTODISARM;

	if (mode != 0 && mode != MOSIX_SS_ONSTACK && mode != MOSIX_SS_DISABLE)
		return MOSIX_DEC_ALTSTACK;
	/* Disabling the stack clears it (do_sigaltstack) */
	if (mode == MOSIX_SS_DISABLE && (sp || size))
		return MOSIX_DEC_ALTSTACK;
	if (size && (sp >= task_size || size > task_size - sp))
		return MOSIX_DEC_ALTSTACK;
	return MOSIX_DEC_OK;
}

static bool sleep_clock_ok(u32 clock)
{
	switch (clock) {
	case MOSIX_CLOCK_REALTIME:
	case MOSIX_CLOCK_MONOTONIC:
	case MOSIX_CLOCK_BOOTTIME:
	case MOSIX_CLOCK_TAI:
		return true;
	}
	return false;
}

/* Without MOSIX_CLOCKS_SLEEP, the sleep's fields are 0. */
static enum mosix_dec check_sleep(const struct mosix_wire_clocks *c,
				  u64 task_size)
{
	u32 clock = le32_to_cpu(c->sleep_clock);
	u64 until = le64_to_cpu(c->sleep_until_ns);
	u64 rmtp = le64_to_cpu(c->sleep_rmtp);

	if (!(le32_to_cpu(c->flags) & MOSIX_CLOCKS_SLEEP))
		return clock || until || rmtp ? MOSIX_DEC_SLEEP : MOSIX_DEC_OK;
	if (!sleep_clock_ok(clock) || until > MOSIX_CLOCK_MAX ||
	    !user_or_null(rmtp, MOSIX_TIMESPEC_SIZE, task_size))
		return MOSIX_DEC_SLEEP;
	return MOSIX_DEC_OK;
}

static enum mosix_dec check_clocks(const struct mosix_wire_clocks *c,
				   u64 task_size)
{
	int i;

	if (le64_to_cpu(c->mono_ns) > MOSIX_CLOCK_MAX ||
	    le64_to_cpu(c->boot_ns) > MOSIX_CLOCK_MAX)
		return MOSIX_DEC_CLOCK;
	if (le64_to_cpu(c->cpu_user_ns) > MOSIX_CPUTIME_MAX ||
	    le64_to_cpu(c->cpu_sys_ns) > MOSIX_CPUTIME_MAX ||
	    le64_to_cpu(c->cpu_run_ns) > MOSIX_CPUTIME_MAX)
		return MOSIX_DEC_CPUTIME;
	for (i = 0; i < MOSIX_NR_ITIMERS; i++)
		if (le64_to_cpu(c->itimer[i].expires) > MOSIX_CPUTIME_MAX ||
		    le64_to_cpu(c->itimer[i].interval) > MOSIX_CPUTIME_MAX)
			return MOSIX_DEC_CPUTIME;
	if (le32_to_cpu(c->flags) & ~MOSIX_CLOCKS_FLAGS)
		return MOSIX_DEC_RESERVED;
	return check_sleep(c, task_size);
}

static enum mosix_dec check_misc(const struct mosix_chunk_task *t,
				 u64 task_size)
{
	u32 personality = le32_to_cpu(t->personality);
	u64 rseq = le64_to_cpu(t->rseq);
	enum mosix_dec dec;

	if ((personality & MOSIX_PER_MASK) ||
	    (personality & ~(MOSIX_PER_MASK | MOSIX_PER_FLAGS)))
		return MOSIX_DEC_PERSONALITY;
	dec = mosix_check_attrs(&t->attrs, sizeof(t->attrs));
	if (dec)
		return dec;
	if (rseq % MOSIX_RSEQ_SIZE ||
	    !user_or_null(rseq, MOSIX_RSEQ_SIZE, task_size))
		return MOSIX_DEC_RSEQ;
	if (le32_to_cpu(t->call_us) > MOSIX_CALL_US_MAX)
		return MOSIX_DEC_CALL_US;
	if (le64_to_cpu(t->robust_list_len) != MOSIX_ROBUST_LIST_LEN ||
	    !user_or_null(le64_to_cpu(t->robust_list), MOSIX_ROBUST_LIST_LEN,
			  task_size))
		return MOSIX_DEC_ROBUST;
	if (!user_or_null(le64_to_cpu(t->clear_child_tid), sizeof(u32),
			  task_size))
		return MOSIX_DEC_TID;
	if (!memchr(t->comm, 0, sizeof(t->comm)))
		return MOSIX_DEC_COMM;
	if (le64_to_cpu(t->utime_ns) > MOSIX_CPUTIME_MAX ||
	    le64_to_cpu(t->stime_ns) > MOSIX_CPUTIME_MAX ||
	    le64_to_cpu(t->run_ns) > MOSIX_CPUTIME_MAX)
		return MOSIX_DEC_CPUTIME;
	return check_clocks(&t->clocks, task_size);
}

enum mosix_dec mosix_check_task(const void *buf, size_t len, u64 task_size)
{
	const struct mosix_chunk_task *t = buf;
	enum mosix_dec res;

	if (len != sizeof(*t))
		return MOSIX_DEC_LENGTH;
	res = check_regs(t, task_size);
	if (res == MOSIX_DEC_OK)
		res = check_layout(t, task_size);
	if (res == MOSIX_DEC_OK)
		res = check_actions(t, task_size);
	if (res == MOSIX_DEC_OK)
		res = check_altstack(t, task_size);
	if (res == MOSIX_DEC_OK)
		res = check_misc(t, task_size);
	return res;
}

/* ---- FPU ---- */

#define XSAVE_MXCSR		24
#define XSAVE_XFEATURES		(MOSIX_XSAVE_HDR_OFFSET + 0)
#define XSAVE_XCOMP_BV		(MOSIX_XSAVE_HDR_OFFSET + 8)
#define XSAVE_HDR_RESERVED	(MOSIX_XSAVE_HDR_OFFSET + 16)

enum mosix_dec mosix_check_xstate(const void *buf, size_t len, u64 allowed)
{
	const u8 *p = buf;

	if (len < MOSIX_XSAVE_MIN)
		return MOSIX_DEC_LENGTH;
	/* Standard format: no compaction, reserved bytes zero */
	if ((get64(p + XSAVE_XFEATURES) & ~allowed) ||
	    get64(p + XSAVE_XCOMP_BV) ||
	    !all_zero(p + XSAVE_HDR_RESERVED,
		      MOSIX_XSAVE_MIN - XSAVE_HDR_RESERVED))
		return MOSIX_DEC_XHEADER;
	if (get32(p + XSAVE_MXCSR) & 0xffff0000U)
		return MOSIX_DEC_MXCSR;
	return MOSIX_DEC_OK;
}

/* ---- VMA, PAGE, END ---- */

void mosix_mem_init(struct mosix_mem_stream *s, u64 task_size,
		    struct mosix_vma_range *vmas, u32 max)
{
	memset(s, 0, sizeof(*s));
	s->task_size = task_size;
	s->vmas = vmas;
	s->max = max < MOSIX_VMAS_MAX ? max : MOSIX_VMAS_MAX;
}

enum mosix_dec mosix_mem_header(struct mosix_mem_stream *s, u16 type,
				u32 len)
{
	switch (type) {
	case MOSIX_CHUNK_VMA:
		if (len != sizeof(struct mosix_chunk_vma))
			return MOSIX_DEC_LENGTH;
		if (s->pages)
			return MOSIX_DEC_VMA_LATE;
		if (s->nr_vmas >= s->max)
			return MOSIX_DEC_VMA_MAX;
		return MOSIX_DEC_OK;
	case MOSIX_CHUNK_PAGE:
		/* An address, then a run of 1..MOSIX_PAGES_PER_CHUNK pages */
		if (len < sizeof(__le64) + MOSIX_PAGE_SIZE ||
		    len > sizeof(__le64) + MOSIX_PAGES_PER_CHUNK * MOSIX_PAGE_SIZE ||
		    (len - sizeof(__le64)) % MOSIX_PAGE_SIZE)
			return MOSIX_DEC_LENGTH;
		return MOSIX_DEC_OK;
	case MOSIX_CHUNK_END:
		if (len)
			return MOSIX_DEC_LENGTH;
		/* Every process has a stack at least */
		if (!s->nr_vmas)
			return MOSIX_DEC_NO_VMA;
		return MOSIX_DEC_OK;
	}
	return MOSIX_DEC_TYPE;
}

enum mosix_dec mosix_mem_vma(struct mosix_mem_stream *s,
			     const struct mosix_chunk_vma *v, u64 *start,
			     u64 *end, u32 *flags)
{
	*start = le64_to_cpu(v->start);
	*end = le64_to_cpu(v->end);
	*flags = le32_to_cpu(v->flags);
	if (*start >= *end || *end > s->task_size ||
	    *start % MOSIX_PAGE_SIZE || *end % MOSIX_PAGE_SIZE)
		return MOSIX_DEC_RANGE;
	if (*flags & ~MOSIX_VMA_FLAGS)
		return MOSIX_DEC_VMA_FLAGS;
	if (v->reserved)
		return MOSIX_DEC_RESERVED;
	if (s->pages)
		return MOSIX_DEC_VMA_LATE;
	if (s->nr_vmas >= s->max)
		return MOSIX_DEC_VMA_MAX;
	if (s->nr_vmas && *start < s->vmas[s->nr_vmas - 1].end)
		return MOSIX_DEC_VMA_ORDER;
	s->vmas[s->nr_vmas].start = *start;
	s->vmas[s->nr_vmas].end = *end;
	s->nr_vmas++;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_mem_page(struct mosix_mem_stream *s, const void *buf,
			      u32 len, u64 *addr)
{
	u64 size = len - sizeof(__le64);	/* checked by mosix_mem_header */

	*addr = get64(buf);
	if (*addr % MOSIX_PAGE_SIZE || s->task_size < size ||
	    *addr > s->task_size - size)
		return MOSIX_DEC_PAGE_ADDR;
	if (s->pages && *addr < s->next_page)
		return MOSIX_DEC_PAGE_ORDER;
	/* Pages and VMAs both ascend: the VMA of a page is never behind */
	while (s->cursor < s->nr_vmas && s->vmas[s->cursor].end <= *addr)
		s->cursor++;
	/* A run lies in one VMA: the sender starts a new run at each VMA */
	if (s->cursor == s->nr_vmas || *addr < s->vmas[s->cursor].start ||
	    *addr + size > s->vmas[s->cursor].end)
		return MOSIX_DEC_PAGE_OUTSIDE;
	s->pages = true;
	s->next_page = *addr + size;
	return MOSIX_DEC_OK;
}

/* ---- SYSCALL ---- */

static void read_region(struct mosix_region *r,
			const struct mosix_wire_region *w)
{
	r->addr = le64_to_cpu(w->addr);
	r->len = le32_to_cpu(w->len);
	r->word_max = le32_to_cpu(w->word_max);
	r->parent = le16_to_cpu(w->parent);
	r->slot = le16_to_cpu(w->slot);
	r->arg = w->arg;
	r->dir = w->dir;
	r->str = w->str;
	r->out_by_ret = w->out_by_ret;
	r->len_word = w->len_word;
}

/* Region i against the rules of syscalls.h and the regions before it. */
static enum mosix_dec check_region(const struct mosix_region *regions,
				   int i)
{
	const struct mosix_region *r = &regions[i];
	bool out = r->dir == MOSIX_REGION_OUT;
	const struct mosix_region *p;

	/*
	 * OUT regions, and only they, are filled by ret.  A length word is
	 * 4 bytes, never a string (whose data may be shorter than 4).
	 */
	if (!r->len || r->len > MOSIX_BUF_MAX || !r->dir ||
	    r->dir > MOSIX_REGION_INOUT || r->str > 1 || r->out_by_ret > 1 ||
	    r->len_word > 1 || (r->str && r->dir != MOSIX_REGION_IN) ||
	    r->out_by_ret != out || (r->str && r->len_word) ||
	    (r->len_word && r->len != sizeof(u32)) ||
	    (!r->len_word && r->word_max))
		return MOSIX_DEC_REGION;
	if (r->arg < 6) {
		/* A NULL pointer never has a region */
		if (!r->addr)
			return MOSIX_DEC_REGION;
		if (r->parent || r->slot)
			return MOSIX_DEC_RESERVED;
		return MOSIX_DEC_OK;
	}
	if (r->arg != MOSIX_REGION_NESTED || r->parent >= i)
		return MOSIX_DEC_NESTED;
	p = &regions[r->parent];
	if (p->arg >= 6 || p->dir != MOSIX_REGION_IN || p->str ||
	    p->len % 16 || r->slot >= p->len / 16)
		return MOSIX_DEC_NESTED;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_data_len(const struct mosix_region *r, u32 n,
				     size_t left)
{
	if (n > r->len || n > left)
		return MOSIX_DEC_DATA;
	/* A string's length is what it needs; anything else is whole. */
	if (!r->str && n != r->len)
		return MOSIX_DEC_DATA;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_data(const struct mosix_region *r,
				 const u8 *d, u32 n)
{
	/* A string's NUL is its last byte, and its only one. */
	if (r->str && (!n || d[n - 1] || memchr(d, 0, n - 1)))
		return MOSIX_DEC_STRING;
	if (r->len_word && get32(d) > r->word_max)
		return MOSIX_DEC_LEN_WORD;
	return MOSIX_DEC_OK;
}

/* The data of the IN regions, after the regions at buf + off. */
static enum mosix_dec decode_data(const u8 *buf, size_t len, size_t off,
				  struct mosix_request *rq)
{
	enum mosix_dec res;
	int i;

	for (i = 0; i < rq->nr_regions; i++) {
		const struct mosix_region *r = &rq->regions[i];
		u32 n;

		rq->data_off[i] = 0;
		rq->data_len[i] = 0;
		if (!(r->dir & MOSIX_REGION_IN))
			continue;
		if (len - off < sizeof(__le32))
			return MOSIX_DEC_DATA;
		n = get32(buf + off);
		off += sizeof(__le32);
		res = mosix_decode_data_len(r, n, len - off);
		if (res == MOSIX_DEC_OK)
			res = mosix_decode_data(r, buf + off, n);
		if (res != MOSIX_DEC_OK)
			return res;
		rq->data_off[i] = off;
		rq->data_len[i] = n;
		off += n;
	}
	return off == len ? MOSIX_DEC_OK : MOSIX_DEC_TRAILING;
}

size_t mosix_request_head_len(const void *buf)
{
	const struct mosix_chunk_syscall *h = buf;
	u32 n = le32_to_cpu(h->nr_regions);

	if (n > MOSIX_REGIONS_MAX)
		return 0;
	return sizeof(*h) + n * sizeof(struct mosix_wire_region);
}

enum mosix_dec mosix_decode_request_head(const void *buf, size_t avail,
					 size_t len, struct mosix_request *rq)
{
	const struct mosix_chunk_syscall *h = buf;
	const struct mosix_wire_region *w;
	enum mosix_dec res;
	u64 total = 0;
	u32 nr_regions;
	int i;

	rq->nr_regions = 0;
	if (avail < sizeof(*h) || avail > len || len > MOSIX_CHUNK_MAX)
		return MOSIX_DEC_LENGTH;
	rq->nr = le32_to_cpu(h->nr);
	for (i = 0; i < 6; i++)
		rq->args[i] = le64_to_cpu(h->args[i]);
	nr_regions = le32_to_cpu(h->nr_regions);
	if (nr_regions > MOSIX_REGIONS_MAX)
		return MOSIX_DEC_NR_REGIONS;
	if (mosix_syscall_class(rq->nr, rq->args) != MOSIX_SYS_FORWARD)
		return MOSIX_DEC_SYSCALL;
	if (avail - sizeof(*h) < nr_regions * sizeof(*w))
		return MOSIX_DEC_LENGTH;
	w = (const void *)(h + 1);
	for (i = 0; i < (int)nr_regions; i++, w++) {
		read_region(&rq->regions[i], w);
		if (!all_zero(w->reserved, sizeof(w->reserved)))
			return MOSIX_DEC_RESERVED;
		res = check_region(rq->regions, i);
		if (res != MOSIX_DEC_OK)
			return res;
		total += rq->regions[i].len;
	}
	if (total > MOSIX_BUF_MAX)
		return MOSIX_DEC_TOTAL;
	rq->nr_regions = nr_regions;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_request(const void *buf, size_t len,
				    struct mosix_request *rq)
{
	size_t head;
	enum mosix_dec res;

	if (len < sizeof(struct mosix_chunk_syscall) ||
	    len > MOSIX_CHUNK_MAX) {
		rq->nr_regions = 0;
		return MOSIX_DEC_LENGTH;
	}
	head = mosix_request_head_len(buf);
	res = mosix_decode_request_head(buf, head && head <= len ? head : len,
					len, rq);
	if (res != MOSIX_DEC_OK)
		return res;
	res = decode_data(buf, len, head, rq);
	if (res != MOSIX_DEC_OK)
		rq->nr_regions = 0;
	return res;
}

/* ---- RESULT ---- */

void mosix_reply_lengths(const struct mosix_region *regions, int n,
			 s64 ret, u32 *out_len)
{
	u64 left = ret > 0 ? ret : 0;
	int i;

	for (i = 0; i < n; i++) {
		const struct mosix_region *r = &regions[i];

		out_len[i] = 0;
		if (r->dir == MOSIX_REGION_INOUT) {
			out_len[i] = ret >= 0 ? r->len : 0;
		} else if (r->dir == MOSIX_REGION_OUT) {
			out_len[i] = left < r->len ? left : r->len;
			left -= out_len[i];
		}
	}
}

enum mosix_dec mosix_decode_reply(const void *buf, size_t len,
				  const struct mosix_region *regions, int n,
				  s64 *ret, u32 *out_len, u32 *data_off)
{
	const u8 *p = buf;
	size_t off = sizeof(__le64);
	int i;

	if (len < sizeof(__le64) || len > MOSIX_CHUNK_MAX)
		return MOSIX_DEC_LENGTH;
	*ret = (s64)get64(p);
	if (*ret < -MOSIX_ERRNO_MAX)
		return MOSIX_DEC_RET;
	mosix_reply_lengths(regions, n, *ret, out_len);
	for (i = 0; i < n; i++) {
		data_off[i] = 0;
		if (!(regions[i].dir & MOSIX_REGION_OUT))
			continue;
		if (len - off < sizeof(__le32) ||
		    get32(p + off) != out_len[i] ||
		    len - off - sizeof(__le32) < out_len[i])
			return MOSIX_DEC_DATA;
		off += sizeof(__le32);
		data_off[i] = off;
		off += out_len[i];
	}
	return off == len ? MOSIX_DEC_OK : MOSIX_DEC_TRAILING;
}

/* ---- SIGNAL, EXIT, ACCEPT ---- */

enum mosix_dec mosix_decode_signal(const void *buf, size_t len,
				   struct mosix_signal_info *out)
{
	const struct mosix_chunk_signal *s = buf;

	if (len != sizeof(*s))
		return MOSIX_DEC_LENGTH;
	out->signo = le32_to_cpu(s->signo);
	out->error = (s32)le32_to_cpu(s->error);
	out->code = (s32)le32_to_cpu(s->code);
	memcpy(out->fields, s->fields, sizeof(out->fields));
	if (s->reserved)
		return MOSIX_DEC_RESERVED;
	/* SIGKILL comes as a KILL chunk, never as a signal */
	if (out->signo < 1 || out->signo > MOSIX_NR_SIGNALS ||
	    out->signo == MOSIX_SIGKILL)
		return MOSIX_DEC_SIGNAL;
	/* si_errno is 0 or an errno, as the kernel and sigqueue() set it */
	if (out->error < -MOSIX_ERRNO_MAX || out->error > MOSIX_ERRNO_MAX)
		return MOSIX_DEC_SIGNAL;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_exit(const void *buf, size_t len,
				 struct mosix_exit_info *e)
{
	const u8 *p = buf;

	if (len != sizeof(struct mosix_chunk_exit))
		return MOSIX_DEC_LENGTH;
	e->code = get32(p + offsetof(struct mosix_chunk_exit, code));
	e->utime_ns = get64(p + offsetof(struct mosix_chunk_exit, utime_ns));
	e->stime_ns = get64(p + offsetof(struct mosix_chunk_exit, stime_ns));
	e->run_ns = get64(p + offsetof(struct mosix_chunk_exit, run_ns));
	e->flags = get32(p + offsetof(struct mosix_chunk_exit, flags));
	if (e->flags & ~MOSIX_EXIT_OOM)
		return MOSIX_DEC_RESERVED;
	if (e->code & ~0xffffU)
		return MOSIX_DEC_EXIT;
	if (e->utime_ns > MOSIX_CPUTIME_MAX || e->stime_ns > MOSIX_CPUTIME_MAX ||
	    e->run_ns > MOSIX_CPUTIME_MAX)
		return MOSIX_DEC_CPUTIME;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_sigchld(const void *buf, size_t len, u32 *how)
{
	const u8 *p = buf;

	if (len != sizeof(struct mosix_chunk_sigchld))
		return MOSIX_DEC_LENGTH;
	*how = get32(p + offsetof(struct mosix_chunk_sigchld, how));
	if (get32(p + offsetof(struct mosix_chunk_sigchld, reserved)))
		return MOSIX_DEC_RESERVED;
	if (*how & ~MOSIX_SIGCHLD_ALL)
		return MOSIX_DEC_SIGACTION;
	return MOSIX_DEC_OK;
}

#define SIG_BIT(sig)	(1ULL << ((sig) - 1))

enum mosix_dec mosix_decode_sigmask(const void *buf, size_t len, u64 *blocked,
				    u64 *ignored)
{
	const u8 *p = buf;

	if (len != sizeof(struct mosix_chunk_sigmask))
		return MOSIX_DEC_LENGTH;
	*blocked = get64(p + offsetof(struct mosix_chunk_sigmask, blocked));
	*ignored = get64(p + offsetof(struct mosix_chunk_sigmask, ignored));
	/* what no process can block or ignore; SIGCHLD comes as SIGCHLD */
	if ((*blocked & (SIG_BIT(MOSIX_SIGKILL) | SIG_BIT(MOSIX_SIGSTOP))) ||
	    (*ignored & (SIG_BIT(MOSIX_SIGKILL) | SIG_BIT(MOSIX_SIGSTOP) |
			 SIG_BIT(MOSIX_SIGCHLD))))
		return MOSIX_DEC_SIGACTION;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_move(const void *buf, size_t len, u32 *node,
				 u8 token[MOSIX_TOKEN_LEN])
{
	const u8 *p = buf;

	if (len != sizeof(struct mosix_chunk_move))
		return MOSIX_DEC_LENGTH;
	*node = get32(p + offsetof(struct mosix_chunk_move, node));
	memcpy(token, p + offsetof(struct mosix_chunk_move, token),
	       MOSIX_TOKEN_LEN);
	if (get32(p + offsetof(struct mosix_chunk_move, reserved)))
		return MOSIX_DEC_RESERVED;
	if (*node < 1 || *node > MOSIX_NODE_ID_MAX)
		return MOSIX_DEC_NODE;
	if (all_zero(token, MOSIX_TOKEN_LEN))
		return MOSIX_DEC_TOKEN;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_move_ask(const void *buf, size_t len, u32 *node)
{
	if (len != sizeof(__le32))
		return MOSIX_DEC_LENGTH;
	*node = get32(buf);
	if (*node < 1 || *node > MOSIX_NODE_ID_MAX)
		return MOSIX_DEC_NODE;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_reattach(const void *buf, size_t len,
				     struct mosix_reattach_info *out)
{
	const u8 *p = buf;

	if (len != sizeof(struct mosix_chunk_reattach))
		return MOSIX_DEC_LENGTH;
	if (get32(p + offsetof(struct mosix_chunk_reattach, magic)) !=
	    MOSIX_MSG_MAGIC)
		return MOSIX_DEC_MAGIC;
	if (get32(p + offsetof(struct mosix_chunk_reattach, version)) !=
	    MOSIX_PROTO_VERSION)
		return MOSIX_DEC_VERSION;
	out->home_pid = get32(p + offsetof(struct mosix_chunk_reattach, home_pid));
	out->status = (int)get32(p + offsetof(struct mosix_chunk_reattach, status));
	memcpy(out->token, p + offsetof(struct mosix_chunk_reattach, token),
	       MOSIX_TOKEN_LEN);
	if (out->home_pid < 1 || out->home_pid > MOSIX_PID_MAX)
		return MOSIX_DEC_PID;
	if (out->status > 0 || out->status < -MOSIX_ERRNO_MAX)
		return MOSIX_DEC_STATUS;
	if (all_zero(out->token, MOSIX_TOKEN_LEN))
		return MOSIX_DEC_TOKEN;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_accept(const void *buf, size_t len, int *status)
{
	if (len != sizeof(__le32))
		return MOSIX_DEC_LENGTH;
	*status = (int)get32(buf);
	if (*status > 0 || *status < -MOSIX_ERRNO_MAX)
		return MOSIX_DEC_STATUS;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_check_attrs(const void *buf, size_t len)
{
	const struct mosix_wire_attrs *a = buf;
	s32 nice;
	u32 policy;
	int i;

	if (len != sizeof(*a))
		return MOSIX_DEC_LENGTH;
	nice = (s32)le32_to_cpu(a->nice);
	if (nice < MOSIX_NICE_MIN || nice > MOSIX_NICE_MAX)
		return MOSIX_DEC_NICE;
	policy = le32_to_cpu(a->policy);
	if (policy != MOSIX_SCHED_NORMAL && policy != MOSIX_SCHED_BATCH &&
	    policy != MOSIX_SCHED_IDLE)
		return MOSIX_DEC_POLICY;
	for (i = 0; i < MOSIX_NR_RLIMITS; i++)
		if (le64_to_cpu(a->rlim_cur[i]) > le64_to_cpu(a->rlim_max[i]))
			return MOSIX_DEC_RLIMIT;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_pin(const void *buf, size_t len, bool *pinned)
{
	u32 v;

	if (len != sizeof(__le32))
		return MOSIX_DEC_LENGTH;
	v = get32(buf);
	if (v > 1)
		return MOSIX_DEC_STATUS;
	*pinned = v;
	return MOSIX_DEC_OK;
}

enum mosix_dec mosix_decode_home_fail(const void *buf, size_t len,
				      int *status, u32 *why)
{
	const struct mosix_chunk_home_fail *m = buf;

	if (len != sizeof(*m))
		return MOSIX_DEC_LENGTH;
	*status = (int)le32_to_cpu(m->status);
	if (*status >= 0 || *status < -MOSIX_ERRNO_MAX)
		return MOSIX_DEC_STATUS;
	*why = le32_to_cpu(m->why);
	if (*why >= MOSIX_WHY_COUNT)
		return MOSIX_DEC_WHY;
	return MOSIX_DEC_OK;
}
