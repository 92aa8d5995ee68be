// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-bench-hook CALLS REPS [THREADS SPIN]: the cost of the migration
 * hooks for a process that never migrates.  REPS times: CALLS getppid()
 * calls, then CALLS reads of 1 byte from /dev/zero; prints "getppid_ns X"
 * and "read1_ns X" (per call, CLOCK_MONOTONIC) for each repetition.  Run
 * on a kernel with CONFIG_MOSIX and on one without, and compare.
 *
 * With THREADS and SPIN, then the cost of the load's walk over every
 * thread of the node (done twice a second): SPIN rounds of a loop that
 * makes no system call, in one go (long enough for many walks),
 * "spin_ns X" per 1000 rounds; then THREADS threads that sleep, and the
 * same again as "spin_threads_ns X".  Whatever the kernel does meanwhile
 * (its timer, the load sample) is in the figures; what the sleeping
 * threads add to it is the difference.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int sleep_fds[2];

static void *sleeper(void *arg)
{
	char b;

	(void)arg;
	/* Blocks until the process exits: the pipe is never written. */
	while (read(sleep_fds[0], &b, 1) < 0)
		;
	return NULL;
}

/* SPIN rounds of a loop without system calls, in one go. */
static void spin(const char *key, long spins)
{
	volatile unsigned long x = 0;
	long long t0, t1;
	long i;

	t0 = now_ns();
	for (i = 0; i < spins; i++)
		x += i;
	t1 = now_ns();
	printf("%s %.2f\n", key, (double)(t1 - t0) * 1000 / spins);
}

static int start_sleepers(long threads)
{
	pthread_attr_t attr;
	pthread_t t;
	long i;
	int err;

	if (pipe(sleep_fds) < 0) {
		perror("pipe");
		return -1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (i = 0; i < threads; i++) {
		err = pthread_create(&t, &attr, sleeper, NULL);
		if (err) {
			fprintf(stderr, "thread %ld of %ld: %s\n", i + 1,
				threads, strerror(err));
			return -1;
		}
	}
	pthread_attr_destroy(&attr);
	return 0;
}

int main(int argc, char **argv)
{
	long calls, reps, threads = 0, spins = 0, r, i;
	long long t0, t1;
	char b;
	int fd;

	if ((argc != 3 && argc != 5) || (calls = atol(argv[1])) < 1 ||
	    (reps = atol(argv[2])) < 1 ||
	    (argc == 5 && ((threads = atol(argv[3])) < 1 ||
			   (spins = atol(argv[4])) < 1))) {
		fprintf(stderr, "usage: mosix-bench-hook CALLS REPS [THREADS SPIN]\n");
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
	if (!threads)
		return 0;
	spin("spin_ns", spins);
	if (start_sleepers(threads) < 0)
		return 1;
	sleep(1);	/* until every one of them is asleep */
	spin("spin_threads_ns", spins);
	return 0;
}
