// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-bench-sys DIR CALLS SMALL BIG: the system call figures of the
 * benchmarks, measured by the process itself so that it can be migrated
 * first.
 *
 * It opens DIR/data (at home, where it is started), writes 1 MiB to it,
 * creates DIR/ready, then waits (polling every 10 ms) until DIR/go
 * exists: the benchmark script migrates it meanwhile, or not, for the
 * local figures.  Then it times, with CLOCK_MONOTONIC (the vDSO: no system call, even on a guest):
 *
 *   getppid_us     CALLS getppid() calls, per call
 *   write4k_us     SMALL pwrite() of 4 KiB to DIR/data, per call
 *   read4k_us      SMALL pread() of 4 KiB from it, per call
 *   write1m_mibps  BIG writes of 1 MiB (pwrite, short writes continued),
 *                  MiB/s
 *   read1m_mibps   BIG reads of 1 MiB, MiB/s
 *
 * and prints one "NAME VALUE" line for each, or "failed NAME: ERROR" for
 * one whose calls failed (then it goes on with the next; exit status 1).
 *
 * If DIR/gate exists (a FIFO), it reads one byte from it just before the
 * 1 MiB writes and one just after them, so that the script can measure
 * the link right before and right after them while it waits (in a
 * read, which sends nothing over the link).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BIG (1 << 20)
#define SMALL 4096

static char big[BIG];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int failures;
static int gate = -1;

static void pass_gate(void)
{
	char c;

	while (gate >= 0 && read(gate, &c, 1) < 0 && errno == EINTR)
		;
}

/* Move len bytes at offset 0 with as many calls as it takes. */
static int whole(int fd, int wr, size_t len, long *calls, const char *name)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if (wr)
			n = pwrite(fd, big + done, len - done, (off_t)done);
		else
			n = pread(fd, big + done, len - done, (off_t)done);
		(*calls)++;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			printf("failed %s: %s returned %zd (%s)\n", name,
			       wr ? "pwrite" : "pread", n,
			       n ? strerror(errno) : "end of file");
			failures++;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

/* count calls moving len bytes each; the time in ns, or -1 */
static long long timed(int fd, int wr, size_t len, long count, long *calls,
		       const char *name)
{
	long long t0 = now_ns();
	long i;

	*calls = 0;
	for (i = 0; i < count; i++)
		if (whole(fd, wr, len, calls, name))
			return -1;
	return now_ns() - t0;
}

int main(int argc, char **argv)
{
	char path[4096];
	long calls, small, nbig, i, ncalls = 0;
	long long t0, t1, t;
	int fd;

	if (argc != 5) {
		fprintf(stderr, "usage: mosix-bench-sys DIR CALLS SMALL BIG\n");
		return 2;
	}
	calls = atol(argv[2]);
	small = atol(argv[3]);
	nbig = atol(argv[4]);
	if (calls < 1 || small < 1 || nbig < 1) {
		fprintf(stderr, "mosix-bench-sys: counts must be positive\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0); /* what was measured survives a kill */
	memset(big, 0x5a, sizeof(big));
	snprintf(path, sizeof(path), "%s/data", argv[1]);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/gate", argv[1]);
	gate = open(path, O_RDWR);
	/* The file's first MiB exists before it can migrate. */
	if (whole(fd, 1, BIG, &ncalls, "setup"))
		return 1;
	snprintf(path, sizeof(path), "%s/ready", argv[1]);
	close(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	snprintf(path, sizeof(path), "%s/go", argv[1]);
	while (access(path, F_OK))
		sleep_ms(10);

	for (i = 0; i < 10; i++)
		syscall(SYS_getppid);
	t0 = now_ns();
	for (i = 0; i < calls; i++)
		syscall(SYS_getppid);
	t1 = now_ns();
	printf("getppid_us %.2f\n", (double)(t1 - t0) / 1000 / calls);

	t = timed(fd, 1, SMALL, small, &ncalls, "write4k_us");
	if (t >= 0)
		printf("write4k_us %.2f\n", (double)t / 1000 / ncalls);
	t = timed(fd, 0, SMALL, small, &ncalls, "read4k_us");
	if (t >= 0)
		printf("read4k_us %.2f\n", (double)t / 1000 / ncalls);
	pass_gate();
	t = timed(fd, 1, BIG, nbig, &ncalls, "write1m_mibps");
	if (t >= 0) {
		printf("write1m_mibps %.2f\n", nbig / ((double)t / 1e9));
		printf("write1m_calls %.2f\n", (double)ncalls / nbig);
	}
	pass_gate();
	t = timed(fd, 0, BIG, nbig, &ncalls, "read1m_mibps");
	if (t >= 0) {
		printf("read1m_mibps %.2f\n", nbig / ((double)t / 1e9));
		printf("read1m_calls %.2f\n", (double)ncalls / nbig);
	}
	close(fd);
	return failures ? 1 : 0;
}
