// SPDX-License-Identifier: GPL-2.0
/*
 * What becomes of the children of a process that is away: they stay at
 * home, where the kernel reaps them by itself when the parent ignores
 * SIGCHLD (or sets SA_NOCLDWAIT), and otherwise keeps them as zombies
 * until the parent waits.
 *
 *   mosix-reap MODE KIDS SECS GO DONE
 *
 * MODE says how SIGCHLD is set, and when:
 *   keep      default action: the children stay zombies until waited for
 *   before    SIG_IGN before the children are started
 *   after     SIG_IGN once GO exists (the test migrates first)
 *   nocldwait a handler with SA_NOCLDWAIT, once GO exists
 * The program starts KIDS children that sleep SECS seconds and exit
 * with status 1..KIDS, prints "started", spins until GO exists, sets
 * SIGCHLD (after, nocldwait), prints "set" (or that a child ended
 * too early for the test), spins until SECS + 1 seconds
 * after the start, prints "kids ended", and spins until DONE exists (the
 * test looks for zombies meanwhile).  Then it waits for children until
 * there is none and prints what it got: the same lines whether or not
 * it was migrated.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "vmutil.h"

static volatile sig_atomic_t caught;

static void on_chld(int sig)
{
	(void)sig;
	caught++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_sigchld(const char *mode)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	if (!strcmp(mode, "nocldwait")) {
		sa.sa_handler = on_chld;
		sa.sa_flags = SA_NOCLDWAIT | SA_RESTART;
	} else {
		sa.sa_handler = SIG_IGN;
	}
	if (sigaction(SIGCHLD, &sa, NULL)) {
		perror("sigaction");
		exit(2);
	}
}

int main(int argc, char **argv)
{
	int kids, secs, i, st, reaped[64] = { 0 }, n = 0;
	const char *mode;
	siginfo_t si;
	double start;
	pid_t pid;

	if (argc != 6 || (kids = atoi(argv[2])) < 1 || kids > 64 ||
	    (secs = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: mosix-reap keep|before|after|nocldwait KIDS SECS GO DONE\n");
		return 2;
	}
	mode = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "before"))
		set_sigchld(mode);
	start = now();
	for (i = 1; i <= kids; i++) {
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (!pid) {
			sleep(secs);
			_exit(i);
		}
	}
	printf("started %d children\n", kids);
	wait_for_file(argv[4], 20);
	/* (the test gives the children time enough: this would spoil it) */
	memset(&si, 0, sizeof(si));
	if (!waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) && si.si_pid)
		printf("a child ended too early\n");
	if (!strcmp(mode, "after") || !strcmp(mode, "nocldwait"))
		set_sigchld(mode);
	printf("set\n");
	while (now() < start + secs + 1)
		;
	printf("kids ended\n");
	wait_for_file(argv[5], 20);
	for (;;) {
		pid = wait(&st);
		if (pid < 0)
			break;
		if (WIFEXITED(st) && WEXITSTATUS(st) >= 1 &&
		    WEXITSTATUS(st) <= kids)
			reaped[WEXITSTATUS(st) - 1]++;
		n++;
	}
	printf("wait: %s after %d children\n",
	       errno == ECHILD ? "ECHILD" : strerror(errno), n);
	for (i = 0; i < kids; i++)
		if (reaped[i])
			printf("child %d reaped by wait\n", i + 1);
	printf("SIGCHLD handler ran: %s\n", caught ? "yes" : "no");
	return 0;
}
