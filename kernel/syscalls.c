// SPDX-License-Identifier: GPL-2.0
/*
 * Classification of a guest's system calls and the plan of the user
 * memory that a forwarded one carries (see syscalls.h).  Pure code: it
 * is also built into the userspace unit tests.
 */
#include "syscalls.h"

/*
 * The x86-64 system call numbers (__NR_*), whatever the compiler
 * targets: a uapi header, the kernel's own in the kernel, the installed
 * kernel headers' in userspace (the same ABI).
 */
#include <asm/unistd_64.h>

/*
 * Flags, commands and limits, from uapi headers too: in userspace they
 * go along with the C library's headers (the unit test has both).
 */
#include <asm/ioctls.h>
#include <asm/socket.h>
#include <linux/futex.h>
#include <linux/limits.h>
#include <linux/mman.h>

/* Sizes of the x86-64 structures, as the kernel copies them */
#define SIZE_INT		4
#define SIZE_LOFF		8	/* loff_t */
#define SIZE_FDS		8	/* int[2] of pipe, socketpair */
#define SIZE_POLLFD		8
#define SIZE_WINSIZE		8
#define SIZE_F_OWNER_EX		8
#define SIZE_SIGSET		8	/* the kernel's sigset_t */
#define SIZE_EPOLL_EVENT	12
#define SIZE_TIMESPEC		16
#define SIZE_TIMEVAL		16
#define SIZE_RLIMIT		16
#define SIZE_UTIMBUF		16
#define SIZE_IOVEC		16	/* also pselect6's sigset pair */
#define SIZE_ITIMERVAL		32
#define SIZE_ITIMERSPEC		32
#define SIZE_TIMES		32	/* struct tms */
#define SIZE_FLOCK		32
#define SIZE_TERMIOS		36	/* the kernel's struct termios */
#define SIZE_SYSINFO		112
#define SIZE_STATFS		120
#define SIZE_SIGINFO		128
#define SIZE_SOCKADDR		128	/* struct sockaddr_storage */
#define SIZE_STAT		144
#define SIZE_RUSAGE		144
#define SIZE_STATX		256
#define SIZE_UTSNAME		390

/* Limits of the kernel that bound some lengths */
#define OPEN_HOW_MAX		4096	/* PAGE_SIZE: openat2's usize */
#define SOCKOPT_MAX		65536	/* ours: longer options go home */
#define SELECT_NFDS_MAX		1024	/* FD_SETSIZE: more go home */
#define EPOLL_EVENTS_MAX	(0x7fffffff / SIZE_EPOLL_EVENT)
#define IOV_CHUNK		8	/* iovecs read at once */

/*
 * Constants that no header shared by both builds has.  The clock ID
 * layout is kernel-internal (<linux/posix-timers.h>), and so are the
 * SOL_* names of the IP levels.  <linux/tcp.h> and <linux/fcntl.h>
 * define structures that the C library's <netinet/tcp.h> and <fcntl.h>
 * define again, and netfilter's header drags the network stack into the
 * kernel build for one number.
 */
#define MOSIX_CLOCKFD			3
#define MOSIX_ITIMER_VIRTUAL		1	/* <linux/time.h>: its */
#define MOSIX_ITIMER_PROF		2	/* timeval is libc's too */
#define MOSIX_CPUCLOCK_MASK		7
#define MOSIX_SOL_IP			0
#define MOSIX_SOL_TCP			6
#define MOSIX_SOL_UDP			17
#define MOSIX_SOL_IPV6			41
#define MOSIX_TCP_ZEROCOPY_RECEIVE	35
#define MOSIX_IP_NETFILTER_BASE		64	/* IPT_BASE_CTL and up */

#define MOSIX_F_DUPFD			0
#define MOSIX_F_GETFD			1
#define MOSIX_F_SETFD			2
#define MOSIX_F_GETFL			3
#define MOSIX_F_SETFL			4
#define MOSIX_F_GETLK			5
#define MOSIX_F_SETLK			6
#define MOSIX_F_SETLKW			7
#define MOSIX_F_SETOWN			8
#define MOSIX_F_GETOWN			9
#define MOSIX_F_SETSIG			10
#define MOSIX_F_GETSIG			11
#define MOSIX_F_SETOWN_EX		15
#define MOSIX_F_GETOWN_EX		16
#define MOSIX_F_OFD_GETLK		36
#define MOSIX_F_OFD_SETLK		37
#define MOSIX_F_OFD_SETLKW		38
#define MOSIX_F_SETLEASE		1024
#define MOSIX_F_GETLEASE		1025
#define MOSIX_F_NOTIFY			1026
#define MOSIX_F_DUPFD_CLOEXEC		1030
#define MOSIX_F_SETPIPE_SZ		1031
#define MOSIX_F_GETPIPE_SZ		1032
#define MOSIX_F_ADD_SEALS		1033
#define MOSIX_F_GET_SEALS		1034

/* A command of fcntl or ioctl that is forwarded, with what arg 2 points to */
struct mosix_cmd {
	u32 cmd;
	u8 dir;		/* enum mosix_region_dir, 0: arg 2 is no pointer */
	u8 size;
};

/* arg 2 is a value, or unused */
#define C_VAL(c)	{ .cmd = (c) }
#define C_IN(c, sz)	{ .cmd = (c), .dir = MOSIX_REGION_IN, .size = (sz) }
#define C_INOUT(c, sz)	{ .cmd = (c), .dir = MOSIX_REGION_INOUT, .size = (sz) }

