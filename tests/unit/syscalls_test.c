// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the system call classifier and planner (kernel/syscalls.c),
 * which is included here so that its sizes, constants and table can be
 * checked against the userspace headers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <asm/termbits.h>	/* the kernel's struct termios, 36 bytes */
#include <linux/futex.h>
#include <linux/limits.h>
#include <linux/openat2.h>
#include "syscalls.c"
#include "tap.h"

#define MAXR	MOSIX_REGIONS_MAX

static struct mosix_region r[MAXR];
static u64 out[6];

/* Guest memory is this process's memory; a NULL ctx makes every read fail. */
struct fake {
	const void *base;
	size_t size;
	int reads;
};

static int fake_read(void *ctx, u64 addr, void *buf, u32 len)
{
	struct fake *f = ctx;
	u64 base;

	if (!f)
		return -EFAULT;
	base = (uintptr_t)f->base;
	if (addr < base || addr - base > f->size || len > f->size - (addr - base))
		return -EFAULT;
	f->reads++;
	memcpy(buf, (const void *)(uintptr_t)addr, len);
	return 0;
}

static u64 p(const void *ptr)
{
	return (uintptr_t)ptr;
}

static enum mosix_sys_class cls(u32 nr, u64 a0, u64 a1, u64 a2, u64 a3)
{
	const u64 args[6] = { a0, a1, a2, a3 };

	return mosix_syscall_class(nr, args);
}

static int plan_f(u32 nr, const u64 args[6], struct fake *f, int max)
{
	return mosix_syscall_plan(nr, args, out, r, max, fake_read, f);
}

static int plan(u32 nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	const u64 args[6] = { a0, a1, a2, a3, a4, a5 };

	return plan_f(nr, args, NULL, MAXR);
}

static int is(const struct mosix_region *x, u8 arg, const void *addr,
	      u32 len, u8 dir)
{
	return x->arg == arg && x->addr == p(addr) && x->len == len &&
	       x->dir == dir && x->out_by_ret == (dir == MOSIX_REGION_OUT);
}

/* ---- numbers, sizes and constants against the userspace headers ---- */

/*
 * The table is indexed by the __NR_* of <asm/unistd_64.h>: a few
 * well-known x86-64 numbers, written out, and their classes.
 */
