// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster key: with one set, every exchange between nodes is
 * authenticated with HMAC-SHA256.
 *
 * - Load information: each datagram ends with a MAC of its content
 *   under the cluster key; its sequence number (checked by the node
 *   table) keeps a replayed datagram out.
 * - Migration connections: both ends prove that they hold the key over
 *   two fresh nonces (the exchange is conn.c's) and derive a session key
 *   from them; every chunk then ends with a MAC, under the session key,
 *   of its direction, its sequence number in that direction, its header
 *   and its payload.  A chunk replayed, reordered, cut or changed fails
 *   its MAC, and the connection ends.
 *
 * The key is set with `mosctl key set FILE` (netlink), stored only as
 * the SHA-256 of the file's bytes, and never readable back.  Without a
 * key nothing is authenticated and `mosctl status` says so.  Set with
 * `encrypt`, this node also asks, in every handshake, that the
 * connection be encrypted: it then is when either end asks, with a key
 * derived here (seal.c seals its records instead of the MACs).
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/mosix.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "auth.h"
#include "messages.h"

/* The cluster key's MAC, for datagrams: replaced whole, freed after RCU. */
struct cluster_key {
	struct rcu_head rcu;
	struct crypto_shash *tfm;	/* hmac(sha256) keyed with the key */
	u8 key[SHA256_DIGEST_SIZE];
	bool encrypt;			/* ask for encrypted connections */
};

static struct cluster_key __rcu *cluster_key;
/* Serialises key changes and reads of the key itself; process context. */
static DEFINE_MUTEX(key_mutex);

/*
 * The MACs of one migration connection: the session key's HMAC and the
 * state of the chunk being read.  Owned by its connection (conn.c), used
 * by the one task that sends and reads on it at a time: no lock.
 */
struct mosix_session {
	struct crypto_shash *tfm;	/* keyed with the session key */
	struct shash_desc *rx;		/* MAC of the chunk being read */
	u64 tx_seq, rx_seq;
	u32 rx_left;			/* payload of that chunk still to read */
	bool rx_open;
	u8 tx_dir, rx_dir;
};

bool mosix_auth_on(void)
{
	return rcu_access_pointer(cluster_key);
}

/* What this node asks for in a handshake: MOSIX_AUTH_* bits. */
u32 mosix_auth_wants(void)
{
	struct cluster_key *k;
	u32 wants = 0;

	rcu_read_lock();
	k = rcu_dereference(cluster_key);
	if (k && k->encrypt)
		wants |= MOSIX_AUTH_ENCRYPT;
	rcu_read_unlock();
	return wants;
}

static struct crypto_shash *new_hmac(const u8 *key, unsigned int len)
{
	struct crypto_shash *tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);

	if (IS_ERR(tfm))
		return tfm;
	if (crypto_shash_setkey(tfm, key, len)) {
		crypto_free_shash(tfm);
		return ERR_PTR(-EINVAL);
	}
	return tfm;
}

static void free_key(struct rcu_head *rcu)
{
	struct cluster_key *k = container_of(rcu, struct cluster_key, rcu);

	crypto_free_shash(k->tfm);
	kfree_sensitive(k);
}

int mosix_auth_set_key(const void *material, size_t len, bool encrypt)
{
	struct cluster_key *k = NULL, *old;
	int ret;

	if (material) {
		if (len < MOSIX_KEY_MIN || len > MOSIX_KEY_MAX)
			return -EINVAL;
		k = kzalloc(sizeof(*k), GFP_KERNEL);
		if (!k)
			return -ENOMEM;
		sha256(material, len, k->key);
		k->encrypt = encrypt;
		k->tfm = new_hmac(k->key, sizeof(k->key));
		if (IS_ERR(k->tfm)) {
			ret = PTR_ERR(k->tfm);
			kfree_sensitive(k);
			return ret;
		}
	}
	mutex_lock(&key_mutex);
	old = rcu_replace_pointer(cluster_key, k, lockdep_is_held(&key_mutex));
	mutex_unlock(&key_mutex);
	if (old)
		call_rcu(&old->rcu, free_key);
	return 0;
}

struct piece {
	const void *data;
	size_t len;
};

/* HMAC (whole) of the pieces in order; empty pieces are skipped. */
static int digest(struct crypto_shash *tfm, u8 out[SHA256_DIGEST_SIZE],
		  const struct piece *pc, int n)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	int i, ret;

	desc->tfm = tfm;
	ret = crypto_shash_init(desc);
	for (i = 0; i < n && !ret; i++)
		if (pc[i].len)
			ret = crypto_shash_update(desc, pc[i].data, pc[i].len);
	if (!ret)
		ret = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

/* The same, truncated to MOSIX_MAC_LEN bytes. */
static int mac(struct crypto_shash *tfm, u8 out[MOSIX_MAC_LEN],
	       const struct piece *pc, int n)
{
	u8 full[SHA256_DIGEST_SIZE];
	int ret;

	ret = digest(tfm, full, pc, n);
	memcpy(out, full, MOSIX_MAC_LEN);
	memzero_explicit(full, sizeof(full));
	return ret;
}

/* ---- datagrams (softirq and process context) ---- */

int mosix_auth_dgram_seal(const void *buf, size_t len, u8 out[MOSIX_MAC_LEN])
{
	struct piece pc = { buf, len };
	struct cluster_key *k;
	int ret = -ENOKEY;

	rcu_read_lock();
	k = rcu_dereference(cluster_key);
	if (k)
		ret = mac(k->tfm, out, &pc, 1);
	rcu_read_unlock();
	return ret;
}

