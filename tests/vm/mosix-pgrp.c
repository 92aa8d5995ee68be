// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-pgrp LOG CMD [ARGS...]: run CMD in a process group of its own,
 * as a job-control shell runs a job, and report what its parent sees.
 *
 * The tests' shell has no job control: its background jobs share a
 * process group that the kernel counts as orphaned, where SIGTSTP,
 * SIGTTIN and SIGTTOU are ignored.  Under this parent, CMD's group is
 * not orphaned (the parent is in another group of the same session), so
 * Ctrl-Z's SIGTSTP stops it.  LOG gets one line per event, as soon as
 * it happens:
 *
 *   child PID
 *   stopped SIGNUMBER       (waitpid WUNTRACED)
 *   continued               (waitpid WCONTINUED)
 *   exited CODE | killed SIGNUMBER
 *   cpu USER SYSTEM         (seconds, from wait4's rusage, at the end)
 *
 * The exit status is CMD's, as a shell reports it (128 + signal).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static void print_cpu(FILE *log, const struct rusage *ru)
{
	fprintf(log, "cpu %ld.%02ld %ld.%02ld\n",
		(long)ru->ru_utime.tv_sec, (long)ru->ru_utime.tv_usec / 10000,
		(long)ru->ru_stime.tv_sec, (long)ru->ru_stime.tv_usec / 10000);
}

int main(int argc, char **argv)
{
	struct rusage ru;
	FILE *log;
	pid_t pid;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: mosix-pgrp LOG CMD [ARGS...]\n");
		return 2;
	}
	log = fopen(argv[1], "w");
	if (!log) {
		fprintf(stderr, "mosix-pgrp: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	setvbuf(log, NULL, _IOLBF, 0);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "mosix-pgrp: fork: %s\n", strerror(errno));
		return 2;
	}
	if (!pid) {
		if (setpgid(0, 0)) {
			fprintf(stderr, "mosix-pgrp: setpgid: %s\n", strerror(errno));
			_exit(2);
		}
		execvp(argv[2], argv + 2);
		fprintf(stderr, "mosix-pgrp: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);	/* either of us may be first */
	fprintf(log, "child %d\n", (int)pid);
	for (;;) {
		if (wait4(pid, &st, WUNTRACED | WCONTINUED, &ru) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "mosix-pgrp: waitpid: %s\n", strerror(errno));
			return 2;
		}
		if (WIFSTOPPED(st)) {
			fprintf(log, "stopped %d\n", WSTOPSIG(st));
		} else if (WIFCONTINUED(st)) {
			fprintf(log, "continued\n");
		} else if (WIFEXITED(st)) {
			fprintf(log, "exited %d\n", WEXITSTATUS(st));
			print_cpu(log, &ru);
			return WEXITSTATUS(st);
		} else if (WIFSIGNALED(st)) {
			fprintf(log, "killed %d\n", WTERMSIG(st));
			print_cpu(log, &ru);
			return 128 + WTERMSIG(st);
		}
	}
}
