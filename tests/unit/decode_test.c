// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the decoders of the migration connection (kernel/decode.c):
 * real messages pass, and each hand-made bad one is refused for the
 * reason it was made bad for.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/mosix.h>
#include "msgs.h"
#include "tap.h"

#define TS	TEST_TASK_SIZE

static u64 p(const void *ptr)
{
	return (uintptr_t)ptr;
}

static const char *why(enum mosix_dec d)
{
	return mosix_dec_reason(d);
}

/* ---- HELLO ---- */

static enum mosix_dec hello_with(void (*change)(struct mosix_chunk_hello *))
{
	struct mosix_chunk_hello h;
	struct mosix_hello_info out;

	msg_hello(&h);
	change(&h);
	return mosix_decode_hello(&h, sizeof(h), &out);
}

#define HELLO_CASE(name, stmt)						\
	static void name(struct mosix_chunk_hello *h) { stmt; }
HELLO_CASE(h_magic, h->magic ^= cpu_to_le32(1))
HELLO_CASE(h_version, h->version = cpu_to_le32(MOSIX_PROTO_VERSION + 1))
HELLO_CASE(h_node0, h->home_node = 0)
HELLO_CASE(h_node_big, h->home_node = cpu_to_le32(MOSIX_NODE_ID_MAX + 1))
HELLO_CASE(h_pid0, h->home_pid = 0)
HELLO_CASE(h_pid_big, h->home_pid = cpu_to_le32(MOSIX_PID_MAX + 1))
HELLO_CASE(h_xsize_small, h->xstate_size = cpu_to_le32(MOSIX_XSAVE_MIN - 1))
HELLO_CASE(h_xsize_big, h->xstate_size = cpu_to_le32(MOSIX_CHUNK_MAX + 1))
HELLO_CASE(h_xfeatures, h->xfeatures = cpu_to_le64(0x6))
HELLO_CASE(h_migrations, h->nr_migrations = 0)
HELLO_CASE(h_flags, h->flags = cpu_to_le32(2))
HELLO_CASE(h_reserved, h->reserved = cpu_to_le32(1))
HELLO_CASE(h_moved_no_token, h->flags = cpu_to_le32(MOSIX_HELLO_MOVED))
HELLO_CASE(h_token_no_move, h->token[15] = 1)
HELLO_CASE(h_user_figures, h->admit.cpu = cpu_to_le32(512))
HELLO_CASE(h_admit_reason, h->admit.reason = cpu_to_le32(MOSIX_ADMIT_MEMORY + 1))
HELLO_CASE(h_admit_cpu, h->admit.reason = cpu_to_le32(MOSIX_ADMIT_LOAD);
	   h->admit.cpu = cpu_to_le32(MOSIX_ADMIT_CPU_FULL + 1))
HELLO_CASE(h_admit_rss, h->admit.reason = cpu_to_le32(MOSIX_ADMIT_LOAD);
	   h->admit.rss = cpu_to_le64(MOSIX_ADMIT_RSS_MAX + 1))
HELLO_CASE(h_admit_rest, h->admit.reason = cpu_to_le32(MOSIX_ADMIT_MEMORY);
	   h->admit.src_rest = cpu_to_le32(MOSIX_LOAD_MAX + 1))
HELLO_CASE(h_admit_reserved, h->admit.reason = cpu_to_le32(MOSIX_ADMIT_LOAD);
	   h->admit.reserved = cpu_to_le32(1))
HELLO_CASE(h_cpu_unknown, h->cpu.features = cpu_to_le64(MOSIX_CPU_ALL + 1))
HELLO_CASE(h_cpu_vdso0, h->cpu.vdso = 0)
HELLO_CASE(h_cpu_reserved, h->cpu.reserved = cpu_to_le32(1))

static void test_hello(void)
{
	struct mosix_chunk_hello h;
	struct mosix_hello_info out;

	msg_hello(&h);
	CHECK(mosix_decode_hello(&h, sizeof(h), &out) == MOSIX_DEC_OK &&
	      out.home_node == 1 && out.home_pid == 4242 &&
	      out.xstate_size == TEST_XSTATE_SIZE &&
	      out.xfeatures == TEST_XFEATURES && out.nr_migrations == 1 &&
	      out.cpu_needs == 0x1ff && out.vdso == 0x5eed1234,
	      "hello: a real HELLO decodes with every field");
	CHECK(mosix_decode_hello(&h, sizeof(h) - 1, &out) == MOSIX_DEC_LENGTH,
	      "hello: one byte short");
	CHECK(hello_with(h_magic) == MOSIX_DEC_MAGIC, "hello: bad magic");
	CHECK(hello_with(h_version) == MOSIX_DEC_VERSION, "hello: a version this node does not speak");
	CHECK(hello_with(h_node0) == MOSIX_DEC_NODE, "hello: home node 0");
	CHECK(hello_with(h_node_big) == MOSIX_DEC_NODE,
	      "hello: home node above the id range");
	CHECK(hello_with(h_pid0) == MOSIX_DEC_PID, "hello: home pid 0");
	CHECK(hello_with(h_pid_big) == MOSIX_DEC_PID,
	      "hello: home pid above PID_MAX_LIMIT");
	CHECK(hello_with(h_xsize_small) == MOSIX_DEC_XSTATE,
	      "hello: XSAVE size below legacy area + header");
	CHECK(hello_with(h_xsize_big) == MOSIX_DEC_XSTATE,
	      "hello: XSAVE size above a chunk");
	CHECK(hello_with(h_xfeatures) == MOSIX_DEC_XSTATE,
	      "hello: XSAVE features without x87");
	CHECK(hello_with(h_migrations) == MOSIX_DEC_MIGRATIONS,
	      "hello: no migration counted");
	CHECK(hello_with(h_flags) == MOSIX_DEC_RESERVED, "hello: an unknown flag");
	CHECK(hello_with(h_reserved) == MOSIX_DEC_RESERVED,
	      "hello: reserved field set");
	CHECK(hello_with(h_moved_no_token) == MOSIX_DEC_TOKEN,
	      "hello: a move without its token");
	CHECK(hello_with(h_token_no_move) == MOSIX_DEC_TOKEN,
	      "hello: a token without a move");
	CHECK(out.admit.reason == MOSIX_ADMIT_USER,
	      "hello: a user's move has no admission figures");
	CHECK(hello_with(h_user_figures) == MOSIX_DEC_ADMIT,
	      "hello: figures on a user's move");
	CHECK(hello_with(h_admit_reason) == MOSIX_DEC_ADMIT,
	      "hello: an unknown admission reason");
	CHECK(hello_with(h_admit_cpu) == MOSIX_DEC_ADMIT,
	      "hello: a CPU share above a whole CPU");
	CHECK(hello_with(h_admit_rss) == MOSIX_DEC_ADMIT,
	      "hello: more resident memory than a user space holds");
	CHECK(hello_with(h_admit_rest) == MOSIX_DEC_ADMIT,
	      "hello: the sender's load above the limit");
	CHECK(hello_with(h_admit_reserved) == MOSIX_DEC_RESERVED,
	      "hello: admission's reserved field set");
	CHECK(hello_with(h_cpu_unknown) == MOSIX_DEC_CPU,
	      "hello: a CPU feature this node does not know");
	CHECK(hello_with(h_cpu_vdso0) == MOSIX_DEC_CPU, "hello: no vDSO build");
	CHECK(hello_with(h_cpu_reserved) == MOSIX_DEC_RESERVED,
	      "hello: the CPU's reserved field set");
	h.admit.reason = cpu_to_le32(MOSIX_ADMIT_LOAD);
	h.admit.cpu = cpu_to_le32(MOSIX_ADMIT_CPU_FULL);
	h.admit.rss = cpu_to_le64(64 << 20);
	h.admit.syscalls_per_s = cpu_to_le32(12);
	h.admit.src_cost = cpu_to_le32(3000);
	h.admit.src_rest = cpu_to_le32(2000);
	CHECK(mosix_decode_hello(&h, sizeof(h), &out) == MOSIX_DEC_OK &&
	      out.admit.reason == MOSIX_ADMIT_LOAD &&
	      out.admit.cpu == MOSIX_ADMIT_CPU_FULL &&
	      out.admit.rss == 64 << 20 && out.admit.syscalls_per_s == 12 &&
	      out.admit.src_cost == 3000 && out.admit.src_rest == 2000,
	      "hello: a balancer's move decodes with its figures");
	memset(&h.admit, 0, sizeof(h.admit));
	h.flags = cpu_to_le32(MOSIX_HELLO_MOVED);
	memset(h.token, 0xa5, sizeof(h.token));
	CHECK(mosix_decode_hello(&h, sizeof(h), &out) == MOSIX_DEC_OK &&
	      out.flags == MOSIX_HELLO_MOVED && out.token[0] == 0xa5 &&
	      out.token[15] == 0xa5, "hello: a move with its token decodes");
}

