// SPDX-License-Identifier: GPL-2.0
/*
 * tools/common/cpace.c against the test vectors of draft-irtf-cfrg-cpace
 * for CPACE-RISTR255-SHA512 (its appendix "Test vector for CPace using
 * group ristretto255 and hash SHA-512", and the string functions'), then
 * the behaviour pairing relies on: two sides with the same code agree,
 * a wrong code or a changed message gives another key and a failing
 * tag, and invalid or neutral shares are refused.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cpace.h"
#include "tap.h"

/* The draft's values, as hex. */
#define V_PRS	"50617373776f7264"	/* b"Password" */
#define V_CI	"0b415f696e69746961746f720b425f726573706f6e646572"
#define V_SID	"7e4b4791d6a8ef019b936c79fb7f2c57"
#define V_GENSTR \
	"11435061636552697374726574746f3235350850617373776f726464" \
	"00000000000000000000000000000000000000000000000000000000" \
	"00000000000000000000000000000000000000000000000000000000" \
	"00000000000000000000000000000000000000000000000000000000" \
	"00000000000000000000000000000000180b415f696e69746961746f" \
	"720b425f726573706f6e646572107e4b4791d6a8ef019b936c79fb7f" \
	"2c57"
#define V_G \
	"222b6b195fe84b1652badb6f6a3ae3d24341e7306967f0b8115b40d5698c7e56"
#define V_YA_S \
	"da3d23700a9e5699258aef94dc060dfda5ebb61f02a5ea77fad53f4ff0976d08"
#define V_YA \
	"d6bac480f2c386c394efc7c47adb9925dcd2630b64f240c50f8d0eec482b9157"
#define V_YB_S \
	"d2316b454718c35362d83d69df6320f38578ed5984651435e2949762d900b80d"
#define V_YB \
	"3ea7e0b19560d7c0b0f5734f63b955286dfa8232b5ebe63324e2d9e7433f7258"
#define V_ISK_IR \
	"b69effbf61b51d56401c0f65601abe428de8206feaaf0e32198896dc" \
	"ae7b35cd2b38950a39dfd5d4a79164614c2984f7daa460b588c1e80c" \
	"3fa2068af7900447"
/* scalar_mult with valid and invalid inputs */
#define V_S \
	"7cd0e075fa7955ba52c02759a6c90dbbfc10e6d40aea8d283e407d88cf538a05"
#define V_X \
	"2c3c6b8c4f3800e7aef6864025b4ed79bd599117e427c41bd47d93d654b4a51c"
#define V_SX \
	"7c13645fe790a468f62c39beb7388e541d8405d1ade69d1778c5fe3e7f6b600e"
#define V_BAD \
	"2b3c6b8c4f3800e7aef6864025b4ed79bd599117e427c41bd47d93d654b4a51c"

static unsigned char buf[32][256];
static int nbuf;

/* @hex decoded into a static buffer of its own. */
static struct cpace_str hex(const char *hex)
{
	unsigned char *out;
	size_t len;

	if (nbuf == (int)(sizeof(buf) / sizeof(buf[0]))) {
		printf("Bail out! more hex strings than buffers\n");
		exit(1);
	}
	out = buf[nbuf++];
	if (sodium_hex2bin(out, sizeof(buf[0]), hex, strlen(hex), NULL, &len,
			   NULL)) {
		printf("Bail out! bad hex %s\n", hex);
		exit(1);
	}
	return (struct cpace_str){ out, len };
}

static int same(const unsigned char *a, struct cpace_str b, size_t len)
{
	return b.len == len && !memcmp(a, b.p, len);
}

static struct cpace_str str(const char *s)
{
	return (struct cpace_str){ (const unsigned char *)s, strlen(s) };
}

static void string_functions(void)
{
	unsigned char out[200], range[128];
	struct cpace_str r = { range, 127 };
	int i;

	for (i = 0; i < 128; i++)
		range[i] = i;
	CHECK(cpace_prepend_len(str(""), out) == 1 && out[0] == 0,
	      "prepend_len(b\"\") is 00");
	CHECK(same(out, hex("0431323334"), cpace_prepend_len(str("1234"), out)),
	      "prepend_len(b\"1234\") is 0431323334");
	CHECK(cpace_prepend_len(r, out) == 128 && out[0] == 0x7f &&
	      !memcmp(out + 1, range, 127), "prepend_len of 127 bytes: 7f ...");
	r.len = 128;
	CHECK(cpace_prepend_len(r, out) == 130 && out[0] == 0x80 &&
	      out[1] == 0x01 && !memcmp(out + 2, range, 128),
	      "prepend_len of 128 bytes: 80 01 ... (LEB128)");
}

