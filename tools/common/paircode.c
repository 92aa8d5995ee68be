// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing codes (paircode.h): "7-crystal-garden".  The number picks the
 * invitation among those open on the LAN and is public; the two words
 * are the secret, 16 bits from a list of 256 words that are easy to say,
 * spell and type.  The whole normalised code is the password of the
 * exchange (cpace.h): a guess costs an online attempt, and an invitation
 * allows only PAIR_ATTEMPTS wrong ones.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "paircode.h"

/* Sorted, lower case, 3 to 8 letters; no two alike in sound. */
static const char *const words[PAIR_WORDS] = {
	"acorn", "amber", "anchor", "angle", "apple", "apron", "arrow",
	"aspen", "atlas", "autumn", "badge", "bamboo", "banjo", "barley",
	"basket", "beach", "beacon", "bean", "berry", "birch", "biscuit",
	"blanket", "blossom", "bonnet", "border", "bottle", "branch", "bread",
	"breeze", "brick", "bridge", "brook", "bubble", "bucket", "bugle",
	"button", "cabin", "cactus", "camel", "canary", "candle", "canoe",
	"canyon", "carpet", "carrot", "castle", "cedar", "cello", "chalk",
	"cherry", "chess", "cider", "circle", "cloud", "clover", "cobalt",
	"cocoa", "comet", "copper", "coral", "cotton", "cradle", "crater",
	"crayon", "cricket", "crystal", "cuckoo", "daisy", "dance", "delta",
	"desert", "diamond", "dolphin", "domino", "donkey", "dragon", "dream",
	"drum", "eagle", "earth", "echo", "elbow", "ember", "engine",
	"falcon", "feather", "fern", "fiddle", "field", "flame", "flute",
	"forest", "fossil", "fountain", "fox", "galaxy", "garden", "garlic",
	"geyser", "ginger", "glacier", "globe", "goose", "granite", "grape",
	"gravel", "guitar", "hammer", "harbor", "harp", "hazel", "hedge",
	"helmet", "heron", "hill", "hollow", "honey", "horizon", "island",
	"ivory", "jacket", "jasmine", "jelly", "jewel", "jigsaw", "jungle",
	"kayak", "kettle", "kitten", "kiwi", "ladder", "lagoon", "lantern",
	"lemon", "lemur", "lily", "linen", "lizard", "lobster", "locket",
	"lotus", "magnet", "mango", "maple", "marble", "meadow", "melon",
	"meteor", "mirror", "mitten", "moon", "moss", "mountain", "muffin",
	"mushroom", "napkin", "nectar", "needle", "nest", "noodle", "nutmeg",
	"oasis", "ocean", "olive", "onion", "orange", "orbit", "orchid",
	"otter", "owl", "paddle", "palm", "panda", "paper", "parrot", "peach",
	"pearl", "pebble", "pepper", "piano", "pillow", "pine", "planet",
	"plum", "pocket", "pond", "poppy", "potato", "pumpkin", "puzzle",
	"quartz", "quill", "rabbit", "radish", "rain", "raven", "reef",
	"ribbon", "river", "robin", "rocket", "rose", "saddle", "salmon",
	"sand", "satin", "scarf", "seed", "shadow", "shell", "silver", "sky",
	"sled", "snow", "socket", "spider", "spoon", "spring", "squash",
	"star", "stone", "storm", "sugar", "summit", "sun", "swan", "table",
	"thistle", "tiger", "timber", "tomato", "torch", "tulip", "tundra",
	"tunnel", "turtle", "umbrella", "valley", "velvet", "violin",
	"volcano", "wagon", "walnut", "walrus", "water", "whale", "wheat",
	"willow", "window", "winter", "wizard", "wolf", "yarrow", "yogurt",
	"zebra", "zipper",
};

const char *pair_word(unsigned int i)
{
	return i < PAIR_WORDS ? words[i] : NULL;
}

static int word_index(const char *w, size_t len)
{
	int lo = 0, hi = PAIR_WORDS - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strncmp(words[mid], w, len);

		if (!c && words[mid][len])
			c = 1;	/* words[mid] is longer: it sorts after */
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

void pair_code_new(struct pair_code *code)
{
	code->nameplate = 1 + randombytes_uniform(PAIR_NAMEPLATE_MAX);
	code->w[0] = randombytes_uniform(PAIR_WORDS);
	code->w[1] = randombytes_uniform(PAIR_WORDS);
}

void pair_code_text(const struct pair_code *code, char out[PAIR_CODE_TEXT])
{
	snprintf(out, PAIR_CODE_TEXT, "%u-%s-%s", code->nameplate,
		 words[code->w[0]], words[code->w[1]]);
}

static int is_sep(char c)
{
	return c == '-' || c == ' ' || c == '\t';
}

/*
 * Separators are '-', spaces and tabs, any number; letters of either
 * case; leading and trailing blanks are ignored.
 */
int pair_code_parse(const char *text, struct pair_code *code,
		    char *why, size_t whylen)
{
	const char *p = text;
	unsigned long n = 0;
	int i, digits = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	for (; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (++digits > 2)
			break;
	}
	if (!digits || digits > 2 || n < 1 || n > PAIR_NAMEPLATE_MAX ||
	    !is_sep(*p)) {
		snprintf(why, whylen,
			 "a code starts with its number (1 to %d) and a dash, as in 7-crystal-garden",
			 PAIR_NAMEPLATE_MAX);
		return -1;
	}
	code->nameplate = n;
	for (i = 0; i < 2; i++) {
		char w[PAIR_WORD_MAX + 2];
		size_t len = 0;
		int idx;

		while (is_sep(*p))
			p++;
		if (!*p) {
			snprintf(why, whylen,
				 "a code has two words after its number, as in 7-crystal-garden");
			return -1;
		}
		for (; *p && !is_sep(*p); p++) {
			if (!isalpha((unsigned char)*p)) {
				snprintf(why, whylen,
					 "a code's words have letters only");
				return -1;
			}
			if (len <= PAIR_WORD_MAX)
				w[len++] = tolower((unsigned char)*p);
		}
		idx = len > PAIR_WORD_MAX ? -1 : word_index(w, len);
		if (idx < 0) {
			w[len > PAIR_WORD_MAX ? PAIR_WORD_MAX : len] = '\0';
			snprintf(why, whylen,
				 "'%s%s' is not one of the words codes use (a typo?)",
				 w, len > PAIR_WORD_MAX ? "..." : "");
			return -1;
		}
		code->w[i] = idx;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p) {
		snprintf(why, whylen,
			 "a code has a number and two words, nothing more");
		return -1;
	}
	return 0;
}
