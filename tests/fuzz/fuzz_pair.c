// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: what a peer sends during pairing (tools/common/pairmsg.c
 * and pair.c).  An accepted message encodes back to the same bytes, and
 * neither side ever completes a pairing from bytes that did not come
 * from an exchange with the right code: the member never sends its
 * WELCOME, the joiner never takes one.
 */
#include <string.h>

#include "pair.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t again[PAIR_HEADER + PAIR_PAYLOAD_MAX];
	static struct pair_invitation inv;
	static struct pair_join join;
	static struct pair_welcome w, got;
	static int ready;
	struct pair_msg m, out;
	char why[256] = "";
	size_t len;
	int r;

	if (!ready) {
		struct pair_msg hello;

		MUST(!cpace_init());
		memset(w.key, 7, 32);
		w.key_len = 32;
		strcpy(w.settings, "node 1 10.0.0.1\n");
		MUST(!pair_invite_new(&inv, "fuzz", &w, 0));
		/* the number of the seeds' HELLO: their shares reach the reply */
		inv.code.nameplate = 7;
		pair_code_text(&inv.code, inv.text);
		MUST(!pair_join_start(&join, &inv.code, "fuzzer", &hello));
		ready = 1;
	}
	if (pair_msg_decode(data, size, &m, why, sizeof(why))) {
		MUST(why[0]);
		return 0;
	}
	if (!(m.type == PAIR_HELLO && m.hello.version != PAIR_VERSION)) {
		len = pair_msg_encode(&m, again, sizeof(again));
		MUST(len == size && !memcmp(again, data, size));
	}
	/* a fresh exchange for each input: the invitation stays open */
	inv.busy = false;
	inv.wrong = 0;
	inv.next = 0;
	r = pair_member_receive(&inv, &m, 1, &out);
	MUST(r != 1 && !inv.used);
	MUST(r == 0 ? out.type == PAIR_REPLY :
	     (out.type == PAIR_REFUSE || out.type == 0));
	r = pair_join_receive(&join, &m, &out, &got, why, sizeof(why));
	MUST(r != 1);
	/* the joiner waits for its reply again */
	join.cluster[0] = '\0';
	return 0;
}
