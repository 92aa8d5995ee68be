// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the load message codec (kernel/wire.c), gossip included. */
#include <linux/mosix.h>
#include "cpuclass.h"
#include "messages.h"
#include "wire.h"
#include <stdlib.h>
#include "tap.h"

static const struct mosix_load_info sample = {
	.sender = 3, .epoch = 0xdeadbeef, .seq = 0x123456789aULL,
	.load = 1500, .speed = 10000, .cpus = 2,
	.mem_free = 100ULL << 20, .mem_total = 512ULL << 20,
	.guests = 2, .away = 1, .flags = MOSIX_LOAD_BLOCKED,
	.cpu_features = 0x7f | (1ULL << MOSIX_CPU_AVX2), .vdso = 0x5eed1234,
};

static struct mosix_gossip_entry dec_entries[MOSIX_GOSSIP_ENTRIES_MAX];
static unsigned int dec_n;

static size_t encoded(struct mosix_msg_load *m)
{
	return mosix_wire_encode_load(m, sizeof(*m), &sample, NULL, 0);
}

static enum mosix_wire_result decode(const void *buf, size_t len)
{
	struct mosix_load_info out;

	return mosix_wire_decode_load(buf, len, &out, dec_entries, &dec_n);
}

static void test_roundtrip(void)
{
	struct mosix_msg_load m;
	struct mosix_load_info out;
	size_t len = encoded(&m);

	memset(&out, 0, sizeof(out));	/* padding too: compared whole */

	CHECK(len == sizeof(m) && len == 88, "encoded load message is 88 bytes");
	CHECK(mosix_wire_decode_load(&m, len, &out, dec_entries, &dec_n) ==
	      MOSIX_WIRE_OK && dec_n == 0,
	      "a valid message without entries decodes");
	CHECK(memcmp(&out, &sample, sizeof(out)) == 0,
	      "decoding gives back every field");
	CHECK(((unsigned char *)&m)[0] == 'M' && ((unsigned char *)&m)[3] == 'X',
	      "magic reads MOSX on the wire");
	CHECK(mosix_wire_encode_load(&m, sizeof(m) - 1, &sample, NULL, 0) == 0,
	      "encoding into a too small buffer fails");
}

/* Gossip entries: what the sender knows of nodes 10, 11, ... */
static struct mosix_gossip_entry gossip[MOSIX_GOSSIP_ENTRIES_MAX + 1];

static void make_gossip(void)
{
	unsigned int i;

	for (i = 0; i < MOSIX_GOSSIP_ENTRIES_MAX + 1; i++) {
		gossip[i].age_ms = 100 * i;
		gossip[i].info = sample;
		gossip[i].info.sender = 10 + i;
		gossip[i].info.epoch = 1000 + i;
		gossip[i].info.seq = 5000 + i;
		gossip[i].info.load = 10 * i;
		gossip[i].info.guests = i;
	}
}

static void test_gossip_roundtrip(void)
{
	unsigned char buf[MOSIX_DATAGRAM_MAX];
	struct mosix_load_info out;
	unsigned int n, i, same = 1;
	size_t len;

	make_gossip();
	/* (compared whole with memcmp: its padding must match too) */
	memset(&out, 0, sizeof(out));
	len = mosix_wire_encode_load(buf, sizeof(buf), &sample, gossip,
				     MOSIX_GOSSIP_ENTRIES_MAX);
	CHECK(len == 88 + 64 * MOSIX_GOSSIP_ENTRIES_MAX &&
	      len == mosix_wire_load_size(MOSIX_GOSSIP_ENTRIES_MAX),
	      "a message with 16 entries is 88 + 16 * 64 bytes");
	CHECK(len <= MOSIX_DATAGRAM_MAX, "it fits in the largest datagram");
	CHECK(mosix_wire_decode_load(buf, len, &out, dec_entries, &n) ==
	      MOSIX_WIRE_OK && n == MOSIX_GOSSIP_ENTRIES_MAX,
	      "it decodes with its 16 entries");
	for (i = 0; i < n; i++) {
		/* A node's CPU comes from its own messages alone. */
		gossip[i].info.cpu_features = 0;
		gossip[i].info.vdso = 0;
		same &= dec_entries[i].age_ms == gossip[i].age_ms &&
			!memcmp(&dec_entries[i].info, &gossip[i].info,
				sizeof(gossip[i].info));
	}
	CHECK(same && !memcmp(&out, &sample, sizeof(out)),
	      "every field of every entry comes back, but the CPU (unknown)");
	CHECK(mosix_wire_encode_load(buf, sizeof(buf), &sample, gossip,
				     MOSIX_GOSSIP_ENTRIES_MAX + 1) == 0,
	      "17 entries are not encoded");
	CHECK(mosix_wire_encode_load(buf, len - 1, &sample, gossip,
				     MOSIX_GOSSIP_ENTRIES_MAX) == 0,
	      "nor entries into a buffer one byte short");
}

