// SPDX-License-Identifier: GPL-2.0
/*
 * CPACE-RISTR255-SHA512 (draft-irtf-cfrg-cpace) on libsodium: see
 * cpace.h.  Every string the draft hashes is built in a sink that either
 * feeds SHA-512 (or the tags' HMAC) directly or, for the test vectors,
 * fills a buffer, so that the encoding hashed is the encoding tested.
 */
#include <stdbool.h>
#include <string.h>

#include <sodium.h>

#include "cpace.h"

#define DSI	"CPaceRistretto255"
#define DSI_ISK	DSI "_ISK"
#define H_BLOCK	128	/* SHA-512's input block: H.s_in_bytes */

/* Where an encoded string goes: a running SHA-512 or HMAC, or a buffer. */
struct sink {
	crypto_hash_sha512_state *h;
	crypto_auth_hmacsha512_state *mac;
	unsigned char *buf;
	size_t size;
	size_t len;
	bool overflow;
};

static void put(struct sink *s, const void *p, size_t len)
{
	if (s->h) {
		crypto_hash_sha512_update(s->h, p, len);
		return;
	}
	if (s->mac) {
		crypto_auth_hmacsha512_update(s->mac, p, len);
		return;
	}
	if (len > s->size - s->len) {
		s->overflow = true;
		return;
	}
	if (len)
		memcpy(s->buf + s->len, p, len);
	s->len += len;
}

/* The LEB128 encoding of @n into @out (at most 10 bytes): its length. */
static size_t leb128(size_t n, unsigned char *out)
{
	size_t i = 0;

	do {
		out[i] = n & 0x7f;
		n >>= 7;
		if (n)
			out[i] |= 0x80;
		i++;
	} while (n);
	return i;
}

/* prepend_len(@p[@len]) into the sink. */
static void put_lv(struct sink *s, const void *p, size_t len)
{
	unsigned char l[10];

	put(s, l, leb128(len, l));
	put(s, p, len);
}

size_t cpace_prepend_len(struct cpace_str str, unsigned char *out)
{
	struct sink s = { .buf = out, .size = (size_t)-1 };

	put_lv(&s, str.p, str.len);
	return s.len;
}

static void generator_string(struct sink *s, struct cpace_str prs,
			     struct cpace_str ci, struct cpace_str sid)
{
	static const unsigned char zeros[H_BLOCK];
	unsigned char l[10];
	size_t used = 1 + leb128(prs.len, l) + prs.len +
		      leb128(sizeof(DSI) - 1, l) + sizeof(DSI) - 1;

	put_lv(s, DSI, sizeof(DSI) - 1);
	put_lv(s, prs.p, prs.len);
	/* zero padding fills the first block after DSI and PRS */
	put_lv(s, zeros, used < H_BLOCK ? H_BLOCK - used : 0);
	put_lv(s, ci.p, ci.len);
	put_lv(s, sid.p, sid.len);
}

int cpace_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

size_t cpace_generator_string(struct cpace_str prs, struct cpace_str ci,
			      struct cpace_str sid, unsigned char *out,
			      size_t size)
{
	struct sink s = { .buf = out, .size = size };

	generator_string(&s, prs, ci, sid);
	return s.overflow ? 0 : s.len;
}

int cpace_generator(struct cpace_str prs, struct cpace_str ci,
		    struct cpace_str sid, unsigned char g[CPACE_POINT])
{
	crypto_hash_sha512_state h;
	struct sink s = { .h = &h };
	unsigned char hash[crypto_hash_sha512_BYTES];
	int ret;

	crypto_hash_sha512_init(&h);
	generator_string(&s, prs, ci, sid);
	crypto_hash_sha512_final(&h, hash);
	ret = crypto_core_ristretto255_from_hash(g, hash);
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(&h, sizeof(h));
	return ret;
}

int cpace_start(struct cpace *c, struct cpace_str prs, struct cpace_str ci,
		struct cpace_str sid, const unsigned char *y)
{
	int tries = 0;

