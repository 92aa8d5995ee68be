// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-threads SECONDS: a process with two threads that share its
 * memory, which cannot migrate; it prints "done" after SECONDS.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc != 2) {
		fprintf(stderr, "usage: mosix-threads SECONDS\n");
		return 2;
	}
	if (pthread_create(&t, NULL, idle, NULL))
		return 1;
	sleep(atoi(argv[1]));
	printf("done\n");
	return 0;
}
