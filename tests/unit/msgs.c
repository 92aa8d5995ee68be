// SPDX-License-Identifier: GPL-2.0
/* Messages as a node sends them (see msgs.h). */
#include <stdint.h>
#include <string.h>
#include "msgs.h"

void msg_hello(struct mosix_chunk_hello *h)
{
	memset(h, 0, sizeof(*h));
	h->magic = cpu_to_le32(MOSIX_MSG_MAGIC);
	h->version = cpu_to_le32(MOSIX_PROTO_VERSION);
	h->home_node = cpu_to_le32(1);
	h->home_pid = cpu_to_le32(4242);
	h->xfeatures = cpu_to_le64(TEST_XFEATURES);
	h->xstate_size = cpu_to_le32(TEST_XSTATE_SIZE);
	h->nr_migrations = cpu_to_le32(1);
	h->cpu.features = cpu_to_le64(0x1ff);	/* x86-64-v2, avx, avx2 */
	h->cpu.vdso = cpu_to_le32(0x5eed1234);
}

/* A process of a static busybox, stopped in a loop, as save_task() sends it */
void msg_task(struct mosix_chunk_task *t)
{
	static const u64 mm[MOSIX_NR_MM] = {
		[MOSIX_MM_START_CODE] = 0x401000,
		[MOSIX_MM_END_CODE] = 0x4a2345,
		[MOSIX_MM_START_DATA] = 0x4c37f0,
		[MOSIX_MM_END_DATA] = 0x4c8a40,
		[MOSIX_MM_START_BRK] = 0x4d1000,
		[MOSIX_MM_BRK] = 0x4f3000,
		[MOSIX_MM_START_STACK] = 0x7ffc8e6a1b20,
		[MOSIX_MM_ARG_START] = 0x7ffc8e6a2f1d,
		[MOSIX_MM_ARG_END] = 0x7ffc8e6a2f31,
		[MOSIX_MM_ENV_START] = 0x7ffc8e6a2f31,
		[MOSIX_MM_ENV_END] = 0x7ffc8e6a2fe8,
		[MOSIX_MM_VDSO] = 0x7ffc8e7c6000,
	};
	int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < MOSIX_NR_REGS; i++)
		t->regs[i] = cpu_to_le64(0x1000 * i + 7);
	t->regs[MOSIX_REG_ORIG_AX] = cpu_to_le64(-1);
	t->regs[MOSIX_REG_IP] = cpu_to_le64(0x40a1c3);
	t->regs[MOSIX_REG_FLAGS] = cpu_to_le64(0x246);
	t->regs[MOSIX_REG_SP] = cpu_to_le64(0x7ffc8e6a18c8);
	t->fsbase = cpu_to_le64(0x4d23c0);
	for (i = 0; i < MOSIX_NR_MM; i++)
		t->mm[i] = cpu_to_le64(mm[i]);
	/* SIGINT caught with SA_SIGINFO, SIGPIPE ignored */
	t->action[1].handler = cpu_to_le64(0x40b2a0);
	t->action[1].flags = cpu_to_le64(0x14000004);
	t->action[1].restorer = cpu_to_le64(0x4019d0);
	t->action[1].mask = cpu_to_le64(1ULL << 14);
	t->action[12].handler = cpu_to_le64(MOSIX_SIG_IGN);
	t->blocked = cpu_to_le64(1ULL << 16);
	t->pending = cpu_to_le64(1ULL << 9);	/* SIGUSR1 */
	t->altstack_flags = cpu_to_le32(MOSIX_SS_DISABLE);
	for (i = 0; i < MOSIX_NR_RLIMITS; i++) {
		t->attrs.rlim_cur[i] = cpu_to_le64(~0ULL);
		t->attrs.rlim_max[i] = cpu_to_le64(~0ULL);
	}
	t->attrs.rlim_cur[3] = cpu_to_le64(8 << 20);	/* RLIMIT_STACK */
	t->attrs.rlim_cur[7] = cpu_to_le64(1024);	/* RLIMIT_NOFILE */
	t->attrs.rlim_max[7] = cpu_to_le64(4096);
	t->personality = cpu_to_le32(0);
	t->rseq = cpu_to_le64(0x4d2a60);
	t->rseq_sig = cpu_to_le32(0x53053053);
	t->robust_list = cpu_to_le64(0x4d23d0);
	t->robust_list_len = cpu_to_le64(MOSIX_ROBUST_LIST_LEN);
	t->clear_child_tid = cpu_to_le64(0x4d2690);
	strcpy(t->comm, "busybox");
	/* 2 h since boot, 3 s of CPU, ITIMER_PROF every 10 ms */
	t->clocks.mono_ns = cpu_to_le64(7200000000000ULL);
	t->clocks.boot_ns = cpu_to_le64(7260000000000ULL);
	t->clocks.cpu_user_ns = cpu_to_le64(2800000000ULL);
	t->clocks.cpu_sys_ns = cpu_to_le64(200000000ULL);
	t->clocks.cpu_run_ns = cpu_to_le64(3000123456ULL);
	t->clocks.itimer[MOSIX_ITIMER_PROF].expires =
		cpu_to_le64(3010000000ULL);
	t->clocks.itimer[MOSIX_ITIMER_PROF].interval = cpu_to_le64(10000000);
}

