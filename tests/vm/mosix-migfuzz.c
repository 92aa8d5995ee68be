// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-migfuzz: send bad migrations at a node's migration port.
 *
 *   mosix-migfuzz ADDR NODE_ID KIND [COUNT [SEED]]
 *
 * Run on node NODE_ID (the receiver checks that the connection comes from
 * the address of the node HELLO names), with $MOSIX_FUZZ_VDSO the target's
 * vDSO build (a good HELLO names it).  Each case is one connection.
 *
 * KIND     what is sent                                  expected answer
 * hello    HELLOs each bad in one field                  ACCEPT(-EPROTO),
 *                                                        -EACCES for a node
 *                                                        id not the sender's,
 *                                                        -ELIBBAD for another
 *                                                        vDSO, -ENOEXEC for
 *                                                        CPU features it lacks
 * task     a good HELLO, then a whole state whose TASK   ACCEPT(-EPROTO)
 *          chunk is bad in one field
 * fpu      the same with a bad XSAVE header              ACCEPT(-EPROTO)
 * memory   the same with bad VMAs or pages               ACCEPT(-EPROTO)
 * garbage  COUNT times a good HELLO, then a TASK chunk    no ACCEPT(0)
 *          with random bytes changed, the FPU chunk and
 *          END (no VMA), or random bytes
 * admit    HELLOs of balancer moves to an idle node:     ACCEPT(0) for the
 *          one that pays and the one for memory, and     moves that pay,
 *          one that does not pay, one too big for its    else -EXFULL;
 *          memory, one with impossible figures           -EPROTO
 * admit-busy  the same to a node running 3 CPU-bound     -EXFULL, and
 *          processes: the move that paid on an idle      ACCEPT(0) for the
 *          node no longer does; a user's move            user's move
 *
 * The refused states are sent whole, up to END: the receiver reads them
 * to the end and answers, which is what keeps a deputy in step with its
 * guest when it refuses a state.  The XSAVE image is this node's own (a
 * ptrace'd child's, whose size is the kernel's) and the features are
 * XCR0's, so that only the intended field is wrong.
 *
 * Prints one line per case and "migfuzz: KIND N cases, N as expected".
 * Exit status: 0 when every answer was as expected, 1 otherwise, 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "msgs.h"

#define PORT		7141
#define EPROTO_		71
#define EACCES_		13
#define EXFULL_		54
#define ENOEXEC_	8
#define ELIBBAD_	80
#define PAGE		4096

static struct sockaddr_in target;
static u32 node_id;
static u8 xstate[64 << 10];
static u32 xstate_size;
static u64 xfeatures;
/* The target's vDSO build ($MOSIX_FUZZ_VDSO: mosctl -j nodes' vdso) */
static u32 vdso;

/* This node's XSAVE size, features and a real image, as ptrace sees them */
static void own_xstate(void)
{
	struct iovec iov = { xstate, sizeof(xstate) };
	u32 lo, hi;
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) ||
	    ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov)) {
		perror("migfuzz: ptrace");
		exit(1);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	xstate_size = iov.iov_len;
	/* XCR0: the features the kernel enabled, all of them user ones */
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	xfeatures = (u64)hi << 32 | lo;
}

