// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-clock: what a process reads of its clocks and timers, checked
 * while a test moves it between nodes.  Each mode prints lines that are
 * the same for a run that never moved, details on stderr, and exits 0
 * when all was as at home, 1 if not, 2 on a usage or system error.
 *
 *   watch FILE [OFFSET]
 *	Reads CLOCK_MONOTONIC, CLOCK_BOOTTIME (through the vDSO, as
 *	programs do) and CLOCK_PROCESS_CPUTIME_ID over and over until FILE
 *	exists; says of each whether it ever went backwards (or leapt
 *	ahead by more than a minute between two readings).  With OFFSET, it first enters a time namespace of its
 *	own whose clocks are OFFSET seconds ahead of the node's (as a
 *	container's can be; needs root).
 *   sleep SECONDS FILE
 *	Creates FILE, sleeps SECONDS with nanosleep() and says whether
 *	that took SECONDS of CLOCK_MONOTONIC (a sleep interrupted by a
 *	move resumes with the time it has left, not from the start).
 *   sleep-signal SECONDS FILE
 *	The same with a SIGUSR1 handler: the sleep ends early with EINTR
 *	at the signal, and the time slept plus the time left nanosleep()
 *	reports must make SECONDS.
 *   prof SECONDS
 *	Computes for SECONDS of its CPU time under ITIMER_PROF every
 *	20 ms, and says whether SIGPROF came about that often, never more
 *	than 0.5 s of CPU time apart (CPU time as ITIMER_PROF counts it).
 *   xcpu SECONDS
 *	Computes under a RLIMIT_CPU of SECONDS (SIGXCPU caught), and says
 *	whether SIGXCPU came after SECONDS of its CPU time (as RLIMIT_CPU
 *	counts it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/*
 * The process's CPU clock that ITIMER_PROF and RLIMIT_CPU count (user +
 * system time, as the kernel's ticks account it: MAKE_PROCESS_CPUCLOCK
 * of pid 0 and CPUCLOCK_PROF).  CLOCK_PROCESS_CPUTIME_ID is the
 * scheduler's finer clock, which runs ahead of it when the host starves
 * the VM of timer ticks.
 */
#define CPU_PROF ((clockid_t)-8)

#define NS 1000000000LL
/* A step forward between two readings longer than any move takes */
#define JUMP_MAX (60 * NS)

static long long now(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts)) {
		perror("mosix-clock: clock_gettime");
		exit(2);
	}
	return ts.tv_sec * NS + ts.tv_nsec;
}

static double secs(long long ns)
{
	return (double)ns / NS;
}

/* Some work between two readings, so that the process is worth moving. */
static void work(unsigned long n)
{
	volatile unsigned long spin;

	for (spin = 0; spin < n; spin++)
		;
}

static void enter_timens(long offset)
{
	char buf[128];
	int fd, len;

	if (unshare(CLONE_NEWTIME)) {
		perror("mosix-clock: unshare(CLONE_NEWTIME)");
		exit(2);
	}
	len = snprintf(buf, sizeof(buf), "monotonic %ld 0\nboottime %ld 0\n",
		       offset, offset);
	fd = open("/proc/self/timens_offsets", O_WRONLY);
	if (fd < 0 || write(fd, buf, len) != len) {
		perror("mosix-clock: /proc/self/timens_offsets");
		exit(2);
	}
	close(fd);
	fd = open("/proc/self/ns/time_for_children", O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWTIME)) {
		perror("mosix-clock: setns(time_for_children)");
		exit(2);
	}
	close(fd);
}

struct watched {
	clockid_t clock;
	const char *name;
	long long last, back, back_max, step_max;
};