static void test_move(void)
{
	struct mosix_chunk_move m = { .node = cpu_to_le32(3) };
	struct mosix_chunk_reattach r = {
		.magic = cpu_to_le32(MOSIX_MSG_MAGIC),
		.version = cpu_to_le32(MOSIX_PROTO_VERSION),
		.home_pid = cpu_to_le32(4242),
		.status = cpu_to_le32(-16),
	};
	struct mosix_reattach_info ri;
	u8 token[MOSIX_TOKEN_LEN];
	__le32 w;
	u32 node;

	memset(m.token, 7, sizeof(m.token));
	CHECK(mosix_decode_move(&m, sizeof(m), &node, token) == MOSIX_DEC_OK &&
	      node == 3 && token[0] == 7 && token[15] == 7,
	      "move: to node 3 decodes with its token");
	CHECK(mosix_decode_move(&m, sizeof(m) - 1, &node, token) ==
	      MOSIX_DEC_LENGTH, "move: one byte short");
	m.node = 0;
	CHECK(mosix_decode_move(&m, sizeof(m), &node, token) == MOSIX_DEC_NODE,
	      "move: node 0");
	m.node = cpu_to_le32(MOSIX_NODE_ID_MAX + 1);
	CHECK(mosix_decode_move(&m, sizeof(m), &node, token) == MOSIX_DEC_NODE,
	      "move: node above the id range");
	m.node = cpu_to_le32(3);
	m.reserved = cpu_to_le32(1);
	CHECK(mosix_decode_move(&m, sizeof(m), &node, token) ==
	      MOSIX_DEC_RESERVED, "move: reserved field set");
	m.reserved = 0;
	memset(m.token, 0, sizeof(m.token));
	CHECK(mosix_decode_move(&m, sizeof(m), &node, token) == MOSIX_DEC_TOKEN,
	      "move: no token");

	w = cpu_to_le32(3);
	CHECK(mosix_decode_move_ask(&w, sizeof(w), &node) == MOSIX_DEC_OK &&
	      node == 3, "move ask: node 3 decodes");
	CHECK(mosix_decode_move_ask(&w, 2, &node) == MOSIX_DEC_LENGTH,
	      "move ask: two bytes");
	w = 0;
	CHECK(mosix_decode_move_ask(&w, sizeof(w), &node) == MOSIX_DEC_NODE,
	      "move ask: node 0");

	memset(r.token, 9, sizeof(r.token));
	CHECK(mosix_decode_reattach(&r, sizeof(r), &ri) == MOSIX_DEC_OK &&
	      ri.home_pid == 4242 && ri.status == -16 && ri.token[3] == 9,
	      "reattach: a failed arrival decodes");
	CHECK(mosix_decode_reattach(&r, sizeof(r) + 1, &ri) == MOSIX_DEC_LENGTH,
	      "reattach: one byte too many");
	r.status = cpu_to_le32(1);
	CHECK(mosix_decode_reattach(&r, sizeof(r), &ri) == MOSIX_DEC_STATUS,
	      "reattach: a positive status");
	r.status = 0;
	r.home_pid = 0;
	CHECK(mosix_decode_reattach(&r, sizeof(r), &ri) == MOSIX_DEC_PID,
	      "reattach: pid 0");
	r.home_pid = cpu_to_le32(4242);
	r.version = cpu_to_le32(MOSIX_PROTO_VERSION - 1);
	CHECK(mosix_decode_reattach(&r, sizeof(r), &ri) == MOSIX_DEC_VERSION,
	      "reattach: an older version");
	r.version = cpu_to_le32(MOSIX_PROTO_VERSION);
	r.magic = 0;
	CHECK(mosix_decode_reattach(&r, sizeof(r), &ri) == MOSIX_DEC_MAGIC,
	      "reattach: bad magic");
	r.magic = cpu_to_le32(MOSIX_MSG_MAGIC);
	memset(r.token, 0, sizeof(r.token));
	CHECK(mosix_decode_reattach(&r, sizeof(r), &ri) == MOSIX_DEC_TOKEN,
	      "reattach: no token");
}

/* ---- TASK ---- */

static struct mosix_chunk_task task;

static enum mosix_dec check_task(void)
{
	return mosix_check_task(&task, sizeof(task), TS);
}

/* Each statement makes the real task bad in one way. */
#define TASK_BAD(stmt, reason, what)					\
	do {								\
		msg_task(&task);					\
		stmt;							\
		CHECK(check_task() == (reason), "task: %s: %s", what,	\
		      why(reason));					\
	} while (0)
#define TASK_GOOD(stmt, what)						\
	do {								\
		msg_task(&task);					\
		stmt;							\
		CHECK(check_task() == MOSIX_DEC_OK, "task: %s is fine", what); \
	} while (0)

/* A relative nanosleep of 5 s on CLOCK_MONOTONIC, interrupted */
static void sleeping(u32 clock, u64 rmtp)
{
	task.clocks.flags = cpu_to_le32(MOSIX_CLOCKS_SLEEP);
	task.clocks.sleep_clock = cpu_to_le32(clock);
	task.clocks.sleep_until_ns = cpu_to_le64(7205000000000ULL);
	task.clocks.sleep_rmtp = cpu_to_le64(rmtp);
}

static void test_task_clocks(void)
{
	struct mosix_wire_clocks *c = &task.clocks;

	TASK_GOOD(c->mono_ns = c->boot_ns = 0, "clocks read 0 (just booted)");
	TASK_GOOD(c->mono_ns = cpu_to_le64(MOSIX_CLOCK_MAX),
		  "a clock at its largest");
	TASK_BAD(c->mono_ns = cpu_to_le64(MOSIX_CLOCK_MAX + 1),
		 MOSIX_DEC_CLOCK, "CLOCK_MONOTONIC beyond KTIME_MAX / 2");
	TASK_BAD(c->boot_ns = cpu_to_le64(~0ULL), MOSIX_DEC_CLOCK,
		 "CLOCK_BOOTTIME negative");
	TASK_BAD(c->cpu_user_ns = cpu_to_le64(MOSIX_CPUTIME_MAX + 1),
		 MOSIX_DEC_CPUTIME, "user CPU time of 36 years");
	TASK_BAD(c->cpu_run_ns = cpu_to_le64(~0ULL), MOSIX_DEC_CPUTIME,
		 "scheduler runtime negative");
	TASK_BAD(task.run_ns = cpu_to_le64(MOSIX_CPUTIME_MAX + 1),
		 MOSIX_DEC_CPUTIME, "run time away of 36 years");
	TASK_BAD(c->itimer[MOSIX_ITIMER_VIRTUAL].expires = cpu_to_le64(~0ULL),
		 MOSIX_DEC_CPUTIME, "ITIMER_VIRTUAL expiring never");
	TASK_BAD(c->itimer[MOSIX_ITIMER_PROF].interval =
		 cpu_to_le64(MOSIX_CPUTIME_MAX + 1), MOSIX_DEC_CPUTIME,
		 "an ITIMER_PROF interval of 36 years");
	TASK_BAD(c->flags = cpu_to_le32(0x2), MOSIX_DEC_RESERVED,
		 "an unknown clock flag");
	TASK_GOOD(sleeping(MOSIX_CLOCK_MONOTONIC, 0x7ffc8e6a1a00),
		  "a nanosleep interrupted");
	TASK_GOOD(sleeping(MOSIX_CLOCK_REALTIME, 0), "a sleep with no rmtp");
	TASK_GOOD(sleeping(MOSIX_CLOCK_BOOTTIME, 0), "a sleep on CLOCK_BOOTTIME");
	TASK_GOOD(sleeping(MOSIX_CLOCK_TAI, 0), "a sleep on CLOCK_TAI");
	TASK_BAD(sleeping(2, 0), MOSIX_DEC_SLEEP,
		 "a sleep on a CPU clock (CLOCK_PROCESS_CPUTIME_ID)");
	TASK_BAD(sleeping(8, 0), MOSIX_DEC_SLEEP,
		 "a sleep on CLOCK_REALTIME_ALARM");
	TASK_BAD(sleeping(MOSIX_CLOCK_MONOTONIC, TS - 8), MOSIX_DEC_SLEEP,
		 "a sleep's rmtp crossing the user limit");
	TASK_BAD((sleeping(MOSIX_CLOCK_MONOTONIC, 0),
		  c->sleep_until_ns = cpu_to_le64(MOSIX_CLOCK_MAX + 1)),
		 MOSIX_DEC_SLEEP, "a sleep ending beyond KTIME_MAX / 2");
	TASK_BAD(c->sleep_until_ns = cpu_to_le64(1), MOSIX_DEC_SLEEP,
		 "a sleep's end without a sleep");
	TASK_BAD(c->sleep_clock = cpu_to_le32(1), MOSIX_DEC_SLEEP,
		 "a sleep's clock without a sleep");
	TASK_BAD(c->sleep_rmtp = cpu_to_le64(0x7ffc8e6a1a00), MOSIX_DEC_SLEEP,
		 "a sleep's rmtp without a sleep");
}