static const struct mosix_cmd fcntl_cmds[] = {
	C_VAL(MOSIX_F_DUPFD), C_VAL(MOSIX_F_GETFD), C_VAL(MOSIX_F_SETFD),
	C_VAL(MOSIX_F_GETFL), C_VAL(MOSIX_F_SETFL),
	C_INOUT(MOSIX_F_GETLK, SIZE_FLOCK),
	C_IN(MOSIX_F_SETLK, SIZE_FLOCK),
	C_IN(MOSIX_F_SETLKW, SIZE_FLOCK),
	C_VAL(MOSIX_F_SETOWN), C_VAL(MOSIX_F_GETOWN),
	C_VAL(MOSIX_F_SETSIG), C_VAL(MOSIX_F_GETSIG),
	C_IN(MOSIX_F_SETOWN_EX, SIZE_F_OWNER_EX),
	C_INOUT(MOSIX_F_GETOWN_EX, SIZE_F_OWNER_EX),
	C_INOUT(MOSIX_F_OFD_GETLK, SIZE_FLOCK),
	C_IN(MOSIX_F_OFD_SETLK, SIZE_FLOCK),
	C_IN(MOSIX_F_OFD_SETLKW, SIZE_FLOCK),
	C_VAL(MOSIX_F_SETLEASE), C_VAL(MOSIX_F_GETLEASE), C_VAL(MOSIX_F_NOTIFY),
	C_VAL(MOSIX_F_DUPFD_CLOEXEC),
	C_VAL(MOSIX_F_SETPIPE_SZ), C_VAL(MOSIX_F_GETPIPE_SZ),
	C_VAL(MOSIX_F_ADD_SEALS), C_VAL(MOSIX_F_GET_SEALS),
};

/* Terminal and generic file ioctls; their numbers are the tty range. */
static const struct mosix_cmd ioctl_cmds[] = {
	C_INOUT(TCGETS, SIZE_TERMIOS),
	C_IN(TCSETS, SIZE_TERMIOS),
	C_IN(TCSETSW, SIZE_TERMIOS),
	C_IN(TCSETSF, SIZE_TERMIOS),
	C_VAL(TCSBRK), C_VAL(TCXONC), C_VAL(TCFLSH),
	C_VAL(TIOCSCTTY),
	C_INOUT(TIOCGPGRP, SIZE_INT),
	C_IN(TIOCSPGRP, SIZE_INT),
	C_INOUT(TIOCOUTQ, SIZE_INT),
	C_INOUT(TIOCGWINSZ, SIZE_WINSIZE),
	C_IN(TIOCSWINSZ, SIZE_WINSIZE),
	C_INOUT(FIONREAD, SIZE_INT),
	C_IN(FIONBIO, SIZE_INT),
	C_VAL(TIOCNOTTY), C_VAL(TCSBRKP),
	C_INOUT(TIOCGSID, SIZE_INT),
	C_VAL(FIONCLEX), C_VAL(FIOCLEX),
	C_IN(FIOASYNC, SIZE_INT),
};

/* Classes that depend on the arguments */
enum sys_check {
	CHECK_NONE,
	CHECK_MMAP,	/* LOCAL for private anonymous memory, else HOME */
	CHECK_FUTEX,	/* LOCAL for private futexes, else HOME */
	CHECK_CLOCK,	/* LOCAL but for other processes' CPU clocks */
	CHECK_ITIMER,	/* LOCAL for the CPU itimers, else FORWARD */
	CHECK_SELF,	/* LOCAL when pid (arg 0) is 0, else HOME */
	CHECK_FCNTL,	/* FORWARD for fcntl_cmds, else HOME */
	CHECK_IOCTL,	/* FORWARD for ioctl_cmds, else HOME */
	CHECK_SOCKOPT,	/* FORWARD for options without pointers, else HOME */
};

/* How an argument gives a length: its C type in the kernel */
enum len_type {
	LEN_LONG,	/* size_t, unsigned long */
	LEN_UINT,	/* unsigned int */
	LEN_INT,	/* int: a negative one fails before memory is used */
};

enum spec_kind {
	SPEC_NONE,
	SPEC_STR,	/* a path or name at arg */
	SPEC_FIXED,	/* size bytes at arg */
	SPEC_BUF,	/* args[len] bytes at arg, at most size if not 0,
			 * clamped to what the request can carry; OUT ones
			 * are out_by_ret
			 */
	SPEC_BUF_WHOLE,	/* the same, but too long goes home (datagrams) */
	SPEC_BOUNDED,	/* IN args[len] bytes at arg; more than size: home */
	SPEC_ARRAY,	/* INOUT args[len] elements of size bytes at arg */
	SPEC_EVENTS,	/* INOUT args[len] epoll_events, count clamped */
	SPEC_FDSETS,	/* select's fd_sets at args 1..3, nfds args[0] */
	SPEC_SIGSET,	/* a sigset at arg, used if args[len] is its size */
	SPEC_SIGPAIR,	/* pselect6's {sigset pointer, size} at arg */
	SPEC_IOVEC,	/* args[len] iovecs at arg, buffers in direction dir */
	SPEC_SOCKADDR,	/* sockaddr at arg, socklen at args[len], used
			 * only with the sockaddr (accept, recvfrom)
			 */
	SPEC_SOCKNAME,	/* the same, the socklen used always (getsockname) */
	SPEC_SOCKOPT,	/* getsockopt's optval at arg, optlen at args[len] */
	SPEC_CMD,	/* fcntl and ioctl: what arg 2 points to */
};

/* One argument of a forwarded call that points to memory */
struct mosix_spec {
	u32 size;	/* fixed size, element size or largest size */
	u8 kind;	/* enum spec_kind */
	u8 arg;		/* the argument pointing to the memory */
	u8 len;		/* the argument giving its length or count */
	u8 dir;		/* enum mosix_region_dir */
	u8 type;	/* enum len_type of argument len */
};

/*
 * At most one spec of a call is clamped to what the request can still
 * carry (SPEC_BUF, SPEC_EVENTS, SPEC_IOVEC): it comes last.
 */
#define SPECS_MAX	3

struct mosix_sys_desc {
	u8 class;	/* enum mosix_sys_class, if check is CHECK_NONE */
	u8 check;	/* enum sys_check */
	struct mosix_spec spec[SPECS_MAX];
};

