// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing without a network (tools/common/pair*.c): codes as people type
 * them, the messages and their checks, the sealed welcome, and both sides
 * of whole exchanges: the right code joins once; a wrong code, a replayed
 * or altered message, an expired, used or closed invitation are refused
 * with the sentence the user sees, and every exchange that got a reply
 * counts as a guess.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pair.h"
#include "tap.h"

static char why[256];

static void codes(void)
{
	struct pair_code c, d;
	char t[PAIR_CODE_TEXT];
	unsigned int i, sorted = 1, roundtrip = 1, n = 0;
	static const char *const bad[] = {
		"", "crystal-garden", "0-acorn-acorn", "100-acorn-acorn",
		"007-acorn-acorn", "7", "7-", "7-acorn", "7-acorn-", "7acorn-acorn",
		"7-acorn-garden-moon", "7-ac0rn-garden", "7-acorns-garden",
		"7-acorn-gardenparty", "7-acorn-garden!", "-7-acorn-garden",
	};

	for (i = 0; i + 1 < PAIR_WORDS; i++)
		if (strcmp(pair_word(i), pair_word(i + 1)) >= 0)
			sorted = 0;
	CHECK(sorted && !pair_word(PAIR_WORDS),
	      "the word list has %d words, sorted, without repeats", PAIR_WORDS);
	for (i = 0; i < PAIR_WORDS; i++) {
		c.nameplate = 1 + i % PAIR_NAMEPLATE_MAX;
		c.w[0] = i;
		c.w[1] = PAIR_WORDS - 1 - i;
		pair_code_text(&c, t);
		if (pair_code_parse(t, &d, why, sizeof(why)) ||
		    d.nameplate != c.nameplate || d.w[0] != c.w[0] ||
		    d.w[1] != c.w[1])
			roundtrip = 0;
	}
	CHECK(roundtrip, "every word reads back from a code's text");
	for (i = 0; i < 200; i++) {
		pair_code_new(&c);
		n += c.nameplate >= 1 && c.nameplate <= PAIR_NAMEPLATE_MAX &&
		     c.w[0] < PAIR_WORDS && c.w[1] < PAIR_WORDS;
	}
	CHECK(n == 200, "new codes have a number 1 to 99 and two words");

	CHECK(!pair_code_parse("  42 Crystal   GARDEN ", &c, why, sizeof(why)) &&
	      c.nameplate == 42 && !strcmp(pair_word(c.w[0]), "crystal") &&
	      !strcmp(pair_word(c.w[1]), "garden"),
	      "a code typed with spaces and capitals reads as 42-crystal-garden");
	CHECK(!pair_code_parse("7--acorn--zipper", &c, why, sizeof(why)),
	      "doubled dashes are fine");
	n = 0;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		if (pair_code_parse(bad[i], &c, why, sizeof(why)) && why[0])
			n++;
		else
			printf("# accepted or no reason: '%s'\n", bad[i]);
	}
	CHECK(n == sizeof(bad) / sizeof(bad[0]),
	      "%u malformed codes are refused with a reason", n);
	pair_code_parse("7-crystal-gardn", &c, why, sizeof(why));
	CHECK(strstr(why, "'gardn' is not one of the words"), "a typo is named: %s", why);
}

