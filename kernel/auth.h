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

/* The handshake's nonces: the connecting side's, then the other's. */
struct mosix_nonces {
	u8 nonce[2][MOSIX_NONCE_LEN];
};

bool mosix_auth_on(void);
int mosix_auth_set_key(const void *material, size_t len);
int mosix_auth_dgram_seal(const void *buf, size_t len, u8 out[MOSIX_MAC_LEN]);
bool mosix_auth_dgram_ok(const void *buf, size_t len);

int mosix_auth_proof(u8 out[MOSIX_PROOF_LEN], char label,
		     const struct mosix_nonces *n);
struct mosix_session *mosix_auth_session_new(const struct mosix_nonces *n,
					     bool connecting);
void mosix_auth_session_free(struct mosix_session *s);
int mosix_auth_tx_mac(struct mosix_session *s, const struct mosix_chunk *hdr,
		      const void *a, size_t alen, const void *b, size_t blen,
		      u8 out[MOSIX_MAC_LEN]);
int mosix_auth_rx_header(struct mosix_session *s, const struct mosix_chunk *hdr);
int mosix_auth_rx_data(struct mosix_session *s, const void *buf, size_t len);
int mosix_auth_rx_check(struct mosix_session *s, const u8 got[MOSIX_MAC_LEN]);

#endif /* _MOSIX_AUTH_H */