static void test_numbers(void)
{
	CHECK(__NR_read == 0 && __NR_write == 1 && __NR_mmap == 9 &&
	      __NR_clone == 56 && __NR_execve == 59 && __NR_exit == 60 &&
	      __NR_exit_group == 231 && __NR_epoll_pwait2 == 441,
	      "<asm/unistd_64.h> has the x86-64 numbers");
	CHECK(cls(0, 3, 0, 1, 0) == MOSIX_SYS_FORWARD &&
	      cls(1, 3, 0, 1, 0) == MOSIX_SYS_FORWARD,
	      "0 and 1 (read, write) are forwarded");
	CHECK(cls(9, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS) ==
	      MOSIX_SYS_LOCAL &&
	      cls(9, 0, 4096, PROT_READ, MAP_SHARED) == MOSIX_SYS_HOME,
	      "9 (mmap) is local for private anonymous memory only");
	CHECK(cls(56, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(59, 0, 0, 0, 0) == MOSIX_SYS_HOME,
	      "56 and 59 (clone, execve) go home");
	CHECK(cls(60, 0, 0, 0, 0) == MOSIX_SYS_EXIT &&
	      cls(231, 0, 0, 0, 0) == MOSIX_SYS_EXIT,
	      "60 and 231 (exit, exit_group) are exits");
	CHECK(cls(441, 3, 0, 1, 0) == MOSIX_SYS_FORWARD,
	      "441 (epoll_pwait2) is forwarded");
}

static void test_sizes(void)
{
	CHECK(SIZE_STAT == sizeof(struct stat), "struct stat");
	CHECK(SIZE_STATX == sizeof(struct statx), "struct statx");
	CHECK(SIZE_STATFS == sizeof(struct statfs), "struct statfs");
	CHECK(SIZE_UTSNAME == sizeof(struct utsname), "struct utsname");
	CHECK(SIZE_RUSAGE == sizeof(struct rusage), "struct rusage");
	CHECK(SIZE_SYSINFO == sizeof(struct sysinfo), "struct sysinfo");
	CHECK(SIZE_TIMES == sizeof(struct tms), "struct tms");
	CHECK(SIZE_RLIMIT == sizeof(struct rlimit), "struct rlimit");
	CHECK(SIZE_POLLFD == sizeof(struct pollfd), "struct pollfd");
	CHECK(SIZE_TIMESPEC == sizeof(struct timespec), "struct timespec");
	CHECK(SIZE_TIMEVAL == sizeof(struct timeval), "struct timeval");
	CHECK(SIZE_ITIMERVAL == sizeof(struct itimerval), "struct itimerval");
	CHECK(MOSIX_ITIMER_VIRTUAL == ITIMER_VIRTUAL &&
	      MOSIX_ITIMER_PROF == ITIMER_PROF, "the CPU itimers' numbers");
	CHECK(SIZE_ITIMERSPEC == sizeof(struct itimerspec),
	      "struct itimerspec");
	CHECK(SIZE_FLOCK == sizeof(struct flock), "struct flock");
	CHECK(SIZE_F_OWNER_EX == sizeof(struct f_owner_ex),
	      "struct f_owner_ex");
	CHECK(SIZE_TERMIOS == sizeof(struct termios) && SIZE_TERMIOS == 36,
	      "the kernel's struct termios is 36 bytes");
	CHECK(SIZE_WINSIZE == sizeof(struct winsize), "struct winsize");
	CHECK(SIZE_SOCKADDR == sizeof(struct sockaddr_storage),
	      "struct sockaddr_storage");
	CHECK(SIZE_SIGINFO == sizeof(siginfo_t), "siginfo_t");
	CHECK(SIZE_SIGSET == (_NSIG - 1) / 8, "the kernel's sigset_t");
	CHECK(SIZE_EPOLL_EVENT == sizeof(struct epoll_event),
	      "struct epoll_event");
	CHECK(SIZE_IOVEC == sizeof(struct iovec), "struct iovec");
	CHECK(SIZE_UTIMBUF == sizeof(struct utimbuf), "struct utimbuf");
	CHECK(SIZE_LOFF == sizeof(off_t) && SIZE_INT == sizeof(int) &&
	      SIZE_FDS == sizeof(int[2]), "loff_t, int, int[2]");
	CHECK(sizeof(struct open_how) <= OPEN_HOW_MAX &&
	      OPEN_HOW_MAX == sysconf(_SC_PAGESIZE), "openat2's usize limit");
	CHECK(MOSIX_PATH_MAX == PATH_MAX, "PATH_MAX");
	CHECK(SELECT_NFDS_MAX == FD_SETSIZE, "FD_SETSIZE");
	CHECK(sizeof(struct mosix_region) == 32, "struct mosix_region is 32");
}

/* The copies of constants that no header shared by both builds has */
static void test_constants(void)
{
	CHECK(MOSIX_SOL_IP == SOL_IP && MOSIX_SOL_TCP == SOL_TCP &&
	      MOSIX_SOL_UDP == IPPROTO_UDP && MOSIX_SOL_IPV6 == SOL_IPV6,
	      "socket levels");
	CHECK(MOSIX_TCP_ZEROCOPY_RECEIVE == TCP_ZEROCOPY_RECEIVE,
	      "a TCP option with pointers");
	CHECK(MOSIX_F_DUPFD == F_DUPFD && MOSIX_F_GETFD == F_GETFD &&
	      MOSIX_F_SETFD == F_SETFD && MOSIX_F_GETFL == F_GETFL &&
	      MOSIX_F_SETFL == F_SETFL && MOSIX_F_GETLK == F_GETLK &&
	      MOSIX_F_SETLK == F_SETLK && MOSIX_F_SETLKW == F_SETLKW &&
	      MOSIX_F_SETOWN == F_SETOWN && MOSIX_F_GETOWN == F_GETOWN &&
	      MOSIX_F_SETSIG == F_SETSIG && MOSIX_F_GETSIG == F_GETSIG &&
	      MOSIX_F_SETOWN_EX == F_SETOWN_EX &&
	      MOSIX_F_GETOWN_EX == F_GETOWN_EX &&
	      MOSIX_F_OFD_GETLK == F_OFD_GETLK &&
	      MOSIX_F_OFD_SETLK == F_OFD_SETLK &&
	      MOSIX_F_OFD_SETLKW == F_OFD_SETLKW &&
	      MOSIX_F_SETLEASE == F_SETLEASE && MOSIX_F_GETLEASE == F_GETLEASE &&
	      MOSIX_F_NOTIFY == F_NOTIFY &&
	      MOSIX_F_DUPFD_CLOEXEC == F_DUPFD_CLOEXEC &&
	      MOSIX_F_SETPIPE_SZ == F_SETPIPE_SZ &&
	      MOSIX_F_GETPIPE_SZ == F_GETPIPE_SZ &&
	      MOSIX_F_ADD_SEALS == F_ADD_SEALS &&
	      MOSIX_F_GET_SEALS == F_GET_SEALS, "fcntl commands");
}

/* ---- classes ---- */

static void test_classes(void)
{
	const u64 zero[6] = { 0 };

	CHECK(cls(SYS_read, 0, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_openat, 0, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_getpid, 0, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_wait4, 0, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_kill, 0, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_uname, 0, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_prlimit64, 0, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_alarm, 0, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_setitimer, ITIMER_REAL, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_getitimer, ITIMER_REAL, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_setitimer, 3, 0, 0, 0) == MOSIX_SYS_FORWARD &&
	      cls(SYS_setitimer, -1, 0, 0, 0) == MOSIX_SYS_FORWARD,
	      "files, pids, limits and real-time timers are forwarded");
	CHECK(cls(SYS_setitimer, ITIMER_VIRTUAL, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_setitimer, ITIMER_PROF, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_getitimer, ITIMER_VIRTUAL, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_getitimer, ITIMER_PROF, 0, 0, 0) == MOSIX_SYS_LOCAL,
	      "CPU itimers count where the process runs");
	CHECK(cls(SYS_brk, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_munmap, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_mprotect, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_rt_sigaction, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_rt_sigprocmask, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_rt_sigreturn, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_nanosleep, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_getrandom, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_arch_prctl, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_rseq, 0, 0, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_restart_syscall, 0, 0, 0, 0) == MOSIX_SYS_LOCAL,
	      "memory, signal state and time are local");
	CHECK(cls(SYS_exit, 0, 0, 0, 0) == MOSIX_SYS_EXIT &&
	      cls(SYS_exit_group, 0, 0, 0, 0) == MOSIX_SYS_EXIT, "exits");
	CHECK(cls(SYS_fork, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_vfork, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_clone, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_clone3, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_execve, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_execveat, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_ptrace, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_shmat, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_shmget, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_io_uring_setup, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_bpf, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_sendmsg, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_recvmsg, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_set_tid_address, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_setuid, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_prctl, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_signalfd4, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_timer_create, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_clock_settime, 0, 0, 0, 0) == MOSIX_SYS_HOME,
	      "process creation, exec, shared memory and others go home");
	CHECK(cls(451, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(100000, 0, 0, 0, 0) == MOSIX_SYS_HOME &&
	      mosix_syscall_class(0xffffffff, zero) == MOSIX_SYS_HOME,
	      "unknown numbers go home");
	CHECK(cls(SYS_sched_getaffinity, 0, 128, 1, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_sched_getaffinity, 77, 128, 1, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_get_robust_list, 0, 1, 2, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_get_robust_list, 77, 1, 2, 0) == MOSIX_SYS_HOME,
	      "own affinity and robust list are local, others' home");
}

static void test_mmap(void)
{
	u64 anon = MAP_PRIVATE | MAP_ANONYMOUS;

	CHECK(cls(SYS_mmap, 0, 4096, PROT_READ, anon) == MOSIX_SYS_LOCAL,
	      "private anonymous mmap is local");
	CHECK(cls(SYS_mmap, 0, 4096, PROT_READ,
		  anon | MAP_FIXED | MAP_NORESERVE | MAP_STACK) ==
	      MOSIX_SYS_LOCAL, "with MAP_FIXED etc. too");
	CHECK(cls(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS) ==
	      MOSIX_SYS_HOME, "shared anonymous mmap goes home");
	CHECK(cls(SYS_mmap, 0, 4096, PROT_READ,
		  MAP_SHARED_VALIDATE | MAP_ANONYMOUS) == MOSIX_SYS_HOME,
	      "MAP_SHARED_VALIDATE anonymous goes home");
	CHECK(cls(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE) == MOSIX_SYS_HOME,
	      "private file mmap goes home");
	CHECK(cls(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED) == MOSIX_SYS_HOME,
	      "shared file mmap goes home");
	CHECK(cls(SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS) ==
	      MOSIX_SYS_HOME, "an mmap without a type goes home");
}

static void test_futex_clock(void)
{
	clockid_t pc, tc;

	CHECK(cls(SYS_futex, 0, FUTEX_WAIT_PRIVATE, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_futex, 0, FUTEX_WAKE_PRIVATE, 0, 0) == MOSIX_SYS_LOCAL &&
	      cls(SYS_futex, 0, FUTEX_WAIT_BITSET_PRIVATE |
		  FUTEX_CLOCK_REALTIME, 0, 0) == MOSIX_SYS_LOCAL,
	      "private futexes are local");
	CHECK(cls(SYS_futex, 0, FUTEX_WAIT, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_futex, 0, FUTEX_WAKE, 0, 0) == MOSIX_SYS_HOME,
	      "shared futexes go home");
	CHECK(cls(SYS_futex, 0, FUTEX_LOCK_PI_PRIVATE, 0, 0) ==
	      MOSIX_SYS_HOME &&
	      cls(SYS_futex, 0, FUTEX_UNLOCK_PI_PRIVATE, 0, 0) ==
	      MOSIX_SYS_HOME &&
	      cls(SYS_futex, 0, FUTEX_TRYLOCK_PI_PRIVATE, 0, 0) ==
	      MOSIX_SYS_HOME &&
	      cls(SYS_futex, 0, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, 0) ==
	      MOSIX_SYS_HOME &&
	      cls(SYS_futex, 0, FUTEX_CMP_REQUEUE_PI_PRIVATE, 0, 0) ==
	      MOSIX_SYS_HOME &&
	      cls(SYS_futex, 0, FUTEX_LOCK_PI2 | FUTEX_PRIVATE_FLAG, 0, 0) ==
	      MOSIX_SYS_HOME, "PI futexes (owner TIDs) go home");

	CHECK(cls(SYS_clock_gettime, CLOCK_MONOTONIC, 0, 0, 0) ==
	      MOSIX_SYS_LOCAL &&
	      cls(SYS_clock_gettime, CLOCK_REALTIME, 0, 0, 0) ==
	      MOSIX_SYS_LOCAL &&
	      cls(SYS_clock_nanosleep, CLOCK_BOOTTIME, 0, 0, 0) ==
	      MOSIX_SYS_LOCAL &&
	      cls(SYS_clock_getres, CLOCK_PROCESS_CPUTIME_ID, 0, 0, 0) ==
	      MOSIX_SYS_LOCAL, "system clocks and own CPU time are local");
	CHECK(!clock_getcpuclockid(getpid(), &pc) &&
	      !pthread_getcpuclockid(pthread_self(), &tc) &&
	      cls(SYS_clock_gettime, (u32)pc, 0, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_clock_gettime, (u32)tc, 0, 0, 0) == MOSIX_SYS_HOME,
	      "CPU clocks of a pid or tid go home");
	CHECK(cls(SYS_clock_gettime, (u32)(~0U << 3 | 2), 0, 0, 0) ==
	      MOSIX_SYS_LOCAL &&
	      cls(SYS_clock_gettime, (u32)(~0U << 3 | 6), 0, 0, 0) ==
	      MOSIX_SYS_LOCAL, "CPU clocks of pid 0 (self) are local");
	CHECK(cls(SYS_clock_gettime, (u32)(~3U << 3 | 3), 0, 0, 0) ==
	      MOSIX_SYS_HOME, "a dynamic clock (fd 3) goes home");
}

static void test_fcntl_ioctl(void)
{
	struct flock fl;
	struct winsize ws;
	int v = 1;

	CHECK(plan(SYS_fcntl, 3, F_GETFL, 0, 0, 0, 0) == 0 &&
	      plan(SYS_fcntl, 3, F_SETFL, O_NONBLOCK, 0, 0, 0) == 0 &&
	      plan(SYS_fcntl, 3, F_DUPFD_CLOEXEC, 10, 0, 0, 0) == 0 &&
	      plan(SYS_fcntl, 3, F_SETFD, FD_CLOEXEC, 0, 0, 0) == 0,
	      "fcntl with integer arguments: no region");
	CHECK(plan(SYS_fcntl, 3, F_GETLK, p(&fl), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &fl, 32, MOSIX_REGION_INOUT),
	      "F_GETLK: struct flock INOUT");
	CHECK(plan(SYS_fcntl, 3, F_SETLKW, p(&fl), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &fl, 32, MOSIX_REGION_IN) &&
	      plan(SYS_fcntl, 3, F_OFD_SETLK, p(&fl), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &fl, 32, MOSIX_REGION_IN) &&
	      plan(SYS_fcntl, 3, F_OFD_GETLK, p(&fl), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &fl, 32, MOSIX_REGION_INOUT),
	      "F_SETLKW, F_OFD_*: struct flock");
	CHECK(plan(SYS_fcntl, 3, F_GETOWN_EX, p(&v), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &v, 8, MOSIX_REGION_INOUT),
	      "F_GETOWN_EX: struct f_owner_ex INOUT");
	CHECK(plan(SYS_fcntl, 3, F_SETLK, 0, 0, 0, 0) == 0,
	      "F_SETLK with NULL: no region (fails at home as here)");
	CHECK(cls(SYS_fcntl, 3, 17 /* F_GETOWNER_UIDS */, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_fcntl, 3, F_SET_RW_HINT, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_fcntl, 3, 999, 0, 0) == MOSIX_SYS_HOME,
	      "other fcntl commands go home");
	CHECK(cls(SYS_fcntl, 3, (1ULL << 32) | F_GETFL, 0, 0) ==
	      MOSIX_SYS_FORWARD, "the command is an unsigned int");

	CHECK(plan(SYS_ioctl, 0, TCGETS, p(&fl), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &fl, 36, MOSIX_REGION_INOUT),
	      "TCGETS: 36-byte kernel termios INOUT");
	CHECK(plan(SYS_ioctl, 0, TCSETSF, p(&fl), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &fl, 36, MOSIX_REGION_IN), "TCSETSF: termios IN");
	CHECK(plan(SYS_ioctl, 0, TIOCGWINSZ, p(&ws), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &ws, 8, MOSIX_REGION_INOUT) &&
	      plan(SYS_ioctl, 0, TIOCSWINSZ, p(&ws), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &ws, 8, MOSIX_REGION_IN), "window size");
	CHECK(plan(SYS_ioctl, 0, TIOCGPGRP, p(&v), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &v, 4, MOSIX_REGION_INOUT) &&
	      plan(SYS_ioctl, 0, FIONREAD, p(&v), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &v, 4, MOSIX_REGION_INOUT) &&
	      plan(SYS_ioctl, 0, FIONBIO, p(&v), 0, 0, 0) == 1 &&
	      is(&r[0], 2, &v, 4, MOSIX_REGION_IN), "int ioctls");
	CHECK(plan(SYS_ioctl, 0, FIOCLEX, 0, 0, 0, 0) == 0 &&
	      plan(SYS_ioctl, 0, FIONCLEX, 0, 0, 0, 0) == 0,
	      "FIOCLEX, FIONCLEX: no region");
	CHECK(cls(SYS_ioctl, 0, TIOCSTI, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_ioctl, 0, SIOCGIFCONF, 0, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_ioctl, 0, 0xc0189436, 0, 0) == MOSIX_SYS_HOME,
	      "other ioctls go home");
}

/* ---- plans ---- */

static void test_plan_rw(void)
{
	char buf[64];

	CHECK(plan(SYS_read, 3, p(buf), 64, 0, 0, 0) == 1 &&
	      is(&r[0], 1, buf, 64, MOSIX_REGION_OUT) && out[2] == 64,
	      "read: one OUT region, copied back by ret");
	CHECK(plan(SYS_write, 3, p(buf), 5, 0, 0, 0) == 1 &&
	      is(&r[0], 1, buf, 5, MOSIX_REGION_IN) && !r[0].str,
	      "write: one IN region");
	CHECK(plan(SYS_pread64, 3, p(buf), 10, 1000, 0, 0) == 1 &&
	      is(&r[0], 1, buf, 10, MOSIX_REGION_OUT) && out[3] == 1000,
	      "pread64 keeps its offset");
	CHECK(plan(SYS_read, 3, p(buf), 10ULL << 30, 0, 0, 0) == 1 &&
	      r[0].len == MOSIX_BUF_MAX && out[2] == MOSIX_BUF_MAX,
	      "a huge read is clamped, count too");
	CHECK(plan(SYS_write, 3, p(buf), ~0ULL, 0, 0, 0) == 1 &&
	      r[0].len == MOSIX_BUF_MAX && out[2] == MOSIX_BUF_MAX,
	      "a huge write is clamped");
	CHECK(plan(SYS_read, 3, p(buf), 0, 0, 0, 0) == 0 && out[2] == 0 &&
	      plan(SYS_read, 3, 0, 100, 0, 0, 0) == 0 && out[2] == 100,
	      "zero count or NULL buffer: no region, arguments unchanged");
	CHECK(plan(SYS_getdents64, 3, p(buf), (1ULL << 32) | 64, 0, 0, 0) ==
	      1 && r[0].len == 64 && r[0].out_by_ret,
	      "getdents64's count is an unsigned int");
	CHECK(plan(SYS_getdents64, 3, p(buf), 1U << 30, 0, 0, 0) == 1 &&
	      r[0].len == MOSIX_BUF_MAX && out[2] == MOSIX_BUF_MAX,
	      "getdents64 clamped");
	CHECK(plan(SYS_readlink, p("/x"), p(buf), 100000, 0, 0, 0) == 2 &&
	      r[0].str && r[0].len == MOSIX_PATH_MAX &&
	      is(&r[1], 1, buf, MOSIX_PATH_MAX, MOSIX_REGION_OUT) &&
	      out[2] == MOSIX_PATH_MAX, "readlink clamped to PATH_MAX");
	CHECK(plan(SYS_readlink, p("/x"), p(buf), -1, 0, 0, 0) == 1 &&
	      out[2] == ~0ULL, "readlink with a negative size: no buffer");
	CHECK(plan(SYS_getcwd, p(buf), 64, 0, 0, 0, 0) == 1 &&
	      is(&r[0], 0, buf, 64, MOSIX_REGION_OUT), "getcwd");
	CHECK(plan(SYS_getxattr, p("/x"), p("user.a"), p(buf), 1 << 20, 0, 0)
	      == 3 && r[2].len == XATTR_SIZE_MAX && out[3] == XATTR_SIZE_MAX,
	      "getxattr clamped to XATTR_SIZE_MAX");
	CHECK(plan(SYS_setxattr, p("/x"), p("user.a"), p(buf), 10, 0, 0) == 3
	      && is(&r[2], 2, buf, 10, MOSIX_REGION_IN) &&
	      plan(SYS_setxattr, p("/x"), p("user.a"), p(buf), 70000, 0, 0) ==
	      -MOSIX_E2BIG, "setxattr: value IN, too long goes home");
}

static void test_plan_paths(void)
{
	const char *path = "/etc/passwd";
	struct stat st;
	struct timespec ts[2];

	CHECK(plan(SYS_openat, AT_FDCWD, p(path), O_RDONLY, 0, 0, 0) == 1 &&
	      is(&r[0], 1, path, MOSIX_PATH_MAX, MOSIX_REGION_IN) && r[0].str,
	      "openat: the path, a string of at most PATH_MAX");
	CHECK(plan(SYS_newfstatat, AT_FDCWD, p(path), p(&st), 0, 0, 0) == 2 &&
	      is(&r[0], 1, path, MOSIX_PATH_MAX, MOSIX_REGION_IN) &&
	      r[0].str && is(&r[1], 2, &st, 144, MOSIX_REGION_INOUT) &&
	      !r[1].str, "newfstatat: path and struct stat INOUT");
	CHECK(plan(SYS_renameat2, AT_FDCWD, p(path), AT_FDCWD, p("/b"), 0, 0)
	      == 2 && r[0].arg == 1 && r[1].arg == 3 && r[0].str && r[1].str,
	      "renameat2: two paths");
	CHECK(plan(SYS_utimensat, 3, 0, 0, 0, 0, 0) == 0,
	      "utimensat(fd, NULL, NULL): no region");
	CHECK(plan(SYS_utimensat, AT_FDCWD, p(path), p(ts), 0, 0, 0) == 2 &&
	      is(&r[1], 2, ts, 32, MOSIX_REGION_IN), "utimensat with times");
	CHECK(plan(SYS_statx, AT_FDCWD, p(path), 0, 0x7ff, p(&st), 0) == 2 &&
	      r[1].arg == 4 && r[1].len == 256, "statx");
	CHECK(plan(SYS_openat2, AT_FDCWD, p(path), p(ts), 24, 0, 0) == 2 &&
	      is(&r[1], 2, ts, 24, MOSIX_REGION_IN) &&
	      plan(SYS_openat2, AT_FDCWD, p(path), p(ts), 8192, 0, 0) ==
	      -MOSIX_E2BIG, "openat2: struct open_how of usize");
}

static void test_plan_wait_poll(void)
{
	struct rusage ru;
	struct pollfd fds[3];
	struct timespec ts;
	u64 mask = 0;
	int status;

	CHECK(plan(SYS_wait4, -1ULL, 0, 0, 0, 0, 0) == 0,
	      "wait4 with NULL status and rusage: no region");
	CHECK(plan(SYS_wait4, -1ULL, p(&status), 0, 0, 0, 0) == 1 &&
	      is(&r[0], 1, &status, 4, MOSIX_REGION_INOUT), "wait4 status");
	CHECK(plan(SYS_wait4, -1ULL, 0, 0, p(&ru), 0, 0) == 1 &&
	      is(&r[0], 3, &ru, 144, MOSIX_REGION_INOUT), "wait4 rusage");
	CHECK(plan(SYS_wait4, -1ULL, p(&status), 0, p(&ru), 0, 0) == 2,
	      "wait4 with both");
	CHECK(plan(SYS_waitid, P_ALL, 0, p(&ts), WEXITED, 0, 0) == 1 &&
	      is(&r[0], 2, &ts, 128, MOSIX_REGION_INOUT), "waitid siginfo");

	CHECK(plan(SYS_poll, p(fds), 3, 1000, 0, 0, 0) == 1 &&
	      is(&r[0], 0, fds, 24, MOSIX_REGION_INOUT), "poll: nfds * 8 INOUT");
	CHECK(plan(SYS_poll, p(fds), 0, 1000, 0, 0, 0) == 0 &&
	      plan(SYS_poll, 0, 5, 1000, 0, 0, 0) == 0,
	      "poll of nothing: no region");
	CHECK(plan(SYS_poll, p(fds), (1ULL << 32) | 2, 0, 0, 0, 0) == 1 &&
	      r[0].len == 16, "poll's nfds is an unsigned int");
	CHECK(plan(SYS_poll, p(fds), 200000, 0, 0, 0, 0) == -MOSIX_E2BIG &&
	      plan(SYS_poll, p(fds), 0xffffffff, 0, 0, 0, 0) == -MOSIX_E2BIG,
	      "poll of too many fds goes home (nfds cannot be clamped)");
	CHECK(plan(SYS_ppoll, p(fds), 3, p(&ts), p(&mask), 8, 0) == 3 &&
	      is(&r[0], 0, fds, 24, MOSIX_REGION_INOUT) &&
	      is(&r[1], 2, &ts, 16, MOSIX_REGION_INOUT) &&
	      is(&r[2], 3, &mask, 8, MOSIX_REGION_IN),
	      "ppoll: fds, timeout INOUT, sigmask IN");
	CHECK(plan(SYS_ppoll, p(fds), 3, 0, p(&mask), 16, 0) == 1,
	      "ppoll with a bad sigsetsize: no sigmask region");
}

static void test_plan_select(void)
{
	fd_set rd, wr, ex;
	struct timeval tv;
	struct timespec ts;
	u64 mask = 0, pair[2] = { p(&mask), 8 };
	struct fake f = { .base = pair, .size = sizeof(pair) };
	u64 a[6] = { 5, p(&rd), 0, p(&ex), p(&tv), 0 };
	int n;

	CHECK(plan(SYS_select, 5, p(&rd), 0, p(&ex), p(&tv), 0) == 3 &&
	      is(&r[0], 1, &rd, 8, MOSIX_REGION_INOUT) &&
	      is(&r[1], 3, &ex, 8, MOSIX_REGION_INOUT) &&
	      is(&r[2], 4, &tv, 16, MOSIX_REGION_INOUT),
	      "select: non-NULL sets of (nfds + 63) / 64 * 8 bytes, timeout");
	CHECK(plan(SYS_select, 1024, p(&rd), p(&wr), p(&ex), 0, 0) == 3 &&
	      r[0].len == 128 && r[1].len == 128 && r[2].len == 128 &&
	      r[1].arg == 2, "select of FD_SETSIZE fds");
	CHECK(plan(SYS_select, 65, p(&rd), 0, 0, 0, 0) == 1 && r[0].len == 16,
	      "select rounds up to longs");
	CHECK(plan(SYS_select, 0, 0, 0, 0, p(&tv), 0) == 1 && r[0].arg == 4,
	      "select as a sleep: the timeout only");
	CHECK(plan(SYS_select, 1025, p(&rd), 0, 0, 0, 0) == -MOSIX_E2BIG,
	      "select beyond FD_SETSIZE goes home");
	CHECK(plan(SYS_select, -1ULL, p(&rd), 0, 0, 0, 0) == 0,
	      "select with a negative nfds fails at home without a region");

	a[4] = p(&ts);
	a[5] = p(pair);
	n = plan_f(SYS_pselect6, a, &f, MAXR);	/* CHECK evaluates twice */
	CHECK(n == 5 && is(&r[2], 4, &ts, 16, MOSIX_REGION_INOUT) &&
	      is(&r[3], 5, pair, 16, MOSIX_REGION_IN) &&
	      r[4].arg == MOSIX_REGION_NESTED && r[4].parent == 3 &&
	      r[4].slot == 0 && r[4].addr == p(&mask) && r[4].len == 8 &&
	      r[4].dir == MOSIX_REGION_IN && f.reads == 1,
	      "pselect6: sets, timespec, sigset pair and its sigset nested");
	pair[1] = 16;
	CHECK(plan_f(SYS_pselect6, a, &f, MAXR) == 4,
	      "pselect6 with a bad sigset size: the pair only");
	pair[0] = 0;
	pair[1] = 8;
	CHECK(plan_f(SYS_pselect6, a, &f, MAXR) == 4,
	      "pselect6 with a NULL sigset: the pair only");
	CHECK(plan_f(SYS_pselect6, a, NULL, MAXR) == -MOSIX_EFAULT,
	      "pselect6 with an unreadable pair: -EFAULT");
}

static void test_plan_iovec(void)
{
	char a[10], b[20], c[30];
	struct iovec iov[3] = { { a, 10 }, { b, 0 }, { c, 20 } };
	struct iovec big[3] = { { a, 700000 }, { b, 700000 }, { c, 700000 } };
	struct iovec many[70];
	struct fake f = { .base = iov, .size = sizeof(iov) };
	u64 args[6] = { 3, p(iov), 3 };
	int i, n;
	u32 sum;

	CHECK(plan_f(SYS_readv, args, &f, MAXR) == 3 &&
	      is(&r[0], 1, iov, 48, MOSIX_REGION_IN) && !r[0].out_by_ret,
	      "readv: the iovec array IN");
	CHECK(r[1].arg == MOSIX_REGION_NESTED && r[1].parent == 0 &&
	      r[1].slot == 0 && r[1].addr == p(a) && r[1].len == 10 &&
	      r[1].dir == MOSIX_REGION_OUT && r[1].out_by_ret &&
	      r[2].arg == MOSIX_REGION_NESTED && r[2].parent == 0 &&
	      r[2].slot == 2 && r[2].addr == p(c) && r[2].len == 20 &&
	      r[2].out_by_ret && out[2] == 3,
	      "readv: a nested OUT region per non-empty iovec");
	CHECK(plan_f(SYS_writev, args, &f, MAXR) == 3 &&
	      r[1].dir == MOSIX_REGION_IN && !r[1].out_by_ret &&
	      r[2].dir == MOSIX_REGION_IN, "writev: nested IN regions");
	args[0] = 3;
	args[3] = 4096;
	args[5] = RWF_NOWAIT;
	CHECK(plan_f(SYS_preadv2, args, &f, MAXR) == 3 && out[3] == 4096 &&
	      out[5] == RWF_NOWAIT, "preadv2 keeps offset and flags");

	f.base = big;
	f.size = sizeof(big);
	args[1] = p(big);
	n = plan_f(SYS_writev, args, &f, MAXR);
	for (sum = 0, i = 0; i < n; i++)
		sum += r[i].len;
	CHECK(n == 3 && r[0].len == 32 && r[1].len == 700000 &&
	      r[2].len == MOSIX_BUF_MAX - 48 - 700000 && out[2] == 2 &&
	      sum == MOSIX_BUF_MAX - 16,
	      "writev too big: the last iovec clamped, iovcnt cut to 2");

	for (i = 0; i < 70; i++) {
		many[i].iov_base = a;
		many[i].iov_len = 1;
	}
	f.base = many;
	f.size = sizeof(many);
	args[1] = p(many);
	args[2] = MOSIX_REGIONS_MAX - 1;
	CHECK(plan_f(SYS_writev, args, &f, MAXR) == MOSIX_REGIONS_MAX,
	      "writev of 63 iovecs fits in 64 regions");
	args[2] = MOSIX_REGIONS_MAX;
	CHECK(plan_f(SYS_writev, args, &f, MAXR) == -MOSIX_E2BIG,
	      "writev of 64 iovecs goes home");
	args[2] = 1024;
	CHECK(plan_f(SYS_readv, args, &f, MAXR) == -MOSIX_E2BIG &&
	      plan_f(SYS_readv, args, &f, 4) == -MOSIX_E2BIG,
	      "iovcnt too big goes home");
	args[2] = 3;
	CHECK(plan_f(SYS_readv, args, &f, 4) == 4 &&
	      plan_f(SYS_readv, args, &f, 3) == -MOSIX_E2BIG,
	      "the regions needed must fit in max");
	args[2] = 70;
	CHECK(plan_f(SYS_readv, args, NULL, MAXR) == -MOSIX_E2BIG,
	      "iovcnt too big goes home before reading it");
	args[2] = 3;
	CHECK(plan_f(SYS_readv, args, NULL, MAXR) == -MOSIX_EFAULT,
	      "an unreadable iovec array: -EFAULT");
	args[1] = p(many) + sizeof(many) - 16;
	CHECK(plan_f(SYS_readv, args, &f, MAXR) == -MOSIX_EFAULT,
	      "an iovec array crossing into unreadable memory: -EFAULT");
	many[1].iov_len = 1ULL << 63;
	args[1] = p(many);
	CHECK(plan_f(SYS_readv, args, &f, MAXR) == -MOSIX_E2BIG,
	      "an iovec of negative length goes home (the kernel fails it)");
	args[1] = 0;
	CHECK(plan_f(SYS_readv, args, &f, MAXR) == 0,
	      "readv of a NULL array: no region");
	args[1] = p(many);
	args[2] = 0;
	CHECK(plan_f(SYS_readv, args, &f, MAXR) == 0, "readv of 0 iovecs");
	for (i = 0; i < 10; i++)
		many[i].iov_len = 300000;
	many[1].iov_base = NULL;
	args[2] = 10;
	CHECK(plan_f(SYS_readv, args, &f, MAXR) == 5 && r[0].len == 64 &&
	      r[2].addr == 0 && r[2].slot == 1 && r[4].slot == 3 &&
	      r[4].len == MOSIX_BUF_MAX - 160 - 900000 && out[2] == 4,
	      "readv: a NULL base gets its region (copying it faults)");
}

static void test_plan_socket(void)
{
	struct sockaddr_storage ss;
	char buf[100];
	u32 len = 16;
	struct fake f = { .base = &len, .size = sizeof(len) };
	u64 args[6] = { 3, p(&ss), p(&len) };

	CHECK(plan_f(SYS_accept, args, &f, MAXR) == 2 &&
	      is(&r[0], 2, &len, 4, MOSIX_REGION_INOUT) && r[0].len_word &&
	      r[0].word_max == 16 &&
	      is(&r[1], 1, &ss, 16, MOSIX_REGION_INOUT) && !r[1].len_word,
	      "accept: the socklen word, then the sockaddr of that length");
	len = 1000;
	CHECK(plan_f(SYS_accept4, args, &f, MAXR) == 2 &&
	      r[0].word_max == 128 && r[1].len == 128,
	      "accept4 with a long addrlen: clamped to sockaddr_storage");
	len = 0;
	CHECK(plan_f(SYS_accept, args, &f, MAXR) == 1 && r[0].word_max == 0,
	      "accept with addrlen 0: the word only");
	len = -1;
	CHECK(plan_f(SYS_accept, args, &f, MAXR) == -MOSIX_E2BIG,
	      "accept with a negative addrlen goes home");
	len = 16;
	CHECK(plan_f(SYS_accept, args, NULL, MAXR) == -MOSIX_EFAULT,
	      "accept with an unreadable addrlen: -EFAULT");
	args[1] = 0;
	f.reads = 0;
	CHECK(plan_f(SYS_accept, args, &f, MAXR) == 0 && !f.reads,
	      "accept without a sockaddr: no region, addrlen unread");
	CHECK(plan_f(SYS_getsockname, args, &f, MAXR) == 1 &&
	      r[0].len_word && r[0].arg == 2,
	      "getsockname without a sockaddr still has the word");

	CHECK(plan(SYS_connect, 3, p(&ss), 16, 0, 0, 0) == 1 &&
	      is(&r[0], 1, &ss, 16, MOSIX_REGION_IN), "connect: sockaddr IN");
	CHECK(plan(SYS_bind, 3, p(&ss), 129, 0, 0, 0) == -MOSIX_E2BIG &&
	      plan(SYS_bind, 3, p(&ss), -1, 0, 0, 0) == 0 &&
	      plan(SYS_bind, 3, p(&ss), 0, 0, 0, 0) == 0,
	      "bind with a bad addrlen fails at home");

	args[0] = 3;
	args[1] = p(buf);
	args[2] = 100;
	args[3] = 0;
	args[4] = p(&ss);
	args[5] = p(&len);
	CHECK(plan_f(SYS_recvfrom, args, &f, MAXR) == 3 &&
	      r[0].arg == 5 && r[0].len_word && r[1].arg == 4 &&
	      r[1].len == 16 && is(&r[2], 1, buf, 100, MOSIX_REGION_OUT),
	      "recvfrom: word, sockaddr, then the buffer OUT by ret");
	args[2] = 2 << 20;
	CHECK(plan_f(SYS_recvfrom, args, &f, MAXR) == -MOSIX_E2BIG,
	      "recvfrom longer than a request goes home (datagrams)");
	CHECK(plan(SYS_sendto, 3, p(buf), 2 << 20, 0, 0, 0) == -MOSIX_E2BIG &&
	      plan(SYS_sendto, 3, p(buf), 50, 0, p(&ss), 16) == 2 &&
	      is(&r[0], 4, &ss, 16, MOSIX_REGION_IN) &&
	      is(&r[1], 1, buf, 50, MOSIX_REGION_IN),
	      "sendto: sockaddr and buffer IN; too long goes home");

	args[0] = 3;
	args[1] = SOL_SOCKET;
	args[2] = SO_RCVBUF;
	args[3] = p(buf);
	args[4] = p(&len);
	len = 4;
	CHECK(plan_f(SYS_getsockopt, args, &f, MAXR) == 2 &&
	      r[0].arg == 4 && r[0].len_word && r[0].word_max == 4 &&
	      is(&r[1], 3, buf, 4, MOSIX_REGION_INOUT),
	      "getsockopt: optlen word and optval INOUT");
	len = 100000;
	CHECK(plan_f(SYS_getsockopt, args, &f, MAXR) == -MOSIX_E2BIG,
	      "getsockopt with a huge optlen goes home");
	CHECK(plan(SYS_setsockopt, 3, SOL_TCP, TCP_NODELAY, p(buf), 4, 0) ==
	      1 && is(&r[0], 3, buf, 4, MOSIX_REGION_IN) &&
	      plan(SYS_setsockopt, 3, SOL_SOCKET, SO_SNDBUF, p(buf), 70000, 0)
	      == -MOSIX_E2BIG &&
	      plan(SYS_setsockopt, 3, SOL_SOCKET, SO_SNDBUF, p(buf), -1, 0)
	      == 0, "setsockopt: optval IN");
	CHECK(cls(SYS_setsockopt, 3, SOL_SOCKET, SO_ATTACH_FILTER, 0) ==
	      MOSIX_SYS_HOME &&
	      cls(SYS_getsockopt, 3, SOL_TCP, TCP_ZEROCOPY_RECEIVE, 0) ==
	      MOSIX_SYS_HOME &&
	      cls(SYS_setsockopt, 3, SOL_IP, 64, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_setsockopt, 3, SOL_PACKET, 5, 0) == MOSIX_SYS_HOME &&
	      cls(SYS_setsockopt, 3, SOL_IPV6, IPV6_V6ONLY, 0) ==
	      MOSIX_SYS_FORWARD &&
	      cls(SYS_setsockopt, 3, IPPROTO_UDP, 100, 0) == MOSIX_SYS_FORWARD,
	      "socket options with pointers or tables go home");
	CHECK(plan(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, p(buf), 0, 0) == 1
	      && is(&r[0], 3, buf, 8, MOSIX_REGION_INOUT), "socketpair");
}

static void test_plan_misc(void)
{
	struct epoll_event ev[4];
	u64 mask = 0;
	gid_t groups[10];
	struct rlimit rl;
	const u64 args[6] = { 0 };
	u64 same[6] = { 3, 0, 1ULL << 40 };

	CHECK(plan(SYS_epoll_wait, 3, p(ev), 4, -1ULL, 0, 0) == 1 &&
	      is(&r[0], 1, ev, 48, MOSIX_REGION_INOUT), "epoll_wait");
	CHECK(plan(SYS_epoll_wait, 3, p(ev), 1000000, 0, 0, 0) == 1 &&
	      r[0].len == MOSIX_BUF_MAX / 12 * 12 &&
	      out[2] == MOSIX_BUF_MAX / 12, "epoll_wait maxevents clamped");
	CHECK(plan(SYS_epoll_wait, 3, p(ev), -1ULL, 0, 0, 0) == 0 &&
	      plan(SYS_epoll_wait, 3, p(ev), 0, 0, 0, 0) == 0,
	      "epoll_wait with a bad maxevents fails at home");
	CHECK(plan(SYS_epoll_pwait, 3, p(ev), 4, 0, p(&mask), 8) == 2 &&
	      is(&r[0], 4, &mask, 8, MOSIX_REGION_IN) && r[1].arg == 1,
	      "epoll_pwait: sigmask, then the events");
	CHECK(plan(SYS_epoll_ctl, 3, EPOLL_CTL_DEL, 4, 0, 0, 0) == 0 &&
	      plan(SYS_epoll_ctl, 3, EPOLL_CTL_ADD, 4, p(ev), 0, 0) == 1 &&
	      is(&r[0], 3, ev, 12, MOSIX_REGION_IN), "epoll_ctl");
	CHECK(plan(SYS_getgroups, 10, p(groups), 0, 0, 0, 0) == 1 &&
	      is(&r[0], 1, groups, 40, MOSIX_REGION_INOUT) &&
	      plan(SYS_getgroups, 0, 0, 0, 0, 0, 0) == 0 &&
	      plan(SYS_getgroups, -1ULL, p(groups), 0, 0, 0, 0) == 0,
	      "getgroups");
	CHECK(plan(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, p(&rl), 0, 0) == 1 &&
	      is(&r[0], 3, &rl, 16, MOSIX_REGION_INOUT) &&
	      plan(SYS_prlimit64, 0, RLIMIT_NOFILE, p(&rl), p(&rl), 0, 0) == 2 &&
	      is(&r[0], 2, &rl, 16, MOSIX_REGION_IN), "prlimit64");
	CHECK(plan(SYS_uname, p(&rl), 0, 0, 0, 0, 0) == 1 &&
	      r[0].len == 390 && plan(SYS_getpid, 0, 0, 0, 0, 0, 0) == 0 &&
	      plan(SYS_close, 3, 0, 0, 0, 0, 0) == 0, "uname, getpid, close");

	CHECK(plan(SYS_brk, 0, 0, 0, 0, 0, 0) == -MOSIX_E2BIG &&
	      plan(SYS_fork, 0, 0, 0, 0, 0, 0) == -MOSIX_E2BIG &&
	      plan(SYS_exit, 0, 0, 0, 0, 0, 0) == -MOSIX_E2BIG &&
	      mosix_syscall_plan(5000, args, out, r, MAXR, fake_read, NULL) ==
	      -MOSIX_E2BIG, "plans of calls that are not FORWARD: -E2BIG");
	CHECK(plan(SYS_ioctl, 0, TIOCSTI, 0, 0, 0, 0) == -MOSIX_E2BIG,
	      "plan of an ioctl that goes home: -E2BIG");
	CHECK(mosix_syscall_plan(SYS_newfstatat, (u64[6]){ 0, p("/"), p(&rl) },
				 out, r, 1, fake_read, NULL) == -MOSIX_E2BIG &&
	      mosix_syscall_plan(SYS_read, (u64[6]){ 0, p(&rl), 8 },
				 out, r, 0, fake_read, NULL) == -MOSIX_E2BIG &&
	      mosix_syscall_plan(SYS_close, args, out, r, 0, fake_read, NULL)
	      == 0, "max regions is obeyed");
	CHECK(mosix_syscall_plan(SYS_read, same, same, r, MAXR, fake_read,
				 NULL) == 0 && same[2] == 1ULL << 40,
	      "args_out may be args");
	same[1] = p(&rl);
	CHECK(mosix_syscall_plan(SYS_read, same, same, r, MAXR, fake_read,
				 NULL) == 1 && same[2] == MOSIX_BUF_MAX,
	      "args_out may be args, and is clamped in place");
}

/* ---- random arguments ---- */

static u64 rng = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static u8 junk[4096];

static u64 rnd_arg(void)
{
	switch (rnd() % 10) {
	case 0:
		return 0;
	case 1:
		return rnd() % 64;
	case 2:
		return rnd() % 2000000;
	case 3:
		return (u64)(long long)(int)rnd();
	case 4:
		return 0x80000000ULL | (rnd() % 100);
	case 5:
		return p(junk) + rnd() % sizeof(junk);
	case 6:
		return rnd() & 0xffffffff;
	case 7:
		return -1ULL - rnd() % 4;
	case 8:
		return MAP_PRIVATE | MAP_ANONYMOUS | (rnd() & 0x3f);
	}
	return rnd();
}

/* Fills with random bytes (small lengths and pointers mostly), or fails. */
static int rnd_read(void *ctx, u64 addr, void *buf, u32 len)
{
	u64 w;
	u32 i;

	(void)ctx;
	(void)addr;
	if (rnd() % 16 == 0)
		return -EFAULT;
	for (i = 0; i < len; i += sizeof(w)) {
		w = rnd_arg();
		memcpy((u8 *)buf + i, &w, len - i < sizeof(w) ? len - i : sizeof(w));
	}
	return 0;
}

static int check_plan(const u64 *args, const u64 *outs,
		      const struct mosix_region *rs, int n, int max)
{
	u64 sum = 0;
	int i;

	if (n > max)
		return 0;
	for (i = 0; i < 6; i++)
		if (outs[i] > args[i])
			return 0;
	for (i = 0; i < n; i++) {
		const struct mosix_region *x = &rs[i];

		sum += x->len;
		if (!x->len || x->len > MOSIX_BUF_MAX || x->dir < 1 ||
		    x->dir > 3 || x->out_by_ret != (x->dir == MOSIX_REGION_OUT))
			return 0;
		if (x->str && (x->len != MOSIX_PATH_MAX ||
			       x->dir != MOSIX_REGION_IN))
			return 0;
		if (x->len_word && (x->len != 4 || x->word_max > 65536 ||
				    x->dir != MOSIX_REGION_INOUT))
			return 0;
		if (x->arg == MOSIX_REGION_NESTED) {
			if (x->parent >= i ||
			    rs[x->parent].arg == MOSIX_REGION_NESTED ||
			    rs[x->parent].dir != MOSIX_REGION_IN ||
			    (x->slot + 1) * 16U > rs[x->parent].len)
				return 0;
		} else if (x->arg > 5 || !x->addr || x->addr != outs[x->arg]) {
			return 0;
		}
	}
	return sum <= MOSIX_BUF_MAX;
}

static void test_random(void)
{
	struct mosix_region *rs;
	u64 args[6], outs[6];
	u32 nr;
	int i, j, n, max, bad = 0, bad_class = 0, forwarded = 0;
	int nested = 0, words = 0, clamped = 0;
	enum mosix_sys_class c;

	for (nr = 0; nr <= 500; nr++) {
		for (i = 0; i < 400; i++) {
			for (j = 0; j < 6; j++)
				args[j] = rnd_arg();
			max = rnd() % 4 ? MAXR : (int)(rnd() % (MAXR + 1));
			c = mosix_syscall_class(nr, args);
			if (c > MOSIX_SYS_EXIT)
				bad_class++;
			/* exactly max regions, so that valgrind sees overruns */
			rs = malloc(max * sizeof(*rs) + 1);
			n = mosix_syscall_plan(nr, args, outs, rs, max,
					       rnd_read, NULL);
			if (c != MOSIX_SYS_FORWARD) {
				bad += n != -MOSIX_E2BIG;
			} else if (n != -MOSIX_E2BIG && n != -MOSIX_EFAULT) {
				forwarded++;
				if (n < 0 || !check_plan(args, outs, rs, n, max)) {
					printf("# bad plan for %u\n", nr);
					bad++;
				}
				for (j = 0; j < n; j++) {
					nested += rs[j].arg == MOSIX_REGION_NESTED;
					words += rs[j].len_word;
				}
				clamped += memcmp(args, outs, sizeof(args)) != 0;
			}
			free(rs);
		}
	}
	CHECK(!bad_class, "random arguments: classes in range");
	CHECK(!bad && forwarded > 10000,
	      "random arguments: %d forwarded plans within every limit",
	      forwarded);
	CHECK(nested > 100 && words > 100 && clamped > 100,
	      "random arguments: %d nested, %d socklen words, %d clamped",
	      nested, words, clamped);
}

int main(void)
{
	test_numbers();
	test_sizes();
	test_constants();
	test_classes();
	test_mmap();
	test_futex_clock();
	test_fcntl_ioctl();
	test_plan_rw();
	test_plan_paths();
	test_plan_wait_poll();
	test_plan_select();
	test_plan_iovec();
	test_plan_socket();
	test_plan_misc();
	test_random();
	return tap_exit();
}
