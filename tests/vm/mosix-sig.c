// SPDX-License-Identifier: GPL-2.0
/*
 * mosix-sig MODE ARGS...: signals of a migrated process.  Every mode
 * first waits (CPU and sleep) until the file GO exists, so that a test
 * can migrate it; what it prints on stdout (line buffered) does not
 * depend on timing, so that a migrated run can be compared byte for byte
 * with an unmigrated one driven the same way.  Handlers write one byte
 * to stderr each time they run ("1", "2", "H", "A"): a test waits on
 * that to know a signal was handled.  Every mode prints "started" once
 * its handlers are in place, before it waits for GO.
 *
 *   usr1 GO N     a SA_SIGINFO handler for SIGUSR1, installed before
 *                 GO; then waits (sigsuspend) for N signals, printing
 *                 each one's code and whether it came from the parent;
 *                 then raise() and kill(getpid()) of SIGUSR1, and an
 *                 alarm(1) caught by a SIGALRM handler
 *   stop GO FIN   computes a fixed amount, then until FIN exists; prints
 *                 the result (a test stops and continues it meanwhile)
 *   int GO        SIGINT set to its default action (a background job
 *                 of a script ignores it), then computes for ever (at
 *                 most 10 minutes, then exit 99)
 *   block GO      SIGUSR2 blocked from the start (before GO); after GO
 *                 reports whether it is pending, unblocks it, blocks
 *                 SIGUSR2 and SIGHUP again, prints "blocked again",
 *                 waits until both are pending, unblocks them one by one
 *   read GO FIFO  opens FIFO read-write; "reading 1": a read interrupted
 *                 by SIGUSR1 (SA_RESTART) goes on and returns the data
 *                 written later; "reading 2": a read interrupted by
 *                 SIGUSR2 (no SA_RESTART) fails with EINTR; "pausing":
 *                 pause() returns EINTR on SIGUSR1
 *   home GO       a daemon's signals: SIGHUP ignored; SIGTERM, SIGUSR1,
 *                 SIGUSR2 and SIGRTMIN..+2 blocked; a signalfd for SIGTERM,
 *                 SIGUSR1, SIGRTMIN and SIGRTMIN+1.  After GO, at each
 *                 line ending in "..." it waits (at most 30 s) for what
 *                 the test sends: "signalfd...": SIGUSR1, SIGHUP, SIGRTMIN
 *                 queued with values 1, 2, 3, SIGRTMIN+1 with 42, read
 *                 from the signalfd; "usr2...": SIGUSR2, then the file
 *                 GO.2 (sigpending, then sigtimedwait take it);
 *                 "rtmin+2...": SIGRTMIN+2 queued with 7 (sigtimedwait);
 *                 "pselect...", "sigsuspend...": SIGUSR1, which a handler
 *                 takes with the call's mask; "usr2 again...": SIGUSR2,
 *                 then GO.6: unblocked, its handler runs; "term...":
 *                 SIGTERM, read from the signalfd: the end
 *   daemon        a service that takes SIGTERM from a signalfd (as
 *                 sd-event does): SIGTERM blocked, "ready", then it
 *                 computes and polls the signalfd (at most 10 minutes);
 *                 on SIGTERM "exiting on SIGTERM", status 0
 *   sigio GO FIFO  a FIFO (opened read-write) whose input raises
 *                 SIGRTMIN+3 (F_SETSIG, O_ASYNC); after GO, "waiting...":
 *                 for each of two writes the test makes, its handler
 *                 reports si_code (POLL_IN; the others it leaves),
 *                 whether si_fd is the FIFO's and the band, and the data
 *                 is read
 *   queue PID SIG VALUE   sigqueue(PID, SIG, VALUE), SIG a number or
 *                 rtmin+N
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include "vmutil.h"

static volatile sig_atomic_t usr1, usr2, hup, alrm;
static volatile sig_atomic_t last_code, last_from_parent;

static void mark(char c)
{
	ssize_t r = write(2, &c, 1);

	(void)r;
}

static void on_usr1_info(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	last_code = si->si_code;
	last_from_parent = si->si_pid == getppid();
	usr1++;
	mark('1');
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
	mark('1');
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2++;
	mark('2');
}

static void on_hup(int sig)
{
	(void)sig;
	hup++;
	mark('H');
}

static void on_alrm(int sig)
{
	(void)sig;
	alrm++;
	mark('A');
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL)) {
		perror("sigaction");
		exit(1);
	}
}

static const char *code_name(int code)
{
	switch (code) {
	case SI_USER:
		return "SI_USER";
	case SI_TKILL:
		return "SI_TKILL";
	case SI_KERNEL:
		return "SI_KERNEL";
	case SI_QUEUE:
		return "SI_QUEUE";
	}
	return "other";
}

static uint64_t crunch(uint64_t x, unsigned long n)
{
	while (n--) {
		x ^= x >> 33;
		x *= 0xff51afd7ed558ccdULL;
		x ^= x >> 29;
	}
	return x;
}

static int mode_usr1(const char *go, int n)
{
	struct sigaction sa;
	sigset_t block, old;
	int seen = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1_info;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	handle(SIGALRM, on_alrm, 0);
	printf("started\n");
	wait_for_file(go, 20);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	printf("ready for %d\n", n);
	while (seen < n) {
		while (usr1 == seen)
			sigsuspend(&old);
		seen++;
		printf("usr1 #%d: code %s, from parent: %s\n", seen,
		       code_name(last_code), last_from_parent ? "yes" : "no");
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	raise(SIGUSR1);
	printf("after raise: count %d, code %s\n", (int)usr1, code_name(last_code));
	kill(getpid(), SIGUSR1);
	printf("after kill(getpid()): count %d, code %s\n", (int)usr1,
	       code_name(last_code));
	sigprocmask(SIG_BLOCK, &block, NULL);
	printf("alarm(1) returns %u\n", alarm(1));
	while (!alrm)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("alarm handled %d time(s)\n", (int)alrm);
	return 0;
}

static int mode_stop(const char *go, const char *fin)
{
	uint64_t x = 12345;
	double acc = 1.0;
	int i;

	printf("started\n");
	wait_for_file(go, 20);
	printf("computing\n");
	for (i = 0; i < 400; i++) {
		x = crunch(x + i, 20000);
		acc = acc * 1.000001 + (double)(x & 0xfff) * 1e-7;
	}
	printf("fixed part: %016llx %.9f\n", (unsigned long long)x, acc);
	while (access(fin, F_OK))
		crunch(x, 100000);	/* the result is not used */
	printf("finished\n");
	return 0;
}

