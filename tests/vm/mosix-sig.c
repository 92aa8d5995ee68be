// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-sig MODE ARGS...: signals of a migrated process.  Every mode
 * first waits (CPU and sleep) until the file GO exists, so that a test
 * can migrate it; what it prints on stdout (line buffered) does not
 * depend on timing, so that a migrated run can be compared byte for byte
 * with an unmigrated one driven the same way.  Handlers write one byte
 * to stderr each time they run ("1", "2", "H", "A"): a test waits on
 * that to know a signal was handled.  Every mode prints "started" once
 * its handlers are in place, before it waits for GO.
 *
 *   usr1 GO N     a SA_SIGINFO handler for SIGUSR1, installed before
 *                 GO; then waits (sigsuspend) for N signals, printing
 *                 each one's code and whether it came from the parent;
 *                 then raise() and kill(getpid()) of SIGUSR1, and an
 *                 alarm(1) caught by a SIGALRM handler
 *   stop GO FIN   computes a fixed amount, then until FIN exists; prints
 *                 the result (a test stops and continues it meanwhile)
 *   int GO        SIGINT set to its default action (a background job
 *                 of a script ignores it), then computes for ever (at
 *                 most 10 minutes, then exit 99)
 *   block GO      SIGUSR2 blocked from the start (before GO); after GO
 *                 reports whether it is pending, unblocks it, blocks
 *                 SIGUSR2 and SIGHUP again, prints "blocked again",
 *                 waits until both are pending, unblocks them one by one
 *   read GO FIFO  opens FIFO read-write; "reading 1": a read interrupted
 *                 by SIGUSR1 (SA_RESTART) goes on and returns the data
 *                 written later; "reading 2": a read interrupted by
 *                 SIGUSR2 (no SA_RESTART) fails with EINTR; "pausing":
 *                 pause() returns EINTR on SIGUSR1
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "vmutil.h"

static volatile sig_atomic_t usr1, usr2, hup, alrm;
static volatile sig_atomic_t last_code, last_from_parent;

static void mark(char c)
{
	ssize_t r = write(2, &c, 1);

	(void)r;
}

static void on_usr1_info(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	last_code = si->si_code;
	last_from_parent = si->si_pid == getppid();
	usr1++;
	mark('1');
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
	mark('1');
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2++;
	mark('2');
}

static void on_hup(int sig)
{
	(void)sig;
	hup++;
	mark('H');
}

static void on_alrm(int sig)
{
	(void)sig;
	alrm++;
	mark('A');
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL)) {
		perror("sigaction");
		exit(1);
	}
}

static const char *code_name(int code)
{
	switch (code) {
	case SI_USER:
		return "SI_USER";
	case SI_TKILL:
		return "SI_TKILL";
	case SI_KERNEL:
		return "SI_KERNEL";
	case SI_QUEUE:
		return "SI_QUEUE";
	}
	return "other";
}

static uint64_t crunch(uint64_t x, unsigned long n)
{
	while (n--) {
		x ^= x >> 33;
		x *= 0xff51afd7ed558ccdULL;
		x ^= x >> 29;
	}
	return x;
}

