// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-bench-mem MIB [READYFILE]: the subject of the freeze-time
 * benchmark.  Maps MIB MiB of private anonymous memory and writes every
 * page (a different word in each, so no page is all zero), creates
 * READYFILE if given, then spins on the CPU until it is killed.  Its
 * resident size is thus MIB MiB plus a few hundred KiB of program.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long mib, bytes, off, page = (unsigned long)sysconf(_SC_PAGESIZE);
	volatile unsigned long spin = 0;
	unsigned char *mem;
	char *end;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mosix-bench-mem MIB [READYFILE]\n");
		return 2;
	}
	mib = strtoul(argv[1], &end, 10);
	if (*end || !mib || mib > 65536) {
		fprintf(stderr, "mosix-bench-mem: bad size %s\n", argv[1]);
		return 2;
	}
	bytes = mib << 20;
	mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("mosix-bench-mem: mmap");
		return 1;
	}
	for (off = 0; off < bytes; off += page) {
		unsigned long *w = (unsigned long *)(mem + off);

		w[0] = off ^ 0x5a5a5a5a5a5a5a5aUL;
		w[page / sizeof(*w) - 1] = ~off;
	}
	if (argc == 3) {
		fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			perror(argv[2]);
			return 1;
		}
		close(fd);
	}
	for (;;)
		spin++;
}