	if (cpace_generator(prs, ci, sid, c->g))
		return -1;
	do {
		if (y) {
			memcpy(c->y, y, CPACE_SCALAR);
		} else {
			/* G.sample_scalar: 252 random bits, little endian */
			randombytes_buf(c->y, CPACE_SCALAR);
			c->y[CPACE_SCALAR - 1] &= 0x0f;
		}
		/* -1 only for a neutral result: a zero scalar */
		if (!crypto_scalarmult_ristretto255(c->share, c->y, c->g))
			return 0;
	} while (!y && ++tries < 4);
	sodium_memzero(c->y, sizeof(c->y));
	return -1;
}

int cpace_finish(struct cpace *c, const unsigned char peer[CPACE_POINT],
		 struct cpace_str sid, struct cpace_str ya, struct cpace_str ada,
		 struct cpace_str yb, struct cpace_str adb)
{
	crypto_hash_sha512_state h;
	struct sink s = { .h = &h };
	unsigned char k[CPACE_POINT];

	/* scalar_mult_vfy: fails on a bad encoding and on G.I */
	if (crypto_scalarmult_ristretto255(k, c->y, peer))
		return -1;
	crypto_hash_sha512_init(&h);
	put_lv(&s, DSI_ISK, sizeof(DSI_ISK) - 1);
	put_lv(&s, sid.p, sid.len);
	put_lv(&s, k, sizeof(k));
	/* transcript_ir(Ya, ADa, Yb, ADb) */
	put_lv(&s, ya.p, ya.len);
	put_lv(&s, ada.p, ada.len);
	put_lv(&s, yb.p, yb.len);
	put_lv(&s, adb.p, adb.len);
	crypto_hash_sha512_final(&h, c->isk);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(&h, sizeof(h));
	return 0;
}

void cpace_tag(const struct cpace *c, struct cpace_str sid,
	       struct cpace_str y, struct cpace_str ad,
	       unsigned char tag[CPACE_TAG])
{
	crypto_hash_sha512_state h;
	crypto_auth_hmacsha512_state mac;
	unsigned char mac_key[crypto_hash_sha512_BYTES];
	struct sink hs = { .h = &h }, ms = { .mac = &mac };

	crypto_hash_sha512_init(&h);
	put(&hs, "CPaceMac", 8);
	put(&hs, sid.p, sid.len);
	put(&hs, c->isk, sizeof(c->isk));
	crypto_hash_sha512_final(&h, mac_key);

	crypto_auth_hmacsha512_init(&mac, mac_key, sizeof(mac_key));
	put_lv(&ms, y.p, y.len);
	put_lv(&ms, ad.p, ad.len);
	crypto_auth_hmacsha512_final(&mac, tag);
	sodium_memzero(mac_key, sizeof(mac_key));
	sodium_memzero(&mac, sizeof(mac));
	sodium_memzero(&h, sizeof(h));
}

int cpace_tag_ok(const struct cpace *c, struct cpace_str sid,
		 struct cpace_str y, struct cpace_str ad,
		 const unsigned char tag[CPACE_TAG])
{
	unsigned char want[CPACE_TAG];
	int ok;

	cpace_tag(c, sid, y, ad, want);
	ok = sodium_memcmp(want, tag, CPACE_TAG) == 0;
	sodium_memzero(want, sizeof(want));
	return ok;
}

int cpace_key(const struct cpace *c, const char *purpose, struct cpace_str sid,
	      unsigned char *key, size_t len)
{
	crypto_hash_sha512_state h;
	struct sink s = { .h = &h };
	unsigned char out[crypto_hash_sha512_BYTES];

	if (len > sizeof(out))
		return -1;
	crypto_hash_sha512_init(&h);
	put_lv(&s, purpose, strlen(purpose));
	put_lv(&s, sid.p, sid.len);
	put(&s, c->isk, sizeof(c->isk));
	crypto_hash_sha512_final(&h, out);
	memcpy(key, out, len);
	sodium_memzero(out, sizeof(out));
	sodium_memzero(&h, sizeof(h));
	return 0;
}

void cpace_clear(struct cpace *c)
{
	sodium_memzero(c, sizeof(*c));
}
