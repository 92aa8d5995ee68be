// SPDX-License-Identifier: GPL-2.0
/*
 * Encrypted migration connections: the records of a chunk.
 *
 * When either end of a connection asks for it (the cluster file's
 * `key FILE encrypt`), the handshake (conn.c) derives a key from the
 * cluster key and both nonces (auth.c), and every chunk then goes as its
 * header followed by its payload cut into records of at most
 * MOSIX_SEAL_DATA_MAX bytes (one empty record for a chunk without
 * payload).  Each record is sealed with ChaCha20-Poly1305 (RFC 7539, the
 * AEAD of WireGuard and TLS 1.3): encrypted, and authenticated together
 * with the chunk's header.  Its nonce is the direction and the number of
 * records sent before it in that direction, so a record replayed,
 * reordered, cut or moved to another chunk fails its tag; the header is
 * checked with the chunk's first record before anyone reads it.
 *
 * ChaCha20-Poly1305 rather than AES-GCM: it is fast on every x86-64 CPU
 * an office may still run, with or without AES instructions, and has no
 * table lookups to leak timing where those are missing.
 *
 * A seal belongs to its connection and is used by the one task that
 * sends and reads on it at a time: no lock.
 */
#include <asm/unaligned.h>
#include <crypto/aead.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include "seal.h"

#define SEAL_ALG	"rfc7539(chacha20,poly1305)"
#define SEAL_IV_LEN	12
#define HDR_LEN		sizeof(struct mosix_chunk)

enum { TX, RX };

struct mosix_seal {
	struct crypto_aead *tfm;
	struct aead_request *req;
	u64 seq[2];		/* records sealed (TX) and opened (RX) */
	u8 dir[2];		/* the direction of each, in the nonce */
	u8 *buf[2];		/* MOSIX_SEAL_BUF bytes each */
};

void mosix_seal_free(struct mosix_seal *s)
{
	if (!s)
		return;
	kfree_sensitive(s->buf[TX]);
	kfree_sensitive(s->buf[RX]);
	aead_request_free(s->req);
	if (!IS_ERR_OR_NULL(s->tfm))
		crypto_free_aead(s->tfm);
	kfree(s);
}

/* @connecting: this end opened the connection. */
struct mosix_seal *mosix_seal_new(const u8 key[MOSIX_SEAL_KEY_LEN],
				  bool connecting)
{
	struct mosix_seal *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->tfm = crypto_alloc_aead(SEAL_ALG, 0, 0);
	if (IS_ERR(s->tfm)) {
		ret = PTR_ERR(s->tfm);
		goto fail;
	}
	ret = crypto_aead_setkey(s->tfm, key, MOSIX_SEAL_KEY_LEN) ?:
	      crypto_aead_setauthsize(s->tfm, MOSIX_SEAL_TAG_LEN);
	if (ret)
		goto fail;
	ret = -ENOMEM;
	s->req = aead_request_alloc(s->tfm, GFP_KERNEL);
	/* (kmalloc: physically contiguous, one scatterlist entry) */
	s->buf[TX] = kmalloc(MOSIX_SEAL_BUF, GFP_KERNEL);
	s->buf[RX] = kmalloc(MOSIX_SEAL_BUF, GFP_KERNEL);
	if (!s->req || !s->buf[TX] || !s->buf[RX])
		goto fail;
	s->dir[TX] = connecting ? 'C' : 'S';
	s->dir[RX] = connecting ? 'S' : 'C';
	return s;
fail:
	mosix_seal_free(s);
	return ERR_PTR(ret);
}

/* Where the payload of the next record to send goes. */
u8 *mosix_seal_tx_buf(struct mosix_seal *s)
{
	return s->buf[TX] + HDR_LEN;
}

/* Where the payload of the record read goes, its tag right after. */
u8 *mosix_seal_rx_buf(struct mosix_seal *s)
{
	return s->buf[RX] + HDR_LEN;
}

/* Seal or open the record in buf[@way]: @len bytes of payload. */
static int seal_record(struct mosix_seal *s, int way,
		       const struct mosix_chunk *hdr, size_t len)
{
	u8 *rec = s->buf[way];
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 iv[SEAL_IV_LEN] = { s->dir[way] };
	int ret;

	if (len > MOSIX_SEAL_DATA_MAX)
		return -EMSGSIZE;
	put_unaligned_le64(s->seq[way]++, iv + SEAL_IV_LEN - sizeof(u64));
	memcpy(rec, hdr, HDR_LEN);
	sg_init_one(&sg, rec, HDR_LEN + len + MOSIX_SEAL_TAG_LEN);
	aead_request_set_callback(s->req, CRYPTO_TFM_REQ_MAY_SLEEP |
				  CRYPTO_TFM_REQ_MAY_BACKLOG,
				  crypto_req_done, &wait);
	aead_request_set_ad(s->req, HDR_LEN);
	if (way == TX) {
		aead_request_set_crypt(s->req, &sg, &sg, len, iv);
		ret = crypto_wait_req(crypto_aead_encrypt(s->req), &wait);
	} else {
		aead_request_set_crypt(s->req, &sg, &sg,
				       len + MOSIX_SEAL_TAG_LEN, iv);
		ret = crypto_wait_req(crypto_aead_decrypt(s->req), &wait);
		if (ret == -EBADMSG)
			ret = -EKEYREJECTED;
	}
	return ret;
}

/*
 * Seal the record of chunk @hdr whose @len bytes of payload are in
 * mosix_seal_tx_buf(): they are then the record to send, with its tag
 * (@len + MOSIX_SEAL_TAG_LEN bytes).
 */
int mosix_seal_tx(struct mosix_seal *s, const struct mosix_chunk *hdr,
		  size_t len)
{
	return seal_record(s, TX, hdr, len);
}

/*
 * Open the record of chunk @hdr read into mosix_seal_rx_buf(): @len
 * bytes of payload and the tag.  0, the payload then in clear, or
 * -EKEYREJECTED: it was not sealed with the key, in this place.
 */
int mosix_seal_rx(struct mosix_seal *s, const struct mosix_chunk *hdr,
		  size_t len)
{
	return seal_record(s, RX, hdr, len);
}
