// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-confine GO FILE PID [SECONDS]: what a migrated process can reach.
 *
 * Prints "started", waits until the file GO exists (the test migrates
 * it meanwhile), then, each on a line:
 *   read: the first line of FILE, or the error;
 *   kill: the result of kill(PID, 0) (a process of the node it runs on,
 *         which it must not reach);
 *   int80: the result of mkdir("FILE.d32") made as a 32-bit call of the
 *          compat table, with int $0x80 (which must run at home);
 *   ptrace: the result of PTRACE_ATTACH to PID (which goes home too);
 * before these two it spins for SECONDS (default 6), so that a test can
 * look at it from outside, and it exits 0 at the end.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IA32_NR_mkdir 39

/* mkdir(path, 0755) through the 32-bit entry: path below 4 GiB. */
static long int80_mkdir(const char *path)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"((long)IA32_NR_mkdir), "b"(path), "c"(0755L)
		     : "memory", "r8", "r9", "r10", "r11");
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

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
	char *low;
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
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED || strlen(argv[2]) > 4000) {
		fprintf(stderr, "mosix-confine: no memory below 4 GiB\n");
		return 1;
	}
	snprintf(low, 4096, "%s.d32", argv[2]);
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
	result("int80", int80_mkdir(low));
	result("ptrace", ptrace(PTRACE_ATTACH, pid, NULL, NULL));
	return 0;
}