static void test_task(void)
{
	int i;

	TASK_GOOD((void)0, "a real task state");
	CHECK(mosix_check_task(&task, sizeof(task) + 1, TS) == MOSIX_DEC_LENGTH,
	      "task: one byte too long");
	CHECK(mosix_check_task(&task, 0, TS) == MOSIX_DEC_LENGTH,
	      "task: empty");

	TASK_BAD(task.regs[MOSIX_REG_IP] = cpu_to_le64(TS), MOSIX_DEC_IP,
		 "ip at the user limit");
	TASK_BAD(task.regs[MOSIX_REG_IP] = cpu_to_le64(0xffffffff81000000ULL),
		 MOSIX_DEC_IP, "ip in the kernel");
	TASK_BAD(task.regs[MOSIX_REG_FLAGS] = cpu_to_le64(0x3246), MOSIX_DEC_FLAGS,
		 "IOPL 3");
	TASK_BAD(task.regs[MOSIX_REG_FLAGS] = cpu_to_le64(0x20246), MOSIX_DEC_FLAGS,
		 "virtual-8086 mode");
	TASK_BAD(task.regs[MOSIX_REG_FLAGS] = cpu_to_le64(0x400246), MOSIX_DEC_FLAGS,
		 "a reserved flag above ID");
	TASK_GOOD(task.regs[MOSIX_REG_FLAGS] = cpu_to_le64(0x240ad7),
		  "ID, AC, OF and the arithmetic flags");
	TASK_BAD(task.fsbase = cpu_to_le64(TS), MOSIX_DEC_FSGS, "fs base");
	TASK_BAD(task.gsbase = cpu_to_le64(~0ULL), MOSIX_DEC_FSGS, "gs base");

	for (i = 0; i < MOSIX_NR_MM; i++)
		TASK_BAD(task.mm[i] = cpu_to_le64(TS + i), MOSIX_DEC_LAYOUT,
			 "an mm field not a user address");
	TASK_BAD(task.mm[MOSIX_MM_END_CODE] = cpu_to_le64(0x400000),
		 MOSIX_DEC_LAYOUT, "code ends before it starts");
	TASK_BAD(task.mm[MOSIX_MM_END_DATA] = cpu_to_le64(0x4c0000),
		 MOSIX_DEC_LAYOUT, "data ends before it starts");
	TASK_BAD(task.mm[MOSIX_MM_BRK] = cpu_to_le64(0x4d0000),
		 MOSIX_DEC_LAYOUT, "brk below its start");
	TASK_BAD(task.mm[MOSIX_MM_ARG_END] = cpu_to_le64(0x7ffc8e6a2f1c),
		 MOSIX_DEC_LAYOUT, "arguments end before they start");
	TASK_BAD(task.mm[MOSIX_MM_ENV_END] = cpu_to_le64(0x7ffc8e6a2f30),
		 MOSIX_DEC_LAYOUT, "environment ends before it starts");
	TASK_BAD(task.mm[MOSIX_MM_VDSO] = 0, MOSIX_DEC_VDSO, "no vDSO");
	TASK_BAD(task.mm[MOSIX_MM_VDSO] = cpu_to_le64(0x7ffc8e7c6010),
		 MOSIX_DEC_VDSO, "vDSO not page aligned");

	TASK_BAD(task.action[MOSIX_SIGKILL - 1].handler = cpu_to_le64(0x40b2a0),
		 MOSIX_DEC_SIGACTION, "a handler for SIGKILL");
	TASK_GOOD(task.action[MOSIX_SIGKILL - 1].handler =
		  cpu_to_le64(MOSIX_SIG_IGN);
		  task.action[MOSIX_SIGSTOP - 1].handler =
		  cpu_to_le64(MOSIX_SIG_IGN),
		  "SIGKILL and SIGSTOP \"ignored\" as in a guest");
	TASK_BAD(task.action[MOSIX_SIGSTOP - 1].mask = cpu_to_le64(1),
		 MOSIX_DEC_SIGACTION, "a mask for SIGSTOP");
	TASK_BAD(task.action[MOSIX_SIGSTOP - 1].flags = cpu_to_le64(4),
		 MOSIX_DEC_SIGACTION, "flags for SIGSTOP");
	TASK_BAD(task.action[MOSIX_SIGKILL - 1].restorer = cpu_to_le64(0x4019d0),
		 MOSIX_DEC_SIGACTION, "a restorer for SIGKILL");
	TASK_BAD(task.action[14].handler = cpu_to_le64(TS), MOSIX_DEC_SIGACTION,
		 "a handler in the kernel");
	TASK_BAD(task.action[1].flags |= cpu_to_le64(0x400), MOSIX_DEC_SIGACTION,
		 "SA_UNSUPPORTED, which the kernel never keeps");
	TASK_BAD(task.action[1].flags |= cpu_to_le64(0x00800000),
		 MOSIX_DEC_SIGACTION, "the kernel-internal SA_IMMUTABLE");
	TASK_BAD(task.action[1].restorer = cpu_to_le64(TS + 0x1000),
		 MOSIX_DEC_SIGACTION, "a restorer in the kernel");
	TASK_GOOD(task.action[63].handler = cpu_to_le64(TS - 1),
		  "a handler at the last user byte");

	TASK_BAD(task.altstack_flags = cpu_to_le32(3), MOSIX_DEC_ALTSTACK,
		 "altstack on and disabled");
	TASK_BAD(task.altstack_flags = cpu_to_le32(4), MOSIX_DEC_ALTSTACK,
		 "unknown altstack flag");
	TASK_BAD(task.altstack_size = cpu_to_le64(8192), MOSIX_DEC_ALTSTACK,
		 "a disabled altstack with a size");
	TASK_BAD(task.altstack_flags = 0;
		 task.altstack_sp = cpu_to_le64(TS - 4096);
		 task.altstack_size = cpu_to_le64(8192), MOSIX_DEC_ALTSTACK,
		 "altstack past the user limit");
	TASK_BAD(task.altstack_flags = 0;
		 task.altstack_sp = cpu_to_le64(TS);
		 task.altstack_size = cpu_to_le64(1), MOSIX_DEC_ALTSTACK,
		 "altstack in the kernel");
	TASK_BAD(task.altstack_flags = 0;
		 task.altstack_sp = cpu_to_le64(0x10000);
		 task.altstack_size = cpu_to_le64(~0ULL - 0x8000),
		 MOSIX_DEC_ALTSTACK, "altstack whose end wraps around");
	TASK_BAD(task.altstack_sp = cpu_to_le64(0x7f0000000000),
		 MOSIX_DEC_ALTSTACK, "a disabled altstack with an address");
	TASK_GOOD(task.altstack_flags = cpu_to_le32(MOSIX_SS_ONSTACK);
		  task.altstack_sp = cpu_to_le64(0x7f0000000000);
		  task.altstack_size = cpu_to_le64(8192),
		  "an altstack in use");
	TASK_GOOD(task.altstack_flags = cpu_to_le32(MOSIX_SS_AUTODISARM);
		  task.altstack_sp = cpu_to_le64(0x7f0000000000);
		  task.altstack_size = cpu_to_le64(65536),
		  "an altstack with SS_AUTODISARM");

	TASK_BAD(task.personality = cpu_to_le32(6), MOSIX_DEC_PERSONALITY,
		 "a BSD personality");
	TASK_BAD(task.personality = cpu_to_le32(0x100), MOSIX_DEC_PERSONALITY,
		 "unknown personality bits");
	TASK_GOOD(task.personality = cpu_to_le32(0x0040000),
		  "personality ADDR_NO_RANDOMIZE");
	for (i = 0; i < MOSIX_NR_RLIMITS; i++)
		TASK_BAD(task.attrs.rlim_max[i] = cpu_to_le64(10);
			 task.attrs.rlim_cur[i] = cpu_to_le64(11), MOSIX_DEC_RLIMIT,
			 "a soft limit above its hard limit");
	TASK_BAD(task.attrs.nice = cpu_to_le32(-21), MOSIX_DEC_NICE,
		 "nice -21");
	TASK_BAD(task.attrs.nice = cpu_to_le32(20), MOSIX_DEC_NICE, "nice 20");
	TASK_GOOD(task.attrs.nice = cpu_to_le32(-20), "nice -20");
	TASK_GOOD(task.attrs.nice = cpu_to_le32(19), "nice 19");
	TASK_BAD(task.attrs.policy = cpu_to_le32(1), MOSIX_DEC_POLICY,
		 "SCHED_FIFO");
	TASK_BAD(task.attrs.policy = cpu_to_le32(6), MOSIX_DEC_POLICY,
		 "SCHED_DEADLINE");
	TASK_GOOD(task.attrs.policy = cpu_to_le32(MOSIX_SCHED_BATCH),
		  "SCHED_BATCH");
	TASK_GOOD(task.attrs.policy = cpu_to_le32(MOSIX_SCHED_IDLE),
		  "SCHED_IDLE");
	TASK_BAD(task.rseq = cpu_to_le64(0x4d2a70), MOSIX_DEC_RSEQ,
		 "rseq not 32-byte aligned");
	TASK_BAD(task.rseq = cpu_to_le64(TS - 16), MOSIX_DEC_RSEQ,
		 "rseq crossing the user limit");
	TASK_GOOD(task.rseq = 0, "no rseq");
	TASK_GOOD(task.call_us = cpu_to_le32(MOSIX_CALL_US_MAX),
		  "the longest call cost");
	TASK_BAD(task.call_us = cpu_to_le32(MOSIX_CALL_US_MAX + 1),
		 MOSIX_DEC_CALL_US, "a call cost over 10 s");
	TASK_BAD(task.robust_list_len = cpu_to_le64(16), MOSIX_DEC_ROBUST,
		 "robust list length");
	TASK_BAD(task.robust_list = cpu_to_le64(TS - 8), MOSIX_DEC_ROBUST,
		 "robust list crossing the user limit");
	TASK_GOOD(task.robust_list = 0, "no robust list");
	TASK_BAD(task.clear_child_tid = cpu_to_le64(TS - 2), MOSIX_DEC_TID,
		 "clear_child_tid crossing the user limit");
	TASK_GOOD(task.clear_child_tid = 0, "no clear_child_tid");
	TASK_BAD(memset(task.comm, 'x', sizeof(task.comm)), MOSIX_DEC_COMM,
		 "comm without a NUL");
	test_task_clocks();
}

