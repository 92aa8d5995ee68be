// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing's two sides (pair.h).  CPace inputs: PRS the code as text
 * ("7-crystal-garden", the number included), CI "neomosix pairing 1",
 * sid the joiner's 16 random bytes, ADa the joiner's host name, ADb the
 * cluster's name.  B proves it knows the code first (its tag in the
 * REPLY), then A (CONFIRM); B sends the cluster key only after A's tag
 * checked.  Each exchange is one guess for whoever does not know the
 * code: the shares tell an eavesdropper nothing it can test offline.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "pair.h"

#define CI_TEXT	"neomosix pairing 1"

static struct cpace_str str(const void *p, size_t len)
{
	return (struct cpace_str){ p, len };
}

static struct cpace_str text(const char *s)
{
	return str(s, strlen(s));
}

static void refuse(struct pair_msg *out, enum pair_refusal why)
{
	memset(out, 0, sizeof(*out));
	out->type = PAIR_REFUSE;
	out->refuse.reason = why;
}

int pair_invite_new(struct pair_invitation *inv, const char *cluster,
		    const struct pair_welcome *w, double now)
{
	if (!cluster || !*cluster || strlen(cluster) > PAIR_NAME_MAX)
		return -1;
	memset(inv, 0, sizeof(*inv));
	pair_code_new(&inv->code);
	pair_code_text(&inv->code, inv->text);
	inv->expires = now + PAIR_LIFETIME;
	snprintf(inv->cluster, sizeof(inv->cluster), "%s", cluster);
	inv->welcome = w;
	return 0;
}

const char *pair_invite_closed(const struct pair_invitation *inv, double now)
{
	if (inv->used)
		return pair_refusal_text(PAIR_USED);
	if (inv->wrong >= PAIR_ATTEMPTS)
		return pair_refusal_text(PAIR_TOO_MANY);
	if (now >= inv->expires)
		return pair_refusal_text(PAIR_EXPIRED);
	return NULL;
}

/* The exchange under way is over: its secrets go. */
static void end_exchange(struct pair_invitation *inv)
{
	inv->busy = false;
	cpace_clear(&inv->cp);
}

static void wrong_code(struct pair_invitation *inv, double now)
{
	inv->wrong++;
	inv->next = now + PAIR_PAUSE;
	end_exchange(inv);
}

static int member_hello(struct pair_invitation *inv, const struct pair_msg *in,
			double now, struct pair_msg *out)
{
	struct cpace_str sid = str(in->hello.sid, PAIR_SID);
	struct cpace_str ya = str(in->hello.share, CPACE_POINT);
	struct cpace_str ada = text(in->hello.name), adb = text(inv->cluster);

	if (in->hello.version != PAIR_VERSION) {
		refuse(out, PAIR_OLD_VERSION);
		return -1;
	}
	if (in->hello.nameplate != inv->code.nameplate) {
		refuse(out, PAIR_NO_INVITATION);
		return -1;
	}
	if (inv->used) {
		refuse(out, PAIR_USED);
		return -1;
	}
	if (inv->wrong >= PAIR_ATTEMPTS) {
		refuse(out, PAIR_TOO_MANY);
		return -1;
	}
	if (now >= inv->expires) {
		refuse(out, PAIR_EXPIRED);
		return -1;
	}
	if (inv->busy || now < inv->next) {
		refuse(out, PAIR_BUSY);
		return -1;
	}
	if (cpace_start(&inv->cp, text(inv->text), text(CI_TEXT), sid, NULL) ||
	    cpace_finish(&inv->cp, in->hello.share, sid, ya, ada,
			 str(inv->cp.share, CPACE_POINT), adb)) {
		/* a share that is no point, or the neutral one */
		cpace_clear(&inv->cp);
		refuse(out, PAIR_BAD_MESSAGE);
		return -1;
	}
	inv->busy = true;
	memcpy(inv->sid, in->hello.sid, PAIR_SID);
	memcpy(inv->ya, in->hello.share, CPACE_POINT);
	snprintf(inv->joiner, sizeof(inv->joiner), "%s", in->hello.name);
	memset(out, 0, sizeof(*out));
	out->type = PAIR_REPLY;
	memcpy(out->reply.share, inv->cp.share, CPACE_POINT);
	cpace_tag(&inv->cp, sid, str(inv->cp.share, CPACE_POINT), adb,
		  out->reply.tag);
	snprintf(out->reply.name, sizeof(out->reply.name), "%s", inv->cluster);
	return 0;
}

