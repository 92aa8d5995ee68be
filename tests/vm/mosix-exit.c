// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-exit GO exit CODE | GO signal SIG: print "started", wait (CPU and
 * sleep) until the file GO exists, so that a test can migrate it first,
 * then end with exit(CODE) or by sending itself SIG: the parent's wait
 * status must be what it would be without migration, whatever the time
 * the migration takes.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	volatile unsigned long spin;
	int val;

	if (argc != 4 || (strcmp(argv[2], "exit") && strcmp(argv[2], "signal"))) {
		fprintf(stderr, "usage: mosix-exit GO exit CODE|signal SIG\n");
		return 2;
	}
	val = atoi(argv[3]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("started\n");
	while (access(argv[1], F_OK)) {
		for (spin = 0; spin < 300000; spin++)
			;
		nanosleep(&ts, NULL);
	}
	printf("ending\n");
	if (!strcmp(argv[2], "exit"))
		exit(val);
	signal(val, SIG_DFL);
	kill(getpid(), val);
	pause();
	return 99;
}
