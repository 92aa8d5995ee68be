// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-hog GO MIB: a process that needs memory only later.  Prints
 * "started", is busy until the file GO exists (a test migrates it
 * meanwhile), then writes MIB MiB of fresh memory, one page at a time,
 * prints "touched MIB MiB" and exits 0.  Where that memory is not to
 * be had, the OOM killer ends it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "vmutil.h"

int main(int argc, char **argv)
{
	unsigned long mib, off;
	char *mem;

	if (argc != 3 || (mib = strtoul(argv[2], NULL, 10)) == 0) {
		fprintf(stderr, "usage: mosix-hog GO MIB\n");
		return 2;
	}
	printf("started\n");
	fflush(stdout);
	wait_for_file(argv[1], 20);
	mem = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (off = 0; off < mib << 20; off += 4096)
		mem[off] = (char)(off >> 12 | 1);
	printf("touched %lu MiB\n", mib);
	return 0;
}
