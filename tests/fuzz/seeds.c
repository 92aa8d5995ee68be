// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of every fuzz target: real messages, made by the
 * same builders as the unit tests use (tests/unit/msgs.c) and by the
 * kernel's own load encoder.
 *
 *   seeds DIR    writes DIR/TARGET/NAME for each target
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "msgs.h"
#include "wire.h"

static const char *top;
static u8 buf[1 << 17];

/* Every seed is a message the decoders accept: else the corpus is no use */
static void valid(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "seeds: %s is refused by its decoder\n", what);
		exit(1);
	}
}

static void put32(u8 *p, u32 v)
{
	__le32 w = cpu_to_le32(v);

	memcpy(p, &w, sizeof(w));
}

static void put(const char *target, const char *name, const void *data,
		size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, target);
	if (mkdir(path, 0755) && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", top, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void load_seeds(void)
{
	struct mosix_load_info info = {
		.sender = 2, .epoch = 0x5eed1234, .seq = 77, .load = 1830,
		.speed = 10000, .cpus = 2, .mem_free = 300ULL << 20,
		.mem_total = 512ULL << 20, .guests = 1, .away = 0,
		.cpu_features = 0x1ff, .vdso = 0x5eed1234,
	};
	struct mosix_gossip_entry e[2], out_e[MOSIX_GOSSIP_ENTRIES_MAX];
	struct mosix_load_info out;
	unsigned int n;
	size_t len;

	len = mosix_wire_encode_load(buf, sizeof(buf), &info, NULL, 0);
	valid(mosix_wire_decode_load(buf, len, &out, out_e, &n) ==
	      MOSIX_WIRE_OK, "load");
	put("load", "busy", buf, len);
	info.flags = MOSIX_LOAD_BLOCKED;
	info.load = 0;
	info.seq = 1;
	len = mosix_wire_encode_load(buf, sizeof(buf), &info, NULL, 0);
	valid(mosix_wire_decode_load(buf, len, &out, out_e, &n) ==
	      MOSIX_WIRE_OK, "load");
	put("load", "blocked-idle", buf, len);
	/* With gossip: what node 2 knows of nodes 1 and 3 */
	info.flags = 0;
	e[0].age_ms = 400;
	e[0].info = info;
	e[0].info.sender = 1;
	e[0].info.load = 3000;
	e[1].age_ms = 1700;
	e[1].info = info;
	e[1].info.sender = 3;
	e[1].info.seq = 4000;
	len = mosix_wire_encode_load(buf, sizeof(buf), &info, e, 2);
	valid(mosix_wire_decode_load(buf, len, &out, out_e, &n) ==
	      MOSIX_WIRE_OK && n == 2, "load with gossip");
	put("load", "gossip-2", buf, len);
}

static void control_seeds(void)
{
	struct mosix_chunk_signal sig = {
		.signo = cpu_to_le32(2), .code = cpu_to_le32(0),
		.fields = { 1 },	/* from pid 1, uid 0 */
	};
	struct mosix_hello_info hello;
	struct mosix_chunk_exit exit_msg = { 0 };
	__le32 word;

	buf[0] = 0;
	msg_hello((void *)(buf + 1));
	valid(!mosix_decode_hello(buf + 1, sizeof(struct mosix_chunk_hello),
				  &hello), "hello");
	put("control", "hello", buf, 1 + sizeof(struct mosix_chunk_hello));
	{	/* a balancer's move, with the figures of its admission */
		struct mosix_chunk_hello *h = (void *)(buf + 1);

		h->admit.reason = cpu_to_le32(MOSIX_ADMIT_LOAD);
		h->admit.cpu = cpu_to_le32(1000);
		h->admit.rss = cpu_to_le64(8 << 20);
		h->admit.src_cost = cpu_to_le32(2000);
		h->admit.src_rest = cpu_to_le32(1000);
	}
	valid(!mosix_decode_hello(buf + 1, sizeof(struct mosix_chunk_hello),
				  &hello), "hello-admit");
	put("control", "hello-admit", buf,
	    1 + sizeof(struct mosix_chunk_hello));
	buf[0] = 1;
	memcpy(buf + 1, &sig, sizeof(sig));
	put("control", "signal-sigint", buf, 1 + sizeof(sig));
	buf[0] = 2;
	exit_msg.code = cpu_to_le32(0x100);
	exit_msg.utime_ns = cpu_to_le64(1500000000ULL);
	exit_msg.stime_ns = cpu_to_le64(20000000ULL);
	exit_msg.run_ns = cpu_to_le64(1520000000ULL);
	memcpy(buf + 1, &exit_msg, sizeof(exit_msg));
	put("control", "exit-1", buf, 1 + sizeof(exit_msg));
	buf[0] = 3;
	word = cpu_to_le32(-16);
	memcpy(buf + 1, &word, sizeof(word));
	put("control", "accept-ebusy", buf, 1 + sizeof(word));
	buf[0] = 4;
	msg_xstate(buf + 1, TEST_XSTATE_SIZE);
	put("control", "xstate", buf, 1 + TEST_XSTATE_SIZE);
	buf[0] = 5;
	memset(buf + 1, 0, sizeof(struct mosix_chunk_sigchld));
	buf[1] = MOSIX_SIGCHLD_IGNORE;
	put("control", "sigchld-ignore", buf,
	    1 + sizeof(struct mosix_chunk_sigchld));
	buf[0] = 6;
	memset(buf + 1, 0x5a, sizeof(struct mosix_chunk_move));
	put32(buf + 1 + offsetof(struct mosix_chunk_move, node), 3);
	put32(buf + 1 + offsetof(struct mosix_chunk_move, reserved), 0);
	put("control", "move-3", buf, 1 + sizeof(struct mosix_chunk_move));
	buf[0] = 7;
	memset(buf + 1, 0x5a, sizeof(struct mosix_chunk_reattach));
	put32(buf + 1 + offsetof(struct mosix_chunk_reattach, magic),
	      MOSIX_MSG_MAGIC);
	put32(buf + 1 + offsetof(struct mosix_chunk_reattach, version),
	      MOSIX_PROTO_VERSION);
	put32(buf + 1 + offsetof(struct mosix_chunk_reattach, home_pid), 4242);
	put32(buf + 1 + offsetof(struct mosix_chunk_reattach, status), 0);
	put("control", "reattach", buf, 1 + sizeof(struct mosix_chunk_reattach));
	buf[0] = 8;
	put32(buf + 1, 3);
	put("control", "move-ask-3", buf, 1 + 4);
	buf[0] = 9;
	word = cpu_to_le32(1);
	memcpy(buf + 1, &word, sizeof(word));
	put("control", "pin-1", buf, 1 + sizeof(word));
	buf[0] = 10;
	{	/* nice 10, SCHED_BATCH, the limits of the TASK seed */
		struct mosix_chunk_task t;

		msg_task(&t);
		t.attrs.nice = cpu_to_le32(10);
		t.attrs.policy = cpu_to_le32(MOSIX_SCHED_BATCH);
		memcpy(buf + 1, &t.attrs, sizeof(t.attrs));
		valid(!mosix_check_attrs(buf + 1, sizeof(t.attrs)), "attrs");
		put("control", "attrs-nice-10-batch", buf, 1 + sizeof(t.attrs));
	}
	buf[0] = 11;
	{	/* it cannot come home: locked memory */
		struct mosix_chunk_home_fail hf = {
			.status = cpu_to_le32(-1),
			.why = cpu_to_le32(MOSIX_WHY_MLOCK),
		};
		int status;
		u32 why;

		memcpy(buf + 1, &hf, sizeof(hf));
		valid(!mosix_decode_home_fail(buf + 1, sizeof(hf), &status, &why),
		      "home-fail");
		put("control", "home-fail-mlock", buf, 1 + sizeof(hf));
	}
	buf[0] = 12;
	{	/* SIGTERM blocked (a signalfd reader), SIGHUP ignored */
		struct mosix_chunk_sigmask m = {
			.blocked = cpu_to_le64(1ULL << 14),
			.ignored = cpu_to_le64(1ULL << 0),
		};
		u64 blocked, ignored;

		memcpy(buf + 1, &m, sizeof(m));
		valid(!mosix_decode_sigmask(buf + 1, sizeof(m), &blocked,
					    &ignored), "sigmask");
		put("control", "sigmask-term", buf, 1 + sizeof(m));
	}
}

static void task_seeds(void)
{
	struct mosix_chunk_task t;

	msg_task(&t);
	valid(!mosix_check_task(&t, sizeof(t), TEST_TASK_SIZE), "task");
	put("task", "busybox", &t, sizeof(t));
	t.altstack_flags = cpu_to_le32(MOSIX_SS_ONSTACK | MOSIX_SS_AUTODISARM);
	t.altstack_sp = cpu_to_le64(0x7f12a0000000);
	t.altstack_size = cpu_to_le64(65536);
	t.rseq = 0;
	t.personality = cpu_to_le32(0x0040000);
	valid(!mosix_check_task(&t, sizeof(t), TEST_TASK_SIZE), "task");
	put("task", "altstack-norandom", &t, sizeof(t));
}

/* TASK, FPU, VMAs, pages and END, as a small process sends them */
static void stream_seed(void)
{
	static const struct { u64 start, end; u32 flags; } v[] = {
		{ 0x400000, 0x402000, MOSIX_VMA_READ | MOSIX_VMA_EXEC },
		{ 0x4c3000, 0x4c9000, MOSIX_VMA_READ | MOSIX_VMA_WRITE },
		{ 0x7ffc8e680000, 0x7ffc8e6a3000, MOSIX_VMA_READ |
		  MOSIX_VMA_WRITE | MOSIX_VMA_GROWSDOWN },
	};
	static const u64 pages[] = { 0x400000, 0x4c4000, 0x7ffc8e6a2000 };
	static struct mosix_vma_range vmas[8];
	struct mosix_chunk_task t;
	u8 x[TEST_XSTATE_SIZE], page[8 + 4096];
	struct mosix_mem_stream ms;
	size_t len = 0, i;
	u64 s, e;
	u32 f;

	msg_task(&t);
	valid(!mosix_check_task(&t, sizeof(t), TEST_TASK_SIZE), "stream task");
	len += msg_chunk(buf + len, MOSIX_CHUNK_TASK, &t, sizeof(t));
	msg_xstate(x, sizeof(x));
	valid(!mosix_check_xstate(x, sizeof(x), TEST_XFEATURES), "xstate");
	len += msg_chunk(buf + len, MOSIX_CHUNK_FPU, x, sizeof(x));
	mosix_mem_init(&ms, TEST_TASK_SIZE, vmas, 8);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct mosix_chunk_vma c = {
			.start = cpu_to_le64(v[i].start),
			.end = cpu_to_le64(v[i].end),
			.flags = cpu_to_le32(v[i].flags),
		};

		valid(!mosix_mem_header(&ms, MOSIX_CHUNK_VMA, sizeof(c)) &&
		      !mosix_mem_vma(&ms, &c, &s, &e, &f), "vma");
		len += msg_chunk(buf + len, MOSIX_CHUNK_VMA, &c, sizeof(c));
	}
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		__le64 a = cpu_to_le64(pages[i]);

		memcpy(page, &a, sizeof(a));
		memset(page + 8, 0x90 + i, 4096);
		valid(!mosix_mem_header(&ms, MOSIX_CHUNK_PAGE, sizeof(page)) &&
		      !mosix_mem_page(&ms, page, sizeof(page), &s), "page");
		len += msg_chunk(buf + len, MOSIX_CHUNK_PAGE, page, sizeof(page));
	}
	valid(!mosix_mem_header(&ms, MOSIX_CHUNK_END, 0), "end");
	len += msg_chunk(buf + len, MOSIX_CHUNK_END, NULL, 0);
	put("stream", "three-vmas", buf, len);
}