bool mosix_auth_dgram_ok(const void *buf, size_t len)
{
	struct piece pc = { buf, len - MOSIX_MAC_LEN };
	u8 want[MOSIX_MAC_LEN];
	struct cluster_key *k;
	bool ok = false;

	if (len < MOSIX_MAC_LEN)
		return false;
	rcu_read_lock();
	k = rcu_dereference(cluster_key);
	if (k && !mac(k->tfm, want, &pc, 1))
		ok = !crypto_memneq(want, buf + len - MOSIX_MAC_LEN,
				    MOSIX_MAC_LEN);
	rcu_read_unlock();
	return ok;
}

/* ---- migration connections (process context) ---- */

/*
 * HMAC(cluster key, label || both nonces || what both ends asked for),
 * whole: so a handshake's requests cannot be changed on the way.
 */
int mosix_auth_proof(u8 out[MOSIX_PROOF_LEN], char label,
		     const struct mosix_handshake *hs)
{
	struct piece pc[] = { { &label, 1 }, { hs, sizeof(*hs) } };
	struct crypto_shash *tfm;
	struct cluster_key *k;
	int ret;

	BUILD_BUG_ON(MOSIX_PROOF_LEN != SHA256_DIGEST_SIZE);
	mutex_lock(&key_mutex);
	k = rcu_dereference_protected(cluster_key, lockdep_is_held(&key_mutex));
	tfm = k ? new_hmac(k->key, sizeof(k->key)) : ERR_PTR(-ENOKEY);
	mutex_unlock(&key_mutex);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = digest(tfm, out, pc, ARRAY_SIZE(pc));
	crypto_free_shash(tfm);
	return ret;
}

void mosix_auth_session_free(struct mosix_session *s)
{
	if (!s)
		return;
	kfree_sensitive(s->rx);
	if (!IS_ERR_OR_NULL(s->tfm))
		crypto_free_shash(s->tfm);
	kfree(s);
}

/*
 * The session of a connection whose ends proved the key in handshake
 * @hs: its key is HMAC(cluster key, "K" || @hs).  @connecting: this end
 * opened the connection.
 */
struct mosix_session *mosix_auth_session_new(const struct mosix_handshake *hs,
					     bool connecting)
{
	u8 key[MOSIX_PROOF_LEN];
	struct mosix_session *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	ret = mosix_auth_proof(key, 'K', hs);
	if (ret)
		goto fail;
	s->tfm = new_hmac(key, sizeof(key));
	memzero_explicit(key, sizeof(key));
	if (IS_ERR(s->tfm)) {
		ret = PTR_ERR(s->tfm);
		goto fail;
	}
	s->rx = kmalloc(sizeof(*s->rx) + crypto_shash_descsize(s->tfm),
			GFP_KERNEL);
	if (!s->rx) {
		ret = -ENOMEM;
		goto fail;
	}
	s->rx->tfm = s->tfm;
	s->tx_dir = connecting ? 'C' : 'S';
	s->rx_dir = connecting ? 'S' : 'C';
	return s;
fail:
	memzero_explicit(key, sizeof(key));
	mosix_auth_session_free(s);
	return ERR_PTR(ret);
}

/* The MAC that ends a chunk going out: of (dir, seq, header, payload). */
int mosix_auth_tx_mac(struct mosix_session *s, const struct mosix_chunk *hdr,
		      const void *a, size_t alen, const void *b, size_t blen,
		      u8 out[MOSIX_MAC_LEN])
{
	struct piece pc[5];
	__le64 seq;

	seq = cpu_to_le64(s->tx_seq++);
	pc[0] = (struct piece){ &s->tx_dir, 1 };
	pc[1] = (struct piece){ &seq, sizeof(seq) };
	pc[2] = (struct piece){ hdr, sizeof(*hdr) };
	pc[3] = (struct piece){ a, alen };
	pc[4] = (struct piece){ b, blen };
	return mac(s->tfm, out, pc, ARRAY_SIZE(pc));
}

/*
 * A chunk coming in: its header, then its payload in pieces.  Each
 * returns 1 once the payload is complete (the MAC that follows is then
 * for mosix_auth_rx_check()), 0 while more is to come, or an errno.
 */
int mosix_auth_rx_header(struct mosix_session *s, const struct mosix_chunk *hdr)
{
	__le64 seq;
	int ret;

	if (s->rx_open)
		return -EPROTO;	/* the previous chunk was not read whole */
	seq = cpu_to_le64(s->rx_seq++);
	ret = crypto_shash_init(s->rx) ?:
	      crypto_shash_update(s->rx, &s->rx_dir, 1) ?:
	      crypto_shash_update(s->rx, (const u8 *)&seq, sizeof(seq)) ?:
	      crypto_shash_update(s->rx, (const u8 *)hdr, sizeof(*hdr));
	if (ret)
		return ret;
	s->rx_left = le32_to_cpu(hdr->length);
	s->rx_open = true;
	return !s->rx_left;
}

int mosix_auth_rx_data(struct mosix_session *s, const void *buf, size_t len)
{
	int ret;

	if (!s->rx_open || len > s->rx_left)
		return -EPROTO;
	ret = crypto_shash_update(s->rx, buf, len);
	if (ret)
		return ret;
	s->rx_left -= len;
	return !s->rx_left;
}

/* The MAC read after a chunk's last payload byte: 0 or -EKEYREJECTED. */
int mosix_auth_rx_check(struct mosix_session *s, const u8 got[MOSIX_MAC_LEN])
{
	u8 full[SHA256_DIGEST_SIZE];
	int ret;

	s->rx_open = false;
	ret = crypto_shash_final(s->rx, full);
	if (!ret && crypto_memneq(full, got, MOSIX_MAC_LEN))
		ret = -EKEYREJECTED;
	memzero_explicit(full, sizeof(full));
	return ret;
}
