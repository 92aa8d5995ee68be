// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-confine GO FILE PID [SECONDS]: what a migrated process can reach.
 *
 * Prints "started", waits until the file GO exists (the test migrates
 * it meanwhile), then, each on a line:
 *   read: the first line of FILE, or the error;
 *   kill: the result of kill(PID, 0) (a process of the node it runs on,
 *         which it must not reach);
 *   ptrace: the result of PTRACE_ATTACH to PID;
 * in between it spins for SECONDS (default 6), so that a test can look
 * at it from outside, and it exits 0 at the end.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void result(const char *what, long ret)
{
	if (ret < 0)
		printf("%s: -1 %s\n", what, strerror(errno));
	else
		printf("%s: %ld\n", what, ret);
}

int main(int argc, char **argv)
{
	char line[256];
	struct stat st;
	volatile unsigned long spin = 0;
	int secs = 6;
	time_t end;
	pid_t pid;
	FILE *f;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: mosix-confine GO FILE PID [SECONDS]\n");
		return 2;
	}
	pid = (pid_t)atoi(argv[3]);
	if (argc == 5)
		secs = atoi(argv[4]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("started\n");
	while (stat(argv[1], &st))
		usleep(100000);
	/* Spin a little first, so that the migration is surely done. */
	end = time(NULL) + 1;
	while (time(NULL) < end)
		spin++;
	f = fopen(argv[2], "r");
	if (!f) {
		printf("read: -1 %s\n", strerror(errno));
	} else {
		if (!fgets(line, sizeof(line), f))
			strcpy(line, "(empty)\n");
		printf("read: %s", line);
		fclose(f);
	}
	result("kill", kill(pid, 0));
	/* Spin: a test looks at the guest from outside meanwhile. */
	end = time(NULL) + secs;
	while (time(NULL) < end)
		spin++;
	result("ptrace", ptrace(PTRACE_ATTACH, pid, NULL, NULL));
	return 0;
}