static struct mosix_region regions[MOSIX_REGIONS_MAX];
static u8 reply[1 << 16];

/* A request, and for the reply target replies to it as the deputy sends them */
static void call(const char *name, u32 nr, u64 a0, u64 a1, u64 a2, u64 a3,
		 u64 a4, u64 a5, s64 ret)
{
	const u64 args[6] = { a0, a1, a2, a3, a4, a5 };
	static struct mosix_region decoded[MOSIX_REGIONS_MAX];
	static u32 off[MOSIX_REGIONS_MAX], dlen[MOSIX_REGIONS_MAX];
	u32 out_len[MOSIX_REGIONS_MAX], out_off[MOSIX_REGIONS_MAX];
	struct mosix_request rq = {
		.regions = decoded, .data_off = off, .data_len = dlen,
	};
	size_t len, rlen;
	s64 r;
	int n;

	len = msg_request(buf, sizeof(buf), nr, args, regions, &n);
	if (!len) {
		fprintf(stderr, "seeds: %s is not forwarded\n", name);
		exit(1);
	}
	valid(!mosix_decode_request(buf, len, &rq), name);
	put("request", name, buf, len);
	/* For the reply target: 16-bit length, the request, the reply */
	memmove(buf + 3, buf, len);
	buf[0] = 0xff;
	buf[1] = len & 0xff;
	buf[2] = len >> 8;
	rlen = msg_reply(buf + 3 + len, sizeof(buf) - 3 - len, regions, n, ret);
	valid(!mosix_decode_reply(buf + 3 + len, rlen, regions, n, &r, out_len,
				  out_off), name);
	put("reply", name, buf, 3 + len + rlen);
}

