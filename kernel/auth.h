/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_AUTH_H
#define _MOSIX_AUTH_H

#include <linux/types.h>

struct mosix_chunk;
struct socket;

/* Bytes of a cluster key file, as mosctl key set reads it. */
#define MOSIX_KEY_MIN		16
#define MOSIX_KEY_MAX		4096
/* A MAC on the wire: HMAC-SHA256, truncated. */
#define MOSIX_MAC_LEN		16
#define MOSIX_NONCE_LEN		16

bool mosix_auth_on(void);
int mosix_auth_set_key(const void *material, size_t len);

int mosix_auth_dgram_seal(const void *buf, size_t len, u8 out[MOSIX_MAC_LEN]);
bool mosix_auth_dgram_ok(const void *buf, size_t len);

int mosix_auth_conn_start(struct socket *sock, bool connecting);
void mosix_auth_conn_forget(struct socket *sock);
bool mosix_auth_conn_keyed(struct socket *sock);
int mosix_auth_chunk_mac(struct socket *sock, const struct mosix_chunk *hdr,
			 const void *a, size_t alen, const void *b, size_t blen,
			 u8 out[MOSIX_MAC_LEN], bool *on);
int mosix_auth_rx_header(struct socket *sock, const struct mosix_chunk *hdr);
int mosix_auth_rx_data(struct socket *sock, const void *buf, size_t len);

#endif /* _MOSIX_AUTH_H */
