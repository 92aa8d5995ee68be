// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-spawn GO1 GO2 DIR: a migrated process that creates processes.
 * After GO1 exists (a test migrates it first): system("echo hi >
 * DIR/sys.txt"), fork + _exit(5) + waitpid, fork + exec of /bin/sh
 * writing into a pipe that the parent reads, waitpid; prints "phase 1
 * done".  After GO2 (a test migrates it again): fork + exec of
 * "sh -c 'exit 7'", system() appending to a file, a computation, and
 * exit status 23.  What it prints does not depend on where it ran.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "vmutil.h"

static void show_status(const char *what, pid_t r, int st)
{
	if (r < 0)
		printf("%s: wait failed: %s\n", what, strerrorname_np(errno));
	else if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d\n", what, WTERMSIG(st));
	else
		printf("%s: status %#x\n", what, st);
}

static uint64_t work(uint64_t x, unsigned long n)
{
	while (n--) {
		x ^= x >> 31;
		x *= 0x9e3779b97f4a7c15ULL;
	}
	return x;
}

int main(int argc, char **argv)
{
	char cmd[8192], buf[256];
	pid_t pid, r;
	int st, p[2];
	ssize_t n;
	size_t got;
	uint64_t x;

	if (argc != 4) {
		fprintf(stderr, "usage: mosix-spawn GO1 GO2 DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("started\n");
	wait_for_file(argv[1], 20);

	snprintf(cmd, sizeof(cmd), "echo hi > %s/sys.txt", argv[3]);
	st = system(cmd);
	show_status("system", 0, st);

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("fork failed: %s\n", strerrorname_np(errno));
		return 1;
	}
	if (!pid)
		_exit((int)(work(5, 1000) & 0) + 5);
	r = waitpid(pid, &st, 0);
	show_status("fork, _exit(5)", r, st);

	if (pipe(p))
		return 1;
	pid = fork();
	if (!pid) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl("/bin/sh", "sh", "-c", "echo from the child; echo $((6 * 7))",
		      (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	got = 0;
	while (got < sizeof(buf) - 1 &&
	       (n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	close(p[0]);
	printf("the child wrote: %s", buf);
	r = waitpid(pid, &st, 0);
	show_status("fork, exec sh", r, st);
	printf("phase 1 done\n");

	wait_for_file(argv[2], 20);
	pid = fork();
	if (!pid) {
		execl("/bin/sh", "sh", "-c", "exit 7", (char *)NULL);
		_exit(127);
	}
	r = waitpid(pid, &st, 0);
	show_status("fork, exec exit 7", r, st);
	snprintf(cmd, sizeof(cmd), "cat %s/sys.txt %s/sys.txt > %s/sys2.txt",
		 argv[3], argv[3], argv[3]);
	st = system(cmd);
	show_status("system cat", 0, st);
	x = work(42, 3000000);
	printf("work: %016llx\n", (unsigned long long)x);
	printf("exiting with 23\n");
	return 23;
}
