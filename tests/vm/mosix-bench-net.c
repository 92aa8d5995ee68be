// SPDX-License-Identifier: GPL-2.0
/*
 * The link baseline of the benchmarks: TCP bandwidth and TCP round trip
 * between two VMs.
 *
 *   mosix-bench-net serve PORT
 *	accept connections one after the other, for ever.  The first byte
 *	of a connection says what it wants:
 *	'B' bulk: read everything up to EOF, timing at the receiver from
 *	    the first data byte to EOF; then answer "bytes N us T\n";
 *	'P' ping-pong: echo every byte at once, until EOF;
 *	'W' writes: read requests of 1 MiB, write each to a file in /tmp
 *	    (pwrite at offset 0) and answer it with 8 bytes, until EOF:
 *	    what a deputy does with a 1 MiB write, done by a program.
 *   mosix-bench-net send HOST PORT MIB
 *	send MIB MiB in 64 KiB writes (as dd bs=64k | nc would), then print
 *	the server's answer: "bytes N us T mibps X" (receiver's timing).
 *   mosix-bench-net rtt HOST PORT COUNT
 *	COUNT one-byte round trips (TCP_NODELAY); prints one line per
 *	round trip, "rtt_us X", for the caller to take the median.
 *   mosix-bench-net writes HOST PORT COUNT
 *	COUNT requests of 1 MiB to a 'W' server, each sent when the answer
 *	to the one before has come; prints "bytes N us T mibps X".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUFSZ (64 * 1024)

#define REQ (1 << 20)

static char buf[BUFSZ];
static char req[REQ];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Read or write len bytes whole: 0, or -1 at an error or EOF. */
static int move_all(int fd, char *p, size_t len, int wr)
{
	while (len) {
		ssize_t n = wr ? write(fd, p, len) : read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	return move_all(fd, (char *)p, len, 1);
}

static int read_all(int fd, char *p, size_t len)
{
	return move_all(fd, p, len, 0);
}

static void nodelay(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static void serve_bulk(int c)
{
	long long t0 = 0, t1, bytes = 0;
	char line[96];
	ssize_t n;

	for (;;) {
		n = read(c, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (!t0)
			t0 = now_ns();
		else
			bytes += n; /* the first read only starts the clock */
	}
	t1 = now_ns();
	if (!t0)
		t0 = t1;
	snprintf(line, sizeof(line), "bytes %lld us %lld\n", bytes,
		 (t1 - t0 + 500) / 1000);
	write_all(c, line, strlen(line));
}

static void serve_writes(int c)
{
	char path[] = "/tmp/mosix-bench-net.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0) {
		perror("mosix-bench-net: mkstemp");
		return;
	}
	unlink(path);
	nodelay(c);
	while (!read_all(c, req, REQ) &&
	       pwrite(fd, req, REQ, 0) == REQ && !write_all(c, req, 8))
		;
	close(fd);
}

static void serve_pingpong(int c)
{
	char b;

	nodelay(c);
	while (read(c, &b, 1) == 1)
		if (write(c, &b, 1) != 1)
			break;
}

static int serve(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int s, c, one = 1;
	char mode;

	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_port = htons((unsigned short)port);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 4)) {
		perror("bind/listen");
		return 1;
	}
	for (;;) {
		c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			perror("accept");
			return 1;
		}
		if (read(c, &mode, 1) == 1) {
			if (mode == 'B')
				serve_bulk(c);
			else if (mode == 'W')
				serve_writes(c);
			else if (mode == 'P')
				serve_pingpong(c);
		}
		close(c);
	}
}

static int connect_to(const char *host, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int s;

	a.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "mosix-bench-net: bad address %s\n", host);
		return -1;
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a))) {
		perror("mosix-bench-net: connect");
		return -1;
	}
	return s;
}

static int send_bulk(const char *host, int port, long mib)
{
	long long bytes, us;
	char line[96];
	long i;
	ssize_t n;
	size_t got = 0;
	int s = connect_to(host, port);

	if (s < 0)
		return 1;
	memset(buf, 0, sizeof(buf));
	if (write_all(s, "B", 1))
		goto fail;
	for (i = 0; i < mib * 16; i++)
		if (write_all(s, buf, sizeof(buf)))
			goto fail;
	shutdown(s, SHUT_WR);
	while (got < sizeof(line) - 1 &&
	       (n = read(s, line + got, sizeof(line) - 1 - got)) > 0)
		got += (size_t)n;
	line[got] = 0;
	if (sscanf(line, "bytes %lld us %lld", &bytes, &us) != 2 || us <= 0) {
		fprintf(stderr, "mosix-bench-net: bad answer '%s'\n", line);
		return 1;
	}
	printf("bytes %lld us %lld mibps %.2f\n", bytes, us,
	       (double)bytes / (1 << 20) / ((double)us / 1e6));
	close(s);
	return 0;
fail:
	perror("mosix-bench-net: write");
	return 1;
}

static int rtt(const char *host, int port, long count)
{
	long long t0;
	long i;
	char b = 'x';
	int s = connect_to(host, port);

	if (s < 0)
		return 1;
	nodelay(s);
	if (write_all(s, "P", 1))
		return 1;
	for (i = -3; i < count; i++) { /* three warm-up round trips */
		t0 = now_ns();
		if (write(s, &b, 1) != 1 || read(s, &b, 1) != 1) {
			perror("mosix-bench-net: ping-pong");
			return 1;
		}
		if (i >= 0)
			printf("rtt_us %.1f\n", (double)(now_ns() - t0) / 1000);
	}
	close(s);
	return 0;
}

static int writes(const char *host, int port, long count)
{
	long long t0, us;
	long i;
	int s = connect_to(host, port);

	if (s < 0)
		return 1;
	nodelay(s);
	memset(req, 0x5a, sizeof(req));
	if (write_all(s, "W", 1))
		goto fail;
	t0 = now_ns();
	for (i = 0; i < count; i++)
		if (write_all(s, req, REQ) || read_all(s, req, 8))
			goto fail;
	us = (now_ns() - t0 + 500) / 1000;
	printf("bytes %lld us %lld mibps %.2f\n", (long long)count * REQ, us,
	       (double)count / ((double)us / 1e6));
	close(s);
	return 0;
fail:
	perror("mosix-bench-net: writes");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "send"))
		return send_bulk(argv[2], atoi(argv[3]), atol(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "rtt"))
		return rtt(argv[2], atoi(argv[3]), atol(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "writes"))
		return writes(argv[2], atoi(argv[3]), atol(argv[4]));
	fprintf(stderr, "usage: mosix-bench-net serve PORT | send HOST PORT MIB | rtt HOST PORT COUNT | writes HOST PORT COUNT\n");
	return 2;
}
