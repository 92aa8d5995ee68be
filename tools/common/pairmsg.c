// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing messages (pairmsg.h): encoding, the checks of everything
 * received, and the sealed WELCOME.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "paircode.h"
#include "pairmsg.h"

#define WELCOME_MIN	(PAIR_NONCE + PAIR_BOX_OVERHEAD + 2 + PAIR_KEY_MIN)
#define HELLO_FIXED	(1 + 2 + PAIR_SID + CPACE_POINT + 1)
#define REPLY_FIXED	(CPACE_POINT + CPACE_TAG + 1)

static const char *const refusals[] = {
	[PAIR_NO_INVITATION] = "no invitation with that number is open on the member (check the number, or make a new invitation)",
	[PAIR_EXPIRED] = "the invitation has expired (they last 10 minutes): make a new one",
	[PAIR_USED] = "the invitation was used already (each is good for one machine): make a new one",
	[PAIR_TOO_MANY] = "the invitation was closed after too many wrong codes: make a new one",
	[PAIR_WRONG_CODE] = "wrong code: the words do not match the invitation",
	[PAIR_BAD_MESSAGE] = "the other side sent something that is not pairing",
	[PAIR_BUSY] = "another machine is joining with this invitation right now: try again in a few seconds",
	[PAIR_OLD_VERSION] = "the two machines speak different versions of pairing: update neomosix on the older one",
};

const char *pair_refusal_text(unsigned int reason)
{
	if (reason && reason <= PAIR_REFUSAL_MAX)
		return refusals[reason];
	return "refused, for a reason this version does not know";
}

static void say(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (!whylen)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/* A name: 1 to PAIR_NAME_MAX printable ASCII characters. */
static bool name_ok(const uint8_t *p, size_t len)
{
	size_t i;

	if (!len || len > PAIR_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return false;
	return true;
}

/* Cluster file text: printable ASCII, tabs and line ends. */
static bool text_ok(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] > 0x7e)
			return false;
	return true;
}

/* The payload lengths a type allows. */
static bool length_ok(unsigned int type, size_t len)
{
	switch (type) {
	case PAIR_HELLO:
		return len > HELLO_FIXED && len <= HELLO_FIXED + PAIR_NAME_MAX;
	case PAIR_REPLY:
		return len > REPLY_FIXED && len <= REPLY_FIXED + PAIR_NAME_MAX;
	case PAIR_CONFIRM:
		return len == CPACE_TAG;
	case PAIR_WELCOME:
		return len >= WELCOME_MIN && len <= PAIR_WELCOME_MAX;
	case PAIR_REFUSE:
		return len == 1;
	}
	return false;
}

int pair_msg_header(const uint8_t hdr[PAIR_HEADER], char *why, size_t whylen)
{
	size_t len = (size_t)hdr[2] << 8 | hdr[3];

	if (hdr[0] < PAIR_HELLO || hdr[0] > PAIR_REFUSE || hdr[1]) {
		say(why, whylen, "not a pairing message (type %u, %u)",
		    hdr[0], hdr[1]);
		return -1;
	}
	if (!length_ok(hdr[0], len)) {
		say(why, whylen, "a pairing message of type %u cannot have %zu bytes",
		    hdr[0], len);
		return -1;
	}
	return len;
}

static size_t put_name(uint8_t *p, const char *name)
{
	size_t len = strnlen(name, PAIR_NAME_MAX + 1);

	p[0] = len;
	memcpy(p + 1, name, len);
	return 1 + len;
}

