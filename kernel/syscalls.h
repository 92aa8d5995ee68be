/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What becomes of each system call of a guest, a process running away
 * from its home node, and which pieces of its user memory a call sent to
 * its deputy at home carries.  Pure code, built into the kernel and into
 * the userspace unit tests; guest and home are both x86-64.
 *
 * The glue, for a system call nr with arguments args of a guest:
 *
 * 1. mosix_syscall_class(nr, args) says where the call runs.
 *
 * 2. For MOSIX_SYS_FORWARD, mosix_syscall_plan() lists the regions and
 *    the arguments to send (args_out: args with some lengths clamped).
 *    -MOSIX_EFAULT: return -EFAULT to the process.  -MOSIX_E2BIG: the
 *    call cannot be forwarded as it is; handle it as MOSIX_SYS_HOME.
 *
 * 3. The request carries the data of the IN and INOUT regions, read from
 *    the guest at addr.  A str region is read up to its NUL, which must
 *    lie within len bytes (else -ENAMETOOLONG).  A len_word region is a
 *    32-bit length word: the value copied is clamped to word_max, as
 *    another thread may have changed it since the plan was made.  OUT
 *    regions carry no data; their home copy starts zeroed.
 *
 * 4. At home, each region gets a copy in the deputy's memory.  Argument
 *    arg of a region points to its copy.  A parent region holds an array
 *    of {pointer, length} pairs of 16 bytes (struct iovec, and pselect6's
 *    sigset pair): entry slot of each of its MOSIX_REGION_NESTED regions
 *    becomes {copy, len}, and every other entry gets length 0.  Other
 *    arguments are passed unchanged; a NULL pointer never has a region,
 *    so it stays NULL and the call behaves at home as it would have here.
 *
 * 5. The reply carries the INOUT regions in full when the call returned
 *    ret >= 0 (bytes it did not write go back unchanged), none of them
 *    when it failed (their contents are then unspecified), and the
 *    out_by_ret regions as follows.  When the call returns ret > 0, the
 *    out_by_ret regions, taken in region order, share its first ret
 *    bytes: each receives min(len, left) bytes at its start, where left
 *    begins at ret and shrinks by what each region received.  Nothing is
 *    copied back for ret <= 0.  (A call has a single out_by_ret region,
 *    except readv-like calls, whose iovec buffers fill in order.)
 *
 * A forwarded call that fails at home with -ERESTART_RESTARTBLOCK must
 * be given back as -EINTR: restart_syscall runs on the guest (LOCAL).
 */
#ifndef _MOSIX_SYSCALLS_H
#define _MOSIX_SYSCALLS_H

#include <linux/errno.h>
#include "portable.h"

enum mosix_sys_class {
	MOSIX_SYS_HOME,		/* go back home and run it there */
	MOSIX_SYS_LOCAL,	/* run it on the guest node */
	MOSIX_SYS_FORWARD,	/* the deputy runs it at home */
	MOSIX_SYS_EXIT,		/* exit, exit_group: tell the deputy the code */
};

enum mosix_region_dir {
	MOSIX_REGION_IN = 1,	/* the call reads it */
	MOSIX_REGION_OUT = 2,	/* the call fills it (always out_by_ret) */
	MOSIX_REGION_INOUT = 3,	/* the call may read and write it */
};

/* One piece of the guest's user memory that a forwarded call uses. */
struct mosix_region {
	u64 addr;	/* guest user address, never 0 but in NESTED ones */
	u32 len;	/* bytes; for a str region the most, NUL included */
	u32 word_max;	/* len_word: the largest value the word may hold */
	u16 parent;	/* NESTED: index of the region holding the array */
	u16 slot;	/* NESTED: index of the entry within that array */
	u8 arg;		/* argument 0..5 pointing to it, or NESTED */
	u8 dir;		/* enum mosix_region_dir */
	u8 str;		/* NUL-terminated string (a path or a name) */
	u8 out_by_ret;	/* OUT: copy back its share of ret only */
	u8 len_word;	/* a socklen_t that gives another region's length */
};

#define MOSIX_REGION_NESTED	0xff

/* The most regions mosix_syscall_plan() needs (an iovec array + 63) */
#define MOSIX_REGIONS_MAX	64
/* The most bytes, summing all region lengths, of one forwarded call */
#define MOSIX_BUF_MAX		(1024 * 1024)
/* The length of a str region */
#define MOSIX_PATH_MAX		4096

/* Negative results of mosix_syscall_plan() */
#define MOSIX_EFAULT		EFAULT
#define MOSIX_E2BIG		E2BIG

/* Where system call nr with arguments args runs. */
enum mosix_sys_class mosix_syscall_class(u32 nr, const u64 args[6]);

/*
 * The regions of a MOSIX_SYS_FORWARD call, at most max of them.
 *
 * Returns their number; -MOSIX_E2BIG if the call needs more than max
 * regions, or more than MOSIX_BUF_MAX bytes where no length may be
 * clamped, or is better run at home for another reason, or is not
 * FORWARD; or -MOSIX_EFAULT if read_user failed.  regions has room for
 * max entries (MOSIX_REGIONS_MAX of them take 2 KiB: too much for a
 * kernel stack).
 *
 * read_user(ctx, addr, buf, len) copies guest memory and returns 0, or
 * non-zero on a fault; it reads iovec arrays, pselect6's sigset pair and
 * socklen words only.
 *
 * args_out receives args, where a buffer length that was longer than the
 * request can carry is clamped (read, write, getdents64, ...: a short
 * transfer is legal) and the iovec count may be cut after the last
 * iovec that fits.  It is valid only when the result is >= 0, and may
 * be the same array as args.
 */
int mosix_syscall_plan(u32 nr, const u64 args[6], u64 args_out[6],
		       struct mosix_region *regions, int max,
		       int (*read_user)(void *ctx, u64 addr, void *buf, u32 len),
		       void *ctx);

#endif /* _MOSIX_SYSCALLS_H */