static enum mosix_wire_result decode_gossip(const struct mosix_gossip_entry *e,
					    unsigned int n)
{
	unsigned char buf[MOSIX_DATAGRAM_MAX];
	size_t len = mosix_wire_encode_load(buf, sizeof(buf), &sample, e, n);

	return decode(buf, len);
}

static void test_gossip_fields(void)
{
	struct mosix_gossip_entry bad[3];
	unsigned char buf[MOSIX_DATAGRAM_MAX];
	struct mosix_msg_load *m = (void *)buf;
	struct mosix_wire_gossip *w;
	size_t len;

	make_gossip();
#define BAD_ENTRY(field, value, what)					\
	do {								\
		memcpy(bad, gossip, sizeof(bad));			\
		bad[1].field = value;					\
		CHECK(decode_gossip(bad, 3) == MOSIX_WIRE_BAD_FIELD &&	\
		      dec_n == 0, "entry: " what);			\
	} while (0)

	BAD_ENTRY(info.sender, 0, "node 0");
	BAD_ENTRY(info.sender, MOSIX_NODE_ID_MAX + 1, "node above the id range");
	BAD_ENTRY(info.sender, sample.sender, "about the sender itself");
	BAD_ENTRY(info.sender, gossip[2].info.sender, "a node named twice");
	BAD_ENTRY(age_ms, MOSIX_GOSSIP_AGE_MAX + 1, "age above the maximum");
	BAD_ENTRY(info.load, MOSIX_LOAD_MAX + 1, "load above the maximum");
	BAD_ENTRY(info.speed, 0, "speed 0");
	BAD_ENTRY(info.speed, MOSIX_SPEED_MAX + 1, "speed above the maximum");
	BAD_ENTRY(info.cpus, 0, "no cpus");
	BAD_ENTRY(info.cpus, MOSIX_CPUS_MAX + 1, "too many cpus");
	BAD_ENTRY(info.flags, 0x80000000, "unknown flag bits");
	BAD_ENTRY(info.mem_total, 0, "no memory");
	BAD_ENTRY(info.mem_free, sample.mem_total + 1,
		  "more free than total memory");
	BAD_ENTRY(info.guests, MOSIX_PROCS_MAX + 1, "too many guests");
	BAD_ENTRY(info.away, MOSIX_PROCS_MAX + 1, "too many processes away");
#undef BAD_ENTRY
	CHECK(decode_gossip(gossip, 3) == MOSIX_WIRE_OK && dec_n == 3,
	      "the same entries, valid, decode");
	gossip[1].age_ms = MOSIX_GOSSIP_AGE_MAX;
	CHECK(decode_gossip(gossip, 3) == MOSIX_WIRE_OK,
	      "an entry of the maximum age decodes");

	len = mosix_wire_encode_load(buf, sizeof(buf), &sample, gossip, 2);
	w = (void *)(buf + mosix_wire_load_size(1));
	w->reserved = cpu_to_le32(1);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD,
	      "entry: reserved field not zero");
	len = mosix_wire_encode_load(buf, sizeof(buf), &sample, gossip, 2);
	m->reserved = cpu_to_le32(1);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD,
	      "reserved field of the message not zero");
}

static void test_gossip_lengths(void)
{
	unsigned char buf[MOSIX_DATAGRAM_MAX];
	struct mosix_msg_load *m = (void *)buf;
	size_t len, i;
	int all_bad = 1;

	make_gossip();
	len = mosix_wire_encode_load(buf, sizeof(buf), &sample, gossip, 3);
	for (i = sizeof(struct mosix_msg_header); i < len; i++) {
		m->header.length = cpu_to_le16(i);
		all_bad &= decode(buf, i) == MOSIX_WIRE_BAD_LENGTH;
	}
	CHECK(all_bad, "every message cut short, its length field agreeing, is a bad length");
	m->header.length = cpu_to_le16(len);
	m->entries = cpu_to_le32(2);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_LENGTH,
	      "a count of entries below what follows is a bad length");
	m->entries = cpu_to_le32(4);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_LENGTH,
	      "a count above what follows is a bad length");
	m->entries = cpu_to_le32(MOSIX_GOSSIP_ENTRIES_MAX + 1);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD,
	      "a count above the maximum is a bad field");
	m->entries = cpu_to_le32(0xffffffff);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD,
	      "a count of 2^32 - 1 is a bad field");
}