static int mode_usr1(const char *go, int n)
{
	struct sigaction sa;
	sigset_t block, old;
	int seen = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1_info;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	handle(SIGALRM, on_alrm, 0);
	printf("started\n");
	wait_for_file(go, 20);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	printf("ready for %d\n", n);
	while (seen < n) {
		while (usr1 == seen)
			sigsuspend(&old);
		seen++;
		printf("usr1 #%d: code %s, from parent: %s\n", seen,
		       code_name(last_code), last_from_parent ? "yes" : "no");
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	raise(SIGUSR1);
	printf("after raise: count %d, code %s\n", (int)usr1, code_name(last_code));
	kill(getpid(), SIGUSR1);
	printf("after kill(getpid()): count %d, code %s\n", (int)usr1,
	       code_name(last_code));
	sigprocmask(SIG_BLOCK, &block, NULL);
	printf("alarm(1) returns %u\n", alarm(1));
	while (!alrm)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("alarm handled %d time(s)\n", (int)alrm);
	return 0;
}

static int mode_stop(const char *go, const char *fin)
{
	uint64_t x = 12345;
	double acc = 1.0;
	int i;

	printf("started\n");
	wait_for_file(go, 20);
	printf("computing\n");
	for (i = 0; i < 400; i++) {
		x = crunch(x + i, 20000);
		acc = acc * 1.000001 + (double)(x & 0xfff) * 1e-7;
	}
	printf("fixed part: %016llx %.9f\n", (unsigned long long)x, acc);
	while (access(fin, F_OK))
		crunch(x, 100000);	/* the result is not used */
	printf("finished\n");
	return 0;
}

static int mode_int(const char *go)
{
	time_t end = time(NULL) + 600;
	uint64_t x = 1;

	signal(SIGINT, SIG_DFL);
	printf("started\n");
	wait_for_file(go, 20);
	printf("spinning\n");
	while (time(NULL) < end)
		x = crunch(x, 100000);
	printf("not interrupted %llu\n", (unsigned long long)(x & 1));
	return 99;
}

static int pending(int sig)
{
	sigset_t set;

	sigpending(&set);
	return sigismember(&set, sig);
}

static int mode_block(const char *go)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	sigset_t set;
	int i;

	handle(SIGUSR2, on_usr2, SA_RESTART);
	handle(SIGHUP, on_hup, SA_RESTART);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("usr2 blocked\n");
	printf("started\n");
	wait_for_file(go, 20);
	printf("after go: usr2 pending %d, handled %d\n", pending(SIGUSR2),
	       (int)usr2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("unblocked: usr2 handled %d, pending %d\n", (int)usr2,
	       pending(SIGUSR2));
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("blocked again\n");
	for (i = 0; i < 6000 && !(pending(SIGUSR2) && pending(SIGHUP)); i++)
		nanosleep(&ts, NULL);
	printf("usr2 pending %d, hup pending %d, handled usr2 %d hup %d\n",
	       pending(SIGUSR2), pending(SIGHUP), (int)usr2, (int)hup);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("hup unblocked: handled usr2 %d hup %d, usr2 pending %d\n",
	       (int)usr2, (int)hup, pending(SIGUSR2));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("usr2 unblocked: handled usr2 %d hup %d, pending %d\n",
	       (int)usr2, (int)hup, pending(SIGUSR2));
	return 0;
}

static void show_read(const char *what, ssize_t n, const char *buf)
{
	if (n < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: %zd '%.*s'\n", what, n, (int)n, buf);
}

static int mode_read(const char *go, const char *fifo)
{
	char buf[256];
	ssize_t n;
	int fd, r;

	handle(SIGUSR1, on_usr1, SA_RESTART);
	handle(SIGUSR2, on_usr2, 0);
	fd = open(fifo, O_RDWR);
	if (fd < 0) {
		perror(fifo);
		return 1;
	}
	printf("started\n");
	wait_for_file(go, 20);
	printf("reading 1\n");
	n = read(fd, buf, sizeof(buf));
	show_read("read 1", n, buf);
	printf("usr1 handled %d\n", (int)usr1);
	printf("reading 2\n");
	n = read(fd, buf, sizeof(buf));
	show_read("read 2", n, buf);
	signal(SIGUSR2, SIG_IGN);	/* more of them may come */
	printf("pausing\n");
	r = pause();
	printf("pause: %d %s\n", r, strerrorname_np(errno));
	signal(SIGUSR1, SIG_IGN);
	printf("done\n");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "usr1"))
		return mode_usr1(argv[2], atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "stop"))
		return mode_stop(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "int"))
		return mode_int(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "block"))
		return mode_block(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "read"))
		return mode_read(argv[2], argv[3]);
	fprintf(stderr, "usage: mosix-sig usr1 GO N | stop GO FIN | int GO | block GO | read GO FIFO\n");
	return 2;
}
