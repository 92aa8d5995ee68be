// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the load message codec (kernel/wire.c). */
#include <linux/mosix.h>
#include "messages.h"
#include "wire.h"
#include <stdlib.h>
#include "tap.h"

static const struct mosix_load_info sample = {
	.sender = 3, .epoch = 0xdeadbeef, .seq = 0x123456789aULL,
	.load = 1500, .speed = 10000, .cpus = 2,
	.mem_free = 100ULL << 20, .mem_total = 512ULL << 20,
	.guests = 2, .away = 1, .flags = MOSIX_LOAD_BLOCKED,
};

static size_t encoded(struct mosix_msg_load *m)
{
	return mosix_wire_encode_load(m, sizeof(*m), &sample);
}

static enum mosix_wire_result decode(const void *buf, size_t len)
{
	struct mosix_load_info out;

	return mosix_wire_decode_load(buf, len, &out);
}

static void test_roundtrip(void)
{
	struct mosix_msg_load m;
	struct mosix_load_info out;
	size_t len = encoded(&m);

	CHECK(len == sizeof(m) && len == 64, "encoded load message is 64 bytes");
	CHECK(mosix_wire_decode_load(&m, len, &out) == MOSIX_WIRE_OK,
	      "a valid message decodes");
	CHECK(memcmp(&out, &sample, sizeof(out)) == 0,
	      "decoding gives back every field");
	CHECK(((unsigned char *)&m)[0] == 'M' && ((unsigned char *)&m)[3] == 'X',
	      "magic reads MOSX on the wire");
	CHECK(mosix_wire_encode_load(&m, sizeof(m) - 1, &sample) == 0,
	      "encoding into a too small buffer fails");
}

static void test_lengths(void)
{
	unsigned char big[600];
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
		len = mosix_wire_encode_load(buf, sizeof(buf), &bad);	\
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

	len = mosix_wire_encode_load(buf, sizeof(buf), &sample);
	m->flags = cpu_to_le32(0x80000000);
	CHECK(decode(buf, len) == MOSIX_WIRE_BAD_FIELD, "unknown flag bits");
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

int main(void)
{
	test_roundtrip();
	test_lengths();
	test_header();
	test_fields();
	test_random();
	return tap_exit();
}
