// SPDX-License-Identifier: GPL-2.0
/*
 * What crosses the LAN in clear, seen from a node.
 *
 * mosix-sniff watch MARKER SECONDS
 *	Captures, on every interface, the IPv4 TCP packets to or from the
 *	migration port (packet socket, both directions) for SECONDS or
 *	until SIGINT/SIGTERM, then prints
 *	"packets N bytes B marked M": M of the N packets carry MARKER.
 *	Prints "listening" on stderr once capturing.
 *
 * mosix-sniff fill MIB MARKER STOPFILE
 *	A process with a secret: fills MIB MiB of its memory with MARKER,
 *	prints "filled", then spins over that memory, checking it, until
 *	STOPFILE exists; then writes the memory to standard output (calls
 *	home, for a migrated process) and exits 0, or 1 if the memory had
 *	changed meanwhile.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/mosix.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netpacket/packet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MAX	(256 << 10)	/* a GSO packet before segmentation */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: mosix-sniff watch MARKER SECONDS\n"
			"       mosix-sniff fill MIB MARKER STOPFILE\n");
	return 2;
}

/* Whether IPv4 packet @p of @len bytes is TCP to or from the port. */
static int migration_packet(const unsigned char *p, size_t len)
{
	const struct iphdr *ip = (const void *)p;
	const struct tcphdr *tcp;
	size_t hl;

	if (len < sizeof(*ip) || ip->version != 4 || ip->protocol != IPPROTO_TCP)
		return 0;
	hl = ip->ihl * 4u;
	if (hl < sizeof(*ip) || len < hl + sizeof(*tcp))
		return 0;
	tcp = (const void *)(p + hl);
	return ntohs(tcp->source) == MOSIX_MIGRATION_PORT ||
	       ntohs(tcp->dest) == MOSIX_MIGRATION_PORT;
}

static int watch(const char *marker, const char *secs)
{
	struct timeval tv = { 0, 200 * 1000 };
	unsigned long packets = 0, bytes = 0, marked = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	size_t mlen = strlen(marker);
	unsigned char *buf;
	time_t end;
	char *e;
	long n;
	int fd;

	n = strtol(secs, &e, 10);
	if (*e || n <= 0 || n > 3600 || !mlen)
		return usage();
	end = time(NULL) + n;
	buf = malloc(FRAME_MAX);
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (!buf || fd < 0) {
		perror("mosix-sniff: packet socket");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "listening\n");
	while (!stop && time(NULL) < end) {
		n = recv(fd, buf, FRAME_MAX, 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			perror("mosix-sniff: recv");
			return 1;
		}
		if (!migration_packet(buf, (size_t)n))
			continue;
		packets++;
		bytes += (unsigned long)n;
		if (memmem(buf, (size_t)n, marker, mlen))
			marked++;
	}
	printf("packets %lu bytes %lu marked %lu\n", packets, bytes, marked);
	return 0;
}

static int fill(const char *mib_s, const char *marker, const char *stopfile)
{
	size_t mlen = strlen(marker), size, i, done;
	unsigned long mib, pass = 0;
	char *mem, *e;
	int bad = 0;

	mib = strtoul(mib_s, &e, 10);
	if (*e || !mib || mib > 4096 || !mlen)
		return usage();
	size = mib << 20;
	mem = malloc(size);
	if (!mem) {
		perror("mosix-sniff: malloc");
		return 1;
	}
	for (i = 0; i < size; i++)
		mem[i] = marker[i % mlen];
	printf("filled\n");
	fflush(stdout);
	while (!bad && access(stopfile, F_OK)) {
		/* a page per pass and the whole memory now and then */
		for (i = (pass % (size / 4096)) * 4096; i < size; i += 4096)
			if (mem[i] != marker[i % mlen])
				bad = 1;
		pass++;
	}
	for (i = 0; i < size && !bad; i++)
		if (mem[i] != marker[i % mlen])
			bad = 1;
	for (done = 0; done < size; done += (size_t)i) {
		ssize_t w = write(STDOUT_FILENO, mem + done, size - done);

		if (w <= 0) {
			perror("mosix-sniff: write");
			return 1;
		}
		i = (size_t)w;
	}
	if (bad)
		fprintf(stderr, "mosix-sniff: the memory changed\n");
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "watch"))
		return watch(argv[2], argv[3]);
	if (argc == 5 && !strcmp(argv[1], "fill"))
		return fill(argv[2], argv[3], argv[4]);
	return usage();
}