size_t pair_msg_encode(const struct pair_msg *m, uint8_t *buf, size_t size)
{
	uint8_t *p = buf + PAIR_HEADER;
	size_t len;

	if (size < PAIR_HEADER + PAIR_PAYLOAD_MAX)
		return 0;
	switch (m->type) {
	case PAIR_HELLO:
		*p++ = m->hello.version;
		*p++ = m->hello.nameplate >> 8;
		*p++ = m->hello.nameplate;
		memcpy(p, m->hello.sid, PAIR_SID);
		p += PAIR_SID;
		memcpy(p, m->hello.share, CPACE_POINT);
		p += CPACE_POINT;
		p += put_name(p, m->hello.name);
		break;
	case PAIR_REPLY:
		memcpy(p, m->reply.share, CPACE_POINT);
		p += CPACE_POINT;
		memcpy(p, m->reply.tag, CPACE_TAG);
		p += CPACE_TAG;
		p += put_name(p, m->reply.name);
		break;
	case PAIR_CONFIRM:
		memcpy(p, m->confirm.tag, CPACE_TAG);
		p += CPACE_TAG;
		break;
	case PAIR_WELCOME:
		if (m->welcome.len > PAIR_WELCOME_MAX)
			return 0;
		memcpy(p, m->welcome.box, m->welcome.len);
		p += m->welcome.len;
		break;
	case PAIR_REFUSE:
		*p++ = m->refuse.reason;
		break;
	default:
		return 0;
	}
	len = p - buf - PAIR_HEADER;
	buf[0] = m->type;
	buf[1] = 0;
	buf[2] = len >> 8;
	buf[3] = len;
	/* what this side sends passes the checks the other side makes */
	if (pair_msg_decode(buf, PAIR_HEADER + len, NULL, NULL, 0))
		return 0;
	return PAIR_HEADER + len;
}

/* A name field at @p of @left bytes, which must end the payload. */
static int get_name(const uint8_t *p, size_t left, char *out, char *why,
		    size_t whylen)
{
	if (p[0] != left - 1 || !name_ok(p + 1, p[0])) {
		say(why, whylen, "a name of a pairing message is not 1 to %d printable characters",
		    PAIR_NAME_MAX);
		return -1;
	}
	if (out) {
		memcpy(out, p + 1, p[0]);
		out[p[0]] = '\0';
	}
	return 0;
}

int pair_msg_decode(const uint8_t *buf, size_t len, struct pair_msg *m,
		    char *why, size_t whylen)
{
	struct pair_msg scratch;
	const uint8_t *p = buf + PAIR_HEADER;
	int plen;

	if (!m)
		m = &scratch;
	if (len < PAIR_HEADER) {
		say(why, whylen, "a pairing message of %zu bytes is cut short", len);
		return -1;
	}
	plen = pair_msg_header(buf, why, whylen);
	if (plen < 0)
		return -1;
	if ((size_t)plen != len - PAIR_HEADER) {
		say(why, whylen, "a pairing message says %d bytes and has %zu",
		    plen, len - PAIR_HEADER);
		return -1;
	}
	m->type = buf[0];
	switch (m->type) {
	case PAIR_HELLO:
		m->hello.version = p[0];
		m->hello.nameplate = p[1] << 8 | p[2];
		memcpy(m->hello.sid, p + 3, PAIR_SID);
		memcpy(m->hello.share, p + 3 + PAIR_SID, CPACE_POINT);
		/* a newer version's hello may be longer: only its version counts */
		if (m->hello.version != PAIR_VERSION)
			return 0;
		if (m->hello.nameplate < 1 ||
		    m->hello.nameplate > PAIR_NAMEPLATE_MAX) {
			say(why, whylen, "an invitation number is 1 to 99, not %u",
			    m->hello.nameplate);
			return -1;
		}
		return get_name(p + HELLO_FIXED - 1, plen - HELLO_FIXED + 1,
				m->hello.name, why, whylen);
	case PAIR_REPLY:
		memcpy(m->reply.share, p, CPACE_POINT);
		memcpy(m->reply.tag, p + CPACE_POINT, CPACE_TAG);
		return get_name(p + REPLY_FIXED - 1, plen - REPLY_FIXED + 1,
				m->reply.name, why, whylen);
	case PAIR_CONFIRM:
		memcpy(m->confirm.tag, p, CPACE_TAG);
		return 0;
	case PAIR_WELCOME:
		m->welcome.len = plen;
		memcpy(m->welcome.box, p, plen);
		return 0;
	case PAIR_REFUSE:
		m->refuse.reason = p[0];
		if (!p[0]) {
			say(why, whylen, "a refusal without a reason");
			return -1;
		}
		return 0;
	}
	return -1;	/* (pair_msg_header() knows every type) */
}