#define D_LOCAL		{ .class = MOSIX_SYS_LOCAL }
#define D_EXIT		{ .class = MOSIX_SYS_EXIT }
#define D_CHECK(c, ...)	{ .check = (c), .spec = { __VA_ARGS__ } }
#define D_FWD(...)	{ .class = MOSIX_SYS_FORWARD, .spec = { __VA_ARGS__ } }

#define R_STR(a)	{ .kind = SPEC_STR, .arg = (a) }
#define R_IN(a, sz)	{ .kind = SPEC_FIXED, .arg = (a),		\
			  .dir = MOSIX_REGION_IN, .size = (sz) }
#define R_INOUT(a, sz)	{ .kind = SPEC_FIXED, .arg = (a),		\
			  .dir = MOSIX_REGION_INOUT, .size = (sz) }
#define R_WRITE(a, l)	{ .kind = SPEC_BUF, .arg = (a), .len = (l),	\
			  .dir = MOSIX_REGION_IN }
#define R_READ(a, l, t, max)						\
			{ .kind = SPEC_BUF, .arg = (a), .len = (l),	\
			  .dir = MOSIX_REGION_OUT, .type = (t), .size = (max) }
#define R_WHOLE(a, l, d)						\
			{ .kind = SPEC_BUF_WHOLE, .arg = (a), .len = (l), \
			  .dir = (d) }
#define R_BOUNDED(a, l, t, max)						\
			{ .kind = SPEC_BOUNDED, .arg = (a), .len = (l),	\
			  .type = (t), .size = (max) }
#define R_ARRAY(a, l, t, sz)						\
			{ .kind = SPEC_ARRAY, .arg = (a), .len = (l),	\
			  .type = (t), .size = (sz) }
#define R_EVENTS(a, l)	{ .kind = SPEC_EVENTS, .arg = (a), .len = (l) }
#define R_FDSETS	{ .kind = SPEC_FDSETS }
#define R_SIGSET(a, l)	{ .kind = SPEC_SIGSET, .arg = (a), .len = (l) }
#define R_SIGPAIR(a)	{ .kind = SPEC_SIGPAIR, .arg = (a) }
#define R_IOVEC(d)	{ .kind = SPEC_IOVEC, .arg = 1, .len = 2, .dir = (d) }
#define R_SOCKADDR(a, l) { .kind = SPEC_SOCKADDR, .arg = (a), .len = (l) }
#define R_SOCKNAME	{ .kind = SPEC_SOCKNAME, .arg = 1, .len = 2 }
#define R_SOCKOPT	{ .kind = SPEC_SOCKOPT, .arg = 3, .len = 4 }
#define R_CMD		{ .kind = SPEC_CMD }

#define R_STAT(a)	R_INOUT(a, SIZE_STAT)
#define R_STATFS(a)	R_INOUT(a, SIZE_STATFS)
#define R_RUSAGE(a)	R_INOUT(a, SIZE_RUSAGE)
#define R_INT(a)	R_INOUT(a, SIZE_INT)
#define R_XATTR_VALUE	R_BOUNDED(2, 3, LEN_LONG, XATTR_SIZE_MAX)
#define R_XATTR_READ(a, l) R_READ(a, l, LEN_LONG, XATTR_SIZE_MAX)
#define R_XATTR_LIST(a, l) R_READ(a, l, LEN_LONG, XATTR_LIST_MAX)
#define R_IOV_READ	R_IOVEC(MOSIX_REGION_OUT)
#define R_IOV_WRITE	R_IOVEC(MOSIX_REGION_IN)
#define R_SOCKADDR_IN(a, l) R_BOUNDED(a, l, LEN_INT, SIZE_SOCKADDR)

