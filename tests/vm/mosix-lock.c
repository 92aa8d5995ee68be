// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-lock DIR: a process that locks its memory when told.  Fills
 * 4 MiB with a pattern, then every 20 ms: when DIR/lock exists it
 * mlock()s them and prints "locked" (once); when DIR/unlock exists it
 * munlock()s them and prints "unlocked" (once, after locked); when
 * DIR/stop exists it checks every word, prints the number of bad words
 * and a checksum, and exits 0 if none was bad, else 1.  A test moves it
 * meanwhile: memory it locked away must keep it there, unlocked it must
 * move again, and its memory must survive.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define SIZE (4UL << 20)

static int exists(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	size_t i, n = SIZE / sizeof(uint64_t), bad = 0;
	int locked = 0, unlocked = 0;
	uint64_t *buf, sum = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: mosix-lock DIR\n");
		return 2;
	}
	buf = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		perror("mosix-lock: mmap");
		return 2;
	}
	for (i = 0; i < n; i++)
		buf[i] = i * 0x9e3779b97f4a7c15ULL;
	setvbuf(stdout, NULL, _IONBF, 0);
	for (;;) {
		if (!locked && exists(argv[1], "lock")) {
			if (mlock(buf, SIZE)) {
				fprintf(stderr, "mosix-lock: mlock: %s\n",
					strerror(errno));
				return 2;
			}
			locked = 1;
			printf("locked\n");
		}
		if (locked && !unlocked && exists(argv[1], "unlock")) {
			if (munlock(buf, SIZE)) {
				fprintf(stderr, "mosix-lock: munlock: %s\n",
					strerror(errno));
				return 2;
			}
			unlocked = 1;
			printf("unlocked\n");
		}
		if (exists(argv[1], "stop"))
			break;
		nanosleep(&tick, NULL);
	}
	for (i = 0; i < n; i++) {
		if (buf[i] != i * 0x9e3779b97f4a7c15ULL)
			bad++;
		sum += buf[i] ^ (buf[i] >> 17);
	}
	printf("bad %zu sum %016llx\n", bad, (unsigned long long)sum);
	return bad ? 1 : 0;
}