static void syscall_seeds(void)
{
	static char rbuf[100], rbuf2[60], wbuf[] = "hello, world\n";
	static struct iovec riov[2] = { { rbuf, 100 }, { rbuf2, 60 } };
	static struct iovec wiov[2] = { { wbuf, 6 }, { wbuf + 6, 7 } };
	static struct stat st;
	static int optval, optlen = sizeof(optval);
	static fd_set rfds;
	static struct timespec ts = { 1, 0 };
	static u64 sigmask_pair[2];
	static u64 sigmask;
	size_t rlen;

	sigmask_pair[0] = (uintptr_t)&sigmask;
	sigmask_pair[1] = 8;
	call("openat", SYS_openat, -100, (uintptr_t)"/etc/passwd", O_RDONLY, 0,
	     0, 0, 3);
	call("read", SYS_read, 3, (uintptr_t)rbuf, sizeof(rbuf), 0, 0, 0, 42);
	call("write", SYS_write, 1, (uintptr_t)wbuf, 13, 0, 0, 0, 13);
	call("fstat", SYS_fstat, 3, (uintptr_t)&st, 0, 0, 0, 0, 0);
	call("readv", SYS_readv, 3, (uintptr_t)riov, 2, 0, 0, 0, 130);
	call("writev", SYS_writev, 1, (uintptr_t)wiov, 2, 0, 0, 0, 13);
	call("getsockopt", SYS_getsockopt, 3, SOL_SOCKET, SO_RCVBUF,
	     (uintptr_t)&optval, (uintptr_t)&optlen, 0, 0);
	call("pselect6", SYS_pselect6, 4, (uintptr_t)&rfds, 0, 0,
	     (uintptr_t)&ts, (uintptr_t)sigmask_pair, 1);
	call("getpid", SYS_getpid, 0, 0, 0, 0, 0, 0, 4242);
	call("rename", SYS_rename, (uintptr_t)"a.txt", (uintptr_t)"b.txt", 0, 0,
	     0, 0, -2);

	/* Replies to the harness's own calls, which it plans at start */
	regions[0].dir = MOSIX_REGION_OUT;
	regions[0].len = 100;
	reply[0] = 0;
	rlen = msg_reply(reply + 1, sizeof(reply) - 1, regions, 1, 57);
	put("reply", "read-57", reply, 1 + rlen);
	reply[0] = 4;
	rlen = msg_reply(reply + 1, sizeof(reply) - 1, regions, 0, 4242);
	put("reply", "getpid", reply, 1 + rlen);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: seeds DIR\n");
		return 2;
	}
	top = argv[1];
	if (mkdir(top, 0755) && errno != EEXIST) {
		perror(top);
		return 1;
	}
	load_seeds();
	control_seeds();
	task_seeds();
	stream_seed();
	syscall_seeds();
	return 0;
}