static const struct mosix_sys_desc descs[] = {
	[__NR_read] = D_FWD(R_READ(1, 2, LEN_LONG, 0)),
	[__NR_write] = D_FWD(R_WRITE(1, 2)),
	[__NR_open] = D_FWD(R_STR(0)),
	[__NR_close] = D_FWD(),
	[__NR_stat] = D_FWD(R_STR(0), R_STAT(1)),
	[__NR_fstat] = D_FWD(R_STAT(1)),
	[__NR_lstat] = D_FWD(R_STR(0), R_STAT(1)),
	[__NR_poll] = D_FWD(R_ARRAY(0, 1, LEN_UINT, SIZE_POLLFD)),
	[__NR_lseek] = D_FWD(),
	[__NR_mmap] = D_CHECK(CHECK_MMAP),
	[__NR_mprotect] = D_LOCAL,
	[__NR_munmap] = D_LOCAL,
	[__NR_brk] = D_LOCAL,
	[__NR_rt_sigaction] = D_LOCAL,
	[__NR_rt_sigprocmask] = D_LOCAL,
	[__NR_rt_sigreturn] = D_LOCAL,
	[__NR_ioctl] = D_CHECK(CHECK_IOCTL, R_CMD),
	[__NR_pread64] = D_FWD(R_READ(1, 2, LEN_LONG, 0)),
	[__NR_pwrite64] = D_FWD(R_WRITE(1, 2)),
	[__NR_readv] = D_FWD(R_IOV_READ),
	[__NR_writev] = D_FWD(R_IOV_WRITE),
	[__NR_access] = D_FWD(R_STR(0)),
	[__NR_pipe] = D_FWD(R_INOUT(0, SIZE_FDS)),
	[__NR_select] = D_FWD(R_FDSETS, R_INOUT(4, SIZE_TIMEVAL)),
	[__NR_sched_yield] = D_LOCAL,
	[__NR_mremap] = D_LOCAL,
	[__NR_msync] = D_LOCAL,
	[__NR_mincore] = D_LOCAL,
	[__NR_madvise] = D_LOCAL,
	[__NR_dup] = D_FWD(),
	[__NR_dup2] = D_FWD(),
	[__NR_pause] = D_LOCAL,
	[__NR_nanosleep] = D_LOCAL,
	[__NR_getitimer] = D_CHECK(CHECK_ITIMER, R_INOUT(1, SIZE_ITIMERVAL)),
	[__NR_alarm] = D_FWD(),
	[__NR_setitimer] = D_CHECK(CHECK_ITIMER, R_IN(1, SIZE_ITIMERVAL),
				   R_INOUT(2, SIZE_ITIMERVAL)),
	[__NR_getpid] = D_FWD(),
	[__NR_sendfile] = D_FWD(R_INOUT(2, SIZE_LOFF)),
	[__NR_socket] = D_FWD(),
	[__NR_connect] = D_FWD(R_SOCKADDR_IN(1, 2)),
	[__NR_accept] = D_FWD(R_SOCKADDR(1, 2)),
	[__NR_sendto] = D_FWD(R_SOCKADDR_IN(4, 5),
			      R_WHOLE(1, 2, MOSIX_REGION_IN)),
	[__NR_recvfrom] = D_FWD(R_SOCKADDR(4, 5),
				R_WHOLE(1, 2, MOSIX_REGION_OUT)),
	[__NR_shutdown] = D_FWD(),
	[__NR_bind] = D_FWD(R_SOCKADDR_IN(1, 2)),
	[__NR_listen] = D_FWD(),
	[__NR_getsockname] = D_FWD(R_SOCKNAME),
	[__NR_getpeername] = D_FWD(R_SOCKNAME),
	[__NR_socketpair] = D_FWD(R_INOUT(3, SIZE_FDS)),
	[__NR_setsockopt] = D_CHECK(CHECK_SOCKOPT,
				    R_BOUNDED(3, 4, LEN_INT, SOCKOPT_MAX)),
	[__NR_getsockopt] = D_CHECK(CHECK_SOCKOPT, R_SOCKOPT),
	[__NR_exit] = D_EXIT,
	[__NR_wait4] = D_FWD(R_INT(1), R_RUSAGE(3)),
	[__NR_kill] = D_FWD(),
	[__NR_uname] = D_FWD(R_INOUT(0, SIZE_UTSNAME)),
	[__NR_fcntl] = D_CHECK(CHECK_FCNTL, R_CMD),
	[__NR_flock] = D_FWD(),
	[__NR_fsync] = D_FWD(),
	[__NR_fdatasync] = D_FWD(),
	[__NR_truncate] = D_FWD(R_STR(0)),
	[__NR_ftruncate] = D_FWD(),
	[__NR_getdents] = D_FWD(R_READ(1, 2, LEN_UINT, 0)),
	[__NR_getcwd] = D_FWD(R_READ(0, 1, LEN_LONG, MOSIX_PATH_MAX)),
	[__NR_chdir] = D_FWD(R_STR(0)),
	[__NR_fchdir] = D_FWD(),
	[__NR_rename] = D_FWD(R_STR(0), R_STR(1)),
	[__NR_mkdir] = D_FWD(R_STR(0)),
	[__NR_rmdir] = D_FWD(R_STR(0)),
	[__NR_creat] = D_FWD(R_STR(0)),
	[__NR_link] = D_FWD(R_STR(0), R_STR(1)),
	[__NR_unlink] = D_FWD(R_STR(0)),
	[__NR_symlink] = D_FWD(R_STR(0), R_STR(1)),
	[__NR_readlink] = D_FWD(R_STR(0),
				R_READ(1, 2, LEN_INT, MOSIX_PATH_MAX)),
	[__NR_chmod] = D_FWD(R_STR(0)),
	[__NR_fchmod] = D_FWD(),
	[__NR_chown] = D_FWD(R_STR(0)),
	[__NR_fchown] = D_FWD(),
	[__NR_lchown] = D_FWD(R_STR(0)),
	[__NR_umask] = D_FWD(),
	[__NR_gettimeofday] = D_LOCAL,
	[__NR_getrlimit] = D_FWD(R_INOUT(1, SIZE_RLIMIT)),
	[__NR_getrusage] = D_FWD(R_RUSAGE(1)),
	[__NR_sysinfo] = D_FWD(R_INOUT(0, SIZE_SYSINFO)),
	[__NR_times] = D_FWD(R_INOUT(0, SIZE_TIMES)),
	[__NR_getuid] = D_FWD(),
	[__NR_getgid] = D_FWD(),
	[__NR_geteuid] = D_FWD(),
	[__NR_getegid] = D_FWD(),
	[__NR_setpgid] = D_FWD(),
	[__NR_getppid] = D_FWD(),
	[__NR_getpgrp] = D_FWD(),
	[__NR_setsid] = D_FWD(),
	[__NR_getgroups] = D_FWD(R_ARRAY(1, 0, LEN_INT, SIZE_INT)),
	[__NR_getresuid] = D_FWD(R_INT(0), R_INT(1), R_INT(2)),
	[__NR_getresgid] = D_FWD(R_INT(0), R_INT(1), R_INT(2)),
	[__NR_getpgid] = D_FWD(),
	[__NR_getsid] = D_FWD(),
	/* (at home, where the signals the process blocks wait: signals.c) */
	[__NR_rt_sigpending] = D_FWD(R_INOUT(0, SIZE_SIGSET)),
	[__NR_rt_sigtimedwait] = D_FWD(R_SIGSET(0, 3), R_INOUT(1, SIZE_SIGINFO),
				       R_IN(2, SIZE_TIMESPEC)),
	[__NR_rt_sigqueueinfo] = D_FWD(R_IN(2, SIZE_SIGINFO)),
	[__NR_rt_sigsuspend] = D_LOCAL,
	[__NR_sigaltstack] = D_LOCAL,
	[__NR_utime] = D_FWD(R_STR(0), R_IN(1, SIZE_UTIMBUF)),
	[__NR_mknod] = D_FWD(R_STR(0)),
	[__NR_statfs] = D_FWD(R_STR(0), R_STATFS(1)),
	[__NR_fstatfs] = D_FWD(R_STATFS(1)),
	[__NR_getpriority] = D_FWD(),
	[__NR_setpriority] = D_FWD(),
	[__NR_mlock] = D_LOCAL,
	[__NR_munlock] = D_LOCAL,
	[__NR_mlockall] = D_LOCAL,
	[__NR_munlockall] = D_LOCAL,
	[__NR_arch_prctl] = D_LOCAL,
	[__NR_setrlimit] = D_FWD(R_IN(1, SIZE_RLIMIT)),
	[__NR_chroot] = D_FWD(R_STR(0)),
	[__NR_sync] = D_FWD(),
	[__NR_gettid] = D_FWD(),
	[__NR_readahead] = D_FWD(),
	[__NR_setxattr] = D_FWD(R_STR(0), R_STR(1), R_XATTR_VALUE),
	[__NR_lsetxattr] = D_FWD(R_STR(0), R_STR(1), R_XATTR_VALUE),
	[__NR_fsetxattr] = D_FWD(R_STR(1), R_XATTR_VALUE),
	[__NR_getxattr] = D_FWD(R_STR(0), R_STR(1), R_XATTR_READ(2, 3)),
	[__NR_lgetxattr] = D_FWD(R_STR(0), R_STR(1), R_XATTR_READ(2, 3)),
	[__NR_fgetxattr] = D_FWD(R_STR(1), R_XATTR_READ(2, 3)),
	[__NR_listxattr] = D_FWD(R_STR(0), R_XATTR_LIST(1, 2)),
	[__NR_llistxattr] = D_FWD(R_STR(0), R_XATTR_LIST(1, 2)),
	[__NR_flistxattr] = D_FWD(R_XATTR_LIST(1, 2)),
	[__NR_removexattr] = D_FWD(R_STR(0), R_STR(1)),
	[__NR_lremovexattr] = D_FWD(R_STR(0), R_STR(1)),
	[__NR_fremovexattr] = D_FWD(R_STR(1)),
	[__NR_tkill] = D_FWD(),
	[__NR_time] = D_LOCAL,
	[__NR_futex] = D_CHECK(CHECK_FUTEX),
	[__NR_sched_getaffinity] = D_CHECK(CHECK_SELF),
	[__NR_epoll_create] = D_FWD(),
	[__NR_getdents64] = D_FWD(R_READ(1, 2, LEN_UINT, 0)),
	[__NR_restart_syscall] = D_LOCAL,
	[__NR_fadvise64] = D_FWD(),
	[__NR_clock_gettime] = D_CHECK(CHECK_CLOCK),
	[__NR_clock_getres] = D_CHECK(CHECK_CLOCK),
	[__NR_clock_nanosleep] = D_CHECK(CHECK_CLOCK),
	[__NR_exit_group] = D_EXIT,
	[__NR_epoll_wait] = D_FWD(R_EVENTS(1, 2)),
	[__NR_epoll_ctl] = D_FWD(R_IN(3, SIZE_EPOLL_EVENT)),
	[__NR_tgkill] = D_FWD(),
	[__NR_utimes] = D_FWD(R_STR(0), R_IN(1, 2 * SIZE_TIMEVAL)),
	[__NR_waitid] = D_FWD(R_INOUT(2, SIZE_SIGINFO), R_RUSAGE(4)),
	[__NR_inotify_init] = D_FWD(),
	[__NR_inotify_add_watch] = D_FWD(R_STR(1)),
	[__NR_inotify_rm_watch] = D_FWD(),
	[__NR_openat] = D_FWD(R_STR(1)),
	[__NR_mkdirat] = D_FWD(R_STR(1)),
	[__NR_mknodat] = D_FWD(R_STR(1)),
	[__NR_fchownat] = D_FWD(R_STR(1)),
	[__NR_futimesat] = D_FWD(R_STR(1), R_IN(2, 2 * SIZE_TIMEVAL)),
	[__NR_newfstatat] = D_FWD(R_STR(1), R_STAT(2)),
	[__NR_unlinkat] = D_FWD(R_STR(1)),
	[__NR_renameat] = D_FWD(R_STR(1), R_STR(3)),
	[__NR_linkat] = D_FWD(R_STR(1), R_STR(3)),
	[__NR_symlinkat] = D_FWD(R_STR(0), R_STR(2)),
	[__NR_readlinkat] = D_FWD(R_STR(1),
				  R_READ(2, 3, LEN_INT, MOSIX_PATH_MAX)),
	[__NR_fchmodat] = D_FWD(R_STR(1)),
	[__NR_faccessat] = D_FWD(R_STR(1)),
	[__NR_pselect6] = D_FWD(R_FDSETS, R_INOUT(4, SIZE_TIMESPEC),
				R_SIGPAIR(5)),
	[__NR_ppoll] = D_FWD(R_ARRAY(0, 1, LEN_UINT, SIZE_POLLFD),
			     R_INOUT(2, SIZE_TIMESPEC), R_SIGSET(3, 4)),
	[__NR_set_robust_list] = D_LOCAL,
	[__NR_get_robust_list] = D_CHECK(CHECK_SELF),
	[__NR_sync_file_range] = D_FWD(),
	[__NR_utimensat] = D_FWD(R_STR(1), R_IN(2, 2 * SIZE_TIMESPEC)),
	[__NR_epoll_pwait] = D_FWD(R_SIGSET(4, 5), R_EVENTS(1, 2)),
	[__NR_timerfd_create] = D_FWD(),
	[__NR_eventfd] = D_FWD(),
	[__NR_fallocate] = D_FWD(),
	[__NR_timerfd_settime] = D_FWD(R_IN(2, SIZE_ITIMERSPEC),
				       R_INOUT(3, SIZE_ITIMERSPEC)),
	[__NR_timerfd_gettime] = D_FWD(R_INOUT(1, SIZE_ITIMERSPEC)),
	[__NR_accept4] = D_FWD(R_SOCKADDR(1, 2)),
	[__NR_eventfd2] = D_FWD(),
	[__NR_epoll_create1] = D_FWD(),
	[__NR_dup3] = D_FWD(),
	[__NR_pipe2] = D_FWD(R_INOUT(0, SIZE_FDS)),
	[__NR_inotify_init1] = D_FWD(),
	[__NR_preadv] = D_FWD(R_IOV_READ),
	[__NR_pwritev] = D_FWD(R_IOV_WRITE),
	[__NR_rt_tgsigqueueinfo] = D_FWD(R_IN(3, SIZE_SIGINFO)),
	[__NR_prlimit64] = D_FWD(R_IN(2, SIZE_RLIMIT),
				 R_INOUT(3, SIZE_RLIMIT)),
	[__NR_syncfs] = D_FWD(),
	[__NR_getcpu] = D_LOCAL,
	[__NR_renameat2] = D_FWD(R_STR(1), R_STR(3)),
	[__NR_getrandom] = D_LOCAL,
	[__NR_copy_file_range] = D_FWD(R_INOUT(1, SIZE_LOFF),
				       R_INOUT(3, SIZE_LOFF)),
	[__NR_preadv2] = D_FWD(R_IOV_READ),
	[__NR_pwritev2] = D_FWD(R_IOV_WRITE),
	[__NR_statx] = D_FWD(R_STR(1), R_INOUT(4, SIZE_STATX)),
	[__NR_rseq] = D_LOCAL,
	[__NR_mlock2] = D_LOCAL,
	[__NR_pidfd_send_signal] = D_FWD(R_IN(2, SIZE_SIGINFO)),
	[__NR_pidfd_open] = D_FWD(),
	[__NR_close_range] = D_FWD(),
	[__NR_openat2] = D_FWD(R_STR(1),
			       R_BOUNDED(2, 3, LEN_LONG, OPEN_HOW_MAX)),
	[__NR_pidfd_getfd] = D_FWD(),
	[__NR_faccessat2] = D_FWD(R_STR(1)),
	[__NR_epoll_pwait2] = D_FWD(R_IN(3, SIZE_TIMESPEC),
				    R_SIGSET(4, 5), R_EVENTS(1, 2)),
};

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static const struct mosix_cmd *find_cmd(const struct mosix_cmd *cmds,
					size_t n, u32 cmd)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cmds[i].cmd == cmd)
			return &cmds[i];
	return NULL;
}

