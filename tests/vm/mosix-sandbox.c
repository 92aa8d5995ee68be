// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-sandbox MODE GO: a process that confines itself, then is busy
 * until the file GO exists, and then reports what its confinement lets
 * it do.  MODE is one of:
 *   seccomp  no_new_privs, then a seccomp filter that makes socket()
 *            fail with EPERM (what systemd's SystemCallFilter=~socket,
 *            bubblewrap or a browser's sandbox do)
 *   nodump   prctl(PR_SET_DUMPABLE, 0), as ssh-agent and gpg-agent do
 *   nnp      no_new_privs alone (systemd's NoNewPrivileges=yes)
 *   later    nothing at first; after GO, what seccomp does
 *   none     nothing
 * Prints "started" once confined, then after GO (and, for later,
 * "confined" once confined), each on a line:
 *   socket: ok, or the error of socket(AF_UNIX, SOCK_DGRAM, 0)
 *   nnp: the no_new_privs flag (0 or 1)
 *   dumpable: the dumpable flag (0 or 1)
 * and exits 0.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vmutil.h"

static int deny_socket(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(code[0]),
		.filter = code,
	};

	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

int main(int argc, char **argv)
{
	const char *mode = argc == 3 ? argv[1] : "";
	int seccomp = !strcmp(mode, "seccomp"), nodump = !strcmp(mode, "nodump");
	int nnp = seccomp || !strcmp(mode, "nnp"), later = !strcmp(mode, "later");
	int fd;

	if (!seccomp && !nodump && !nnp && !later && strcmp(mode, "none")) {
		fprintf(stderr, "usage: mosix-sandbox seccomp|nodump|nnp|later|none GO\n");
		return 2;
	}
	if ((nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) ||
	    (seccomp && deny_socket()) ||
	    (nodump && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))) {
		perror("mosix-sandbox: confining");
		return 1;
	}
	printf("started\n");
	fflush(stdout);
	wait_for_file(argv[2], 20);
	if (later) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || deny_socket()) {
			perror("mosix-sandbox: confining");
			return 1;
		}
		printf("confined\n");
	}
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	printf("socket: %s\n", fd >= 0 ? "ok" : strerror(errno));
	printf("nnp: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	printf("dumpable: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	return 0;
}