/* ---- FPU ---- */

static void test_xstate(void)
{
	u8 x[TEST_XSTATE_SIZE];

#define X_BAD(off, val, reason, what)					\
	do {								\
		msg_xstate(x, sizeof(x));				\
		x[off] = (val);						\
		CHECK(mosix_check_xstate(x, sizeof(x), TEST_XFEATURES) == \
		      (reason), "xstate: %s", what);			\
	} while (0)

	msg_xstate(x, sizeof(x));
	CHECK(mosix_check_xstate(x, sizeof(x), TEST_XFEATURES) == MOSIX_DEC_OK,
	      "xstate: a real XSAVE image passes");
	CHECK(mosix_check_xstate(x, MOSIX_XSAVE_MIN - 1, TEST_XFEATURES) ==
	      MOSIX_DEC_LENGTH, "xstate: shorter than legacy area + header");
	X_BAD(512, 0x0f, MOSIX_DEC_XHEADER, "a feature this CPU lacks");
	X_BAD(520 + 7, 0x80, MOSIX_DEC_XHEADER, "compacted format");
	X_BAD(575, 1, MOSIX_DEC_XHEADER, "last reserved header byte");
	X_BAD(528, 1, MOSIX_DEC_XHEADER, "first reserved header byte");
	X_BAD(26, 1, MOSIX_DEC_MXCSR, "reserved MXCSR bits");
	X_BAD(600, 0xff, MOSIX_DEC_OK, "data beyond the header is not checked");
#undef X_BAD
}

/* ---- VMA, PAGE, END ---- */

static struct mosix_vma_range vmas[8];
static struct mosix_mem_stream ms;

static struct mosix_chunk_vma vma(u64 start, u64 end, u32 flags)
{
	struct mosix_chunk_vma v = {
		.start = cpu_to_le64(start),
		.end = cpu_to_le64(end),
		.flags = cpu_to_le32(flags),
	};

	return v;
}

static enum mosix_dec add_vma(u64 start, u64 end, u32 flags)
{
	struct mosix_chunk_vma v = vma(start, end, flags);
	enum mosix_dec d;
	u64 s, e;
	u32 f;

	d = mosix_mem_header(&ms, MOSIX_CHUNK_VMA, sizeof(v));
	if (d)
		return d;
	return mosix_mem_vma(&ms, &v, &s, &e, &f);
}

static enum mosix_dec add_page(u64 addr)
{
	__le64 a = cpu_to_le64(addr);
	enum mosix_dec d;
	u64 out;

	d = mosix_mem_header(&ms, MOSIX_CHUNK_PAGE, 8 + 4096);
	if (d)
		return d;
	d = mosix_mem_page(&ms, &a, 8 + 4096, &out);
	return d == MOSIX_DEC_OK && out != addr ? MOSIX_DEC_NR_REASONS : d;
}

/* A PAGE chunk of n pages at addr (only its address matters here). */
static enum mosix_dec add_run(u64 addr, u32 n)
{
	static u8 run[8 + MOSIX_PAGES_PER_CHUNK * 4096];
	__le64 a = cpu_to_le64(addr);
	enum mosix_dec d;
	u64 out;

	d = mosix_mem_header(&ms, MOSIX_CHUNK_PAGE, 8 + n * 4096);
	if (d)
		return d;
	memcpy(run, &a, sizeof(a));
	d = mosix_mem_page(&ms, run, 8 + n * 4096, &out);
	return d == MOSIX_DEC_OK && out != addr ? MOSIX_DEC_NR_REASONS : d;
}

/* Two VMAs as a small process has them: code and stack */
static void two_vmas(void)
{
	mosix_mem_init(&ms, TS, vmas, 8);
	add_vma(0x400000, 0x402000, MOSIX_VMA_READ | MOSIX_VMA_EXEC);
	add_vma(0x7ffc8e680000, 0x7ffc8e6a3000,
		MOSIX_VMA_READ | MOSIX_VMA_WRITE | MOSIX_VMA_GROWSDOWN);
}