static int mode_int(const char *go)
{
	time_t end = time(NULL) + 600;
	uint64_t x = 1;

	signal(SIGINT, SIG_DFL);
	printf("started\n");
	wait_for_file(go, 20);
	printf("spinning\n");
	while (time(NULL) < end)
		x = crunch(x, 100000);
	printf("not interrupted %llu\n", (unsigned long long)(x & 1));
	return 99;
}

static int pending(int sig)
{
	sigset_t set;

	sigpending(&set);
	return sigismember(&set, sig);
}

static int mode_block(const char *go)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	sigset_t set;
	int i;

	handle(SIGUSR2, on_usr2, SA_RESTART);
	handle(SIGHUP, on_hup, SA_RESTART);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("usr2 blocked\n");
	printf("started\n");
	wait_for_file(go, 20);
	printf("after go: usr2 pending %d, handled %d\n", pending(SIGUSR2),
	       (int)usr2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("unblocked: usr2 handled %d, pending %d\n", (int)usr2,
	       pending(SIGUSR2));
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("blocked again\n");
	for (i = 0; i < 6000 && !(pending(SIGUSR2) && pending(SIGHUP)); i++)
		nanosleep(&ts, NULL);
	printf("usr2 pending %d, hup pending %d, handled usr2 %d hup %d\n",
	       pending(SIGUSR2), pending(SIGHUP), (int)usr2, (int)hup);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("hup unblocked: handled usr2 %d hup %d, usr2 pending %d\n",
	       (int)usr2, (int)hup, pending(SIGUSR2));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("usr2 unblocked: handled usr2 %d hup %d, pending %d\n",
	       (int)usr2, (int)hup, pending(SIGUSR2));
	return 0;
}