/* What xstateregs_get() gives for a process that used only SSE */
void msg_xstate(void *buf, size_t size)
{
	u8 *p = buf;
	__le16 fcw = cpu_to_le16(0x37f);
	__le32 mxcsr = cpu_to_le32(0x1f80), mask = cpu_to_le32(0xffff);
	__le64 xfeatures = cpu_to_le64(0x3);

	memset(p, 0, size);
	memcpy(p, &fcw, sizeof(fcw));
	memcpy(p + 24, &mxcsr, sizeof(mxcsr));
	memcpy(p + 28, &mask, sizeof(mask));
	memset(p + 160, 0x5a, 64);		/* xmm0..xmm3 */
	memcpy(p + MOSIX_XSAVE_HDR_OFFSET, &xfeatures, sizeof(xfeatures));
}

size_t msg_chunk(void *buf, u16 type, const void *payload, u32 len)
{
	struct mosix_chunk h = {
		.type = cpu_to_le16(type),
		.length = cpu_to_le32(len),
	};

	memcpy(buf, &h, sizeof(h));
	if (len)
		memcpy((u8 *)buf + sizeof(h), payload, len);
	return sizeof(h) + len;
}

static int self_read(void *ctx, u64 addr, void *buf, u32 len)
{
	(void)ctx;
	memcpy(buf, (const void *)(uintptr_t)addr, len);
	return 0;
}

/* Laid out as forward.c's build_request() lays it out */
size_t msg_request(void *buf, size_t size, u32 nr, const u64 args[6],
		   struct mosix_region *regions, int *n)
{
	struct mosix_chunk_syscall h;
	u64 args_out[6];
	u8 *p = buf;
	int i;

	*n = mosix_syscall_plan(nr, args, args_out, regions, MOSIX_REGIONS_MAX,
				self_read, NULL);
	if (*n < 0)
		return 0;
	if (size < sizeof(h) + *n * sizeof(struct mosix_wire_region))
		return 0;
	h.nr = cpu_to_le32(nr);
	h.nr_regions = cpu_to_le32(*n);
	for (i = 0; i < 6; i++)
		h.args[i] = cpu_to_le64(args_out[i]);
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	for (i = 0; i < *n; i++) {
		const struct mosix_region *r = &regions[i];
		struct mosix_wire_region w;

		memset(&w, 0, sizeof(w));
		w.addr = cpu_to_le64(r->addr);
		w.len = cpu_to_le32(r->len);
		w.word_max = cpu_to_le32(r->word_max);
		w.parent = cpu_to_le16(r->parent);
		w.slot = cpu_to_le16(r->slot);
		w.arg = r->arg;
		w.dir = r->dir;
		w.str = r->str;
		w.out_by_ret = r->out_by_ret;
		w.len_word = r->len_word;
		memcpy(p, &w, sizeof(w));
		p += sizeof(w);
	}
	for (i = 0; i < *n; i++) {
		const struct mosix_region *r = &regions[i];
		const void *from = (const void *)(uintptr_t)r->addr;
		u32 len = r->len;
		__le32 wlen;

		if (!(r->dir & MOSIX_REGION_IN))
			continue;
		if (r->str)
			len = strnlen(from, r->len) + 1;
		if (len > r->len || size - (p - (u8 *)buf) < sizeof(wlen) + len)
			return 0;
		wlen = cpu_to_le32(len);
		memcpy(p, &wlen, sizeof(wlen));
		memcpy(p + sizeof(wlen), from, len);
		if (r->len_word) {
			__le32 word;

			memcpy(&word, p + sizeof(wlen), sizeof(word));
			if (le32_to_cpu(word) > r->word_max) {
				word = cpu_to_le32(r->word_max);
				memcpy(p + sizeof(wlen), &word, sizeof(word));
			}
		}
		p += sizeof(wlen) + len;
	}
	return p - (u8 *)buf;
}

/* Laid out as forward.c's send_reply() lays it out */
size_t msg_reply(void *buf, size_t size, const struct mosix_region *regions,
		 int n, s64 ret)
{
	u32 out_len[MOSIX_REGIONS_MAX];
	__le64 r = cpu_to_le64(ret);
	u8 *p = buf;
	int i;

	if (size < sizeof(r))
		return 0;
	memcpy(p, &r, sizeof(r));
	p += sizeof(r);
	mosix_reply_lengths(regions, n, ret, out_len);
	for (i = 0; i < n; i++) {
		__le32 len = cpu_to_le32(out_len[i]);

		if (!(regions[i].dir & MOSIX_REGION_OUT))
			continue;
		if (size - (p - (u8 *)buf) < sizeof(len) + out_len[i])
			return 0;
		memcpy(p, &len, sizeof(len));
		memset(p + sizeof(len), 0xa5, out_len[i]);
		p += sizeof(len) + out_len[i];
	}
	return p - (u8 *)buf;
}