static const struct mosix_cmd *fcntl_cmd(u32 cmd)
{
	return find_cmd(fcntl_cmds, ARRAY_SIZE(fcntl_cmds), cmd);
}

static const struct mosix_cmd *ioctl_cmd(u32 cmd)
{
	return find_cmd(ioctl_cmds, ARRAY_SIZE(ioctl_cmds), cmd);
}

/*
 * Futexes of this process only, but not PI ones: their word holds the
 * owner's thread ID, which the process knows as the one it has at home.
 */
static bool futex_is_local(u32 op)
{
	switch (op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)) {
	case FUTEX_LOCK_PI:
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI:
	case FUTEX_WAIT_REQUEUE_PI:
	case FUTEX_CMP_REQUEUE_PI:
	case FUTEX_LOCK_PI2:
		return false;
	}
	return op & FUTEX_PRIVATE_FLAG;
}

/*
 * The clocks of the system and this process's own CPU clocks are here;
 * the CPU clocks of other processes (by their home pid) and dynamic
 * clocks (a file descriptor) are at home.  A negative clock ID holds the
 * pid as ~pid << 3.
 */
static bool clock_is_local(u32 clock)
{
	if (!(clock & 0x80000000))
		return true;
	if ((clock & MOSIX_CPUCLOCK_MASK) == MOSIX_CLOCKFD)
		return false;
	return (~clock >> 3) == 0;
}

