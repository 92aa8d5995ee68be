// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-udpfuzz: send bad load-information datagrams at a node.
 *
 *   mosix-udpfuzz [-i USEC] [-p PORT] [-s SEED] [-v] ADDR KIND COUNT [SENDER_ID]
 *
 * KIND       what is sent (COUNT datagrams)             receiver counter
 * short      random 0..23 bytes                         rx_short
 * magic      right size, wrong magic                    rx_bad_header
 * version    right size, wrong version                  rx_bad_header
 * type       right size, wrong message type             rx_bad_header
 * length     length field and datagram size disagree    rx_bad_length
 * oversized  a valid message padded to 1201, 2000 and
 *            65000 bytes (> MOSIX_DATAGRAM_MAX)         rx_bad_length
 * field      valid but for one impossible field, each
 *            field in turn                              rx_bad_field
 * entry      valid, with 3 gossip entries, but for one
 *            impossible field of the second entry, each
 *            field in turn (and entries about the sender
 *            or naming one node twice)                  rx_bad_field
 * unknown    valid, from sender 999 (not configured)    rx_unknown_peer
 * spoof      valid, claims to be SENDER_ID (default 2)
 *            but comes from this node's address; it
 *            carries speed 777, cpus 77 as a marker     rx_unknown_peer
 * stale      COUNT pairs: valid, as SENDER_ID (must be
 *            this node's own id, so that the address
 *            matches), epoch E: seq 1000+i then seq 5.
 *            The first of each pair is accepted, the
 *            second is stale                           info_rx, rx_stale
 *            (unless this node's own message, another
 *            epoch, arrives between the two: delete
 *            the target from this node's table for
 *            the time of the test to rule that out)
 * random     random bytes, random length 0..600, and
 *            randomly damaged valid messages            some drop counter
 *
 * SENDER_ID is the sender of the otherwise valid base message; default
 * 999 for unknown and random, 2 for spoof, required for stale, and for
 * the other kinds 999 (pass this node's own id to make sure the receiver
 * drops them for the intended reason only).  Every datagram is checked
 * against wire.c's decoder before it is sent, so a bug here shows as an
 * abort rather than as a wrong counter on the receiver.
 *
 * Datagrams are paced (-i, default 2000 us; 20 ms after a datagram over
 * 8 KiB) so that the receiver's socket buffer does not overflow: a
 * datagram lost there would never reach the counters.
 *
 * Prints what it sent, ending with one line
 *   udpfuzz: KIND sent N [accepted A] [stale S]
 * Exit status: 0, 1 if a datagram could not be sent, 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/mosix.h>
#include "messages.h"
#include "wire.h"

#define LOAD_SIZE	sizeof(struct mosix_msg_load)
#define HDR_SIZE	sizeof(struct mosix_msg_header)
#define BIG_MAX		65000

static unsigned char buf[BIG_MAX];
static int fd;
static struct sockaddr_in dst;
static unsigned long interval_us = 2000;
static bool verbose;
static unsigned long sent, send_errors;
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned int rnd_below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static void rnd_fill(void *p, size_t len)
{
	unsigned char *c = p;

	for (size_t i = 0; i < len; i++)
		c[i] = (unsigned char)rnd();
}