static void test_memory(void)
{
	struct mosix_chunk_vma v;
	u64 s, e;
	u32 f;

	two_vmas();
	CHECK(ms.nr_vmas == 2 && add_page(0x400000) == MOSIX_DEC_OK &&
	      add_page(0x401000) == MOSIX_DEC_OK &&
	      add_page(0x7ffc8e6a2000) == MOSIX_DEC_OK &&
	      mosix_mem_header(&ms, MOSIX_CHUNK_END, 0) == MOSIX_DEC_OK,
	      "memory: a real stream of VMAs, pages and END passes");

	mosix_mem_init(&ms, TS, vmas, 8);
	CHECK(mosix_mem_header(&ms, MOSIX_CHUNK_END, 0) == MOSIX_DEC_NO_VMA,
	      "memory: END without any VMA");
	CHECK(mosix_mem_header(&ms, MOSIX_CHUNK_TASK, sizeof(task)) ==
	      MOSIX_DEC_TYPE, "memory: a TASK chunk among the VMAs");
	CHECK(mosix_mem_header(&ms, 0, 0) == MOSIX_DEC_TYPE,
	      "memory: chunk type 0");
	CHECK(mosix_mem_header(&ms, MOSIX_CHUNK_VMA, 23) == MOSIX_DEC_LENGTH,
	      "memory: a short VMA chunk");
	CHECK(mosix_mem_header(&ms, MOSIX_CHUNK_PAGE, 4096) == MOSIX_DEC_LENGTH,
	      "memory: a page without its address");
	two_vmas();
	CHECK(mosix_mem_header(&ms, MOSIX_CHUNK_END, 1) == MOSIX_DEC_LENGTH,
	      "memory: END with a payload");

	mosix_mem_init(&ms, TS, vmas, 8);
	CHECK(add_vma(0x400000, 0x400000, 1) == MOSIX_DEC_RANGE,
	      "vma: empty");
	CHECK(add_vma(0x401000, 0x400000, 1) == MOSIX_DEC_RANGE,
	      "vma: ends before it starts");
	CHECK(add_vma(0x400800, 0x402000, 1) == MOSIX_DEC_RANGE,
	      "vma: start not page aligned");
	CHECK(add_vma(0x400000, 0x401800, 1) == MOSIX_DEC_RANGE,
	      "vma: end not page aligned");
	CHECK(add_vma(TS - 4096, TS + 4096, 1) == MOSIX_DEC_RANGE,
	      "vma: past the user limit");
	CHECK(add_vma(0x400000, 0x401000, 0x10) == MOSIX_DEC_VMA_FLAGS,
	      "vma: unknown flag");
	v = vma(0x400000, 0x401000, 1);
	v.reserved = cpu_to_le32(1);
	CHECK(mosix_mem_vma(&ms, &v, &s, &e, &f) == MOSIX_DEC_RESERVED,
	      "vma: reserved field");
	CHECK(ms.nr_vmas == 0, "vma: refused VMAs are not kept");
	CHECK(add_vma(TS - 4096, TS, 1) == MOSIX_DEC_OK,
	      "vma: the last user page is fine");
	two_vmas();
	CHECK(add_vma(0x401000, 0x403000, 1) == MOSIX_DEC_VMA_ORDER,
	      "vma: overlapping the one before");
	CHECK(add_vma(0x7ffc8e6a3000, 0x7ffc8e6a4000, 1) == MOSIX_DEC_OK,
	      "vma: right after the one before");
	mosix_mem_init(&ms, TS, vmas, 2);
	add_vma(0x400000, 0x401000, 1);
	add_vma(0x600000, 0x601000, 1);
	CHECK(add_vma(0x700000, 0x701000, 1) == MOSIX_DEC_VMA_MAX,
	      "vma: more than there is room for");
	v = vma(0x700000, 0x701000, 1);
	CHECK(mosix_mem_vma(&ms, &v, &s, &e, &f) == MOSIX_DEC_VMA_MAX &&
	      ms.nr_vmas == 2, "vma: the payload check also keeps to the room");
	mosix_mem_init(&ms, TS, vmas, 100000);
	CHECK(ms.max == MOSIX_VMAS_MAX,
	      "vma: never more than a process can have");

	two_vmas();
	CHECK(add_page(0x400000) == MOSIX_DEC_OK &&
	      add_vma(0x7ffd00000000, 0x7ffd00001000, 1) == MOSIX_DEC_VMA_LATE,
	      "vma: after a page");
	v = vma(0x7ffd00000000, 0x7ffd00001000, 1);
	CHECK(mosix_mem_vma(&ms, &v, &s, &e, &f) == MOSIX_DEC_VMA_LATE,
	      "vma: payload after a page");

	two_vmas();
	CHECK(add_page(0x400800) == MOSIX_DEC_PAGE_ADDR,
	      "page: not page aligned");
	CHECK(add_page(TS) == MOSIX_DEC_PAGE_ADDR, "page: at the user limit");
	CHECK(add_page(~0ULL & ~4095ULL) == MOSIX_DEC_PAGE_ADDR,
	      "page: in the kernel");
	CHECK(add_page(0x3ff000) == MOSIX_DEC_PAGE_OUTSIDE,
	      "page: below the first VMA");
	CHECK(add_page(0x402000) == MOSIX_DEC_PAGE_OUTSIDE,
	      "page: between two VMAs");
	CHECK(add_page(0x7ffc8e6a3000) == MOSIX_DEC_PAGE_OUTSIDE,
	      "page: above the last VMA");
	two_vmas();
	add_page(0x401000);
	CHECK(add_page(0x401000) == MOSIX_DEC_PAGE_ORDER,
	      "page: the same page twice");
	CHECK(add_page(0x400000) == MOSIX_DEC_PAGE_ORDER,
	      "page: below the page before");
	mosix_mem_init(&ms, 2048, vmas, 8);
	CHECK(add_page(0) == MOSIX_DEC_PAGE_ADDR,
	      "page: a user space smaller than a page has none");

	two_vmas();
	CHECK(add_run(0x400000, 2) == MOSIX_DEC_OK,
	      "page run: two pages filling the code VMA");
	CHECK(add_run(0x401000, 1) == MOSIX_DEC_PAGE_ORDER,
	      "page run: a page inside the run before");
	CHECK(add_run(0x7ffc8e680000, 35) == MOSIX_DEC_OK,
	      "page run: 35 pages of the stack VMA");
	two_vmas();
	CHECK(add_run(0x401000, 2) == MOSIX_DEC_PAGE_OUTSIDE,
	      "page run: past the end of its VMA");
	CHECK(add_run(0x7ffc8e6a2000, 2) == MOSIX_DEC_PAGE_OUTSIDE,
	      "page run: past the last VMA");
	CHECK(mosix_mem_header(&ms, MOSIX_CHUNK_PAGE,
			       8 + (MOSIX_PAGES_PER_CHUNK + 1) * 4096) ==
	      MOSIX_DEC_LENGTH, "page run: more pages than a chunk may hold");
	CHECK(mosix_mem_header(&ms, MOSIX_CHUNK_PAGE, 8 + 4096 + 1) ==
	      MOSIX_DEC_LENGTH, "page run: not whole pages");
	CHECK(mosix_mem_header(&ms, MOSIX_CHUNK_PAGE, 8) == MOSIX_DEC_LENGTH,
	      "page run: no page");
	mosix_mem_init(&ms, 0x3000, vmas, 8);
	add_vma(0x1000, 0x3000, MOSIX_VMA_READ);
	CHECK(add_run(0x1000, 3) == MOSIX_DEC_PAGE_ADDR,
	      "page run: past the user limit");
}

/* ---- SYSCALL ---- */

static u8 req[1 << 16];
static struct mosix_region regions[MOSIX_REGIONS_MAX];
static u32 data_off[MOSIX_REGIONS_MAX], data_len[MOSIX_REGIONS_MAX];
static struct mosix_request rq = {
	.regions = regions, .data_off = data_off, .data_len = data_len,
};
static struct mosix_region planned[MOSIX_REGIONS_MAX];
static int nplanned;
static size_t req_len;

static size_t make(u32 nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	const u64 args[6] = { a0, a1, a2, a3, a4 };

	req_len = msg_request(req, sizeof(req), nr, args, planned, &nplanned);
	return req_len;
}

static enum mosix_dec decode(void)
{
	return mosix_decode_request(req, req_len, &rq);
}

static struct mosix_wire_region *wire(int i)
{
	return (void *)(req + sizeof(struct mosix_chunk_syscall) +
			i * sizeof(struct mosix_wire_region));
}

/* Where region i's data length word is in the request made last */
static u8 *data_word(int i)
{
	CHECK(decode() == MOSIX_DEC_OK, "(the request to spoil is fine)");
	return req + data_off[i] - 4;
}

static void put32(u8 *at, u32 v)
{
	__le32 w = cpu_to_le32(v);

	memcpy(at, &w, 4);
}

static const char path[] = "/etc/passwd";
static char rbuf[100], rbuf2[50];
static struct stat st;
static struct iovec iov[2] = {
	{ rbuf, sizeof(rbuf) }, { rbuf2, sizeof(rbuf2) },
};
static int optval, optlen = sizeof(optval);

static void test_request_good(void)
{
	struct mosix_chunk_syscall *h = (void *)req;

	CHECK(make(SYS_openat, -100, p(path), O_RDONLY, 0, 0) && nplanned == 1 &&
	      decode() == MOSIX_DEC_OK && rq.nr == SYS_openat &&
	      rq.nr_regions == 1 && regions[0].str &&
	      data_len[0] == sizeof(path) &&
	      !memcmp(req + data_off[0], path, sizeof(path)) &&
	      rq.args[0] == (u64)-100 && rq.args[1] == p(path),
	      "request: openat decodes with its path");
	CHECK(make(SYS_read, 3, p(rbuf), sizeof(rbuf), 0, 0) &&
	      decode() == MOSIX_DEC_OK && regions[0].dir == MOSIX_REGION_OUT &&
	      data_len[0] == 0 && req_len == sizeof(*h) + sizeof(*wire(0)),
	      "request: read carries no data");
	CHECK(make(SYS_write, 1, p("hello\n"), 6, 0, 0) &&
	      decode() == MOSIX_DEC_OK && data_len[0] == 6 &&
	      !memcmp(req + data_off[0], "hello\n", 6),
	      "request: write carries its bytes");
	CHECK(make(SYS_fstat, 3, p(&st), 0, 0, 0) && decode() == MOSIX_DEC_OK &&
	      regions[0].dir == MOSIX_REGION_INOUT &&
	      data_len[0] == sizeof(st), "request: fstat's in/out struct");
	CHECK(make(SYS_readv, 3, p(iov), 2, 0, 0) && nplanned == 3 &&
	      decode() == MOSIX_DEC_OK && regions[1].arg == MOSIX_REGION_NESTED &&
	      regions[2].slot == 1 && data_len[0] == sizeof(iov),
	      "request: readv's iovec and its two buffers");
	CHECK(make(SYS_getsockopt, 3, SOL_SOCKET, SO_RCVBUF, p(&optval),
		   p(&optlen)) && decode() == MOSIX_DEC_OK &&
	      nplanned == 2 && (regions[0].len_word || regions[1].len_word),
	      "request: getsockopt with its length word");
	CHECK(make(SYS_getpid, 0, 0, 0, 0, 0) && decode() == MOSIX_DEC_OK &&
	      rq.nr_regions == 0, "request: getpid, no regions");
}

