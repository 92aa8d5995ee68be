/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The messages of pairing (Documentation/pairing.md), on a TCP
 * connection from the joining machine (A) to the member that made the
 * invitation (B):
 *
 *   A -> B  HELLO    version, nameplate, sid, Ya, A's host name
 *   B -> A  REPLY    Yb, B's tag Tb, the cluster's name
 *   A -> B  CONFIRM  A's tag Ta
 *   B -> A  WELCOME  the cluster key and settings, sealed with a key
 *                    derived from the exchange
 *   either  REFUSE   why not (then the connection closes)
 *
 * Each message: type (1 byte), 0 (1 byte), payload length (2 bytes, big
 * endian), payload.  pair_msg_decode() checks everything a peer can get
 * wrong and says what in a sentence; nothing it refuses is used.
 */
#ifndef TOOLS_PAIRMSG_H
#define TOOLS_PAIRMSG_H

#include <stddef.h>
#include <stdint.h>

#include "cpace.h"

#define PAIR_PORT		7142	/* TCP: the exchange; UDP: finding B */
#define PAIR_VERSION		1
#define PAIR_SID		16
#define PAIR_NAME_MAX		64	/* host and cluster names */
#define PAIR_KEY_MIN		16	/* a cluster key's bytes (the kernel's) */
#define PAIR_KEY_MAX		4096
#define PAIR_SETTINGS_MAX	4096	/* cluster file lines, text */
#define PAIR_HEADER		4
#define PAIR_BOX_OVERHEAD	16	/* the seal's tag */
#define PAIR_NONCE		24
#define PAIR_WELCOME_MAX	(PAIR_NONCE + PAIR_BOX_OVERHEAD + 2 + \
				 PAIR_KEY_MAX + PAIR_SETTINGS_MAX)
#define PAIR_PAYLOAD_MAX	PAIR_WELCOME_MAX

enum pair_type {
	PAIR_HELLO = 1,
	PAIR_REPLY,
	PAIR_CONFIRM,
	PAIR_WELCOME,
	PAIR_REFUSE,
};

/* Why B (or A) stops an exchange: what the other side tells its user. */
enum pair_refusal {
	PAIR_NO_INVITATION = 1,	/* no open invitation has that number */
	PAIR_EXPIRED,		/* it was made more than 10 minutes ago */
	PAIR_USED,		/* a machine joined with it already */
	PAIR_TOO_MANY,		/* too many wrong codes: it is closed */
	PAIR_WRONG_CODE,
	PAIR_BAD_MESSAGE,
	PAIR_BUSY,		/* another machine is joining with it now */
	PAIR_OLD_VERSION,	/* the peer speaks another version */
	PAIR_REFUSAL_MAX = PAIR_OLD_VERSION,
};

struct pair_msg {
	enum pair_type type;
	union {
		struct {
			uint8_t version;
			uint16_t nameplate;
			uint8_t sid[PAIR_SID];
			uint8_t share[CPACE_POINT];
			char name[PAIR_NAME_MAX + 1];	/* A's host name */
		} hello;
		struct {
			uint8_t share[CPACE_POINT];
			uint8_t tag[CPACE_TAG];
			char name[PAIR_NAME_MAX + 1];	/* the cluster's */
		} reply;
		struct {
			uint8_t tag[CPACE_TAG];
		} confirm;
		struct {
			uint16_t len;	/* of box, nonce included */
			uint8_t box[PAIR_WELCOME_MAX];
		} welcome;
		struct {
			uint8_t reason;	/* enum pair_refusal */
		} refuse;
	};
};

/* What a cluster gives a machine that joins it. */
struct pair_welcome {
	uint8_t key[PAIR_KEY_MAX];
	size_t key_len;
	char settings[PAIR_SETTINGS_MAX + 1];	/* cluster file lines */
};

/* @m's bytes into @buf (PAIR_HEADER + PAIR_PAYLOAD_MAX fit any): its
 * length, or 0 if @m is not a valid message. */
size_t pair_msg_encode(const struct pair_msg *m, uint8_t *buf, size_t size);

/*
 * The payload length of a header, checked against what its type allows:
 * the length, or -1 (with @why) for an unknown type or a length no
 * message of that type has.
 */
int pair_msg_header(const uint8_t hdr[PAIR_HEADER], char *why, size_t whylen);

/* A whole message (header and payload): 0, or -1 with @why. */
int pair_msg_decode(const uint8_t *buf, size_t len, struct pair_msg *m,
		    char *why, size_t whylen);

/* The sentence for a refusal's reason (any byte: unknown ones too). */
const char *pair_refusal_text(unsigned int reason);

/*
 * Seal @w into a WELCOME under a key derived from @c's ISK and @sid, or
 * open one: 0, or -1 (a key or settings out of bounds to seal; a box
 * that does not open, or whose contents are not a key and text).
 */
int pair_welcome_seal(const struct cpace *c, const uint8_t sid[PAIR_SID],
		      const struct pair_welcome *w, struct pair_msg *m);
int pair_welcome_open(const struct cpace *c, const uint8_t sid[PAIR_SID],
		      const struct pair_msg *m, struct pair_welcome *w,
		      char *why, size_t whylen);

#endif