static void vectors(void)
{
	struct cpace_str prs = hex(V_PRS), ci = hex(V_CI), sid = hex(V_SID);
	struct cpace_str ada = str("ADa"), adb = str("ADb");
	struct cpace a, b;
	unsigned char out[256], g[CPACE_POINT];
	size_t len;

	len = cpace_generator_string(prs, ci, sid, out, sizeof(out));
	CHECK(len == 170 && same(out, hex(V_GENSTR), len),
	      "generator_string: the draft's 170 bytes");
	CHECK(cpace_generator_string(prs, ci, sid, out, 169) == 0,
	      "generator_string: a buffer too small is refused");
	CHECK(!cpace_generator(prs, ci, sid, g) && same(g, hex(V_G), 32),
	      "calculate_generator: the draft's g");

	CHECK(!cpace_start(&a, prs, ci, sid, hex(V_YA_S).p) &&
	      same(a.share, hex(V_YA), 32), "A's share Ya");
	CHECK(!cpace_start(&b, prs, ci, sid, hex(V_YB_S).p) &&
	      same(b.share, hex(V_YB), 32), "B's share Yb");
	CHECK(!cpace_finish(&a, b.share, sid, hex(V_YA), ada, hex(V_YB), adb) &&
	      same(a.isk, hex(V_ISK_IR), 64), "A's ISK (initiator-responder)");
	CHECK(!cpace_finish(&b, a.share, sid, hex(V_YA), ada, hex(V_YB), adb) &&
	      same(b.isk, hex(V_ISK_IR), 64), "B's ISK (initiator-responder)");

	/* scalar_mult_vfy with the draft's valid and invalid points */
	memcpy(a.y, hex(V_S).p, 32);
	CHECK(!cpace_finish(&a, hex(V_X).p, sid, ada, ada, adb, adb),
	      "scalar_mult_vfy(s, X) of a valid X is accepted");
	CHECK(!crypto_scalarmult_ristretto255(out, a.y, hex(V_X).p) &&
	      same(out, hex(V_SX), 32), "scalar_mult(s, X): the draft's value");
	CHECK(cpace_finish(&a, hex(V_BAD).p, sid, ada, ada, adb, adb) == -1,
	      "a share that is no valid encoding is refused");
	memset(out, 0, 32);
	CHECK(cpace_finish(&a, out, sid, ada, ada, adb, adb) == -1,
	      "the neutral element as a share is refused");
	cpace_clear(&a);
	cpace_clear(&b);
}

/* A whole exchange with sampled scalars, as pairing runs it. */
static int exchange(const char *code_a, const char *code_b, int change_ada,
		    unsigned char key_a[32], unsigned char key_b[32])
{
	struct cpace_str ci = str("test channel"), sid = str("0123456789abcdef");
	struct cpace_str ada = str("joiner"), adb = str("member");
	struct cpace a, b;
	struct cpace_str ya, yb, ada_seen;
	unsigned char ta[CPACE_TAG], tb[CPACE_TAG];
	int ok = 1;

	if (cpace_start(&a, str(code_a), ci, sid, NULL) ||
	    cpace_start(&b, str(code_b), ci, sid, NULL))
		return -1;
	ya = (struct cpace_str){ a.share, CPACE_POINT };
	yb = (struct cpace_str){ b.share, CPACE_POINT };
	ada_seen = change_ada ? str("joinex") : ada;	/* altered on the way */
	if (cpace_finish(&a, b.share, sid, ya, ada, yb, adb) ||
	    cpace_finish(&b, a.share, sid, ya, ada_seen, yb, adb))
		return -1;
	cpace_tag(&b, sid, yb, adb, tb);
	cpace_tag(&a, sid, ya, ada, ta);
	ok &= cpace_tag_ok(&a, sid, yb, adb, tb);
	ok &= cpace_tag_ok(&b, sid, ya, ada_seen, ta);
	cpace_key(&a, "neomosix pairing key", sid, key_a, 32);
	cpace_key(&b, "neomosix pairing key", sid, key_b, 32);
	cpace_clear(&a);
	cpace_clear(&b);
	return ok;
}

static void pairing(void)
{
	unsigned char ka[32], kb[32], kc[32], kd[32];
	struct cpace a;
	unsigned char y0[CPACE_SCALAR] = { 0 };
	int i, high = 0;

	CHECK(exchange("7-crystal-garden", "7-crystal-garden", 0, ka, kb) == 1 &&
	      !memcmp(ka, kb, 32), "the same code: both tags check, same key");
	CHECK(exchange("7-crystal-garden", "7-crystal-garden", 0, kc, kd) == 1 &&
	      memcmp(ka, kc, 32), "a second exchange with the same code: another key");
	CHECK(exchange("7-crystal-garden", "7-crystal-gardem", 0, ka, kb) == 0 &&
	      memcmp(ka, kb, 32), "a wrong code: the tags fail, the keys differ");
	CHECK(exchange("7-crystal-garden", "7-crystal-garden", 1, ka, kb) == 0 &&
	      memcmp(ka, kb, 32),
	      "associated data changed on the way: the tags fail, the keys differ");
	for (i = 0; i < 64; i++) {
		cpace_start(&a, str("x"), str(""), str(""), NULL);
		high |= a.y[CPACE_SCALAR - 1] & 0xf0;
	}
	CHECK(!high, "sampled scalars have 252 bits (G.sample_scalar)");
	CHECK(cpace_start(&a, str("x"), str(""), str(""), y0) == -1,
	      "a zero scalar is refused");
	cpace_clear(&a);
	CHECK(sodium_is_zero((unsigned char *)&a, sizeof(a)),
	      "cpace_clear wipes the scalar and the key");
}

int main(void)
{
	if (cpace_init()) {
		printf("Bail out! libsodium does not start\n");
		return 1;
	}
	string_functions();
	vectors();
	pairing();
	return tap_exit();
}