/*
 * ITIMER_VIRTUAL and ITIMER_PROF count the CPU time of the process where
 * it runs (and move with it, kernel/clock.c); ITIMER_REAL and anything
 * else are home's.
 */
static bool itimer_is_local(u32 which)
{
	return which == MOSIX_ITIMER_VIRTUAL || which == MOSIX_ITIMER_PROF;
}

/* Socket options whose value holds no pointer and no huge table */
static bool sockopt_is_flat(u32 level, u32 name)
{
	switch (level) {
	case SOL_SOCKET:
		return name != SO_ATTACH_FILTER &&
		       name != SO_ATTACH_REUSEPORT_CBPF;
	case MOSIX_SOL_TCP:
		return name != MOSIX_TCP_ZEROCOPY_RECEIVE;
	case MOSIX_SOL_UDP:
		return true;
	case MOSIX_SOL_IP:
	case MOSIX_SOL_IPV6:
		return name < MOSIX_IP_NETFILTER_BASE;
	}
	return false;
}

static enum mosix_sys_class local_if(bool local)
{
	return local ? MOSIX_SYS_LOCAL : MOSIX_SYS_HOME;
}

static enum mosix_sys_class forward_if(bool forward)
{
	return forward ? MOSIX_SYS_FORWARD : MOSIX_SYS_HOME;
}

enum mosix_sys_class mosix_syscall_class(u32 nr, const u64 args[6])
{
	const struct mosix_sys_desc *d;

	if (nr >= ARRAY_SIZE(descs))
		return MOSIX_SYS_HOME;
	d = &descs[nr];
	switch (d->check) {
	case CHECK_MMAP:
		return local_if((args[3] & MAP_ANONYMOUS) &&
				(args[3] & MAP_TYPE) == MAP_PRIVATE);
	case CHECK_FUTEX:
		return local_if(futex_is_local(args[1]));
	case CHECK_CLOCK:
		return local_if(clock_is_local(args[0]));
	case CHECK_ITIMER:
		return itimer_is_local(args[0]) ? MOSIX_SYS_LOCAL :
		       MOSIX_SYS_FORWARD;
	case CHECK_SELF:
		return local_if((u32)args[0] == 0);
	case CHECK_FCNTL:
		return forward_if(fcntl_cmd(args[1]));
	case CHECK_IOCTL:
		return forward_if(ioctl_cmd(args[1]));
	case CHECK_SOCKOPT:
		return forward_if(sockopt_is_flat(args[1], args[2]));
	}
	return d->class;
}

