// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster key: with one set, every exchange between nodes is
 * authenticated with HMAC-SHA256.
 *
 * - Load information: each datagram ends with a MAC of its content
 *   under the cluster key; its sequence number (checked by the node
 *   table) keeps a replayed datagram out.
 * - Migration connections: both ends prove that they hold the key over
 *   two fresh nonces and derive a session key from them; every chunk
 *   then ends with a MAC, under the session key, of its direction, its
 *   sequence number in that direction, its header and its payload.  A
 *   chunk replayed, reordered, cut or changed fails its MAC, and the
 *   connection ends.
 *
 * The key is set with `mosctl key set FILE` (netlink), stored only as
 * the SHA-256 of the file's bytes, and never readable back.  Without a
 * key nothing is authenticated and `mosctl status` says so.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/hashtable.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/sock.h>
#include "auth.h"
#include "info.h"
#include "messages.h"
#include "transport.h"

/* The cluster key's MAC, for datagrams: replaced whole, freed after RCU. */
struct cluster_key {
	struct rcu_head rcu;
	struct crypto_shash *tfm;	/* hmac(sha256) keyed with the key */
	u8 key[SHA256_DIGEST_SIZE];
};

static struct cluster_key __rcu *cluster_key;
static DEFINE_MUTEX(key_mutex);

/* Per migration connection, while it is open and authenticated. */
struct conn_auth {
	struct hlist_node node;
	const struct sock *sk;
	struct crypto_shash *tfm;	/* keyed with the session key */
	struct shash_desc *rx;		/* MAC of the chunk being read */
	u64 tx_seq, rx_seq;
	u32 rx_left;			/* payload of that chunk still to read */
	bool rx_open;
	u8 tx_dir, rx_dir;
};

static DEFINE_HASHTABLE(conns, 8);
static DEFINE_SPINLOCK(conns_lock);