static void test_lengths(void)
{
	unsigned char big[MOSIX_DATAGRAM_MAX];
	struct mosix_msg_load m;
	size_t len = encoded(&m), i;
	int all_short = 1, all_bad = 1;

	for (i = 0; i < sizeof(struct mosix_msg_header); i++)
		all_short &= decode(&m, i) == MOSIX_WIRE_SHORT;
	CHECK(all_short, "every length below a header is short");
	for (i = sizeof(struct mosix_msg_header); i < len; i++)
		all_bad &= decode(&m, i) == MOSIX_WIRE_BAD_LENGTH;
	CHECK(all_bad, "every truncated message is a bad length");

	memset(big, 0, sizeof(big));
	memcpy(big, &m, len);
	CHECK(decode(big, len + 1) == MOSIX_WIRE_BAD_LENGTH,
	      "one trailing byte is a bad length");
	m.header.length = cpu_to_le16(len + 8);
	memcpy(big, &m, len);
	CHECK(decode(big, len + 8) == MOSIX_WIRE_BAD_LENGTH,
	      "a consistent but oversized message is a bad length");
	m.header.length = cpu_to_le16(len - 1);
	CHECK(decode(&m, len) == MOSIX_WIRE_BAD_LENGTH,
	      "a length field that disagrees is a bad length");
}

static void test_header(void)
{
	struct mosix_msg_load m;
	size_t len = encoded(&m);

	m.header.magic ^= 1;
	CHECK(decode(&m, len) == MOSIX_WIRE_BAD_HEADER, "bad magic");
	len = encoded(&m);
	m.header.version++;
	CHECK(decode(&m, len) == MOSIX_WIRE_BAD_HEADER, "bad version");
	len = encoded(&m);
	m.header.type = 77;
	CHECK(decode(&m, len) == MOSIX_WIRE_BAD_HEADER, "unknown type");
	len = encoded(&m);
	m.header.sender = 0;
	CHECK(decode(&m, len) == MOSIX_WIRE_BAD_FIELD, "sender 0");
	m.header.sender = cpu_to_le32(MOSIX_NODE_ID_MAX + 1);
	CHECK(decode(&m, len) == MOSIX_WIRE_BAD_FIELD, "sender above the id range");
}

static void test_fields(void)
{
	struct mosix_load_info bad;
	unsigned char buf[sizeof(struct mosix_msg_load)];
	struct mosix_msg_load *m = (void *)buf;
	size_t len;

#define BAD_FIELD(field, value, what)					\
	do {								\
		bad = sample;						\
		bad.field = value;					\
		len = mosix_wire_encode_load(buf, sizeof(buf), &bad,	\
					     NULL, 0);			\
		CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD, what);	\
	} while (0)

	BAD_FIELD(load, MOSIX_LOAD_MAX + 1, "load above the maximum");
	BAD_FIELD(speed, 0, "speed 0");
	BAD_FIELD(speed, MOSIX_SPEED_MAX + 1, "speed above the maximum");
	BAD_FIELD(cpus, 0, "no cpus");
	BAD_FIELD(cpus, MOSIX_CPUS_MAX + 1, "too many cpus");
	BAD_FIELD(mem_total, 0, "no memory");
	BAD_FIELD(mem_free, sample.mem_total + 1, "more free than total memory");
	BAD_FIELD(guests, MOSIX_PROCS_MAX + 1, "too many guests");
	BAD_FIELD(away, MOSIX_PROCS_MAX + 1, "too many processes away");
#undef BAD_FIELD

	len = mosix_wire_encode_load(buf, sizeof(buf), &sample, NULL, 0);
	m->info.flags = cpu_to_le32(0x80000000);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD, "unknown flag bits");
	len = mosix_wire_encode_load(buf, sizeof(buf), &sample, NULL, 0);
	m->cpu.features = cpu_to_le64(MOSIX_CPU_ALL + 1);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD, "unknown CPU features");
	len = mosix_wire_encode_load(buf, sizeof(buf), &sample, NULL, 0);
	m->cpu.vdso = 0;
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD, "no vDSO build");
	len = mosix_wire_encode_load(buf, sizeof(buf), &sample, NULL, 0);
	m->cpu.reserved = cpu_to_le32(1);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD, "CPU reserved field set");
}

