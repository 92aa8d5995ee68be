/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output helpers of mosctl and mosmon: a small JSON writer for -j and
 * human readable numbers, which go to stdout, and error messages, which
 * go to stderr.
 */
#ifndef TOOLS_OUTPUT_H
#define TOOLS_OUTPUT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* Exit codes besides EXIT_SUCCESS and EXIT_FAILURE (a runtime error). */
#define EXIT_USAGE	2

/* The program's name, which errmsg() puts first: each program sets it. */
extern const char prog_name[];

/* A line on stderr: "PROG: " and @fmt's text. */
__printf(1, 2) void errmsg(const char *fmt, ...);
__printf(1, 0) void verrmsg(const char *fmt, va_list ap);

/*
 * JSON writer.  @key names the member inside an object and is NULL inside
 * an array or at the top level.  Commas are placed automatically; closing
 * the outermost value ends the line.
 */
void json_object_begin(const char *key);
void json_array_begin(const char *key);
void json_end(void);
void json_uint(const char *key, uint64_t val);
void json_string(const char *key, const char *val);
void json_null(const char *key);
void json_bool(const char *key, bool val);
/* @val / @scale as a JSON number with @decimals digits after the point */
void json_fixed(const char *key, uint64_t val, uint64_t scale,
		unsigned int decimals);

/*
 * @val / @scale rounded to @decimals digits after the point, e.g.
 * fmt_fixed(buf, len, 1234, 1000, 2) gives "1.23".  Returns @buf.
 */
char *fmt_fixed(char *buf, size_t len, uint64_t val, uint64_t scale,
		unsigned int decimals);

/* A "label: value" line, values aligned. */
void print_kv(const char *label, const char *val);

#endif /* TOOLS_OUTPUT_H */