static int watch(const char *stop, long offset)
{
	struct watched w[] = {
		{ .clock = CLOCK_MONOTONIC, .name = "CLOCK_MONOTONIC" },
		{ .clock = CLOCK_BOOTTIME, .name = "CLOCK_BOOTTIME" },
		{ .clock = CLOCK_PROCESS_CPUTIME_ID,
		  .name = "CLOCK_PROCESS_CPUTIME_ID" },
	};
	const int n = sizeof(w) / sizeof(w[0]);
	long long start, reads = 0;
	int i, bad = 0;

	if (offset)
		enter_timens(offset);
	for (i = 0; i < n; i++)
		w[i].last = now(w[i].clock);
	start = w[0].last;
	if (offset && start < offset * NS) {
		fprintf(stderr, "mosix-clock: the namespace's CLOCK_MONOTONIC reads %.3f s\n",
			secs(start));
		return 2;
	}
	/* The file is at home: a look costs a forwarded call when away. */
	while ((reads % 64) || access(stop, F_OK)) {
		work(20000);
		for (i = 0; i < n; i++) {
			long long t = now(w[i].clock), d = t - w[i].last;

			if (d < 0) {
				w[i].back++;
				if (-d > w[i].back_max)
					w[i].back_max = -d;
			} else if (d > w[i].step_max) {
				w[i].step_max = d;
			}
			w[i].last = t;
		}
		reads++;
	}
	for (i = 0; i < n; i++) {
		if (w[i].back) {
			printf("%s went back %lld times, by up to %.3f s\n",
			       w[i].name, w[i].back, secs(w[i].back_max));
			bad = 1;
		} else if (w[i].step_max > JUMP_MAX) {
			/* No move takes that long: a reading gone wrong. */
			printf("%s jumped ahead by %.3f s\n", w[i].name,
			       secs(w[i].step_max));
			bad = 1;
		} else {
			printf("%s never went back\n", w[i].name);
		}
		fprintf(stderr, "%s: %lld reads, largest step forward %.3f s, now %.3f s\n",
			w[i].name, reads, secs(w[i].step_max), secs(w[i].last));
	}
	return bad;
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0644);

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
}

static void on_signal(int sig)
{
	(void)sig;
}

static int do_sleep(long seconds, const char *file, int signalled)
{
	struct timespec req = { seconds, 0 }, rem = { 0, 0 };
	long long start, took, left;
	struct sigaction sa;
	int ret;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	if (signalled && sigaction(SIGUSR1, &sa, NULL)) {
		perror("mosix-clock: sigaction");
		return 2;
	}
	start = now(CLOCK_MONOTONIC);
	touch(file);
	ret = nanosleep(&req, &rem);
	took = now(CLOCK_MONOTONIC) - start;
	if (!signalled) {
		fprintf(stderr, "slept %.3f s\n", secs(took));
		if (ret) {
			printf("nanosleep failed: %s\n", strerror(errno));
			return 1;
		}
		if (took < seconds * NS || took > seconds * NS + NS) {
			printf("slept %.3f s for %ld\n", secs(took), seconds);
			return 1;
		}
		printf("slept %ld s\n", seconds);
		return 0;
	}
	left = rem.tv_sec * NS + rem.tv_nsec;
	fprintf(stderr, "slept %.3f s, %.3f s left\n", secs(took), secs(left));
	if (!ret || errno != EINTR) {
		printf("nanosleep was not interrupted (%d)\n", ret);
		return 1;
	}
	if (llabs(took + left - seconds * NS) > NS) {
		printf("slept %.3f s with %.3f s left, of %ld\n", secs(took),
		       secs(left), seconds);
		return 1;
	}
	printf("interrupted: slept + left = %ld s\n", seconds);
	return 0;
}

static volatile sig_atomic_t profs;
static volatile long long xcpu_at = -1;

static volatile long long prof_last, prof_gap;

static void on_prof(int sig)
{
	long long t = now(CPU_PROF);

	(void)sig;
	profs++;
	if (t - prof_last > prof_gap)
		prof_gap = t - prof_last;
	prof_last = t;
}

