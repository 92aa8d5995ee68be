// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-prio NICE POLICY GO1 NICE2 NOFILE GO2: a process that sets its
 * own scheduling, then changes it and a limit when told.
 *
 * Sets its nice value to NICE and its policy to POLICY (normal, batch or
 * idle) and prints "started"; busy until the file GO1 exists, then sets
 * its nice value to NICE2 and its soft RLIMIT_NOFILE to NOFILE, prints
 * "changed", and is busy until the file GO2 exists.  Then it prints
 * "nice: N" and "nofile: N", what it has at the end, and exits 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "vmutil.h"

static int policy_of(const char *name)
{
	if (!strcmp(name, "normal"))
		return SCHED_OTHER;
	if (!strcmp(name, "batch"))
		return SCHED_BATCH;
	if (!strcmp(name, "idle"))
		return SCHED_IDLE;
	return -1;
}

int main(int argc, char **argv)
{
	struct sched_param param = { .sched_priority = 0 };
	struct rlimit rl;
	int policy = argc == 7 ? policy_of(argv[2]) : -1;

	if (policy < 0) {
		fprintf(stderr, "usage: mosix-prio NICE normal|batch|idle GO1 NICE2 NOFILE GO2\n");
		return 2;
	}
	if (setpriority(PRIO_PROCESS, 0, atoi(argv[1])) ||
	    sched_setscheduler(0, policy, &param)) {
		perror("mosix-prio: start");
		return 1;
	}
	printf("started\n");
	fflush(stdout);
	wait_for_file(argv[3], 20);
	if (getrlimit(RLIMIT_NOFILE, &rl)) {
		perror("mosix-prio: getrlimit");
		return 1;
	}
	rl.rlim_cur = strtoul(argv[5], NULL, 10);
	if (setpriority(PRIO_PROCESS, 0, atoi(argv[4])) ||
	    setrlimit(RLIMIT_NOFILE, &rl)) {
		perror("mosix-prio: change");
		return 1;
	}
	printf("changed\n");
	fflush(stdout);
	wait_for_file(argv[6], 20);
	errno = 0;
	printf("nice: %d\n", getpriority(PRIO_PROCESS, 0));
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 1;
	printf("nofile: %lu\n", (unsigned long)rl.rlim_cur);
	return 0;
}
