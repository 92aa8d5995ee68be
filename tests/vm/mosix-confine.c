// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-confine GO FILE PID [SECONDS]: what a migrated process can reach.
 *
 * Prints "started", waits until the file GO exists (the test migrates
 * it meanwhile), then, each on a line:
 *   read: the first line of FILE, or the error;
 *   kill: the result of kill(PID, 0) (a process of the node it runs on,
 *         which it must not reach);
 *   mode32: the result of mkdir("FILE.m32") made as a 32-bit call of
 *          the compat table (int $0x80) in 32-bit mode (a far jump into
 *          the 32-bit code segment), which a guest cannot make (EPERM)
 *          and a process at home can;
 *   int80: the result of mkdir("FILE.d32") made with int $0x80 from
 *          64-bit mode (which must run at home: the guest goes home);
 *   ptrace: the result of PTRACE_ATTACH to PID (which goes home too);
 * before the last three it spins for SECONDS (default 6), so that a test can
 * look at it from outside, and it exits 0 at the end.
 */
#include <errno.h>
#include <stdint.h>
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

/* A raw system call's result as libc gives it: -1 and errno on error. */
static long raw_result(long ret)
{
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

/* mkdir(path, 0755) through the 32-bit entry: path below 4 GiB. */
static long int80_mkdir(const char *path)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"((long)IA32_NR_mkdir), "b"(path), "c"(0755L)
		     : "memory", "r8", "r9", "r10", "r11");
	return raw_result(ret);
}

/*
 * mode32_call(nr, a, b, back): int $0x80 with eax = nr, ebx = a,
 * ecx = b, made in 32-bit mode.  A far jump through mode32_far enters
 * the 32-bit user code segment at mode32_code, which makes the call and
 * jumps back through the far pointer at back (below 4 GiB: the 32-bit
 * code reads it through %ss, the data segments being null) to
 * mode32_back.  Far jumps, not far calls: they touch no stack (QEMU's
 * TCG makes a far call's pushes as supervisor accesses, which SMAP
 * stops).  Only memory is trusted across the switches: the 64-bit
 * registers the ABI keeps are pushed, the stack pointer saved.
 */
long mode32_call(long nr, unsigned long a, unsigned long b, void *back);
struct far_ptr {
	uint32_t offset;
	uint16_t selector;
} __attribute__((packed));
struct far_ptr mode32_far;
unsigned long mode32_rsp;

asm(".pushsection .text\n"
    ".code32\n"
    "mode32_code:\n"
    "	int $0x80\n"
    "	ljmp *%ss:(%esi)\n"
    ".code64\n"
    ".globl mode32_call\n"
    "mode32_call:\n"
    "	push %rbx\n"
    "	push %rbp\n"
    "	push %r12\n"
    "	push %r13\n"
    "	push %r14\n"
    "	push %r15\n"
    "	mov %rsp, mode32_rsp(%rip)\n"
    "	mov %rdi, %rax\n"
    "	mov %rsi, %rbx\n"
    "	mov %rcx, %rsi\n"
    "	mov %rdx, %rcx\n"
    "	ljmp *mode32_far(%rip)\n"
    ".globl mode32_back\n"
    "mode32_back:\n"
    "	mov mode32_rsp(%rip), %rsp\n"
    "	pop %r15\n"
    "	pop %r14\n"
    "	pop %r13\n"
    "	pop %r12\n"
    "	pop %rbp\n"
    "	pop %rbx\n"
    "	cltq\n"
    "	ret\n"
    ".popsection\n");

extern char mode32_code[], mode32_back[];

/* mkdir(path, 0755) in 32-bit mode: path and back below 4 GiB. */
static long mode32_mkdir(const char *path, struct far_ptr *back)
{
	/* Both code addresses are the 32-bit offsets of far pointers. */
	if ((uintptr_t)mode32_code > UINT32_MAX ||
	    (uintptr_t)mode32_back > UINT32_MAX) {
		errno = ENOEXEC;
		return -1;
	}
	mode32_far.offset = (uint32_t)(uintptr_t)mode32_code;
	mode32_far.selector = 0x23; /* __USER32_CS */
	back->offset = (uint32_t)(uintptr_t)mode32_back;
	back->selector = 0x33; /* __USER_CS */
	return raw_result(mode32_call(IA32_NR_mkdir, (uintptr_t)path, 0755,
				      back));
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
	if (low == MAP_FAILED || strlen(argv[2]) > 1000) {
		fprintf(stderr, "mosix-confine: no memory below 4 GiB\n");
		return 1;
	}
	snprintf(low, 2048, "%s.d32", argv[2]);
	snprintf(low + 2048, 1024, "%s.m32", argv[2]);
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
	/* First the call in 32-bit mode, which leaves the guest where it
	 * is; int $0x80 takes it home. */
	result("mode32", mode32_mkdir(low + 2048, (struct far_ptr *)(low + 3072)));
	result("int80", int80_mkdir(low));
	result("ptrace", ptrace(PTRACE_ATTACH, pid, NULL, NULL));
	return 0;
}