/* Regions of the request made last, changed one field at a time */
#define REQ_BAD(mk, stmt, reason, what)					\
	do {								\
		mk;							\
		stmt;							\
		CHECK(decode() == (reason), "request: %s: %s", what,	\
		      why(reason));					\
	} while (0)
#define OPENAT	make(SYS_openat, -100, p(path), 0, 0, 0)
#define READ	make(SYS_read, 3, p(rbuf), sizeof(rbuf), 0, 0)
#define WRITE	make(SYS_write, 1, p("hello\n"), 6, 0, 0)
#define READV	make(SYS_readv, 3, p(iov), 2, 0, 0)
#define SOCKOPT	make(SYS_getsockopt, 3, SOL_SOCKET, SO_RCVBUF, p(&optval), \
		     p(&optlen))

static void test_request_bad(void)
{
	struct mosix_chunk_syscall *h = (void *)req;
	int w;

	REQ_BAD(OPENAT, req_len = sizeof(*h) - 1, MOSIX_DEC_LENGTH,
		"shorter than its header");
	REQ_BAD(OPENAT, req_len = MOSIX_CHUNK_MAX + 1, MOSIX_DEC_LENGTH,
		"longer than a chunk");
	REQ_BAD(OPENAT, req_len = sizeof(*h) + 10, MOSIX_DEC_LENGTH,
		"regions cut short");
	REQ_BAD(OPENAT, h->nr_regions = cpu_to_le32(MOSIX_REGIONS_MAX + 1),
		MOSIX_DEC_NR_REGIONS, "65 regions");
	REQ_BAD(OPENAT, h->nr_regions = cpu_to_le32(0x80000001),
		MOSIX_DEC_NR_REGIONS, "a negative number of regions");
	REQ_BAD(OPENAT, h->nr = cpu_to_le32(SYS_clone), MOSIX_DEC_SYSCALL,
		"clone runs at home");
	REQ_BAD(OPENAT, h->nr = cpu_to_le32(SYS_getrandom), MOSIX_DEC_SYSCALL,
		"getrandom runs on the guest");
	REQ_BAD(OPENAT, h->nr = cpu_to_le32(100000), MOSIX_DEC_SYSCALL,
		"syscall 100000");
	REQ_BAD(OPENAT, wire(0)->reserved[2] = 1, MOSIX_DEC_RESERVED,
		"a region's reserved byte");
	REQ_BAD(OPENAT, wire(0)->parent = cpu_to_le16(1), MOSIX_DEC_RESERVED,
		"a parent for an argument's region");
	REQ_BAD(OPENAT, wire(0)->slot = cpu_to_le16(1), MOSIX_DEC_RESERVED,
		"a slot for an argument's region");
	REQ_BAD(OPENAT, wire(0)->len = 0, MOSIX_DEC_REGION, "length 0");
	REQ_BAD(READ, wire(0)->len = cpu_to_le32(MOSIX_BUF_MAX + 1),
		MOSIX_DEC_REGION, "longer than a call may carry");
	REQ_BAD(OPENAT, wire(0)->dir = 0, MOSIX_DEC_REGION, "direction 0");
	REQ_BAD(OPENAT, wire(0)->dir = 4, MOSIX_DEC_REGION, "direction 4");
	REQ_BAD(READ, wire(0)->str = 1, MOSIX_DEC_REGION, "a string filled by the call");
	REQ_BAD(OPENAT, wire(0)->str = 2, MOSIX_DEC_REGION, "str flag 2");
	REQ_BAD(READ, wire(0)->out_by_ret = 0, MOSIX_DEC_REGION,
		"an OUT region not filled by ret");
	REQ_BAD(WRITE, wire(0)->out_by_ret = 1, MOSIX_DEC_REGION,
		"an IN region filled by ret");
	REQ_BAD(READ, wire(0)->out_by_ret = 2, MOSIX_DEC_REGION,
		"out_by_ret flag 2");
	REQ_BAD(WRITE, wire(0)->len_word = 1, MOSIX_DEC_REGION,
		"a 6-byte length word");
	REQ_BAD(WRITE, wire(0)->len_word = 2, MOSIX_DEC_REGION,
		"len_word flag 2");
	REQ_BAD(WRITE, wire(0)->word_max = cpu_to_le32(4), MOSIX_DEC_REGION,
		"a word maximum without a length word");
	/* A 4-byte string "\0" with the length word read past its 1 byte */
	REQ_BAD(WRITE, wire(0)->len = cpu_to_le32(4); wire(0)->str = 1;
		wire(0)->len_word = 1; wire(0)->word_max = cpu_to_le32(~0U);
		put32(req + req_len - 10, 1); req[req_len - 6] = 0;
		req_len -= 5, MOSIX_DEC_REGION, "a string that is a length word");
	REQ_BAD(WRITE, wire(0)->addr = 0, MOSIX_DEC_REGION,
		"a NULL argument with a region");
	REQ_BAD(READV, wire(1)->arg = 6, MOSIX_DEC_NESTED, "argument 6");
	REQ_BAD(READV, wire(1)->parent = cpu_to_le16(1), MOSIX_DEC_NESTED,
		"nested in itself");
	REQ_BAD(READV, wire(1)->parent = cpu_to_le16(2), MOSIX_DEC_NESTED,
		"nested in a later region");
	REQ_BAD(READV, wire(2)->parent = cpu_to_le16(1), MOSIX_DEC_NESTED,
		"nested in a nested region");
	REQ_BAD(READV, wire(1)->slot = cpu_to_le16(2), MOSIX_DEC_NESTED,
		"slot past its parent's array");
	REQ_BAD(READV, wire(0)->dir = MOSIX_REGION_INOUT, MOSIX_DEC_NESTED,
		"parent not IN");
	REQ_BAD(READV, wire(0)->len = cpu_to_le32(24), MOSIX_DEC_NESTED,
		"parent not a whole number of entries");
	REQ_BAD(READV, wire(0)->str = 1, MOSIX_DEC_NESTED,
		"parent a string");

	/* Two regions of 600 KiB: each fine, too much together */
	REQ_BAD(READV, wire(1)->len = cpu_to_le32(600 << 10);
		wire(2)->len = cpu_to_le32(600 << 10), MOSIX_DEC_TOTAL,
		"1.2 MiB in all");

	REQ_BAD(WRITE, req_len -= 10, MOSIX_DEC_DATA, "data cut short");
	REQ_BAD(WRITE, req_len = sizeof(*h) + sizeof(*wire(0)) + 2,
		MOSIX_DEC_DATA, "data length word cut short");
	REQ_BAD(WRITE, put32(data_word(0), 5), MOSIX_DEC_DATA,
		"fewer bytes than the region has");
	REQ_BAD(WRITE, put32(data_word(0), 7), MOSIX_DEC_DATA,
		"more bytes than the region has");
	REQ_BAD(OPENAT, put32(data_word(0), MOSIX_PATH_MAX + 1), MOSIX_DEC_DATA,
		"a path longer than its region");
	REQ_BAD(OPENAT, put32(data_word(0), 100), MOSIX_DEC_DATA,
		"a path longer than the request");
	REQ_BAD(OPENAT, put32(data_word(0), 0); req_len = data_off[0],
		MOSIX_DEC_STRING, "an empty string");
	REQ_BAD(OPENAT, data_word(0)[4 + sizeof(path) - 1] = 'x',
		MOSIX_DEC_STRING, "a path without its NUL");
	REQ_BAD(OPENAT, data_word(0)[4 + 4] = 0, MOSIX_DEC_STRING,
		"a path with a NUL inside");
	REQ_BAD(WRITE, req_len++, MOSIX_DEC_TRAILING, "one byte more");
	REQ_BAD(READ, req_len += 4, MOSIX_DEC_TRAILING,
		"data for an OUT region");

	SOCKOPT;
	w = planned[0].len_word ? 0 : 1;
	REQ_BAD(SOCKOPT, put32(data_word(w) + 4, planned[w].word_max + 1),
		MOSIX_DEC_LEN_WORD, "a length word above its maximum");
	REQ_BAD(SOCKOPT, put32(data_word(w) + 4, planned[w].word_max),
		MOSIX_DEC_OK, "(a length word at its maximum)");
	REQ_BAD(SOCKOPT, wire(w)->len = cpu_to_le32(8), MOSIX_DEC_REGION,
		"an 8-byte length word");
	CHECK(rq.nr_regions == 0, "request: a refused request has no regions");
}