static void messages(void)
{
	static uint8_t buf[PAIR_HEADER + PAIR_PAYLOAD_MAX];
	struct pair_msg m, d;
	size_t len;
	int i, ok;

	memset(&m, 0, sizeof(m));
	m.type = PAIR_HELLO;
	m.hello.version = PAIR_VERSION;
	m.hello.nameplate = 7;
	for (i = 0; i < PAIR_SID; i++)
		m.hello.sid[i] = i;
	memset(m.hello.share, 0xab, CPACE_POINT);
	strcpy(m.hello.name, "n4");
	len = pair_msg_encode(&m, buf, sizeof(buf));
	CHECK(len == PAIR_HEADER + 1 + 2 + 16 + 32 + 1 + 2 &&
	      !pair_msg_decode(buf, len, &d, why, sizeof(why)) &&
	      d.type == PAIR_HELLO && d.hello.nameplate == 7 &&
	      !memcmp(d.hello.sid, m.hello.sid, PAIR_SID) &&
	      !memcmp(d.hello.share, m.hello.share, CPACE_POINT) &&
	      !strcmp(d.hello.name, "n4"), "a HELLO goes and comes back whole");
	CHECK(pair_msg_decode(buf, len - 1, &d, why, sizeof(why)) == -1,
	      "a HELLO cut short is refused: %s", why);
	buf[1] = 1;
	CHECK(pair_msg_decode(buf, len, &d, why, sizeof(why)) == -1,
	      "a header's second byte must be 0");
	buf[1] = 0;
	buf[PAIR_HEADER + 1 + 2 + 16 + 32] = 3;	/* name length past the end */
	CHECK(pair_msg_decode(buf, len, &d, why, sizeof(why)) == -1,
	      "a name longer than its message is refused: %s", why);
	buf[PAIR_HEADER + 1 + 2 + 16 + 32] = 2;
	buf[len - 1] = '\n';
	CHECK(pair_msg_decode(buf, len, &d, why, sizeof(why)) == -1,
	      "a name with a control character is refused");
	m.hello.nameplate = 0;
	CHECK(!pair_msg_encode(&m, buf, sizeof(buf)),
	      "a HELLO with invitation number 0 is not even sent");
	m.hello.nameplate = 7;
	memset(m.hello.name, 'x', PAIR_NAME_MAX + 1);
	CHECK(!pair_msg_encode(&m, buf, sizeof(buf)), "nor one with a 65-byte name");
	m.hello.name[PAIR_NAME_MAX] = '\0';
	CHECK(pair_msg_encode(&m, buf, sizeof(buf)), "a 64-byte name is fine");

	memset(&m, 0, sizeof(m));
	m.type = PAIR_REFUSE;
	m.refuse.reason = PAIR_EXPIRED;
	len = pair_msg_encode(&m, buf, sizeof(buf));
	CHECK(len == PAIR_HEADER + 1 && !pair_msg_decode(buf, len, &d, why, sizeof(why)) &&
	      d.refuse.reason == PAIR_EXPIRED, "a REFUSE goes and comes back");
	buf[PAIR_HEADER] = 0;
	CHECK(pair_msg_decode(buf, len, &d, why, sizeof(why)) == -1,
	      "a refusal without a reason is refused");
	CHECK(strstr(pair_refusal_text(200), "does not know"),
	      "an unknown reason still reads as a refusal");

	ok = 1;
	for (i = 0; i < 256; i++) {
		uint8_t h[PAIR_HEADER] = { i, 0, 0xff, 0xff };

		if (pair_msg_header(h, why, sizeof(why)) != -1)
			ok = 0;	/* no type allows 65535 bytes */
	}
	CHECK(ok, "no header of any type may announce 65535 bytes");
	{
		uint8_t h[PAIR_HEADER] = { PAIR_CONFIRM, 0, 0, CPACE_TAG };

		CHECK(pair_msg_header(h, why, sizeof(why)) == CPACE_TAG,
		      "a CONFIRM's header announces its 64 bytes");
		h[0] = 9;
		CHECK(pair_msg_header(h, why, sizeof(why)) == -1,
		      "an unknown type is refused: %s", why);
	}
}

/* A whole exchange between @inv and a joiner typing @typed; the last
 * result of each side and the joiner's message, in @jwhy. */
static int run(struct pair_invitation *inv, const char *typed, double now,
	       struct pair_welcome *got, char *jwhy)
{
	struct pair_join j;
	struct pair_code code;
	struct pair_msg a, b;
	int r;

