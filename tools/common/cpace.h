/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPace, the balanced password-authenticated key exchange of the CFRG
 * (draft-irtf-cfrg-cpace), cipher suite CPACE-RISTR255-SHA512, on
 * libsodium's ristretto255 and SHA-512: what pairing a new machine with
 * a short code is built on (Documentation/pairing.md).
 *
 * Both sides know the code (PRS), a channel identifier CI and a public
 * session id sid.  Each sends one share Y; each then derives the same
 * intermediate session key ISK only if both used the same code, and an
 * eavesdropper who saw both shares cannot test codes offline.  The
 * initiator-responder transcript is used: the joining machine (A)
 * always speaks first.  Key confirmation (the draft's section on it):
 * each side proves it holds ISK with an HMAC-SHA-512 tag over its own
 * message, so a wrong code is known at once, before anything secret is
 * sent under the key.
 *
 * Sizes are fixed by the suite: points and scalars 32 bytes, ISK 64.
 */
#ifndef TOOLS_CPACE_H
#define TOOLS_CPACE_H

#include <stddef.h>

#define CPACE_POINT	32
#define CPACE_SCALAR	32
#define CPACE_ISK	64
#define CPACE_TAG	64

/* Byte strings the exchange is given: pointer and length. */
struct cpace_str {
	const unsigned char *p;
	size_t len;
};

/*
 * One side of an exchange.  cpace_start() fills g, y and the own share;
 * cpace_finish() fills isk from the peer's share.  The scalar and the
 * key are secrets: cpace_clear() wipes the whole structure.
 */
struct cpace {
	unsigned char g[CPACE_POINT];		/* the generator (encoded) */
	unsigned char y[CPACE_SCALAR];		/* own secret scalar */
	unsigned char share[CPACE_POINT];	/* own public share y * g */
	unsigned char isk[CPACE_ISK];
};

/* libsodium's initialisation: 0, or -1 when it cannot start. */
int cpace_init(void);

/*
 * generator_string(DSI, PRS, CI, sid, 128) into @out of @size bytes:
 * its length, or 0 if @size is too small.  Exposed for the test vectors.
 */
size_t cpace_generator_string(struct cpace_str prs, struct cpace_str ci,
			      struct cpace_str sid, unsigned char *out,
			      size_t size);

/* G.calculate_generator: the encoded generator of (PRS, CI, sid). */
int cpace_generator(struct cpace_str prs, struct cpace_str ci,
		    struct cpace_str sid, unsigned char g[CPACE_POINT]);

/*
 * Derive the generator and the own share.  @y: the scalar to use, or
 * NULL to sample one (G.sample_scalar); a given one is for the test
 * vectors.  0, or -1 (cannot happen with a sampled scalar and a valid
 * generator).
 */
int cpace_start(struct cpace *c, struct cpace_str prs, struct cpace_str ci,
		struct cpace_str sid, const unsigned char *y);

/*
 * The ISK from the peer's share @peer, in initiator-responder order:
 * @ya/@ada are the initiator's share and associated data, @yb/@adb the
 * responder's (one pair is this side's own).  -1 if @peer is not a
 * valid encoding or gives the neutral element: the exchange must stop.
 */
int cpace_finish(struct cpace *c, const unsigned char peer[CPACE_POINT],
		 struct cpace_str sid, struct cpace_str ya, struct cpace_str ada,
		 struct cpace_str yb, struct cpace_str adb);

/*
 * Key confirmation: the tag over one side's message lv_cat(Y, AD), keyed
 * with H(b"CPaceMac" || sid || ISK).  cpace_tag_ok() compares in
 * constant time; 1 if @tag is right.
 */
void cpace_tag(const struct cpace *c, struct cpace_str sid,
	       struct cpace_str y, struct cpace_str ad,
	       unsigned char tag[CPACE_TAG]);
int cpace_tag_ok(const struct cpace *c, struct cpace_str sid,
		 struct cpace_str y, struct cpace_str ad,
		 const unsigned char tag[CPACE_TAG]);

/*
 * A key of @len bytes (at most 64) for @purpose, derived from ISK:
 * H(lv_cat(purpose, sid) || ISK) cut to @len.
 */
int cpace_key(const struct cpace *c, const char *purpose, struct cpace_str sid,
	      unsigned char *key, size_t len);

/* Wipe @c's secrets. */
void cpace_clear(struct cpace *c);

/* prepend_len (LEB128 length, then the bytes) into @out: bytes written. */
size_t cpace_prepend_len(struct cpace_str s, unsigned char *out);

#endif
