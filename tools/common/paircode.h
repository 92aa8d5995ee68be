/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pairing codes: a number and two words ("7-crystal-garden"), made by
 * `mosctl invite` and typed into `mosctl join` (paircode.c).
 */
#ifndef TOOLS_PAIRCODE_H
#define TOOLS_PAIRCODE_H

#include <stddef.h>

#define PAIR_WORDS		256
#define PAIR_WORD_MAX		8	/* letters of the longest word */
#define PAIR_NAMEPLATE_MAX	99
/* "NN-" word "-" word and the NUL */
#define PAIR_CODE_TEXT		(3 + PAIR_WORD_MAX + 1 + PAIR_WORD_MAX + 1)

struct pair_code {
	unsigned int nameplate;	/* 1..PAIR_NAMEPLATE_MAX, public */
	unsigned int w[2];	/* indexes into the word list: the secret */
};

/* The word list's word @i, or NULL past its end. */
const char *pair_word(unsigned int i);

/* A new random code (libsodium's generator: call cpace_init() first). */
void pair_code_new(struct pair_code *code);

/* The code as typed: "7-crystal-garden" (also the exchange's password). */
void pair_code_text(const struct pair_code *code, char out[PAIR_CODE_TEXT]);

/*
 * A code as a person typed it (any case, dashes or spaces): 0, or -1
 * with a sentence for the person in @why.
 */
int pair_code_parse(const char *text, struct pair_code *code,
		    char *why, size_t whylen);

#endif