static void show_read(const char *what, ssize_t n, const char *buf)
{
	if (n < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: %zd '%.*s'\n", what, n, (int)n, buf);
}

static int mode_read(const char *go, const char *fifo)
{
	char buf[256];
	ssize_t n;
	int fd, r;

	handle(SIGUSR1, on_usr1, SA_RESTART);
	handle(SIGUSR2, on_usr2, 0);
	fd = open(fifo, O_RDWR);
	if (fd < 0) {
		perror(fifo);
		return 1;
	}
	printf("started\n");
	wait_for_file(go, 20);
	printf("reading 1\n");
	n = read(fd, buf, sizeof(buf));
	show_read("read 1", n, buf);
	printf("usr1 handled %d\n", (int)usr1);
	printf("reading 2\n");
	n = read(fd, buf, sizeof(buf));
	show_read("read 2", n, buf);
	signal(SIGUSR2, SIG_IGN);	/* more of them may come */
	printf("pausing\n");
	r = pause();
	printf("pause: %d %s\n", r, strerrorname_np(errno));
	signal(SIGUSR1, SIG_IGN);
	printf("done\n");
	return 0;
}

static const char *sig_name(int sig)
{
	static char buf[16];

	switch (sig) {
	case SIGUSR1:
		return "SIGUSR1";
	case SIGUSR2:
		return "SIGUSR2";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	}
	snprintf(buf, sizeof(buf), sig >= SIGRTMIN ? "SIGRTMIN+%d" : "signal %d",
		 sig >= SIGRTMIN ? sig - SIGRTMIN : sig);
	return buf;
}

/* One signal as read: its number, code, sender's uid and sigqueue value. */
static void show_sig(const char *how, int sig, int code, uid_t uid, int value)
{
	printf("%s: %s, code %s, uid %s", how, sig_name(sig), code_name(code),
	       uid == getuid() ? "ours" : "another");
	if (code == SI_QUEUE)
		printf(", value %d", value);
	printf("\n");
}

/* Read one record from signalfd @fd, waiting at most 30 s; its number. */
static int read_sigfd(int fd, int wait)
{
	struct signalfd_siginfo fi;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (wait && poll(&p, 1, 30000) != 1) {
		printf("signalfd: nothing within 30 s\n");
		return 0;
	}
	if (read(fd, &fi, sizeof(fi)) != sizeof(fi)) {
		printf("signalfd: read %s\n", strerrorname_np(errno));
		return 0;
	}
	show_sig("signalfd", fi.ssi_signo, fi.ssi_code, fi.ssi_uid, fi.ssi_int);
	return fi.ssi_signo;
}

static void wait_sig(int sig)
{
	struct timespec ts = { 30, 0 };
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigtimedwait(&set, &si, &ts) != sig)
		printf("sigtimedwait: %s\n", strerrorname_np(errno));
	else
		show_sig("sigtimedwait", si.si_signo, si.si_code, si.si_uid,
			 si.si_value.sival_int);
}