	if (pair_code_parse(typed, &code, jwhy, 256) ||
	    pair_join_start(&j, &code, "n4", &a))
		return -10;
	r = pair_member_receive(inv, &a, now, &b);
	if (r < 0) {
		pair_join_receive(&j, &b, &a, got, jwhy, 256);
		return -1;
	}
	r = pair_join_receive(&j, &b, &a, got, jwhy, 256);
	if (r < 0) {
		pair_member_receive(inv, &a, now, &b);	/* the joiner's REFUSE */
		return -2;
	}
	r = pair_member_receive(inv, &a, now, &b);
	if (r != 1)
		return -3;
	r = pair_join_receive(&j, &b, &a, got, jwhy, 256);
	pair_join_clear(&j);
	return r;
}

static void exchanges(void)
{
	static struct pair_welcome w, got;
	struct pair_invitation inv;
	struct pair_join j;
	struct pair_code code;
	struct pair_msg a, b, hello, confirm;
	char jwhy[256], wrong[PAIR_CODE_TEXT];
	int r;

	memset(w.key, 0x5a, 32);
	w.key_len = 32;
	strcpy(w.settings, "node 1 10.77.0.1\nnode 2 10.77.0.2\n");
	CHECK(!pair_invite_new(&inv, "office", &w, 100.0), "an invitation: %s", inv.text);

	/* a wrong code: refused, counted */
	snprintf(wrong, sizeof(wrong), "%u-%s-%s", inv.code.nameplate,
		 pair_word((inv.code.w[0] + 1) % PAIR_WORDS), pair_word(inv.code.w[1]));
	r = run(&inv, wrong, 100.0, &got, jwhy);
	CHECK(r == -2 && strstr(jwhy, "wrong code") && inv.wrong == 1,
	      "a wrong code: the joiner says '%s'; the member counts 1", jwhy);
	r = run(&inv, inv.text, 101.0, &got, jwhy);
	CHECK(r == -1 && strstr(jwhy, "try again"),
	      "the next try within %d s waits: %s", PAIR_PAUSE, jwhy);

	/* another number: not this invitation, not counted */
	snprintf(wrong, sizeof(wrong), "%u-%s-%s", inv.code.nameplate % 99 + 1,
		 pair_word(inv.code.w[0]), pair_word(inv.code.w[1]));
	r = run(&inv, wrong, 103.0, &got, jwhy);
	CHECK(r == -1 && strstr(jwhy, "no invitation with that number") &&
	      inv.wrong == 1, "another number: '%s', not counted", jwhy);

	/* the right code */
	memset(&got, 0, sizeof(got));
	r = run(&inv, inv.text, 104.0, &got, jwhy);
	CHECK(r == 1 && got.key_len == 32 && !memcmp(got.key, w.key, 32) &&
	      !strcmp(got.settings, w.settings),
	      "the right code: the joiner has the cluster's key and settings");
	r = run(&inv, inv.text, 105.0, &got, jwhy);
	CHECK(r == -1 && strstr(jwhy, "used already"), "used once, then: %s", jwhy);
	CHECK(pair_invite_closed(&inv, 105.0) != NULL, "and the invitation says it is closed");

	/* expiry */
	pair_invite_new(&inv, "office", &w, 100.0);
	r = run(&inv, inv.text, 100.0 + PAIR_LIFETIME, &got, jwhy);
	CHECK(r == -1 && strstr(jwhy, "expired"), "after 10 minutes: %s", jwhy);

	/* too many wrong codes; every reply counts, however the joiner ends */
	pair_invite_new(&inv, "office", &w, 0);
	snprintf(wrong, sizeof(wrong), "%u-%s-%s", inv.code.nameplate,
		 pair_word(inv.code.w[0]), pair_word((inv.code.w[1] + 7) % PAIR_WORDS));
	pair_code_parse(wrong, &code, jwhy, sizeof(jwhy));
	pair_join_start(&j, &code, "mallory", &a);
	CHECK(pair_member_receive(&inv, &a, 10, &b) == 0 && b.type == PAIR_REPLY,
	      "a guesser gets a reply");
	pair_member_closed(&inv, 10);
	CHECK(inv.wrong == 1 && !inv.busy, "hanging up after the reply counts as a guess");
	pair_join_start(&j, &code, "mallory", &a);
	pair_member_receive(&inv, &a, 20, &b);
	memset(&a, 0, sizeof(a));
	a.type = PAIR_REFUSE;
	a.refuse.reason = PAIR_BUSY;
	pair_member_receive(&inv, &a, 20, &b);
	CHECK(inv.wrong == 2, "so does a refusal of any kind after the reply");
	r = run(&inv, wrong, 30, &got, jwhy);
	CHECK(r == -2 && inv.wrong == 3, "the third wrong code");
	r = run(&inv, inv.text, 40, &got, jwhy);
	CHECK(r == -1 && strstr(jwhy, "too many wrong codes"),
	      "then even the right code is refused: %s", jwhy);

	/* one exchange at a time; replayed and out-of-turn messages */
	pair_invite_new(&inv, "office", &w, 0);
	pair_join_start(&j, &inv.code, "n4", &hello);
	pair_member_receive(&inv, &hello, 1, &b);
	r = pair_member_receive(&inv, &hello, 1, &a);
	CHECK(r == -1 && a.type == PAIR_REFUSE && a.refuse.reason == PAIR_BUSY,
	      "a second HELLO during an exchange: busy");
	pair_join_receive(&j, &b, &confirm, &got, jwhy, sizeof(jwhy));
	CHECK(pair_member_receive(&inv, &confirm, 1, &b) == 1, "the exchange ends with a welcome");
	r = pair_member_receive(&inv, &confirm, 2, &a);
	CHECK(r == -1 && a.type == PAIR_REFUSE, "its CONFIRM replayed gets nothing");
	pair_join_clear(&j);

	pair_invite_new(&inv, "office", &w, 0);
	pair_join_start(&j, &inv.code, "n4", &hello);
	pair_member_receive(&inv, &hello, 1, &b);
	pair_join_receive(&j, &b, &confirm, &got, jwhy, sizeof(jwhy));
	confirm.confirm.tag[5] ^= 1;
	r = pair_member_receive(&inv, &confirm, 1, &a);
	CHECK(r == -1 && a.refuse.reason == PAIR_WRONG_CODE && inv.wrong == 1,
	      "an altered CONFIRM is a wrong code");
	pair_join_clear(&j);

	/* a welcome sealed for another exchange does not open */
	pair_invite_new(&inv, "office", &w, 0);
	pair_join_start(&j, &inv.code, "n4", &hello);
	pair_member_receive(&inv, &hello, 1, &b);
	pair_join_receive(&j, &b, &confirm, &got, jwhy, sizeof(jwhy));
	pair_member_receive(&inv, &confirm, 1, &b);
	b.welcome.box[PAIR_NONCE + 3] ^= 1;
	r = pair_join_receive(&j, &b, &a, &got, jwhy, sizeof(jwhy));
	CHECK(r == -1 && strstr(jwhy, "do not open"), "an altered WELCOME: %s", jwhy);
	b.welcome.box[PAIR_NONCE + 3] ^= 1;
	CHECK(pair_join_receive(&j, &b, &a, &got, jwhy, sizeof(jwhy)) == 1,
	      "the same WELCOME unaltered opens");
	pair_join_clear(&j);

	/* what cannot be sealed */
	w.key_len = 8;
	pair_invite_new(&inv, "office", &w, 0);
	CHECK(run(&inv, inv.text, 1, &got, jwhy) == -3 && !inv.used,
	      "a key shorter than 16 bytes is never sent");
	w.key_len = 32;
	strcpy(w.settings, "node 1\001");
	pair_invite_new(&inv, "office", &w, 0);
	CHECK(run(&inv, inv.text, 1, &got, jwhy) == -3,
	      "nor settings that are not text");
	CHECK(pair_invite_new(&inv, "", &w, 0) == -1, "an invitation needs a cluster name");
	pair_invite_clear(&inv);
}

int main(void)
{
	if (cpace_init()) {
		printf("Bail out! libsodium does not start\n");
		return 1;
	}
	codes();
	messages();
	exchanges();
	return tap_exit();
}