/* ---- RESULT ---- */

static u8 rep[1 << 16];
static u32 out_len[MOSIX_REGIONS_MAX], out_off[MOSIX_REGIONS_MAX];
static size_t rep_len;
static s64 ret;

static enum mosix_dec reply(void)
{
	return mosix_decode_reply(rep, rep_len, planned, nplanned, &ret,
				  out_len, out_off);
}

static void make_reply(s64 r)
{
	rep_len = msg_reply(rep, sizeof(rep), planned, nplanned, r);
}

#define REP_BAD(stmt, reason, what)					\
	do {								\
		stmt;							\
		CHECK(reply() == (reason), "reply: %s: %s", what,	\
		      why(reason));					\
	} while (0)

static void test_reply(void)
{
	READV;
	make_reply(120);
	CHECK(reply() == MOSIX_DEC_OK && ret == 120 && out_len[0] == 0 &&
	      out_len[1] == 100 && out_len[2] == 20 &&
	      out_off[1] == 8 + 4 && out_off[2] == 8 + 4 + 100 + 4 &&
	      rep_len == 8 + 4 + 100 + 4 + 20,
	      "reply: readv of 120 bytes fills the first buffer, then 20");
	make_reply(-11);
	CHECK(reply() == MOSIX_DEC_OK && ret == -11 && out_len[1] == 0 &&
	      rep_len == 8 + 4 + 4, "reply: a failed readv fills nothing");
	make_reply(1000);
	CHECK(reply() == MOSIX_DEC_OK && out_len[1] == 100 && out_len[2] == 50,
	      "reply: a return value above the buffers fills them whole");
	make(SYS_fstat, 3, p(&st), 0, 0, 0);
	make_reply(0);
	CHECK(reply() == MOSIX_DEC_OK && out_len[0] == sizeof(st),
	      "reply: fstat's struct comes back whole on success");
	make_reply(-9);
	CHECK(reply() == MOSIX_DEC_OK && out_len[0] == 0,
	      "reply: and not at all on failure");
	make(SYS_getpid, 0, 0, 0, 0, 0);
	make_reply(4242);
	CHECK(reply() == MOSIX_DEC_OK && ret == 4242, "reply: getpid");
	make_reply(-MOSIX_ERRNO_MAX);
	CHECK(reply() == MOSIX_DEC_OK, "reply: the lowest errno");

	REP_BAD(make_reply(-MOSIX_ERRNO_MAX - 1), MOSIX_DEC_RET,
		"below every errno");
	REP_BAD(make_reply(INT64_MIN), MOSIX_DEC_RET, "INT64_MIN");
	REP_BAD(rep_len = 7, MOSIX_DEC_LENGTH, "no return value");
	REP_BAD(rep_len = MOSIX_CHUNK_MAX + 1, MOSIX_DEC_LENGTH,
		"longer than a chunk");
	REP_BAD(make_reply(4242); rep_len++, MOSIX_DEC_TRAILING,
		"a byte after the return value");
	READV;
	REP_BAD(make_reply(120); put32(rep + 8, 99), MOSIX_DEC_DATA,
		"fewer bytes than ret says");
	REP_BAD(make_reply(120); put32(rep + 8, 101), MOSIX_DEC_DATA,
		"more bytes than ret says");
	REP_BAD(make_reply(120); rep_len -= 1, MOSIX_DEC_DATA,
		"last buffer cut short");
	REP_BAD(make_reply(120); rep_len = 8 + 4 + 100 + 2, MOSIX_DEC_DATA,
		"length word cut short");
	REP_BAD(make_reply(120); rep_len += 3, MOSIX_DEC_TRAILING,
		"bytes after the last buffer");
	REP_BAD(make_reply(-4); rep_len = 8 + 4 + 4 + 4;
		put32(rep + 16, 0), MOSIX_DEC_TRAILING,
		"a region more than the call has");
}

/* ---- SIGNAL, EXIT, ACCEPT, PIN, ATTRS ---- */