static void pause_after(size_t len)
{
	struct timespec ts;
	unsigned long us = interval_us;

	if (len > 8192 && us < 20000)
		us = 20000;
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (long)(us % 1000000) * 1000;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static const char *result_name(enum mosix_wire_result r)
{
	switch (r) {
	case MOSIX_WIRE_OK: return "valid";
	case MOSIX_WIRE_SHORT: return "short";
	case MOSIX_WIRE_BAD_HEADER: return "bad_header";
	case MOSIX_WIRE_BAD_LENGTH: return "bad_length";
	case MOSIX_WIRE_BAD_FIELD: return "bad_field";
	}
	return "?";
}

/* What a receiver that reads at most MOSIX_DATAGRAM_MAX bytes sees. */
static enum mosix_wire_result classify(const void *p, size_t len)
{
	struct mosix_gossip_entry entries[MOSIX_GOSSIP_ENTRIES_MAX];
	struct mosix_load_info info;
	unsigned int n;

	if (len > MOSIX_DATAGRAM_MAX)
		return MOSIX_WIRE_BAD_LENGTH;
	return mosix_wire_decode_load(p, len, &info, entries, &n);
}

static void send_dgram_paced(const void *p, size_t len,
			     enum mosix_wire_result want, const char *what,
			     bool pause)
{
	enum mosix_wire_result got = classify(p, len);

	if (got != want) {
		fprintf(stderr,
			"mosix-udpfuzz: internal error: %s datagram of %zu bytes decodes as %s, meant %s\n",
			what, len, result_name(got), result_name(want));
		exit(3);
	}
	if (sendto(fd, p, len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
		send_errors++;
		if (send_errors <= 5)
			fprintf(stderr, "mosix-udpfuzz: sendto %zu bytes: %s\n",
				len, strerror(errno));
	}
	sent++;
	if (verbose)
		printf("udpfuzz:   %s: %zu bytes (%s)\n", what, len,
		       result_name(want));
	if (pause)
		pause_after(len);
}

static void send_dgram(const void *p, size_t len, enum mosix_wire_result want,
		       const char *what)
{
	send_dgram_paced(p, len, want, what, true);
}

/* ------------------------------------------------------------------ */

static struct mosix_load_info base;	/* valid load information */

static void init_base(uint32_t sender)
{
	struct sysinfo si;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(&base, 0, sizeof(base));
	base.sender = sender;
	base.epoch = (uint32_t)rnd();
	/* far beyond what a real sender reaches: newer than any real seq */
	base.seq = (1ULL << 40) + (rnd() & 0xffffff);
	base.load = 500;
	base.speed = MOSIX_SPEED_STD;
	base.cpus = cpus > 0 && cpus <= MOSIX_CPUS_MAX ? (uint32_t)cpus : 1;
	/* A CPU with no feature named, a vDSO build as any (never 0) */
	base.vdso = 1;
	if (sysinfo(&si) == 0 && si.totalram) {
		base.mem_total = (uint64_t)si.totalram * si.mem_unit;
		base.mem_free = (uint64_t)si.freeram * si.mem_unit;
	} else {
		base.mem_total = 256ULL << 20;
		base.mem_free = 128ULL << 20;
	}
}

static size_t encode(void *p, const struct mosix_load_info *info)
{
	size_t n = mosix_wire_encode_load(p, LOAD_SIZE, info, NULL, 0);

	if (n != LOAD_SIZE) {
		fprintf(stderr, "mosix-udpfuzz: encode failed\n");
		exit(3);
	}
	return n;
}

static struct mosix_load_info next_base(void)
{
	struct mosix_load_info i = base;

	base.seq++;
	return i;
}

static void kind_short(unsigned long count)
{
	for (unsigned long i = 0; i < count; i++) {
		size_t len = rnd_below(HDR_SIZE);	/* 0..23 */
		struct mosix_load_info info = next_base();

		if (i % 2) {
			encode(buf, &info);	/* a cut valid message */
		} else {
			rnd_fill(buf, len);
		}
		send_dgram(buf, len, MOSIX_WIRE_SHORT, "short");
	}
	printf("udpfuzz: short: %lu datagrams of 0..%zu bytes (random bytes, cut valid messages)\n",
	       count, HDR_SIZE - 1);
}

static void kind_header(unsigned long count, const char *kind)
{
	for (unsigned long i = 0; i < count; i++) {
		struct mosix_load_info info = next_base();
		struct mosix_msg_header *h = (struct mosix_msg_header *)buf;

		encode(buf, &info);
		if (!strcmp(kind, "magic")) {
			static const uint32_t m[] = {
				0, 0xffffffffu, 0x4d4f5358 /* byte swapped */,
				MOSIX_MSG_MAGIC + 1, MOSIX_MSG_MAGIC ^ 0x80000000u,
			};
			uint32_t v = i < 5 ? m[i] : (uint32_t)rnd();

			if (v == MOSIX_MSG_MAGIC)
				v ^= 1;
			h->magic = cpu_to_le32(v);
		} else if (!strcmp(kind, "version")) {
			static const uint8_t vs[] = { 0, 2, 255 };
			uint8_t v = i < 3 ? vs[i] : (uint8_t)rnd();

			if (v == MOSIX_PROTO_VERSION)
				v = 0;
			h->version = v;
		} else {
			static const uint8_t ts[] = { 0, 2, 255 };
			uint8_t t = i < 3 ? ts[i] : (uint8_t)rnd();

			if (t == MOSIX_MSG_LOAD)
				t = 0;
			h->type = t;
		}
		send_dgram(buf, LOAD_SIZE, MOSIX_WIRE_BAD_HEADER, kind);
	}
	printf("udpfuzz: %s: %lu datagrams of %zu bytes, bad %s, sender %u\n",
	       kind, count, LOAD_SIZE, kind, base.sender);
}

static void kind_length(unsigned long count)
{
	unsigned long v[4] = { 0, 0, 0, 0 };

	for (unsigned long i = 0; i < count; i++) {
		struct mosix_load_info info = next_base();
		struct mosix_msg_header *h = (struct mosix_msg_header *)buf;
		size_t len = LOAD_SIZE;
		uint16_t field;

		memset(buf, 0, MOSIX_DATAGRAM_MAX);
		encode(buf, &info);
		switch (i % 4) {
		case 0:	/* length field wrong, size right */
			do
				field = (uint16_t)rnd();
			while (field == LOAD_SIZE);
			h->length = cpu_to_le16(field);
			break;
		case 1:	/* size longer than the length field says */
			len = LOAD_SIZE + 1 + rnd_below(MOSIX_DATAGRAM_MAX - LOAD_SIZE);
			rnd_fill(buf + LOAD_SIZE, len - LOAD_SIZE);
			break;
		case 2:	/* cut: shorter than the length field says */
			len = HDR_SIZE + rnd_below(LOAD_SIZE - HDR_SIZE);
			break;
		case 3:	/* length field and size agree, but not a load msg */
			do
				len = HDR_SIZE + rnd_below(MOSIX_DATAGRAM_MAX - HDR_SIZE + 1);
			while (len == LOAD_SIZE);
			h->length = cpu_to_le16((uint16_t)len);
			break;
		}
		v[i % 4]++;
		send_dgram(buf, len, MOSIX_WIRE_BAD_LENGTH, "length");
	}
	printf("udpfuzz: length: %lu datagrams: %lu wrong length field, %lu longer, %lu cut, %lu self-consistent but wrong size; sender %u\n",
	       count, v[0], v[1], v[2], v[3], base.sender);
}

static void kind_oversized(unsigned long count)
{
	static const size_t sizes[] = { MOSIX_DATAGRAM_MAX + 1, 2000, BIG_MAX };
	unsigned long n[3] = { 0, 0, 0 };

	for (unsigned long i = 0; i < count; i++) {
		struct mosix_load_info info = next_base();
		size_t len = sizes[i % 3];

		/* A valid message, its length field right, then padding:
		 * only a receiver that notices the truncation drops it. */
		memset(buf, 0, len);
		encode(buf, &info);
		n[i % 3]++;
		send_dgram(buf, len, MOSIX_WIRE_BAD_LENGTH, "oversized");
	}
	printf("udpfuzz: oversized: %lu datagrams: %lu of %zu, %lu of %zu, %lu of %zu bytes, each a valid message of sender %u padded with zeros\n",
	       count, n[0], sizes[0], n[1], sizes[1], n[2], sizes[2],
	       base.sender);
}

static void kind_field(unsigned long count)
{
	static const char *const names[] = {
		"load MOSIX_LOAD_MAX+1", "load 0xffffffff", "speed 0",
		"speed MOSIX_SPEED_MAX+1", "cpus 0", "cpus MOSIX_CPUS_MAX+1",
		"unknown flags", "mem_total 0", "mem_free > mem_total",
		"sender 0", "sender 65536",
	};
	const unsigned int nf = sizeof(names) / sizeof(names[0]);
	unsigned long n[sizeof(names) / sizeof(names[0])] = { 0 };

	for (unsigned long i = 0; i < count; i++) {
		struct mosix_load_info info = next_base();
		struct mosix_msg_load *m = (struct mosix_msg_load *)buf;
		unsigned int f = i % nf;

		switch (f) {
		case 0: info.load = MOSIX_LOAD_MAX + 1; break;
		case 1: info.load = 0xffffffffu; break;
		case 2: info.speed = 0; break;
		case 3: info.speed = MOSIX_SPEED_MAX + 1; break;
		case 4: info.cpus = 0; break;
		case 5: info.cpus = MOSIX_CPUS_MAX + 1; break;
		case 6: break;
		case 7: info.mem_total = 0; info.mem_free = 0; break;
		case 8: info.mem_free = info.mem_total + 1; break;
		case 9: info.sender = 0; break;
		case 10: info.sender = MOSIX_NODE_ID_MAX + 1; break;
		}
		encode(buf, &info);
		if (f == 6)
			m->info.flags = cpu_to_le32(0x80000000);
		n[f]++;
		send_dgram(buf, LOAD_SIZE, MOSIX_WIRE_BAD_FIELD, names[f]);
	}
	printf("udpfuzz: field: %lu datagrams of %zu bytes, sender %u:", count,
	       LOAD_SIZE, base.sender);
	for (unsigned int f = 0; f < nf; f++)
		printf("%s %s x%lu", f ? "," : "", names[f], n[f]);
	printf("\n");
}

static void kind_entry(unsigned long count)
{
	static const char *const names[] = {
		"node 0", "node 65536", "node = sender", "node named twice",
		"age above the maximum", "load MOSIX_LOAD_MAX+1", "speed 0",
		"cpus 0", "unknown flags", "mem_total 0", "mem_free > mem_total",
		"guests MOSIX_PROCS_MAX+1", "reserved not zero",
	};
	const unsigned int nf = sizeof(names) / sizeof(names[0]);
	unsigned long n[sizeof(names) / sizeof(names[0])] = { 0 };
	struct mosix_gossip_entry e[3];
	size_t len;

	for (unsigned long i = 0; i < count; i++) {
		struct mosix_load_info info = next_base();
		struct mosix_gossip_entry *bad = &e[1];
		unsigned int f = i % nf;

		for (unsigned int j = 0; j < 3; j++) {
			e[j].age_ms = 100 * j;
			e[j].info = base;
			e[j].info.sender = 60000 + j;
		}
		switch (f) {
		case 0: bad->info.sender = 0; break;
		case 1: bad->info.sender = MOSIX_NODE_ID_MAX + 1; break;
		case 2: bad->info.sender = info.sender; break;
		case 3: bad->info.sender = e[2].info.sender; break;
		case 4: bad->age_ms = MOSIX_GOSSIP_AGE_MAX + 1; break;
		case 5: bad->info.load = MOSIX_LOAD_MAX + 1; break;
		case 6: bad->info.speed = 0; break;
		case 7: bad->info.cpus = 0; break;
		case 8: bad->info.flags = 0x80000000; break;
		case 9: bad->info.mem_total = 0; bad->info.mem_free = 0; break;
		case 10: bad->info.mem_free = bad->info.mem_total + 1; break;
		case 11: bad->info.guests = MOSIX_PROCS_MAX + 1; break;
		case 12: break;
		}
		len = mosix_wire_encode_load(buf, sizeof(buf), &info, e, 3);
		if (len != mosix_wire_load_size(3)) {
			fprintf(stderr, "mosix-udpfuzz: encode failed\n");
			exit(3);
		}
		if (f == 12) {
			struct mosix_wire_gossip *w =
				(void *)(buf + mosix_wire_load_size(1));

			w->reserved = cpu_to_le32(1);
		}
		n[f]++;
		send_dgram(buf, len, MOSIX_WIRE_BAD_FIELD, names[f]);
	}
	printf("udpfuzz: entry: %lu datagrams of %zu bytes, sender %u, the second of 3 entries bad:",
	       count, mosix_wire_load_size(3), base.sender);
	for (unsigned int f = 0; f < nf; f++)
		printf("%s %s x%lu", f ? "," : "", names[f], n[f]);
	printf("\n");
}

static void kind_valid(unsigned long count, const char *kind)
{
	for (unsigned long i = 0; i < count; i++) {
		struct mosix_load_info info = next_base();

		encode(buf, &info);
		send_dgram(buf, LOAD_SIZE, MOSIX_WIRE_OK, kind);
	}
	printf("udpfuzz: %s: %lu valid datagrams claiming sender %u (epoch %u, seq %" PRIu64 "..., load %u, speed %u, cpus %u, mem_total %" PRIu64 ")\n",
	       kind, count, base.sender, base.epoch,
	       (uint64_t)(base.seq - count), base.load, base.speed, base.cpus,
	       (uint64_t)base.mem_total);
}

static void kind_stale(unsigned long count)
{
	for (unsigned long i = 0; i < count; i++) {
		struct mosix_load_info info = base;

		/*
		 * Back to back, so that the sender's own next message (every
		 * 500 ms, another epoch) hardly ever falls between the two;
		 * for none at all, make this node's kernel stop sending to
		 * the target meanwhile (mosctl node del).
		 */
		info.seq = 1000 + i;
		encode(buf, &info);
		send_dgram_paced(buf, LOAD_SIZE, MOSIX_WIRE_OK, "stale: first",
				 false);
		info.seq = 5;
		encode(buf, &info);
		send_dgram(buf, LOAD_SIZE, MOSIX_WIRE_OK, "stale: replay");
	}
	printf("udpfuzz: stale: %lu pairs as sender %u, epoch %u: seq 1000+i (accepted) then seq 5 (stale)\n",
	       count, base.sender, base.epoch);
}

static void kind_random(unsigned long count)
{
	unsigned long by[MOSIX_WIRE_BAD_FIELD + 1] = { 0 };
	unsigned long pure = 0, damaged = 0;

	for (unsigned long i = 0; i < count; i++) {
		size_t len;
		enum mosix_wire_result r;

		if (i % 2 == 0) {
			len = rnd_below(601);
			rnd_fill(buf, len);
			pure++;
		} else {
			struct mosix_load_info info = next_base();
			unsigned int k = 1 + rnd_below(4);

			encode(buf, &info);
			len = LOAD_SIZE;
			while (k--)
				buf[rnd_below(LOAD_SIZE)] = (unsigned char)rnd();
			if (rnd_below(4) == 0)
				len = rnd_below(LOAD_SIZE + 16);
			if (len > LOAD_SIZE)
				rnd_fill(buf + LOAD_SIZE, len - LOAD_SIZE);
			damaged++;
		}
		r = classify(buf, len);
		by[r]++;
		send_dgram(buf, len, r, "random");
	}
	printf("udpfuzz: random: %lu datagrams (%lu random bytes, %lu damaged messages of sender %u); by wire.c: %lu short, %lu bad_header, %lu bad_length, %lu bad_field, %lu valid\n",
	       count, pure, damaged, base.sender, by[MOSIX_WIRE_SHORT],
	       by[MOSIX_WIRE_BAD_HEADER], by[MOSIX_WIRE_BAD_LENGTH],
	       by[MOSIX_WIRE_BAD_FIELD], by[MOSIX_WIRE_OK]);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mosix-udpfuzz [-i USEC] [-p PORT] [-s SEED] [-v] ADDR KIND COUNT [SENDER_ID]\n"
		"KIND: short magic version type length oversized field entry unknown spoof stale random\n");
	exit(2);
}

static unsigned long long number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || !*s || *end)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	static const char *const kinds[] = {
		"short", "magic", "version", "type", "length", "oversized",
		"field", "entry", "unknown", "spoof", "stale", "random",
	};
	unsigned long long seed;
	unsigned long count;
	unsigned int port = MOSIX_PORT;
	long long sender = -1;
	const char *kind;
	bool known = false;
	struct timeval tv;
	int opt, sndbuf = 1 << 20;

	gettimeofday(&tv, NULL);
	seed = ((unsigned long long)tv.tv_sec << 20) ^ (unsigned long long)tv.tv_usec ^
	       ((unsigned long long)getpid() << 40);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "i:p:s:v")) != -1) {
		switch (opt) {
		case 'i': interval_us = number(optarg); break;
		case 'p': port = number(optarg); break;
		case 's': seed = number(optarg); break;
		case 'v': verbose = true; break;
		default: usage();
		}
	}
	if (argc - optind < 3 || argc - optind > 4 || port == 0 || port > 65535)
		usage();
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons(port);
	if (inet_pton(AF_INET, argv[optind], &dst.sin_addr) != 1) {
		fprintf(stderr, "mosix-udpfuzz: bad IPv4 address %s\n",
			argv[optind]);
		return 2;
	}
	kind = argv[optind + 1];
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		known |= !strcmp(kind, kinds[i]);
	if (!known)
		usage();
	count = number(argv[optind + 2]);
	if (argc - optind == 4) {
		sender = (long long)number(argv[optind + 3]);
		if (sender < 1 || sender > MOSIX_NODE_ID_MAX) {
			fprintf(stderr, "mosix-udpfuzz: SENDER_ID must be 1..%d\n",
				MOSIX_NODE_ID_MAX);
			return 2;
		}
	}
	if (sender < 0) {
		if (!strcmp(kind, "stale")) {
			fprintf(stderr, "mosix-udpfuzz: stale needs SENDER_ID, this node's own id\n");
			return 2;
		}
		sender = !strcmp(kind, "spoof") ? 2 : 999;
	}
	rng_state = seed ? seed : 1;
	for (int i = 0; i < 4; i++)
		rnd();

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("mosix-udpfuzz: socket");
		return 2;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));

	init_base((uint32_t)sender);
	if (!strcmp(kind, "spoof")) {
		base.speed = 777;	/* markers: never a real node's values */
		base.cpus = 77;
		base.load = 77777;
	}
	printf("udpfuzz: %s x%lu to %s:%u, seed %llu\n", kind, count,
	       argv[optind], port, seed);

	if (!strcmp(kind, "short"))
		kind_short(count);
	else if (!strcmp(kind, "magic") || !strcmp(kind, "version") ||
		 !strcmp(kind, "type"))
		kind_header(count, kind);
	else if (!strcmp(kind, "length"))
		kind_length(count);
	else if (!strcmp(kind, "oversized"))
		kind_oversized(count);
	else if (!strcmp(kind, "field"))
		kind_field(count);
	else if (!strcmp(kind, "entry"))
		kind_entry(count);
	else if (!strcmp(kind, "unknown") || !strcmp(kind, "spoof"))
		kind_valid(count, kind);
	else if (!strcmp(kind, "stale"))
		kind_stale(count);
	else
		kind_random(count);

	if (!strcmp(kind, "stale"))
		printf("udpfuzz: %s sent %lu accepted %lu stale %lu\n", kind,
		       sent, count, count);
	else
		printf("udpfuzz: %s sent %lu\n", kind, sent);
	if (send_errors) {
		printf("udpfuzz: %lu datagrams could not be sent\n", send_errors);
		return 1;
	}
	return 0;
}
