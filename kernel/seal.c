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
 * table lookups to leak timing where those are missing.  Which code runs
 * it is measured once, as the kernel's RAID and XOR code measure theirs:
 * the crypto API's first choice (SIMD: SSSE3, AVX2, AVX-512) is far the
 * fastest on a real CPU, but several times slower than plain C in a
 * virtual machine that emulates those instructions (QEMU without KVM).
 *
 * A seal belongs to its connection and is used by the one task that
 * sends and reads on it at a time: no lock.
 */
#include <asm/unaligned.h>
#include <crypto/aead.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include "seal.h"

#define SEAL_IV_LEN	12
#define HDR_LEN		sizeof(struct mosix_chunk)

/* The implementations of the AEAD tried: the crypto API's choice first. */
static const char *const seal_algs[] = {
	"rfc7539(chacha20,poly1305)",
	"rfc7539(chacha20-generic,poly1305-generic)",
};

/*
 * The fastest of them here, once measured: set once, under seal_alg_lock,
 * to one of seal_algs[] (constant strings: READ_ONCE() is enough).
 */
static const char *seal_alg;
static DEFINE_MUTEX(seal_alg_lock);

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

/* A seal of @alg under @key, with its buffers; direction @dir_tx. */
static struct mosix_seal *seal_alloc(const char *alg, const u8 *key,
				     u8 dir_tx, u8 dir_rx)
{
	struct mosix_seal *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->tfm = crypto_alloc_aead(alg, 0, 0);
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
	s->dir[TX] = dir_tx;
	s->dir[RX] = dir_rx;
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

/* Nanoseconds to seal a few full records with @alg; 0: it cannot. */
static u64 time_alg(const char *alg)
{
	struct mosix_chunk hdr = {};
	u8 key[MOSIX_SEAL_KEY_LEN];
	struct mosix_seal *s;
	u64 best = 0, t;
	int round, i;

	get_random_bytes(key, sizeof(key));
	s = seal_alloc(alg, key, 'T', 'T');
	memzero_explicit(key, sizeof(key));
	if (IS_ERR(s))
		return 0;
	memset(mosix_seal_tx_buf(s), 0x5a, MOSIX_SEAL_DATA_MAX);
	/* the best of a few rounds: the least disturbed by other work */
	for (round = 0; round < 3; round++) {
		t = ktime_get_ns();
		for (i = 0; i < 4; i++)
			if (mosix_seal_tx(s, &hdr, MOSIX_SEAL_DATA_MAX))
				goto out;
		t = ktime_get_ns() - t;
		if (!best || t < best)
			best = t;
		cond_resched();
	}
out:
	mosix_seal_free(s);
	return round == 3 ? max_t(u64, best, 1) : 0;
}

/* The implementation to seal with here: measured at the first call. */
static const char *pick_alg(void)
{
	u64 ns[ARRAY_SIZE(seal_algs)];
	const char *alg;
	int i, best = -1;

	BUILD_BUG_ON(ARRAY_SIZE(seal_algs) != 2);	/* (the message) */
	alg = READ_ONCE(seal_alg);
	if (alg)
		return alg;
	mutex_lock(&seal_alg_lock);
	if (!seal_alg) {
		for (i = 0; i < ARRAY_SIZE(seal_algs); i++) {
			ns[i] = time_alg(seal_algs[i]);
			if (ns[i] && (best < 0 || ns[i] < ns[best]))
				best = i;
		}
		if (best >= 0) {
			pr_info("mosix: migrations are encrypted with %s (%llu MB/s; %s: %llu MB/s)\n",
				seal_algs[best],
				4ULL * MOSIX_SEAL_DATA_MAX * 1000 / ns[best],
				seal_algs[!best], ns[!best] ?
				4ULL * MOSIX_SEAL_DATA_MAX * 1000 / ns[!best] : 0);
			WRITE_ONCE(seal_alg, seal_algs[best]);
		}
	}
	alg = seal_alg;
	mutex_unlock(&seal_alg_lock);
	return alg;
}

/* @connecting: this end opened the connection. */
struct mosix_seal *mosix_seal_new(const u8 key[MOSIX_SEAL_KEY_LEN],
				  bool connecting)
{
	const char *alg = pick_alg();

	if (!alg)
		return ERR_PTR(-ENOENT);
	return seal_alloc(alg, key, connecting ? 'C' : 'S',
			  connecting ? 'S' : 'C');
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