/* The plan being made */
struct plan {
	struct mosix_region *regions;
	int n;
	int max;
	u32 used;	/* bytes of all the regions */
	u64 *args;	/* args_out */
	int (*read_user)(void *ctx, u64 addr, void *buf, u32 len);
	void *ctx;
};

/* Returns the index of the new region or -MOSIX_E2BIG. */
static int add_region(struct plan *p, u8 arg, u64 addr, u64 len, u8 dir)
{
	struct mosix_region *r;

	if (p->n >= p->max || len > MOSIX_BUF_MAX - p->used)
		return -MOSIX_E2BIG;
	r = &p->regions[p->n];
	memset(r, 0, sizeof(*r));
	r->addr = addr;
	r->len = len;
	r->arg = arg;
	r->dir = dir;
	r->out_by_ret = dir == MOSIX_REGION_OUT;
	p->used += len;
	return p->n++;
}

static int add_nested(struct plan *p, int parent, u16 slot, u64 addr,
		      u64 len, u8 dir)
{
	int i = add_region(p, MOSIX_REGION_NESTED, addr, len, dir);

	if (i >= 0) {
		p->regions[i].parent = parent;
		p->regions[i].slot = slot;
	}
	return i;
}

static int add_spec_region(struct plan *p, const struct mosix_spec *s,
			   u64 len, u8 dir)
{
	int i = add_region(p, s->arg, p->args[s->arg], len, dir);

	return i < 0 ? i : 0;
}

/* The length that argument s->len gives; false if a negative int */
static bool spec_len(const struct plan *p, const struct mosix_spec *s,
		     u64 *len)
{
	u64 v = p->args[s->len];

	if (s->type == LEN_LONG) {
		*len = v;
		return true;
	}
	*len = (u32)v;
	return !(s->type == LEN_INT && (*len & 0x80000000));
}

static int plan_str(struct plan *p, const struct mosix_spec *s)
{
	int i;

	if (!p->args[s->arg])
		return 0;
	i = add_region(p, s->arg, p->args[s->arg], MOSIX_PATH_MAX,
		       MOSIX_REGION_IN);
	if (i < 0)
		return i;
	p->regions[i].str = 1;
	return 0;
}

static int plan_buf(struct plan *p, const struct mosix_spec *s)
{
	u64 len, room = MOSIX_BUF_MAX - p->used;
	bool clamped = false;

	if (!p->args[s->arg] || !spec_len(p, s, &len) || !len)
		return 0;
	if (s->size && len > s->size) {
		len = s->size;
		clamped = true;
	}
	if (len > room) {
		if (s->kind == SPEC_BUF_WHOLE || !room)
			return -MOSIX_E2BIG;
		len = room;
		clamped = true;
	}
	if (clamped)
		p->args[s->len] = len;
	return add_spec_region(p, s, len, s->dir);
}

static int plan_bounded(struct plan *p, const struct mosix_spec *s)
{
	u64 len;

	if (!p->args[s->arg] || !spec_len(p, s, &len) || !len)
		return 0;
	if (len > s->size)
		return -MOSIX_E2BIG;
	return add_spec_region(p, s, len, MOSIX_REGION_IN);
}

static int plan_array(struct plan *p, const struct mosix_spec *s)
{
	u64 count;

	if (!p->args[s->arg] || !spec_len(p, s, &count) || !count)
		return 0;
	if (count > MOSIX_BUF_MAX / s->size)
		return -MOSIX_E2BIG;
	return add_spec_region(p, s, count * s->size, MOSIX_REGION_INOUT);
}

/* epoll_wait may return fewer events than maxevents: clamp it. */
static int plan_events(struct plan *p, const struct mosix_spec *s)
{
	u64 count = (u32)p->args[s->len];
	u64 room = (MOSIX_BUF_MAX - p->used) / SIZE_EPOLL_EVENT;

	if (!p->args[s->arg] || !count || count > EPOLL_EVENTS_MAX)
		return 0;
	if (count > room) {
		if (!room)
			return -MOSIX_E2BIG;
		count = room;
		p->args[s->len] = count;
	}
	return add_spec_region(p, s, count * SIZE_EPOLL_EVENT,
			       MOSIX_REGION_INOUT);
}

/* select, pselect6: a bitmap of nfds bits in each non-NULL set */
static int plan_fdsets(struct plan *p)
{
	u32 nfds = p->args[0];
	u64 bytes;
	u8 a;
	int i;

	if (nfds & 0x80000000)
		return 0;
	if (nfds > SELECT_NFDS_MAX)
		return -MOSIX_E2BIG;
	bytes = (nfds + 63) / 64 * 8;
	for (a = 1; a <= 3 && bytes; a++) {
		if (!p->args[a])
			continue;
		i = add_region(p, a, p->args[a], bytes, MOSIX_REGION_INOUT);
		if (i < 0)
			return i;
	}
	return 0;
}

static int plan_sigset(struct plan *p, const struct mosix_spec *s)
{
	if (!p->args[s->arg] || p->args[s->len] != SIZE_SIGSET)
		return 0;
	return add_spec_region(p, s, SIZE_SIGSET, MOSIX_REGION_IN);
}

/* pselect6's last argument: {const sigset_t *ss, size_t ss_len} */
static int plan_sigpair(struct plan *p, const struct mosix_spec *s)
{
	u64 addr = p->args[s->arg], pair[2];
	int i;

	if (!addr)
		return 0;
	if (p->read_user(p->ctx, addr, pair, sizeof(pair)))
		return -MOSIX_EFAULT;
	i = add_region(p, s->arg, addr, sizeof(pair), MOSIX_REGION_IN);
	if (i < 0 || !pair[0] || pair[1] != SIZE_SIGSET)
		return i < 0 ? i : 0;
	i = add_nested(p, i, 0, pair[0], SIZE_SIGSET, MOSIX_REGION_IN);
	return i < 0 ? i : 0;
}