bool mosix_auth_on(void)
{
	return rcu_access_pointer(cluster_key);
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

int mosix_auth_set_key(const void *material, size_t len)
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

static struct conn_auth *find(const struct socket *sock)
{
	struct conn_auth *a;

	spin_lock(&conns_lock);
	hash_for_each_possible(conns, a, node, (unsigned long)sock->sk)
		if (a->sk == sock->sk)
			goto out;
	a = NULL;
out:
	spin_unlock(&conns_lock);
	return a;
}

static void free_conn(struct conn_auth *a)
{
	if (a->rx)
		kfree_sensitive(a->rx);
	if (!IS_ERR_OR_NULL(a->tfm))
		crypto_free_shash(a->tfm);
	kfree(a);
}

void mosix_auth_conn_forget(struct socket *sock)
{
	struct conn_auth *a = find(sock);

	if (!a)
		return;
	spin_lock(&conns_lock);
	hash_del(&a->node);
	spin_unlock(&conns_lock);
	free_conn(a);
}

struct proof {
	u8 nonce[2][MOSIX_NONCE_LEN];	/* the connecting side's, then the other's */
};

/* HMAC(cluster key, label || both nonces), whole. */
static int key_mac(u8 out[SHA256_DIGEST_SIZE], char label,
		   const struct proof *p)
{
	struct piece pc[] = { { &label, 1 }, { p, sizeof(*p) } };
	struct crypto_shash *tfm;
	struct cluster_key *k;
	int ret;

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

/*
 * Both ends prove they hold the cluster key:
 *   connecting side:  AUTH { its nonce }
 *   other side:       AUTH { its nonce, HMAC(key, "S" || nonces) }
 *   connecting side:  AUTH { HMAC(key, "C" || nonces) }
 * and take HMAC(key, "K" || nonces) as the session key.  Returns 0, or
 * -EACCES when the other end does not prove it (no key, another key).
 */
int mosix_auth_conn_start(struct socket *sock, bool connecting)
{
	u8 theirs[SHA256_DIGEST_SIZE], ours[SHA256_DIGEST_SIZE];
	u8 session[SHA256_DIGEST_SIZE];
	struct {
		u8 nonce[MOSIX_NONCE_LEN];
		u8 mac[SHA256_DIGEST_SIZE];
	} __packed msg;
	struct conn_auth *a;
	struct proof p;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	if (connecting) {
		get_random_bytes(p.nonce[0], MOSIX_NONCE_LEN);
		ret = mosix_conn_send(sock, MOSIX_CHUNK_AUTH, p.nonce[0],
				      MOSIX_NONCE_LEN, NULL, 0);
		if (!ret)
			ret = mosix_conn_recv_exact(sock, MOSIX_CHUNK_AUTH, &msg,
						    sizeof(msg));
		if (ret)
			goto fail;
		memcpy(p.nonce[1], msg.nonce, MOSIX_NONCE_LEN);
		ret = key_mac(theirs, 'S', &p) ?: key_mac(ours, 'C', &p);
		if (ret)
			goto fail;
		if (crypto_memneq(theirs, msg.mac, sizeof(theirs))) {
			ret = -EACCES;
			goto fail;
		}
		ret = mosix_conn_send(sock, MOSIX_CHUNK_AUTH, ours, sizeof(ours),
				      NULL, 0);
	} else {
		ret = mosix_conn_recv_exact(sock, MOSIX_CHUNK_AUTH, p.nonce[0],
					    MOSIX_NONCE_LEN);
		if (ret)
			goto fail;
		get_random_bytes(p.nonce[1], MOSIX_NONCE_LEN);
		memcpy(msg.nonce, p.nonce[1], MOSIX_NONCE_LEN);
		ret = key_mac(msg.mac, 'S', &p) ?: key_mac(ours, 'C', &p);
		if (!ret)
			ret = mosix_conn_send(sock, MOSIX_CHUNK_AUTH, &msg,
					      sizeof(msg), NULL, 0);
		if (!ret)
			ret = mosix_conn_recv_exact(sock, MOSIX_CHUNK_AUTH,
						    theirs, sizeof(theirs));
		if (!ret && crypto_memneq(theirs, ours, sizeof(ours)))
			ret = -EACCES;
	}
	if (!ret)
		ret = key_mac(session, 'K', &p);
	if (ret)
		goto fail;
	a->tfm = new_hmac(session, sizeof(session));
	memzero_explicit(session, sizeof(session));
	if (IS_ERR(a->tfm)) {
		ret = PTR_ERR(a->tfm);
		goto fail;
	}
	a->rx = kmalloc(sizeof(*a->rx) + crypto_shash_descsize(a->tfm),
			GFP_KERNEL);
	if (!a->rx) {
		ret = -ENOMEM;
		goto fail;
	}
	a->rx->tfm = a->tfm;
	a->sk = sock->sk;
	a->tx_dir = connecting ? 'C' : 'S';
	a->rx_dir = connecting ? 'S' : 'C';
	spin_lock(&conns_lock);
	hash_add(conns, &a->node, (unsigned long)sock->sk);
	spin_unlock(&conns_lock);
	memzero_explicit(ours, sizeof(ours));
	return 0;
fail:
	memzero_explicit(ours, sizeof(ours));
	memzero_explicit(session, sizeof(session));
	free_conn(a);
	if (ret == -EPROTO || ret == -EACCES || ret == -ECONNRESET) {
		mosix_info_count(MOSIX_STAT_CONN_BAD_AUTH);
		ret = -EACCES;
	}
	return ret;
}

/* Whether the chunks of this connection carry a MAC. */
bool mosix_auth_conn_keyed(struct socket *sock)
{
	return find(sock);
}

/* The MAC that ends a chunk going out: of (dir, seq, header, payload). */
int mosix_auth_chunk_mac(struct socket *sock, const struct mosix_chunk *hdr,
			 const void *a, size_t alen, const void *b, size_t blen,
			 u8 out[MOSIX_MAC_LEN], bool *on)
{
	struct conn_auth *c = find(sock);
	struct piece pc[5];
	__le64 seq;

	*on = c;
	if (!c)
		return 0;
	seq = cpu_to_le64(c->tx_seq++);
	pc[0] = (struct piece){ &c->tx_dir, 1 };
	pc[1] = (struct piece){ &seq, sizeof(seq) };
	pc[2] = (struct piece){ hdr, sizeof(*hdr) };
	pc[3] = (struct piece){ a, alen };
	pc[4] = (struct piece){ b, blen };
	return mac(c->tfm, out, pc, ARRAY_SIZE(pc));
}

/* A chunk's MAC, read after its last payload byte, is checked. */
static int finish_rx(struct socket *sock, struct conn_auth *c)
{
	u8 got[MOSIX_MAC_LEN], full[SHA256_DIGEST_SIZE];
	int ret;

	c->rx_open = false;
	ret = mosix_conn_recv_raw(sock, got, sizeof(got));
	if (!ret)
		ret = crypto_shash_final(c->rx, full);
	if (!ret && crypto_memneq(full, got, MOSIX_MAC_LEN)) {
		mosix_info_count(MOSIX_STAT_CONN_BAD_AUTH);
		ret = -EKEYREJECTED;
	}
	return ret;
}

int mosix_auth_rx_header(struct socket *sock, const struct mosix_chunk *hdr)
{
	struct conn_auth *c = find(sock);
	__le64 seq;
	int ret;

	if (!c)
		return 0;
	if (c->rx_open)
		return -EPROTO;	/* the previous chunk was not read whole */
	seq = cpu_to_le64(c->rx_seq++);
	ret = crypto_shash_init(c->rx) ?:
	      crypto_shash_update(c->rx, &c->rx_dir, 1) ?:
	      crypto_shash_update(c->rx, (const u8 *)&seq, sizeof(seq)) ?:
	      crypto_shash_update(c->rx, (const u8 *)hdr, sizeof(*hdr));
	if (ret)
		return ret;
	c->rx_left = le32_to_cpu(hdr->length);
	c->rx_open = true;
	return c->rx_left ? 0 : finish_rx(sock, c);
}

int mosix_auth_rx_data(struct socket *sock, const void *buf, size_t len)
{
	struct conn_auth *c = find(sock);
	int ret;

	if (!c)
		return 0;
	if (!c->rx_open || len > c->rx_left)
		return -EPROTO;
	ret = crypto_shash_update(c->rx, buf, len);
	if (ret)
		return ret;
	c->rx_left -= len;
	return c->rx_left ? 0 : finish_rx(sock, c);
}
