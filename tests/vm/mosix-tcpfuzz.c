// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-tcpfuzz: a hostile peer on a node's migration port.
 *
 *   mosix-tcpfuzz [-s SEED] [-v VDSO] ADDR SELF_ID SECONDS
 *
 * For SECONDS, opens connection after connection to ADDR's migration
 * port and, in turn:
 *   - closes it at once, or after a random pause (up to 2 s);
 *   - sends random bytes (1..20000), or a chunk header that claims more
 *     than a chunk may hold, or one with its reserved field set;
 *   - sends a HELLO with a wrong magic, a wrong version, an unknown home
 *     node, or a state size the node cannot hold;
 *   - sends a HELLO as node SELF_ID (which the node knows, from this
 *     address) that passes (of a process needing no CPU feature, of the
 *     kernel build whose vDSO build is VDSO: mosctl -j nodes), and then a process state of random bytes
 *     in chunks of the right types and sizes, cut off at a random point,
 *     ended (END), or given up (ABORT) at any point, the first included;
 *   - sends a key proof (AUTH) of random bytes;
 *   - keeps up to 8 connections open and silent at once, to show that
 *     they hold nothing up.
 * Prints what it did.  Exit status 0 unless it could not run at all
 * (the node refusing or resetting connections is the expected outcome,
 * not an error).
 */
#include <arpa/inet.h>
#include <cpuid.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/mosix.h>
#include "messages.h"

