// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-gen SEED KIB: write KIB KiB of deterministic, moderately
 * compressible text to stdout (lines of pseudo-random words and
 * numbers), the same bytes for the same SEED on every machine: input
 * for the programs that migration tests run, and a producer for pipes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t state;

static uint64_t next(void)
{
	uint64_t x = state += 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static const char *const words[] = {
	"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
	"hotel", "india", "juliet", "kilo", "lima", "mike", "november",
	"oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform",
	"victor", "whiskey", "xray", "yankee", "zulu", "node", "deputy",
	"guest", "migrate", "home", "cluster",
};

static int write_all(const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(1, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long long total, done = 0;
	size_t used = 0, n;
	char line[256];
	uint64_t r;
	int len, i;

	if (argc != 3) {
		fprintf(stderr, "usage: mosix-gen SEED KIB\n");
		return 2;
	}
	state = strtoull(argv[1], NULL, 0);
	total = strtoull(argv[2], NULL, 0) * 1024;
	while (done < total) {
		r = next();
		len = snprintf(line, sizeof(line), "%08llu", done / 64);
		for (i = 0; i < 6; i++, r >>= 10) {
			if ((r & 3) == 0)
				len += snprintf(line + len, sizeof(line) - len,
						" %u", (unsigned)(r >> 2) & 0xff);
			else
				len += snprintf(line + len, sizeof(line) - len,
						" %s", words[(r >> 2) % 32]);
		}
		line[len++] = '\n';
		n = len;
		if (n > total - done)
			n = total - done;
		if (used + n > sizeof(buf)) {
			if (write_all(buf, used))
				return 1;
			used = 0;
		}
		memcpy(buf + used, line, n);
		used += n;
		done += n;
	}
	if (write_all(buf, used))
		return 1;
	return 0;
}