static void test_small(void)
{
	struct mosix_chunk_signal s = {
		.signo = cpu_to_le32(10), .code = cpu_to_le32(-6),
		.fields = { 77, 0, 0, 0, 0xe8, 0x03 },	/* pid 77, uid 1000 */
	};
	struct mosix_signal_info si;
	struct mosix_chunk_exit ex = { 0 };
	struct mosix_exit_info ei;
	struct mosix_wire_attrs attrs;
	__le32 w;
	int status;
	bool pinned;
	struct mosix_chunk_home_fail hf;
	u32 why;

	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_OK &&
	      si.signo == 10 && si.code == -6 && si.error == 0 &&
	      !memcmp(si.fields, s.fields, sizeof(s.fields)),
	      "signal: a tgkill'd SIGUSR1 decodes, its sender as sent");
	s.error = cpu_to_le32(5000);
	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_SIGNAL,
	      "signal: si_errno beyond any errno");
	s.error = cpu_to_le32(-5);
	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_OK &&
	      si.error == -5, "signal: si_errno -5 decodes");
	s.error = 0;
	s.reserved = cpu_to_le32(1);
	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_RESERVED,
	      "signal: reserved field set");
	s.reserved = 0;
	s.code = cpu_to_le32(-1);	/* SI_QUEUE: a sigqueue() value */
	memset(s.fields + 8, 0xab, 8);
	s.signo = cpu_to_le32(34);
	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_OK &&
	      si.signo == 34 && si.code == -1 && si.fields[8] == 0xab &&
	      si.fields[15] == 0xab,
	      "signal: a real-time signal with its sigqueue() value decodes");
	s.signo = cpu_to_le32(10);
	CHECK(mosix_decode_signal(&s, sizeof(s) - 1, &si) == MOSIX_DEC_LENGTH,
	      "signal: one byte short");
	s.signo = 0;
	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_SIGNAL,
	      "signal: number 0");
	s.signo = cpu_to_le32(65);
	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_SIGNAL,
	      "signal: number 65");
	s.signo = cpu_to_le32(MOSIX_SIGKILL);
	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_SIGNAL,
	      "signal: SIGKILL comes as KILL, never as a signal");
	s.signo = cpu_to_le32(64);
	CHECK(mosix_decode_signal(&s, sizeof(s), &si) == MOSIX_DEC_OK,
	      "signal: number 64");

	ex.code = cpu_to_le32(0x100);
	ex.utime_ns = cpu_to_le64(2500000000ULL);
	ex.stime_ns = cpu_to_le64(1000);
	ex.run_ns = cpu_to_le64(2500001000ULL);
	CHECK(mosix_decode_exit(&ex, sizeof(ex), &ei) == MOSIX_DEC_OK &&
	      ei.code == 0x100 && ei.utime_ns == 2500000000ULL &&
	      ei.stime_ns == 1000 && ei.run_ns == 2500001000ULL,
	      "exit: exit(1) after 2.5 s decodes");
	CHECK(mosix_decode_exit(&ex, sizeof(ex) - 1, &ei) == MOSIX_DEC_LENGTH,
	      "exit: one byte short");
	ex.flags = cpu_to_le32(MOSIX_EXIT_OOM);
	CHECK(mosix_decode_exit(&ex, sizeof(ex), &ei) == MOSIX_DEC_OK &&
	      ei.flags == MOSIX_EXIT_OOM && ei.code == 0x100,
	      "exit: killed for memory decodes");
	ex.flags = cpu_to_le32(2);
	CHECK(mosix_decode_exit(&ex, sizeof(ex), &ei) == MOSIX_DEC_RESERVED,
	      "exit: an unknown flag");
	ex.flags = 0;
	ex.code = cpu_to_le32(0x10000);
	CHECK(mosix_decode_exit(&ex, sizeof(ex), &ei) == MOSIX_DEC_EXIT,
	      "exit: code above 16 bits");
	ex.code = 0;
	ex.stime_ns = cpu_to_le64(MOSIX_CPUTIME_MAX + 1);
	CHECK(mosix_decode_exit(&ex, sizeof(ex), &ei) == MOSIX_DEC_CPUTIME,
	      "exit: impossible CPU time");
	ex.stime_ns = 0;
	ex.run_ns = cpu_to_le64(MOSIX_CPUTIME_MAX + 1);
	CHECK(mosix_decode_exit(&ex, sizeof(ex), &ei) == MOSIX_DEC_CPUTIME,
	      "exit: impossible run time");

	{
		struct mosix_chunk_sigchld c = {
			.how = cpu_to_le32(MOSIX_SIGCHLD_IGNORE |
					   MOSIX_SIGCHLD_NOCLDWAIT),
		};
		u32 how;

		CHECK(mosix_decode_sigchld(&c, sizeof(c), &how) == MOSIX_DEC_OK &&
		      how == (MOSIX_SIGCHLD_IGNORE | MOSIX_SIGCHLD_NOCLDWAIT),
		      "sigchld: ignored, no zombies decodes");
		CHECK(mosix_decode_sigchld(&c, sizeof(c) + 1, &how) ==
		      MOSIX_DEC_LENGTH, "sigchld: one byte too many");
		c.how = cpu_to_le32(8);
		CHECK(mosix_decode_sigchld(&c, sizeof(c), &how) ==
		      MOSIX_DEC_SIGACTION, "sigchld: an unknown bit");
		c.how = 0;
		c.reserved = cpu_to_le32(1);
		CHECK(mosix_decode_sigchld(&c, sizeof(c), &how) ==
		      MOSIX_DEC_RESERVED, "sigchld: reserved field set");
	}

	{
		struct mosix_chunk_sigmask m = {
			/* SIGTERM, SIGUSR1 and SIGRTMIN blocked; SIGHUP ignored */
			.blocked = cpu_to_le64((1ULL << 14) | (1ULL << 9) |
					       (1ULL << 33)),
			.ignored = cpu_to_le64(1ULL << 0),
		};
		u64 blocked, ignored;

		CHECK(mosix_decode_sigmask(&m, sizeof(m), &blocked, &ignored) ==
		      MOSIX_DEC_OK && blocked == ((1ULL << 14) | (1ULL << 9) |
						  (1ULL << 33)) && ignored == 1,
		      "sigmask: SIGTERM, SIGUSR1, SIGRTMIN blocked, SIGHUP ignored");
		CHECK(mosix_decode_sigmask(&m, sizeof(m) - 1, &blocked,
					   &ignored) == MOSIX_DEC_LENGTH,
		      "sigmask: one byte short");
		m.blocked = cpu_to_le64(1ULL << (MOSIX_SIGKILL - 1));
		CHECK(mosix_decode_sigmask(&m, sizeof(m), &blocked, &ignored) ==
		      MOSIX_DEC_SIGACTION, "sigmask: SIGKILL blocked");
		m.blocked = cpu_to_le64(1ULL << (MOSIX_SIGSTOP - 1));
		CHECK(mosix_decode_sigmask(&m, sizeof(m), &blocked, &ignored) ==
		      MOSIX_DEC_SIGACTION, "sigmask: SIGSTOP blocked");
		m.blocked = 0;
		m.ignored = cpu_to_le64(1ULL << (MOSIX_SIGKILL - 1));
		CHECK(mosix_decode_sigmask(&m, sizeof(m), &blocked, &ignored) ==
		      MOSIX_DEC_SIGACTION, "sigmask: SIGKILL ignored");
		m.ignored = cpu_to_le64(1ULL << (MOSIX_SIGCHLD - 1));
		CHECK(mosix_decode_sigmask(&m, sizeof(m), &blocked, &ignored) ==
		      MOSIX_DEC_SIGACTION,
		      "sigmask: SIGCHLD ignored (that comes as SIGCHLD)");
		m.ignored = cpu_to_le64(~0ULL & ~((1ULL << (MOSIX_SIGKILL - 1)) |
						 (1ULL << (MOSIX_SIGSTOP - 1)) |
						 (1ULL << (MOSIX_SIGCHLD - 1))));
		m.blocked = m.ignored;
		CHECK(mosix_decode_sigmask(&m, sizeof(m), &blocked, &ignored) ==
		      MOSIX_DEC_OK, "sigmask: all else blocked and ignored");
	}

	w = cpu_to_le32(-16);
	CHECK(mosix_decode_accept(&w, sizeof(w), &status) == MOSIX_DEC_OK &&
	      status == -16, "accept: -EBUSY");
	w = 0;
	CHECK(mosix_decode_accept(&w, sizeof(w), &status) == MOSIX_DEC_OK &&
	      status == 0, "accept: 0");
	CHECK(mosix_decode_accept(&w, 5, &status) == MOSIX_DEC_LENGTH,
	      "accept: 5 bytes");
	w = cpu_to_le32(1);
	CHECK(mosix_decode_accept(&w, sizeof(w), &status) == MOSIX_DEC_STATUS,
	      "accept: 1");
	w = cpu_to_le32(-MOSIX_ERRNO_MAX - 1);
	CHECK(mosix_decode_accept(&w, sizeof(w), &status) == MOSIX_DEC_STATUS,
	      "accept: below every errno");

	w = cpu_to_le32(1);
	pinned = false;
	CHECK(mosix_decode_pin(&w, sizeof(w), &pinned) == MOSIX_DEC_OK && pinned,
	      "pin: 1");
	w = 0;
	CHECK(mosix_decode_pin(&w, sizeof(w), &pinned) == MOSIX_DEC_OK && !pinned,
	      "pin: 0");
	CHECK(mosix_decode_pin(&w, 3, &pinned) == MOSIX_DEC_LENGTH,
	      "pin: 3 bytes");
	w = cpu_to_le32(2);
	CHECK(mosix_decode_pin(&w, sizeof(w), &pinned) == MOSIX_DEC_STATUS,
	      "pin: 2");

	hf.status = cpu_to_le32(-1);	/* -EPERM */
	hf.why = cpu_to_le32(MOSIX_WHY_MLOCK);
	CHECK(mosix_decode_home_fail(&hf, sizeof(hf), &status, &why) ==
	      MOSIX_DEC_OK && status == -1 && why == MOSIX_WHY_MLOCK,
	      "home fail: -EPERM, locked memory");
	CHECK(mosix_decode_home_fail(&hf, sizeof(hf) + 1, &status, &why) ==
	      MOSIX_DEC_LENGTH, "home fail: a byte too long");
	hf.why = cpu_to_le32(MOSIX_WHY_COUNT);
	CHECK(mosix_decode_home_fail(&hf, sizeof(hf), &status, &why) ==
	      MOSIX_DEC_WHY, "home fail: a reason past the last");
	hf.why = cpu_to_le32(MOSIX_WHY_OTHER);
	hf.status = 0;
	CHECK(mosix_decode_home_fail(&hf, sizeof(hf), &status, &why) ==
	      MOSIX_DEC_STATUS, "home fail: status 0 (a failure says why)");
	hf.status = cpu_to_le32(-5000);
	CHECK(mosix_decode_home_fail(&hf, sizeof(hf), &status, &why) ==
	      MOSIX_DEC_STATUS, "home fail: below every errno");

	memset(&attrs, 0, sizeof(attrs));
	CHECK(mosix_check_attrs(&attrs, sizeof(attrs)) == MOSIX_DEC_OK,
	      "attrs: nice 0, SCHED_NORMAL, no limits");
	CHECK(mosix_check_attrs(&attrs, sizeof(attrs) - 1) == MOSIX_DEC_LENGTH,
	      "attrs: a byte short");
	attrs.nice = cpu_to_le32(0x80000000);
	CHECK(mosix_check_attrs(&attrs, sizeof(attrs)) == MOSIX_DEC_NICE,
	      "attrs: the lowest int as nice");
	attrs.nice = cpu_to_le32(10);
	attrs.policy = cpu_to_le32(2);
	CHECK(mosix_check_attrs(&attrs, sizeof(attrs)) == MOSIX_DEC_POLICY,
	      "attrs: SCHED_RR");
	attrs.policy = cpu_to_le32(MOSIX_SCHED_IDLE);
	attrs.rlim_cur[0] = cpu_to_le64(1);
	CHECK(mosix_check_attrs(&attrs, sizeof(attrs)) == MOSIX_DEC_RLIMIT,
	      "attrs: a soft limit above its hard limit");
	attrs.rlim_max[0] = cpu_to_le64(1);
	CHECK(mosix_check_attrs(&attrs, sizeof(attrs)) == MOSIX_DEC_OK,
	      "attrs: nice 10, SCHED_IDLE, a limit of 1");
}

static void test_reasons(void)
{
	int i, named = 1;

	for (i = 0; i < MOSIX_DEC_NR_REASONS; i++)
		named &= mosix_dec_reason(i) != NULL &&
			 strcmp(mosix_dec_reason(i), "unknown") != 0;
	CHECK(named, "every reason has words");
	CHECK(!strcmp(mosix_dec_reason(MOSIX_DEC_NR_REASONS), "unknown") &&
	      !strcmp(mosix_dec_reason(-1), "unknown"),
	      "a reason out of range is unknown");
}

int main(void)
{
	test_hello();
	test_move();
	test_task();
	test_xstate();
	test_memory();
	test_request_good();
	test_request_bad();
	test_reply();
	test_small();
	test_reasons();
	return tap_exit();
}