static struct sockaddr_in dst;
static uint64_t rng_state;
static uint32_t self_id;
/* The target's vDSO build (-v): a HELLO that passes names it. */
static uint32_t vdso;
static unsigned long counts[16];
static const char *const names[16] = {
	"closed at once", "closed after a pause", "random bytes",
	"oversized chunk", "reserved field set", "bad HELLO",
	"state of random bytes", "random key proof", "held open",
};

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static unsigned int below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static void fill(void *p, size_t len)
{
	unsigned char *b = p;

	while (len--)
		*b++ = (unsigned char)rnd();
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dial(void)
{
	struct timeval tv = { .tv_sec = 5 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&dst, sizeof(dst))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send what can be sent; the node may reset the connection first. */
static void put(int fd, const void *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return;
		p = (const char *)p + n;
		len -= (size_t)n;
	}
}

static void chunk(int fd, uint16_t type, const void *p, uint32_t len)
{
	struct mosix_chunk h = { .type = htole16(type), .length = htole32(len) };

	put(fd, &h, sizeof(h));
	put(fd, p, len);
}

static void hello(struct mosix_chunk_hello *h)
{
	unsigned int a, b, c, d;
	uint32_t lo, hi;

	memset(h, 0, sizeof(*h));
	h->magic = htole32(MOSIX_MSG_MAGIC);
	h->version = htole32(MOSIX_PROTO_VERSION);
	h->home_node = htole32(self_id);
	h->home_pid = htole32(1000 + below(1000));
	h->nr_migrations = htole32(1);
	/* The XSAVE size and features this CPU uses, as a real node sends. */
	if (__get_cpuid_count(0xd, 0, &a, &b, &c, &d))
		h->xstate_size = htole32(b);
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	h->xfeatures = htole64(((uint64_t)hi << 32) | lo);
	h->cpu.vdso = htole32(vdso);
}

static void random_state(int fd)
{
	static unsigned char buf[sizeof(struct mosix_chunk_task) + 8192];
	struct mosix_chunk_hello h;
	unsigned int steps = 1 + below(6), i;

	hello(&h);
	chunk(fd, MOSIX_CHUNK_HELLO, &h, sizeof(h));
	recv(fd, buf, sizeof(struct mosix_chunk) + 4, MSG_WAITALL);
	for (i = 0; i < steps; i++) {
		if (!below(6)) {	/* the sender gives up */
			chunk(fd, MOSIX_CHUNK_ABORT, NULL, 0);
			break;
		}
		switch (i) {
		case 0:
			fill(buf, sizeof(struct mosix_chunk_task));
			chunk(fd, MOSIX_CHUNK_TASK, buf,
			      sizeof(struct mosix_chunk_task));
			break;
		case 1:
			fill(buf, le32toh(h.xstate_size) % sizeof(buf));
			chunk(fd, MOSIX_CHUNK_FPU, buf,
			      le32toh(h.xstate_size) % sizeof(buf));
			break;
		case 2:
		case 3:
			fill(buf, sizeof(struct mosix_chunk_vma));
			chunk(fd, MOSIX_CHUNK_VMA, buf,
			      sizeof(struct mosix_chunk_vma));
			break;
		case 4:
			fill(buf, 8 + 4096);
			chunk(fd, MOSIX_CHUNK_PAGE, buf, 8 + 4096);
			break;
		default:
			chunk(fd, MOSIX_CHUNK_END, NULL, 0);
		}
	}
}

static void one(int *held, unsigned int *nheld)
{
	static unsigned char buf[20000];
	struct mosix_chunk_hello h;
	struct mosix_chunk c;
	unsigned int kind = below(9);
	int fd = dial();

	if (fd < 0) {
		usleep(100000);
		return;
	}
	switch (kind) {
	case 0:
		break;
	case 1:
		usleep(below(2000) * 1000);
		break;
	case 2:
		fill(buf, 1 + below(sizeof(buf)));
		put(fd, buf, 1 + below(sizeof(buf)));
		break;
	case 3:
		c.type = htole16(1 + below(MOSIX_CHUNK_AUTH));
		c.reserved = 0;
		c.length = htole32(MOSIX_CHUNK_MAX + 1 + below(1 << 20));
		put(fd, &c, sizeof(c));
		break;
	case 4:
		c.type = htole16(MOSIX_CHUNK_HELLO);
		c.reserved = htole16(1 + below(0xfffe));
		c.length = htole32(sizeof(h));
		put(fd, &c, sizeof(c));
		break;
	case 5:
		hello(&h);
		switch (below(4)) {
		case 0:
			h.magic ^= htole32(1u << below(32));
			break;
		case 1:
			h.version = htole32(MOSIX_PROTO_VERSION + 1 + below(100));
			break;
		case 2:
			h.home_node = htole32(900 + below(100));
			break;
		default:
			h.xstate_size = htole32(below(100000));
		}
		chunk(fd, MOSIX_CHUNK_HELLO, &h, sizeof(h));
		recv(fd, buf, 64, 0);
		break;
	case 6:
		random_state(fd);
		break;
	case 7:
		/* the first message's size (nonce, request), or the second's */
		fill(buf, 16 + 4 + 32);
		chunk(fd, MOSIX_CHUNK_AUTH, buf, below(2) ? 16 + 4 : 16 + 4 + 32);
		recv(fd, buf, 64, 0);
		fill(buf, 32);
		chunk(fd, MOSIX_CHUNK_AUTH, buf, 32);
		break;
	default:
		if (*nheld < 8) {
			held[(*nheld)++] = fd;
			counts[kind]++;
			return;
		}
		close(held[--*nheld]);
	}
	counts[kind]++;
	close(fd);
}

int main(int argc, char **argv)
{
	unsigned int nheld = 0, i;
	int held[8], opt;
	double end;

	rng_state = (uint64_t)time(NULL) * 2654435761u | 1;
	while ((opt = getopt(argc, argv, "s:v:")) != -1) {
		if (opt == 's')
			rng_state = strtoull(optarg, NULL, 0) | 1;
		else if (opt == 'v')
			vdso = (uint32_t)strtoul(optarg, NULL, 0);
		else
			goto usage;
	}
	if (argc - optind != 3)
		goto usage;
	dst.sin_family = AF_INET;
	dst.sin_port = htons(MOSIX_MIGRATION_PORT);
	if (inet_pton(AF_INET, argv[optind], &dst.sin_addr) != 1)
		goto usage;
	self_id = (uint32_t)strtoul(argv[optind + 1], NULL, 0);
	end = now() + atof(argv[optind + 2]);
	signal(SIGPIPE, SIG_IGN);
	while (now() < end)
		one(held, &nheld);
	while (nheld)
		close(held[--nheld]);
	for (i = 0; i < 9; i++)
		printf("tcpfuzz %s: %lu\n", names[i], counts[i]);
	return 0;
usage:
	fprintf(stderr, "usage: mosix-tcpfuzz [-s SEED] [-v VDSO] ADDR SELF_ID SECONDS\n");
	return 2;
}
