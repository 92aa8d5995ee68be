/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_AUTH_H
#define _MOSIX_AUTH_H

#include <linux/types.h>

struct mosix_chunk;
struct mosix_session;

/* A MAC on the wire: HMAC-SHA256, truncated. */
#define MOSIX_MAC_LEN		16
#define MOSIX_NONCE_LEN		16
/* A proof of the key in the handshake: HMAC-SHA256, whole. */
#define MOSIX_PROOF_LEN		32

/* What an end asks for in the handshake (a __le32 of these bits). */
#define MOSIX_AUTH_ENCRYPT	1	/* encrypt the connection (seal.c) */
#define MOSIX_AUTH_WANTS	MOSIX_AUTH_ENCRYPT

/*
 * What the handshake's proofs and keys are made of: the nonces of the
 * connecting side and of the other, and what each asked for.
 */
struct mosix_handshake {
	u8 nonce[2][MOSIX_NONCE_LEN];
	__le32 wants[2];
} __packed;

bool mosix_auth_on(void);
u32 mosix_auth_wants(void);
int mosix_auth_set_key(const void *material, size_t len, bool encrypt);
int mosix_auth_dgram_seal(const void *buf, size_t len, u8 out[MOSIX_MAC_LEN]);
bool mosix_auth_dgram_ok(const void *buf, size_t len);

int mosix_auth_proof(u8 out[MOSIX_PROOF_LEN], char label,
		     const struct mosix_handshake *hs);
struct mosix_session *mosix_auth_session_new(const struct mosix_handshake *hs,
					     bool connecting);
void mosix_auth_session_free(struct mosix_session *s);
int mosix_auth_tx_mac(struct mosix_session *s, const struct mosix_chunk *hdr,
		      const void *a, size_t alen, const void *b, size_t blen,
		      u8 out[MOSIX_MAC_LEN]);
int mosix_auth_rx_header(struct mosix_session *s, const struct mosix_chunk *hdr);
int mosix_auth_rx_data(struct mosix_session *s, const void *buf, size_t len);
int mosix_auth_rx_check(struct mosix_session *s, const u8 got[MOSIX_MAC_LEN]);

#endif /* _MOSIX_AUTH_H */