static int mode_home(const char *go)
{
	struct timespec ts = { 30, 0 };
	time_t end;
	sigset_t set, fdset, wait;
	char go2[4096];
	int fd, i, r;

	signal(SIGHUP, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	for (i = 0; i <= 2; i++)
		sigaddset(&set, SIGRTMIN + i);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigemptyset(&fdset);
	sigaddset(&fdset, SIGTERM);
	sigaddset(&fdset, SIGUSR1);
	sigaddset(&fdset, SIGRTMIN);
	sigaddset(&fdset, SIGRTMIN + 1);
	fd = signalfd(-1, &fdset, SFD_CLOEXEC);
	if (fd < 0) {
		perror("signalfd");
		return 1;
	}
	printf("started\n");
	wait_for_file(go, 20);

	printf("signalfd...\n");
	for (i = 0; i < 5; i++)
		if (!read_sigfd(fd, 1))
			break;

	printf("usr2...\n");
	snprintf(go2, sizeof(go2), "%s.2", go);
	wait_for_file(go2, 20);
	printf("sigpending: SIGUSR2 pending %d\n", pending(SIGUSR2));
	wait_sig(SIGUSR2);
	printf("rtmin+2...\n");
	wait_sig(SIGRTMIN + 2);

	handle(SIGUSR1, on_usr1, 0);
	sigprocmask(SIG_SETMASK, NULL, &wait);
	sigdelset(&wait, SIGUSR1);
	printf("pselect...\n");
	r = pselect(0, NULL, NULL, NULL, &ts, &wait);
	printf("pselect: %d %s, SIGUSR1 handled %d\n", r,
	       r < 0 ? strerrorname_np(errno) : "-", (int)usr1);
	printf("sigsuspend...\n");
	r = sigsuspend(&wait);
	printf("sigsuspend: %d %s, SIGUSR1 handled %d\n", r,
	       strerrorname_np(errno), (int)usr1);

	handle(SIGUSR2, on_usr2, 0);
	printf("usr2 again...\n");
	snprintf(go2, sizeof(go2), "%s.6", go);
	wait_for_file(go2, 20);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/* Computing, no syscall: home must have heard of the unblocking. */
	for (end = time(NULL) + 30; !usr2 && time(NULL) < end; )
		crunch(1, 100000);
	printf("unblocked: SIGUSR2 handled %d\n", (int)usr2);

	printf("term...\n");
	if (read_sigfd(fd, 0) == SIGTERM)
		printf("exiting on SIGTERM\n");
	return 0;
}

static int mode_daemon(void)
{
	struct pollfd p = { .events = POLLIN };
	time_t end = time(NULL) + 600;
	sigset_t set;
	uint64_t x = 1;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	p.fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (p.fd < 0) {
		perror("signalfd");
		return 1;
	}
	printf("ready\n");
	while (time(NULL) < end) {
		x = crunch(x, 200000);
		if (poll(&p, 1, 0) == 1 && read_sigfd(p.fd, 0) == SIGTERM) {
			printf("exiting on SIGTERM\n");
			return 0;
		}
	}
	printf("no SIGTERM in 10 minutes %llu\n", (unsigned long long)(x & 1));
	return 99;
}

static volatile sig_atomic_t io_count, io_code, io_fd;
static volatile long io_band;

/* Input only: the FIFO's write side, which it holds too, says POLL_OUT. */
static void on_io(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	if (si->si_code != POLL_IN)
		return;
	io_code = si->si_code;
	io_fd = si->si_fd;
	io_band = si->si_band;
	io_count++;
	mark('I');
}

static int mode_sigio(const char *go, const char *fifo)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct sigaction sa;
	char buf[64];
	int fd, seen, i;
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_io;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGRTMIN + 3, &sa, NULL);
	fd = open(fifo, O_RDWR | O_NONBLOCK);
	if (fd < 0 || fcntl(fd, F_SETOWN, getpid()) ||
	    fcntl(fd, F_SETSIG, SIGRTMIN + 3) ||
	    fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK | O_ASYNC)) {
		perror(fifo);
		return 1;
	}
	printf("started\n");
	wait_for_file(go, 20);
	printf("waiting...\n");
	for (seen = 0; seen < 2; seen++) {
		for (i = 0; i < 1500 && io_count == seen; i++)
			nanosleep(&ts, NULL);
		if (io_count == seen) {
			printf("no signal within 30 s\n");
			return 1;
		}
		n = read(fd, buf, sizeof(buf));
		printf("signal %d: SIGRTMIN+3, code %s, fd %s, band %s; read %zd\n",
		       seen + 1, io_code == POLL_IN ? "POLL_IN" : "other",
		       io_fd == fd ? "the FIFO's" : "another",
		       (io_band & POLLIN) ? "POLLIN" : "other", n);
	}
	return 0;
}

static int mode_queue(pid_t pid, const char *name, int value)
{
	union sigval v = { .sival_int = value };
	int sig = strncmp(name, "rtmin+", 6) ? atoi(name) :
					       SIGRTMIN + atoi(name + 6);

	if (sigqueue(pid, sig, v)) {
		perror("sigqueue");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "usr1"))
		return mode_usr1(argv[2], atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "stop"))
		return mode_stop(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "int"))
		return mode_int(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "block"))
		return mode_block(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "read"))
		return mode_read(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "home"))
		return mode_home(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "sigio"))
		return mode_sigio(argv[2], argv[3]);
	if (argc == 2 && !strcmp(argv[1], "daemon"))
		return mode_daemon();
	if (argc == 5 && !strcmp(argv[1], "queue"))
		return mode_queue(atoi(argv[2]), argv[3], atoi(argv[4]));
	fprintf(stderr, "usage: mosix-sig usr1 GO N | stop GO FIN | int GO | block GO | read GO FIFO | home GO | daemon | sigio GO FIFO | queue PID SIG VALUE\n");
	return 2;
}