int pair_member_receive(struct pair_invitation *inv, const struct pair_msg *in,
			double now, struct pair_msg *out)
{
	struct cpace_str sid = str(inv->sid, PAIR_SID);

	switch (in->type) {
	case PAIR_HELLO:
		return member_hello(inv, in, now, out);
	case PAIR_CONFIRM:
		if (!inv->busy)
			break;
		if (!cpace_tag_ok(&inv->cp, sid, str(inv->ya, CPACE_POINT),
				  text(inv->joiner), in->confirm.tag)) {
			wrong_code(inv, now);
			refuse(out, PAIR_WRONG_CODE);
			return -1;
		}
		if (now >= inv->expires) {
			end_exchange(inv);
			refuse(out, PAIR_EXPIRED);
			return -1;
		}
		if (pair_welcome_seal(&inv->cp, inv->sid, inv->welcome, out)) {
			end_exchange(inv);
			memset(out, 0, sizeof(*out));
			return -1;
		}
		inv->used = true;
		end_exchange(inv);
		return 1;
	case PAIR_REFUSE:
		/*
		 * Whatever the reason: a joiner that had our REPLY could
		 * check its guess of the code against our tag.
		 */
		if (inv->busy)
			wrong_code(inv, now);
		memset(out, 0, sizeof(*out));
		return -1;
	default:
		break;
	}
	if (inv->busy)
		wrong_code(inv, now);	/* out of turn: count it, end it */
	refuse(out, PAIR_BAD_MESSAGE);
	return -1;
}

void pair_member_closed(struct pair_invitation *inv, double now)
{
	if (inv->busy)
		wrong_code(inv, now);
}

void pair_invite_clear(struct pair_invitation *inv)
{
	sodium_memzero(inv, sizeof(*inv));
}

int pair_join_start(struct pair_join *j, const struct pair_code *code,
		    const char *hostname, struct pair_msg *out)
{
	char prs[PAIR_CODE_TEXT];
	int ret;

	if (!hostname || !*hostname || strlen(hostname) > PAIR_NAME_MAX)
		return -1;
	memset(j, 0, sizeof(*j));
	pair_code_text(code, prs);
	snprintf(j->name, sizeof(j->name), "%s", hostname);
	randombytes_buf(j->sid, PAIR_SID);
	ret = cpace_start(&j->cp, text(prs), text(CI_TEXT),
			  str(j->sid, PAIR_SID), NULL);
	sodium_memzero(prs, sizeof(prs));
	if (ret)
		return -1;
	memset(out, 0, sizeof(*out));
	out->type = PAIR_HELLO;
	out->hello.version = PAIR_VERSION;
	out->hello.nameplate = code->nameplate;
	memcpy(out->hello.sid, j->sid, PAIR_SID);
	memcpy(out->hello.share, j->cp.share, CPACE_POINT);
	snprintf(out->hello.name, sizeof(out->hello.name), "%s", j->name);
	return 0;
}

int pair_join_receive(struct pair_join *j, const struct pair_msg *in,
		      struct pair_msg *out, struct pair_welcome *w,
		      char *why, size_t whylen)
{
	struct cpace_str sid = str(j->sid, PAIR_SID);
	struct cpace_str ya = str(j->cp.share, CPACE_POINT);

	memset(out, 0, sizeof(*out));
	switch (in->type) {
	case PAIR_REPLY:
		if (j->cluster[0])
			break;	/* a second reply */
		if (cpace_finish(&j->cp, in->reply.share, sid, ya,
				 text(j->name), str(in->reply.share, CPACE_POINT),
				 text(in->reply.name))) {
			snprintf(why, whylen, "%s", pair_refusal_text(PAIR_BAD_MESSAGE));
			refuse(out, PAIR_BAD_MESSAGE);
			return -1;
		}
		if (!cpace_tag_ok(&j->cp, sid, str(in->reply.share, CPACE_POINT),
				  text(in->reply.name), in->reply.tag)) {
			snprintf(why, whylen, "%s", pair_refusal_text(PAIR_WRONG_CODE));
			refuse(out, PAIR_WRONG_CODE);
			return -1;
		}
		snprintf(j->cluster, sizeof(j->cluster), "%s", in->reply.name);
		out->type = PAIR_CONFIRM;
		cpace_tag(&j->cp, sid, ya, text(j->name), out->confirm.tag);
		return 0;
	case PAIR_WELCOME:
		if (!j->cluster[0])
			break;	/* before the reply */
		return pair_welcome_open(&j->cp, j->sid, in, w, why, whylen) ? -1 : 1;
	case PAIR_REFUSE:
		snprintf(why, whylen, "%s", pair_refusal_text(in->refuse.reason));
		return -1;
	default:
		break;
	}
	snprintf(why, whylen, "%s", pair_refusal_text(PAIR_BAD_MESSAGE));
	refuse(out, PAIR_BAD_MESSAGE);
	return -1;
}

void pair_join_clear(struct pair_join *j)
{
	sodium_memzero(j, sizeof(*j));
}