/* Random bytes never crash the decoder and are never accepted as is. */
static void test_random(void)
{
	unsigned char buf[MOSIX_DATAGRAM_MAX];
	unsigned int seed = 1, i, j, accepted = 0;

	for (i = 0; i < 100000; i++) {
		size_t len = rand_r(&seed) % sizeof(buf);

		for (j = 0; j < len; j++)
			buf[j] = rand_r(&seed);
		accepted += decode(buf, len) == MOSIX_WIRE_OK;
	}
	CHECK(accepted == 0, "100000 random datagrams: none accepted");
}

/* CPU classes and feature names (kernel/cpuclass.c) */
static void test_cpuclass(void)
{
	const u64 v2 = 0x7f, v3 = v2 | (1ULL << MOSIX_CPU_AVX) |
		(1ULL << MOSIX_CPU_AVX2) | (1ULL << MOSIX_CPU_BMI1) |
		(1ULL << MOSIX_CPU_BMI2) | (1ULL << MOSIX_CPU_F16C) |
		(1ULL << MOSIX_CPU_FMA) | (1ULL << MOSIX_CPU_ABM) |
		(1ULL << MOSIX_CPU_MOVBE) | (1ULL << MOSIX_CPU_OSXSAVE);
	const u64 v4 = v3 | (0x1fULL << MOSIX_CPU_AVX512F);
	char buf[64], small[12];
	unsigned int bit, named = 0;

	CHECK(!strcmp(mosix_cpu_level(0), "x86-64-v1") &&
	      !strcmp(mosix_cpu_level(v2 & ~1ULL), "x86-64-v1") &&
	      !strcmp(mosix_cpu_level(v2), "x86-64-v2") &&
	      !strcmp(mosix_cpu_level(v3 & ~(1ULL << MOSIX_CPU_AVX2)),
		      "x86-64-v2") &&
	      !strcmp(mosix_cpu_level(v3), "x86-64-v3") &&
	      !strcmp(mosix_cpu_level(v4), "x86-64-v4") &&
	      !strcmp(mosix_cpu_level(MOSIX_CPU_ALL), "x86-64-v4"),
	      "CPU classes are the psABI levels");
	for (bit = 0; bit < MOSIX_NR_CPU_FEATURES; bit++)
		named += mosix_cpu_feature_name(bit) &&
			 *mosix_cpu_feature_name(bit);
	CHECK(named == MOSIX_NR_CPU_FEATURES &&
	      !mosix_cpu_feature_name(MOSIX_NR_CPU_FEATURES) &&
	      MOSIX_NR_CPU_FEATURES <= 64, "every feature has a name");
	CHECK(!strcmp(mosix_cpu_names((1ULL << MOSIX_CPU_AVX) |
				      (1ULL << MOSIX_CPU_AVX2) |
				      (1ULL << MOSIX_CPU_SHA_NI), buf,
				      sizeof(buf)), "avx avx2 sha_ni"),
	      "features in words");
	CHECK(!strcmp(mosix_cpu_names(0, buf, sizeof(buf)), "") &&
	      mosix_cpu_names_len(0) == 0, "no features: no words");
	CHECK(mosix_cpu_names_len((1ULL << MOSIX_CPU_AVX) |
				  (1ULL << MOSIX_CPU_AVX2)) == 8,
	      "the length of features in words");
	{
		static char all[1024];

		mosix_cpu_names(MOSIX_CPU_ALL, all, sizeof(all));
		CHECK(strlen(all) == mosix_cpu_names_len(MOSIX_CPU_ALL) &&
		      mosix_cpu_names_len(MOSIX_CPU_ALL) < 600,
		      "every feature in words: %zu bytes", strlen(all));
	}
	CHECK(!strcmp(mosix_cpu_names(v2, small, sizeof(small)), "cx16"),
	      "cut at a name that does not fit");
	CHECK(mosix_cpu_names(v2, small, 0) == small,
	      "nothing written into no room");
}

int main(void)
{
	test_cpuclass();
	test_roundtrip();
	test_lengths();
	test_header();
	test_fields();
	test_gossip_roundtrip();
	test_gossip_fields();
	test_gossip_lengths();
	test_random();
	return tap_exit();
}