static int connect_target(void)
{
	struct timeval tv = { .tv_sec = 45 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (void *)&target, sizeof(target))) {
		perror("migfuzz: connect");
		exit(1);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static bool send_all(int fd, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static bool send_chunk(int fd, u16 type, const void *payload, u32 len)
{
	static u8 buf[8 + (64 << 10)];

	return send_all(fd, buf, msg_chunk(buf, type, payload, len));
}

/* The ACCEPT answer: 0 or an errno; 1 if none came (connection ended) */
static int recv_accept(int fd)
{
	struct mosix_chunk h;
	__le32 status;
	size_t got = 0;
	u8 buf[12];

	while (got < sizeof(buf)) {
		ssize_t n = recv(fd, buf + got, sizeof(buf) - got, 0);

		if (n <= 0)
			return 1;
		got += n;
	}
	memcpy(&h, buf, sizeof(h));
	memcpy(&status, buf + sizeof(h), sizeof(status));
	if (le16_to_cpu(h.type) != MOSIX_CHUNK_ACCEPT ||
	    le32_to_cpu(h.length) != sizeof(status))
		return 1;
	return (int)le32_to_cpu(status);
}

static void good_hello(struct mosix_chunk_hello *h)
{
	msg_hello(h);
	h->home_node = cpu_to_le32(node_id);
	h->home_pid = cpu_to_le32(30000 + getpid() % 1000);
	h->xfeatures = cpu_to_le64(xfeatures);
	h->xstate_size = cpu_to_le32(xstate_size);
	/* A process that needs no CPU feature, of the target's kernel build */
	h->cpu.features = 0;
	h->cpu.vdso = cpu_to_le32(vdso);
}

/* A connection past a good HELLO, or -1 if it was refused */
static int open_state(void)
{
	struct mosix_chunk_hello h;
	int fd = connect_target(), st;

	good_hello(&h);
	if (!send_chunk(fd, MOSIX_CHUNK_HELLO, &h, sizeof(h)) ||
	    (st = recv_accept(fd)) != 0) {
		fprintf(stderr, "migfuzz: a good HELLO was refused\n");
		close(fd);
		return -1;
	}
	return fd;
}

/* The memory part of a small process: two VMAs, two pages */
struct mem {
	struct mosix_chunk_vma vma[3];
	int nvma;
	u64 page[3];
	int npage;
	bool bad_page_len;
};

static struct mosix_chunk_vma vma(u64 start, u64 end, u32 flags)
{
	struct mosix_chunk_vma v = {
		.start = cpu_to_le64(start), .end = cpu_to_le64(end),
		.flags = cpu_to_le32(flags),
	};

	return v;
}

static void good_mem(struct mem *m)
{
	memset(m, 0, sizeof(*m));
	m->vma[0] = vma(0x400000, 0x402000, MOSIX_VMA_READ | MOSIX_VMA_EXEC);
	m->vma[1] = vma(0x7ffc8e680000, 0x7ffc8e6a3000,
			MOSIX_VMA_READ | MOSIX_VMA_WRITE | MOSIX_VMA_GROWSDOWN);
	m->nvma = 2;
	m->page[0] = 0x400000;
	m->page[1] = 0x7ffc8e6a2000;
	m->npage = 2;
}

static bool send_state(int fd, const struct mosix_chunk_task *t,
		       const u8 *x, const struct mem *m)
{
	static u8 page[8 + PAGE];
	int i;

	if (!send_chunk(fd, MOSIX_CHUNK_TASK, t, sizeof(*t)) ||
	    !send_chunk(fd, MOSIX_CHUNK_FPU, x, xstate_size))
		return false;
	for (i = 0; i < m->nvma; i++)
		if (!send_chunk(fd, MOSIX_CHUNK_VMA, &m->vma[i], sizeof(m->vma[i])))
			return false;
	for (i = 0; i < m->npage; i++) {
		__le64 a = cpu_to_le64(m->page[i]);

		memcpy(page, &a, sizeof(a));
		memset(page + 8, 0xcc, PAGE);	/* int3 */
		if (!send_chunk(fd, MOSIX_CHUNK_PAGE, page,
				m->bad_page_len && i == 0 ? 8 + 100 : 8 + PAGE))
			return false;
	}
	return send_chunk(fd, MOSIX_CHUNK_END, NULL, 0);
}

static int cases, as_expected;

static void verdict(const char *what, int got, int want)
{
	cases++;
	if (got == want) {
		as_expected++;
		printf("answered as expected (%d): %s\n", got, what);
	} else {
		printf("UNEXPECTED answer %d (wanted %d): %s\n", got, want, what);
	}
}

/* One whole state with one thing wrong; the answer must be -EPROTO */
static void bad_state(const char *what, const struct mosix_chunk_task *t,
		      const u8 *x, const struct mem *m)
{
	int fd = open_state(), got;

	if (fd < 0) {
		verdict(what, 1, -EPROTO_);
		return;
	}
	got = send_state(fd, t, x, m) ? recv_accept(fd) : 1;
	close(fd);
	verdict(what, got, -EPROTO_);
}

#define HELLO_CASE(what, stmt, want)					\
	do {								\
		struct mosix_chunk_hello h;				\
		int fd = connect_target(), got;				\
									\
		good_hello(&h);						\
		stmt;							\
		got = send_chunk(fd, MOSIX_CHUNK_HELLO, &h, sizeof(h)) ? \
		      recv_accept(fd) : 1;				\
		close(fd);						\
		verdict(what, got, want);				\
	} while (0)

static void kind_hello(void)
{
	HELLO_CASE("hello: bad magic", h.magic = 0, -EPROTO_);
	HELLO_CASE("hello: the next protocol version",
		   h.version = cpu_to_le32(MOSIX_PROTO_VERSION + 1), -EPROTO_);
	HELLO_CASE("hello: node 0", h.home_node = 0, -EPROTO_);
	HELLO_CASE("hello: pid 0", h.home_pid = 0, -EPROTO_);
	HELLO_CASE("hello: XSAVE size 100", h.xstate_size = cpu_to_le32(100),
		   -EPROTO_);
	HELLO_CASE("hello: no migration counted", h.nr_migrations = 0,
		   -EPROTO_);
	HELLO_CASE("hello: another node's id",
		   h.home_node = cpu_to_le32(node_id == 3 ? 2 : 3), -EACCES_);
	HELLO_CASE("hello: an unknown CPU feature",
		   h.cpu.features = cpu_to_le64(MOSIX_CPU_ALL + 1), -EPROTO_);
	HELLO_CASE("hello: no vDSO build", h.cpu.vdso = 0, -EPROTO_);
	HELLO_CASE("hello: another kernel build's vDSO",
		   h.cpu.vdso = cpu_to_le32(vdso + 1), -ELIBBAD_);
	HELLO_CASE("hello: a process that needs every CPU feature",
		   h.cpu.features = cpu_to_le64(MOSIX_CPU_ALL), -ENOEXEC_);
}

/* A balancer's move of a process using a whole CPU */
#define ADMIT_LOAD(cost, rest)						\
	(h.admit.reason = cpu_to_le32(MOSIX_ADMIT_LOAD),		\
	 h.admit.cpu = cpu_to_le32(MOSIX_ADMIT_CPU_FULL),		\
	 h.admit.rss = cpu_to_le64(4 << 20),				\
	 h.admit.src_cost = cpu_to_le32(cost),				\
	 h.admit.src_rest = cpu_to_le32(rest))
#define ADMIT_MEMORY(bytes)						\
	(h.admit.reason = cpu_to_le32(MOSIX_ADMIT_MEMORY),		\
	 h.admit.cpu = cpu_to_le32(MOSIX_ADMIT_CPU_FULL),		\
	 h.admit.rss = cpu_to_le64(bytes),				\
	 h.admit.src_cost = cpu_to_le32(1000))

/*
 * The target's admission check (the accepted ones are then dropped: the
 * target's new guest ends when the state does not come).  Costs are per
 * mille of the run time on an idle reference CPU; an idle target runs
 * it at 1000, a target with 3 CPU-bound processes at 4000.
 */
static void kind_admit(bool busy)
{
	HELLO_CASE("admit: sent from a node running it 3 times slower",
		   ADMIT_LOAD(3000, 2000), busy ? -EXFULL_ : 0);
	HELLO_CASE("admit: sent from a node running it as fast",
		   ADMIT_LOAD(1000, 0), -EXFULL_);
	HELLO_CASE("admit: a move a user asked for", (void)0, 0);
	if (busy)
		return;
	HELLO_CASE("admit: 64 TiB sent for memory", ADMIT_MEMORY(1ULL << 46),
		   -EXFULL_);
	HELLO_CASE("admit: 4 MiB sent for memory", ADMIT_MEMORY(4 << 20), 0);
	HELLO_CASE("admit: a CPU share above a whole CPU",
		   (ADMIT_LOAD(3000, 2000), h.admit.cpu = cpu_to_le32(2000)),
		   -EPROTO_);
	HELLO_CASE("admit: figures on a user's move",
		   h.admit.src_cost = cpu_to_le32(3000), -EPROTO_);
}

/* A real state with one change (stmt on t or m), which must be refused. */
#define STATE_CASE(what, stmt)						\
	do {								\
		struct mosix_chunk_task t;				\
		struct mem m;						\
									\
		msg_task(&t);						\
		good_mem(&m);						\
		stmt;							\
		bad_state(what, &t, xstate, &m);			\
	} while (0)
#define TASK_CASE(what, stmt)	STATE_CASE("task: " what, stmt)

/*
 * The end of user space here, which the receiver shares: 2^47, or 2^56
 * where the kernel uses 5-level page tables (Debian's kernels on a CPU
 * with LA57), which map above 2^47 only when asked to.
 */
static uint64_t user_top(void)
{
	void *want = (void *)(1ULL << 47);
	void *p = mmap(want, 4096, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return 1ULL << 47;
	munmap(p, 4096);
	return p == want ? 1ULL << 56 : 1ULL << 47;
}

static void kind_task(void)
{
	uint64_t top = user_top();

	TASK_CASE("ip in the kernel",
		  t.regs[MOSIX_REG_IP] = cpu_to_le64(0xffffffff81000000ULL));
	TASK_CASE("IOPL 3", t.regs[MOSIX_REG_FLAGS] = cpu_to_le64(0x3246));
	TASK_CASE("fs base in the kernel",
		  t.fsbase = cpu_to_le64(0xffff888000000000ULL));
	TASK_CASE("brk below its start",
		  t.mm[MOSIX_MM_BRK] = cpu_to_le64(0x4d0000));
	TASK_CASE("no vDSO", t.mm[MOSIX_MM_VDSO] = 0);
	TASK_CASE("a handler for SIGKILL",
		  t.action[8].handler = cpu_to_le64(0x40b2a0));
	TASK_CASE("unknown sa_flags", t.action[1].flags |= cpu_to_le64(0x400));
	TASK_CASE("altstack past user space",
		  t.altstack_flags = 0;
		  t.altstack_sp = cpu_to_le64(top - 0x1000);
		  t.altstack_size = cpu_to_le64(1 << 20));
	TASK_CASE("BSD personality", t.personality = cpu_to_le32(6));
	TASK_CASE("soft limit above hard",
		  t.attrs.rlim_cur[7] = cpu_to_le64(5000));
	TASK_CASE("rseq unaligned", t.rseq = cpu_to_le64(0x4d2a64));
	TASK_CASE("robust list length", t.robust_list_len = cpu_to_le64(8));
	TASK_CASE("clear_child_tid in the kernel",
		  t.clear_child_tid = cpu_to_le64(~0ULL));
	TASK_CASE("comm without NUL", memset(t.comm, 'x', sizeof(t.comm)));
	TASK_CASE("a call cost over 10 s", t.call_us = cpu_to_le32(10000001));
}

static void kind_fpu(void)
{
	static u8 x[sizeof(xstate)];
	struct mosix_chunk_task t;
	struct mem m;

	msg_task(&t);
	good_mem(&m);
	memcpy(x, xstate, sizeof(x));
	x[512 + 7] = 0x80;	/* a feature bit no CPU has */
	bad_state("fpu: unknown XSAVE feature", &t, x, &m);
	memcpy(x, xstate, sizeof(x));
	x[520] = 1;		/* compacted format */
	bad_state("fpu: compacted format", &t, x, &m);
	memcpy(x, xstate, sizeof(x));
	x[540] = 1;
	bad_state("fpu: reserved header byte", &t, x, &m);
	memcpy(x, xstate, sizeof(x));
	x[27] = 0x80;
	bad_state("fpu: reserved MXCSR bit", &t, x, &m);
}

#define MEM_CASE(what, stmt)	STATE_CASE("memory: " what, stmt)

static void kind_memory(void)
{
	uint64_t top = user_top();

	MEM_CASE("overlapping VMAs",
		 m.vma[1] = vma(0x401000, 0x404000, MOSIX_VMA_READ));
	MEM_CASE("VMAs out of order",
		 m.vma[0] = vma(0x7ffd00000000, 0x7ffd00001000, MOSIX_VMA_READ));
	MEM_CASE("VMA not page aligned",
		 m.vma[0] = vma(0x400800, 0x402000, MOSIX_VMA_READ));
	MEM_CASE("VMA past user space",
		 m.vma[1] = vma(top - 0x100000, top + 0x1000,
				MOSIX_VMA_READ));
	MEM_CASE("unknown VMA flag", m.vma[0].flags = cpu_to_le32(0x40));
	MEM_CASE("page outside every VMA", m.page[0] = 0x500000);
	MEM_CASE("the same page twice", m.page[1] = 0x400000);
	MEM_CASE("page below the one before",
		 m.page[0] = 0x401000; m.page[1] = 0x400000);
	MEM_CASE("page not page aligned", m.page[0] = 0x400010);
	MEM_CASE("short PAGE chunk", m.bad_page_len = true);
	MEM_CASE("no VMA at all", m.nvma = 0; m.npage = 0);
}

/* Random damage: a state with bytes of its TASK chunk changed, or noise */
static void kind_garbage(int count, unsigned int seed)
{
	static u8 buf[64 << 10];
	struct mosix_chunk_task t;
	u8 *p = buf;
	size_t len, i;
	int c, fd, got;

	for (c = 0; c < count; c++) {
		msg_task(&t);
		p = buf;
		p += msg_chunk(p, MOSIX_CHUNK_TASK, &t, sizeof(t));
		p += msg_chunk(p, MOSIX_CHUNK_FPU, xstate, xstate_size);
		/* No VMA: a state that gets this far is refused at END */
		p += msg_chunk(p, MOSIX_CHUNK_END, NULL, 0);
		len = p - buf;
		if (c % 4 == 3) {
			len = 1 + rand_r(&seed) % 4096;
			for (i = 0; i < len; i++)
				buf[i] = rand_r(&seed);
		} else {
			for (i = 0; i < 1 + (size_t)c % 8; i++)
				buf[rand_r(&seed) % (sizeof(t) + 8)] ^=
					1 + rand_r(&seed) % 255;
		}
		fd = open_state();
		if (fd < 0) {
			verdict("garbage: HELLO", 1, 0);
			continue;
		}
		send_all(fd, buf, len);
		shutdown(fd, SHUT_WR);
		got = recv_accept(fd);
		close(fd);
		cases++;
		if (got != 0) {
			as_expected++;
			printf("refused as expected (%d): garbage %d\n", got, c);
		} else {
			printf("UNEXPECTED: garbage %d accepted\n", c);
		}
	}
}

int main(int argc, char **argv)
{
	const char *kind;
	int count;

	if (argc < 4 || argc > 6) {
		fprintf(stderr, "usage: mosix-migfuzz ADDR NODE_ID hello|task|fpu|memory|garbage|admit|admit-busy [COUNT [SEED]]\n");
		return 2;
	}
	target.sin_family = AF_INET;
	target.sin_port = htons(PORT);
	if (inet_pton(AF_INET, argv[1], &target.sin_addr) != 1) {
		fprintf(stderr, "migfuzz: bad address %s\n", argv[1]);
		return 2;
	}
	node_id = strtoul(argv[2], NULL, 0);
	kind = argv[3];
	if (!getenv("MOSIX_FUZZ_VDSO")) {
		fprintf(stderr, "migfuzz: set MOSIX_FUZZ_VDSO to the target's vDSO build (vdso in mosctl -j nodes)\n");
		return 2;
	}
	vdso = strtoul(getenv("MOSIX_FUZZ_VDSO"), NULL, 0);
	count = argc > 4 ? atoi(argv[4]) : 20;
	own_xstate();
	printf("migfuzz: XSAVE size %u, features %#llx\n", xstate_size,
	       (unsigned long long)xfeatures);
	if (!strcmp(kind, "hello"))
		kind_hello();
	else if (!strcmp(kind, "task"))
		kind_task();
	else if (!strcmp(kind, "fpu"))
		kind_fpu();
	else if (!strcmp(kind, "memory"))
		kind_memory();
	else if (!strcmp(kind, "admit") || !strcmp(kind, "admit-busy"))
		kind_admit(!strcmp(kind, "admit-busy"));
	else if (!strcmp(kind, "garbage"))
		kind_garbage(count, argc > 5 ? strtoul(argv[5], NULL, 0) : 1);
	else
		return 2;
	printf("migfuzz: %s %d cases, %d as expected\n", kind, cases,
	       as_expected);
	return cases && cases == as_expected ? 0 : 1;
}
