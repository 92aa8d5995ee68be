// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-exitcode SECONDS exit CODE | SECONDS signal SIG: spin on the CPU
 * for about SECONDS (checking the clock), then end with exit(CODE) or
 * by sending itself SIG, so that the parent's wait status can be
 * compared with and without migration.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	volatile unsigned long spin = 0;
	double end;
	int val;

	if (argc != 4 || (strcmp(argv[2], "exit") && strcmp(argv[2], "signal"))) {
		fprintf(stderr, "usage: mosix-exitcode SECONDS exit CODE|signal SIG\n");
		return 2;
	}
	end = now() + atof(argv[1]);
	val = atoi(argv[3]);
	while (now() < end)
		spin++;
	if (!strcmp(argv[2], "exit"))
		exit(val);
	kill(getpid(), val);
	pause();
	return 99;
}