static void on_xcpu(int sig)
{
	(void)sig;
	if (xcpu_at < 0)
		xcpu_at = now(CPU_PROF);
}

static int prof(long seconds)
{
	const long period_ms = 20;
	struct itimerval it = {
		{ 0, period_ms * 1000 }, { 0, period_ms * 1000 }
	};
	struct sigaction sa;
	long long start, used;
	long want;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_prof;
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGPROF, &sa, NULL) || setitimer(ITIMER_PROF, &it, NULL)) {
		perror("mosix-clock: SIGPROF");
		return 2;
	}
	start = now(CPU_PROF);
	prof_last = start;
	do {
		work(200000);
		used = now(CPU_PROF) - start;
	} while (used < seconds * NS);
	if (getitimer(ITIMER_PROF, &it)) {
		perror("mosix-clock: getitimer");
		return 2;
	}
	want = used / (period_ms * 1000000);
	fprintf(stderr, "%d SIGPROF in %.3f s of CPU time (%ld expected), at most %.3f s apart, ITIMER_PROF %ld.%06ld s left\n",
		(int)profs, secs(used), want, secs(prof_gap),
		(long)it.it_value.tv_sec, (long)it.it_value.tv_usec);
	if (profs < want * 8 / 10 || profs > want * 11 / 10 + 1) {
		printf("%d SIGPROF in %.3f s of CPU time, not about %ld\n",
		       (int)profs, secs(used), want);
		return 1;
	}
	/* None missing on any node: half a second is 25 periods. */
	if (prof_gap > 25 * period_ms * 1000000) {
		printf("no SIGPROF for %.3f s of CPU time\n", secs(prof_gap));
		return 1;
	}
	printf("SIGPROF every %ld ms of CPU time\n", period_ms);
	if (!it.it_value.tv_sec && !it.it_value.tv_usec) {
		printf("ITIMER_PROF is no longer armed\n");
		return 1;
	}
	return 0;
}

static int xcpu(long seconds)
{
	struct rlimit rl = { seconds, seconds + 10 };
	struct sigaction sa;
	long long t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_xcpu;
	if (sigaction(SIGXCPU, &sa, NULL) || setrlimit(RLIMIT_CPU, &rl)) {
		perror("mosix-clock: RLIMIT_CPU");
		return 2;
	}
	do {
		work(200000);
		t = now(CPU_PROF);
	} while (xcpu_at < 0 && t < (seconds + 4) * NS);
	if (xcpu_at < 0) {
		printf("no SIGXCPU after %.3f s of CPU time\n", secs(t));
		return 1;
	}
	fprintf(stderr, "SIGXCPU at %.3f s of CPU time\n", secs(xcpu_at));
	if (xcpu_at < seconds * NS || xcpu_at > seconds * NS + NS) {
		printf("SIGXCPU at %.3f s of CPU time, not %ld\n",
		       secs(xcpu_at), seconds);
		return 1;
	}
	printf("SIGXCPU after %ld s of CPU time\n", seconds);
	return 0;
}

static long number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v <= 0 || v > 1000000000) {
		fprintf(stderr, "mosix-clock: not a positive number: %s\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 3 && argc <= 4 && !strcmp(argv[1], "watch"))
		return watch(argv[2], argc == 4 ? number(argv[3]) : 0);
	if (argc == 4 && !strcmp(argv[1], "sleep"))
		return do_sleep(number(argv[2]), argv[3], 0);
	if (argc == 4 && !strcmp(argv[1], "sleep-signal"))
		return do_sleep(number(argv[2]), argv[3], 1);
	if (argc == 3 && !strcmp(argv[1], "prof"))
		return prof(number(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "xcpu"))
		return xcpu(number(argv[2]));
	fprintf(stderr, "usage: mosix-clock watch FILE [OFFSET] | sleep SECONDS FILE |\n"
		"       sleep-signal SECONDS FILE | prof SECONDS | xcpu SECONDS\n");
	return 2;
}