/* The key a WELCOME is sealed with: only this exchange has it. */
static int welcome_key(const struct cpace *c, const uint8_t sid[PAIR_SID],
		       uint8_t key[crypto_secretbox_KEYBYTES])
{
	return cpace_key(c, "neomosix pairing welcome",
			 (struct cpace_str){ sid, PAIR_SID }, key,
			 crypto_secretbox_KEYBYTES);
}

int pair_welcome_seal(const struct cpace *c, const uint8_t sid[PAIR_SID],
		      const struct pair_welcome *w, struct pair_msg *m)
{
	uint8_t plain[2 + PAIR_KEY_MAX + PAIR_SETTINGS_MAX];
	uint8_t key[crypto_secretbox_KEYBYTES];
	size_t slen = strnlen(w->settings, PAIR_SETTINGS_MAX + 1);
	size_t len = 2 + w->key_len + slen;

	if (w->key_len < PAIR_KEY_MIN || w->key_len > PAIR_KEY_MAX ||
	    slen > PAIR_SETTINGS_MAX ||
	    !text_ok((const uint8_t *)w->settings, slen))
		return -1;
	plain[0] = w->key_len >> 8;
	plain[1] = w->key_len;
	memcpy(plain + 2, w->key, w->key_len);
	memcpy(plain + 2 + w->key_len, w->settings, slen);
	if (welcome_key(c, sid, key))
		return -1;
	m->type = PAIR_WELCOME;
	randombytes_buf(m->welcome.box, PAIR_NONCE);
	crypto_secretbox_easy(m->welcome.box + PAIR_NONCE, plain, len,
			      m->welcome.box, key);
	m->welcome.len = PAIR_NONCE + PAIR_BOX_OVERHEAD + len;
	sodium_memzero(plain, len);
	sodium_memzero(key, sizeof(key));
	return 0;
}

int pair_welcome_open(const struct cpace *c, const uint8_t sid[PAIR_SID],
		      const struct pair_msg *m, struct pair_welcome *w,
		      char *why, size_t whylen)
{
	uint8_t plain[PAIR_WELCOME_MAX];
	uint8_t key[crypto_secretbox_KEYBYTES];
	size_t len, klen;
	int ret = -1;

	if (m->type != PAIR_WELCOME || m->welcome.len < WELCOME_MIN ||
	    m->welcome.len > PAIR_WELCOME_MAX) {
		say(why, whylen, "not a welcome message");
		return -1;
	}
	len = m->welcome.len - PAIR_NONCE - PAIR_BOX_OVERHEAD;
	if (welcome_key(c, sid, key))
		return -1;
	if (crypto_secretbox_open_easy(plain, m->welcome.box + PAIR_NONCE,
				       m->welcome.len - PAIR_NONCE,
				       m->welcome.box, key)) {
		say(why, whylen, "the cluster's settings do not open with the key of this exchange");
		goto out;
	}
	klen = (size_t)plain[0] << 8 | plain[1];
	if (klen < PAIR_KEY_MIN || klen > PAIR_KEY_MAX || 2 + klen > len ||
	    len - 2 - klen > PAIR_SETTINGS_MAX ||
	    !text_ok(plain + 2 + klen, len - 2 - klen)) {
		say(why, whylen, "the cluster's settings are not a key and cluster file lines");
		goto out;
	}
	memcpy(w->key, plain + 2, klen);
	w->key_len = klen;
	memcpy(w->settings, plain + 2 + klen, len - 2 - klen);
	w->settings[len - 2 - klen] = '\0';
	ret = 0;
out:
	sodium_memzero(plain, sizeof(plain));
	sodium_memzero(key, sizeof(key));
	return ret;
}
