// SPDX-License-Identifier: GPL-2.0
/*
 * Output helpers: JSON writer, human readable numbers, error messages.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "output.h"

#define JSON_MAX_DEPTH	8
#define KV_WIDTH	22

/* The open arrays and objects, innermost last. */
static struct {
	int depth;
	char close[JSON_MAX_DEPTH];
	bool has_member[JSON_MAX_DEPTH];
} json;

static void json_write_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		switch (c) {
		case '"':
		case '\\':
			printf("\\%c", c);
			break;
		case '\b':
			fputs("\\b", stdout);
			break;
		case '\f':
			fputs("\\f", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			if (c < 0x20)
				printf("\\u%04x", c);
			else
				putchar(c);
		}
	}
	putchar('"');
}

/* Comma and key before a new value. */
static void json_member(const char *key)
{
	if (json.depth) {
		if (json.has_member[json.depth - 1])
			putchar(',');
		json.has_member[json.depth - 1] = true;
	}
	if (key) {
		json_write_string(key);
		putchar(':');
	}
}

static void json_begin(const char *key, char open, char close)
{
	assert(json.depth < JSON_MAX_DEPTH);
	json_member(key);
	putchar(open);
	json.close[json.depth] = close;
	json.has_member[json.depth] = false;
	json.depth++;
}

void json_object_begin(const char *key)
{
	json_begin(key, '{', '}');
}

void json_array_begin(const char *key)
{
	json_begin(key, '[', ']');
}

void json_end(void)
{
	assert(json.depth > 0);
	putchar(json.close[--json.depth]);
	if (!json.depth)
		putchar('\n');
}

void json_uint(const char *key, uint64_t val)
{
	json_member(key);
	printf("%" PRIu64, val);
}

void json_string(const char *key, const char *val)
{
	json_member(key);
	json_write_string(val);
}

void json_null(const char *key)
{
	json_member(key);
	fputs("null", stdout);
}

void json_bool(const char *key, bool val)
{
	json_member(key);
	fputs(val ? "true" : "false", stdout);
}

void json_fixed(const char *key, uint64_t val, uint64_t scale,
		unsigned int decimals)
{
	char buf[32];

	json_member(key);
	fputs(fmt_fixed(buf, sizeof(buf), val, scale, decimals), stdout);
}

char *fmt_fixed(char *buf, size_t len, uint64_t val, uint64_t scale,
		unsigned int decimals)
{
	uint64_t pow = 1, rounded;
	unsigned int i;

	for (i = 0; i < decimals; i++)
		pow *= 10;
	/* split first so that val * pow cannot overflow */
	rounded = val / scale * pow + (val % scale * pow + scale / 2) / scale;
	if (decimals)
		snprintf(buf, len, "%" PRIu64 ".%0*" PRIu64, rounded / pow,
			 (int)decimals, rounded % pow);
	else
		snprintf(buf, len, "%" PRIu64, rounded);
	return buf;
}

void print_kv(const char *label, const char *val)
{
	int len = strlen(label);

	printf("%s:%*s%s\n", label, len < KV_WIDTH ? KV_WIDTH - len : 1, "",
	       val);
}

void verrmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void errmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrmsg(fmt, ap);
	va_end(ap);
}
