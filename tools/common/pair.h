/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pairing, both sides, without the transport (Documentation/pairing.md):
 * the member that made an invitation (B) and the machine that joins with
 * its code (A) turn each message received into the next one to send.
 * mosctl and the desktop app drive these over their own connections.
 *
 * An invitation lasts PAIR_LIFETIME seconds, serves one machine, one
 * exchange at a time, and closes after PAIR_ATTEMPTS wrong codes; after
 * a wrong one the next exchange waits PAIR_PAUSE seconds.  Times are
 * CLOCK_MONOTONIC seconds, given by the caller.
 */
#ifndef TOOLS_PAIR_H
#define TOOLS_PAIR_H

#include <stdbool.h>

#include "cpace.h"
#include "paircode.h"
#include "pairmsg.h"

#define PAIR_LIFETIME	600
#define PAIR_ATTEMPTS	3
#define PAIR_PAUSE	2

struct pair_invitation {
	struct pair_code code;
	char text[PAIR_CODE_TEXT];	/* the code as shown: the password */
	double expires;
	double next;		/* no exchange before this time */
	int wrong;		/* wrong codes so far */
	bool used;
	bool busy;		/* an exchange is under way */
	char cluster[PAIR_NAME_MAX + 1];
	const struct pair_welcome *welcome;
	/* the exchange under way */
	struct cpace cp;
	uint8_t sid[PAIR_SID];
	uint8_t ya[CPACE_POINT];
	char joiner[PAIR_NAME_MAX + 1];
};

/* B: a new invitation for @cluster, handing out @w (kept by the caller). */
int pair_invite_new(struct pair_invitation *inv, const char *cluster,
		    const struct pair_welcome *w, double now);

/*
 * B: a message of the exchange arrived.  @out is what to send back: a
 * REPLY to a HELLO, a WELCOME to a right CONFIRM, or a REFUSE.
 * Returns 1 when the machine has joined (WELCOME in @out; the
 * invitation is used), 0 to go on, -1 when the exchange ends (REFUSE in
 * @out, or nothing to send: @out->type 0).
 */
int pair_member_receive(struct pair_invitation *inv, const struct pair_msg *in,
			double now, struct pair_msg *out);

/* B: the connection closed before the end: an exchange that got a REPLY
 * counts as a wrong code (someone may be guessing). */
void pair_member_closed(struct pair_invitation *inv, double now);

/* The invitation's state in words, or NULL while it is open. */
const char *pair_invite_closed(const struct pair_invitation *inv, double now);

void pair_invite_clear(struct pair_invitation *inv);

struct pair_join {
	struct cpace cp;
	uint8_t sid[PAIR_SID];
	char name[PAIR_NAME_MAX + 1];
	char cluster[PAIR_NAME_MAX + 1];	/* from the REPLY */
};

/* A: start joining with @code as @hostname: the HELLO to send. */
int pair_join_start(struct pair_join *j, const struct pair_code *code,
		    const char *hostname, struct pair_msg *out);

/*
 * A: a message from B.  To a REPLY: the CONFIRM to send (0), or a
 * REFUSE for a wrong code (-1, @why says so).  To a WELCOME: the
 * cluster's key and settings in @w (1).  A REFUSE, or anything out of
 * turn: -1 with @why.
 */
int pair_join_receive(struct pair_join *j, const struct pair_msg *in,
		      struct pair_msg *out, struct pair_welcome *w,
		      char *why, size_t whylen);

void pair_join_clear(struct pair_join *j);

#endif
