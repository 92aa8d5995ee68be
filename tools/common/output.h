/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output helpers of mosctl and mosmon: a small JSON writer for -j and
 * human readable numbers.  Everything goes to stdout.
 */
#ifndef TOOLS_OUTPUT_H
#define TOOLS_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
