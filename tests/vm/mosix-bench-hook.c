// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-bench-hook CALLS REPS: the cost of the migration hooks for a
 * process that never migrates.  REPS times: CALLS getppid() calls, then
 * CALLS reads of 1 byte from /dev/zero; prints "getppid_ns X" and
 * "read1_ns X" (per call, CLOCK_MONOTONIC) for each repetition.  Run on
 * a kernel with CONFIG_MOSIX and on one without, and compare.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long calls, reps, r, i;
	long long t0, t1;
	char b;
	int fd;

	if (argc != 3 || (calls = atol(argv[1])) < 1 || (reps = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: mosix-bench-hook CALLS REPS\n");
		return 2;
	}
	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0) {
		perror("/dev/zero");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		for (i = 0; i < calls; i++)
			syscall(SYS_getppid);
		t1 = now_ns();
		printf("getppid_ns %.1f\n", (double)(t1 - t0) / calls);
		t0 = now_ns();
		for (i = 0; i < calls; i++)
			if (read(fd, &b, 1) != 1) {
				perror("read /dev/zero");
				return 1;
			}
		t1 = now_ns();
		printf("read1_ns %.1f\n", (double)(t1 - t0) / calls);
	}
	return 0;
}