/*
 * The iovec array, then a NESTED region for each iovec of non-zero
 * length, up to what the request can carry: the iovec where it runs out
 * is clamped and the count cut after it.
 */
static int plan_iovec(struct plan *p, const struct mosix_spec *s)
{
	u64 addr = p->args[s->arg], count = p->args[s->len];
	u64 iov[2 * IOV_CHUNK], i, chunk, len, room;
	int parent, r;

	if (!addr || !count)
		return 0;
	if (count >= MOSIX_REGIONS_MAX || (int)count >= p->max - p->n)
		return -MOSIX_E2BIG;
	parent = add_region(p, s->arg, addr, count * SIZE_IOVEC,
			    MOSIX_REGION_IN);
	if (parent < 0)
		return parent;
	for (i = 0; i < count; i++) {
		if (!(i % IOV_CHUNK)) {
			chunk = count - i < IOV_CHUNK ? count - i : IOV_CHUNK;
			if (p->read_user(p->ctx, addr + i * SIZE_IOVEC, iov,
					 chunk * SIZE_IOVEC))
				return -MOSIX_EFAULT;
		}
		len = iov[2 * (i % IOV_CHUNK) + 1];
		if (len >> 63)
			return -MOSIX_E2BIG;	/* the kernel fails it */
		if (!len)
			continue;
		room = MOSIX_BUF_MAX - p->used;
		if (!room)
			break;
		r = add_nested(p, parent, i, iov[2 * (i % IOV_CHUNK)],
			       len < room ? len : room, s->dir);
		if (r < 0)
			return r;
	}
	if (i < count) {
		p->args[s->len] = i;
		p->regions[parent].len = i * SIZE_IOVEC;
		p->used -= (count - i) * SIZE_IOVEC;
	}
	return 0;
}

/*
 * A value-result socklen_t at args[s->len] giving the length of the
 * buffer at args[s->arg].  A length above max is clamped to it if clamp
 * (exact for a sockaddr: the kernel never writes more than
 * sockaddr_storage), else the call goes home.
 */
static int plan_socklen(struct plan *p, const struct mosix_spec *s,
			bool need_buf, u32 max, bool clamp)
{
	u64 buf = p->args[s->arg], lenp = p->args[s->len];
	u32 word;
	int i;

	if (!lenp || (need_buf && !buf))
		return 0;
	if (p->read_user(p->ctx, lenp, &word, sizeof(word)))
		return -MOSIX_EFAULT;
	if (word & 0x80000000)
		return -MOSIX_E2BIG;	/* fails, maybe after receiving */
	if (word > max) {
		if (!clamp)
			return -MOSIX_E2BIG;
		word = max;
	}
	i = add_region(p, s->len, lenp, sizeof(word), MOSIX_REGION_INOUT);
	if (i < 0)
		return i;
	p->regions[i].len_word = 1;
	p->regions[i].word_max = word;
	if (!buf || !word)
		return 0;
	return add_spec_region(p, s, word, MOSIX_REGION_INOUT);
}

static int plan_cmd(struct plan *p, const struct mosix_sys_desc *d)
{
	const struct mosix_cmd *c;
	int i;

	if (d->check == CHECK_FCNTL)
		c = fcntl_cmd(p->args[1]);
	else
		c = ioctl_cmd(p->args[1]);
	if (!c->dir || !p->args[2])
		return 0;
	i = add_region(p, 2, p->args[2], c->size, c->dir);
	return i < 0 ? i : 0;
}

static int plan_spec(struct plan *p, const struct mosix_sys_desc *d,
		     const struct mosix_spec *s)
{
	switch (s->kind) {
	case SPEC_STR:
		return plan_str(p, s);
	case SPEC_FIXED:
		if (!p->args[s->arg])
			return 0;
		return add_spec_region(p, s, s->size, s->dir);
	case SPEC_BUF:
	case SPEC_BUF_WHOLE:
		return plan_buf(p, s);
	case SPEC_BOUNDED:
		return plan_bounded(p, s);
	case SPEC_ARRAY:
		return plan_array(p, s);
	case SPEC_EVENTS:
		return plan_events(p, s);
	case SPEC_FDSETS:
		return plan_fdsets(p);
	case SPEC_SIGSET:
		return plan_sigset(p, s);
	case SPEC_SIGPAIR:
		return plan_sigpair(p, s);
	case SPEC_IOVEC:
		return plan_iovec(p, s);
	case SPEC_SOCKADDR:
		return plan_socklen(p, s, true, SIZE_SOCKADDR, true);
	case SPEC_SOCKNAME:
		return plan_socklen(p, s, false, SIZE_SOCKADDR, true);
	case SPEC_SOCKOPT:
		return plan_socklen(p, s, false, SOCKOPT_MAX, false);
	case SPEC_CMD:
		return plan_cmd(p, d);
	}
	return 0;
}

int mosix_syscall_plan(u32 nr, const u64 args[6], u64 args_out[6],
		       struct mosix_region *regions, int max,
		       int (*read_user)(void *ctx, u64 addr, void *buf, u32 len),
		       void *ctx)
{
	struct plan p = {
		.regions = regions,
		.max = max,
		.args = args_out,
		.read_user = read_user,
		.ctx = ctx,
	};
	int i, err;

	for (i = 0; i < 6; i++)
		args_out[i] = args[i];
	if (mosix_syscall_class(nr, args) != MOSIX_SYS_FORWARD)
		return -MOSIX_E2BIG;
	for (i = 0; i < SPECS_MAX; i++) {
		err = plan_spec(&p, &descs[nr], &descs[nr].spec[i]);
		if (err)
			return err;
	}
	return p.n;
}
