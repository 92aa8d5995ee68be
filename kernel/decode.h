/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation and decoding of everything a node receives on a migration
 * connection (messages.h): the migration stream (HELLO, TASK, FPU, VMA,
 * PAGE, END, ACCEPT), forwarded syscall requests and their replies, and
 * the small messages between a deputy and its guest.  Load datagrams are
 * decoded by wire.c.
 *
 * Pure code, built into the kernel and into the userspace unit tests and
 * fuzzers (tests/unit, tests/fuzz).  Every decoder looks at every length,
 * type, count and address before anything is used, never reads outside
 * the buffer it is given, and returns MOSIX_DEC_OK or the reason why the
 * message is bad; the kernel turns any reason into -EPROTO.
 */
#ifndef _MOSIX_DECODE_H
#define _MOSIX_DECODE_H

#include "portable.h"
#include "messages.h"
#include "syscalls.h"

enum mosix_dec {
	MOSIX_DEC_OK,
	MOSIX_DEC_LENGTH,	/* payload length not what the type needs */
	MOSIX_DEC_TYPE,		/* a chunk type not expected here */
	MOSIX_DEC_RESERVED,	/* a reserved field not zero */
	/* HELLO */
	MOSIX_DEC_MAGIC,
	MOSIX_DEC_VERSION,
	MOSIX_DEC_NODE,		/* home node id out of range */
	MOSIX_DEC_PID,		/* home pid out of range */
	MOSIX_DEC_XSTATE,	/* XSAVE size or features impossible */
	MOSIX_DEC_MIGRATIONS,	/* number of migrations 0 */
	/* TASK */
	MOSIX_DEC_IP,		/* instruction pointer not a user address */
	MOSIX_DEC_FLAGS,	/* EFLAGS bits a user process cannot have */
	MOSIX_DEC_FSGS,		/* fs or gs base not a user address */
	MOSIX_DEC_LAYOUT,	/* mm layout: not user addresses, or disordered */
	MOSIX_DEC_VDSO,		/* vDSO address 0 or not page aligned */
	MOSIX_DEC_SIGACTION,	/* a handler, restorer or flag impossible */
	MOSIX_DEC_ALTSTACK,
	MOSIX_DEC_PERSONALITY,
	MOSIX_DEC_RLIMIT,	/* a soft limit above its hard limit */
	MOSIX_DEC_RSEQ,
	MOSIX_DEC_ROBUST,	/* robust list address or length */
	MOSIX_DEC_TID,		/* clear_child_tid not a user address */
	MOSIX_DEC_COMM,		/* comm not NUL-terminated */
	/* FPU */
	MOSIX_DEC_XHEADER,	/* XSAVE header: features, format, reserved */
	MOSIX_DEC_MXCSR,	/* reserved MXCSR bits set */
	/* VMA and PAGE */
	MOSIX_DEC_RANGE,	/* a VMA not a page aligned user range */
	MOSIX_DEC_VMA_FLAGS,
	MOSIX_DEC_VMA_ORDER,	/* a VMA below or over the one before */
	MOSIX_DEC_VMA_LATE,	/* a VMA after the first page */
	MOSIX_DEC_VMA_MAX,	/* more VMAs than a process can have */
	MOSIX_DEC_PAGE_ADDR,	/* a page not page aligned or not user */
	MOSIX_DEC_PAGE_ORDER,	/* a page not above the page before */
	MOSIX_DEC_PAGE_OUTSIDE,	/* a page in no VMA */
	MOSIX_DEC_NO_VMA,	/* END before any VMA */
	/* SYSCALL and RESULT */
	MOSIX_DEC_SYSCALL,	/* not a call the deputy runs for a guest */
	MOSIX_DEC_NR_REGIONS,
	MOSIX_DEC_REGION,	/* a region's length, dir or flags */
	MOSIX_DEC_NESTED,	/* a nested region and its parent disagree */
	MOSIX_DEC_TOTAL,	/* the regions add up to too many bytes */
	MOSIX_DEC_DATA,		/* a region's data has the wrong length */
	MOSIX_DEC_STRING,	/* a string not NUL-terminated at its end */
	MOSIX_DEC_LEN_WORD,	/* a length word above its maximum */
	MOSIX_DEC_TRAILING,	/* bytes after the last region's data */
	MOSIX_DEC_RET,		/* a return value no syscall returns */
	/* SIGNAL, EXIT, ACCEPT */
	MOSIX_DEC_SIGNAL,	/* signal number out of range, or SIGKILL */
	MOSIX_DEC_EXIT,		/* exit code above 16 bits */
	MOSIX_DEC_STATUS,	/* ACCEPT neither 0 nor an errno */
	MOSIX_DEC_CPUTIME,	/* more CPU time than MOSIX_CPUTIME_MAX */
	MOSIX_DEC_TOKEN,	/* a move's token missing, or one without a move */
	MOSIX_DEC_ADMIT,	/* admission figures out of range, or for a user */
	MOSIX_DEC_CALL_US,	/* a call's cost above MOSIX_CALL_US_MAX */
	MOSIX_DEC_NICE,		/* a nice value out of range */
	MOSIX_DEC_POLICY,	/* a scheduling policy a guest cannot have */
	MOSIX_DEC_WHY,		/* a reason not in enum mosix_why */
	MOSIX_DEC_CLOCK,	/* a clock reading above MOSIX_CLOCK_MAX */
	MOSIX_DEC_SLEEP,	/* a sleep's clock, end or address impossible */
	MOSIX_DEC_CPU,		/* unknown CPU features, or no vDSO build */
	MOSIX_DEC_NR_REASONS
};

/* The reason in a few words, for logs and test output. */
const char *mosix_dec_reason(enum mosix_dec reason);

/* The value of EPROTO, what the kernel returns for any bad message */
#define MOSIX_EPROTO		71
/* The largest errno (the kernel's MAX_ERRNO) */
#define MOSIX_ERRNO_MAX		4095

/* Values of the kernel's constants the decoders check against. */
#define MOSIX_PID_MAX		4194304		/* PID_MAX_LIMIT */
#define MOSIX_PAGE_SIZE		4096ULL
#define MOSIX_SIGKILL		9
#define MOSIX_SIGSTOP		19
#define MOSIX_SIGCHLD		17
#define MOSIX_XSAVE_HDR_OFFSET	512		/* legacy area, then header */
#define MOSIX_XSAVE_MIN		576		/* legacy area + header */
#define MOSIX_XFEATURES_FP_SSE	0x3ULL		/* always in an XSAVE image */
/* sa_flags the kernel keeps (UAPI_SA_FLAGS of x86-64) */
#define MOSIX_SA_FLAGS		0xdc000807ULL
#define MOSIX_SIG_DFL		0
#define MOSIX_SIG_IGN		1
/* sigaltstack flags: SS_ONSTACK, SS_DISABLE, SS_AUTODISARM */
#define MOSIX_SS_ONSTACK	1U
#define MOSIX_SS_DISABLE	2U
#define MOSIX_SS_AUTODISARM	0x80000000U
/* personality: PER_MASK, and the flag bits of <linux/personality.h> */
#define MOSIX_PER_MASK		0xffU
#define MOSIX_PER_FLAGS		0x0ffe0000U
/* EFLAGS: IOPL, VM and the bits above ID a user process never has */
#define MOSIX_EFLAGS_NEVER	(0x3000ULL | 0x20000ULL | ~0x3fffffULL)
/* sizeof(struct robust_list_head), sizeof(struct rseq) on x86-64 */
#define MOSIX_ROBUST_LIST_LEN	24
#define MOSIX_RSEQ_SIZE		32
/* The most VMAs a stream may carry: DEFAULT_MAX_MAP_COUNT */
#define MOSIX_VMAS_MAX		65530

/*
 * A user address limit (TASK_SIZE of a 64-bit process) is a parameter of
 * the decoders that check addresses: user addresses are below it.
 */

/* The admission figures of a HELLO, in host order. */
struct mosix_admit_info {
	u32 reason;		/* MOSIX_ADMIT_* */
	u32 cpu;
	u64 rss;
	u32 syscalls_per_s;
	u32 src_cost;
	u32 src_rest;
};

/* HELLO, in host order. */
struct mosix_hello_info {
	u32 home_node;
	u32 home_pid;
	u64 xfeatures;
	u32 xstate_size;
	u32 nr_migrations;
	u32 flags;		/* MOSIX_HELLO_* */
	u8 token[MOSIX_TOKEN_LEN];
	struct mosix_admit_info admit;
	u64 cpu_needs;		/* MOSIX_CPU_* of its home's CPU */
	u32 vdso;		/* its home's vDSO build, not 0 */
};

/* Resident memory a process can have: 128 TiB, all of a user space */
#define MOSIX_ADMIT_RSS_MAX	0x800000000000ULL

enum mosix_dec mosix_decode_hello(const void *buf, size_t len,
				  struct mosix_hello_info *out);

/*
 * TASK: checks every field of a struct mosix_chunk_task of len bytes in
 * place; the restore code then reads only checked fields.
 */
enum mosix_dec mosix_check_task(const void *buf, size_t len, u64 task_size);

/* FPU: the XSAVE image, standard format, with features in allowed only. */
enum mosix_dec mosix_check_xstate(const void *buf, size_t len,
				  u64 allowed);

/*
 * The memory part of the stream: VMA chunks in address order, then PAGE
 * chunks in address order, each page inside a VMA, then END.  The
 * receiver keeps the VMAs seen in vmas, room for max of them.
 */
struct mosix_vma_range {
	u64 start;
	u64 end;
};

struct mosix_mem_stream {
	u64 task_size;
	struct mosix_vma_range *vmas;
	u32 max;
	u32 nr_vmas;
	u32 cursor;	/* the VMA of the last page */
	bool pages;	/* a page came: no more VMAs */
	u64 next_page;	/* the lowest address the next page may have */
};

void mosix_mem_init(struct mosix_mem_stream *s, u64 task_size,
		    struct mosix_vma_range *vmas, u32 max);
/* A chunk header: is this type, of this payload length, next? */
enum mosix_dec mosix_mem_header(struct mosix_mem_stream *s, u16 type,
				u32 len);
/* A VMA chunk's payload: its range and MOSIX_VMA_* flags. */
enum mosix_dec mosix_mem_vma(struct mosix_mem_stream *s,
			     const struct mosix_chunk_vma *v, u64 *start,
			     u64 *end, u32 *flags);
/*
 * A PAGE chunk's payload of len bytes (address, then a run of pages, as
 * mosix_mem_header() let through): its address.
 */
enum mosix_dec mosix_mem_page(struct mosix_mem_stream *s, const void *buf,
			      u32 len, u64 *addr);

/*
 * SYSCALL: a forwarded call (struct mosix_chunk_syscall, the regions,
 * then the data of each IN region: __le32 length + bytes).  The decoder
 * writes nr, args and nr_regions, and fills the caller's arrays of
 * MOSIX_REGIONS_MAX entries: the regions, and for each IN region where
 * its data starts in buf and its length.
 */
struct mosix_request {
	u32 nr;
	u64 args[6];
	int nr_regions;
	struct mosix_region *regions;
	u32 *data_off;
	u32 *data_len;
};

enum mosix_dec mosix_decode_request(const void *buf, size_t len,
				    struct mosix_request *rq);

/*
 * The same in pieces, as the deputy reads a request from its connection
 * (a 1 MiB write's data then goes straight to where the call takes it):
 * mosix_request_head_len() of the header (sizeof(struct
 * mosix_chunk_syscall) bytes) is how long the header and the regions
 * are (0 if they cannot be), mosix_decode_request_head() checks those
 * (avail bytes of them in buf, of a chunk of len bytes) and fills rq but
 * for the data; then, for each IN region in turn, mosix_decode_data_len()
 * checks the length word before its data (left bytes after the word)
 * and mosix_decode_data() its n bytes, which only strings and length
 * words need (mosix_region_looked_at()).
 */
size_t mosix_request_head_len(const void *buf);
enum mosix_dec mosix_decode_request_head(const void *buf, size_t avail,
					 size_t len, struct mosix_request *rq);
enum mosix_dec mosix_decode_data_len(const struct mosix_region *r, u32 n,
				     size_t left);
enum mosix_dec mosix_decode_data(const struct mosix_region *r,
				 const u8 *d, u32 n);
static inline bool mosix_region_looked_at(const struct mosix_region *r)
{
	return r->str || r->len_word;
}

/*
 * The bytes each region of a call gets back in its reply when the call
 * returned ret (syscalls.h, point 5); 0 for IN regions.
 */
void mosix_reply_lengths(const struct mosix_region *regions, int n,
			 s64 ret, u32 *out_len);

/*
 * RESULT: the reply to the call whose regions are given (__le64 ret,
 * then for each OUT/INOUT region __le32 length + bytes, the lengths
 * exactly as mosix_reply_lengths() says).  Fills *ret, out_len and, for
 * each region that gets data, where it starts in buf (data_off).
 */
enum mosix_dec mosix_decode_reply(const void *buf, size_t len,
				  const struct mosix_region *regions, int n,
				  s64 *ret, u32 *out_len, u32 *data_off);

/* SIGNAL, in host order but for fields (see messages.h). */
struct mosix_signal_info {
	u32 signo;
	s32 error;
	s32 code;
	u8 fields[MOSIX_SIGINFO_FIELDS];
};

enum mosix_dec mosix_decode_signal(const void *buf, size_t len,
				   struct mosix_signal_info *out);
/* EXIT: the exit code, as do_exit() takes it (16 bits). */
/* EXIT: how the guest ended, and the CPU time it used away. */
struct mosix_exit_info {
	u32 code;		/* as for do_exit(): 16 bits */
	u32 flags;		/* MOSIX_EXIT_* */
	u64 utime_ns, stime_ns, run_ns;
};

enum mosix_dec mosix_decode_exit(const void *buf, size_t len,
				 struct mosix_exit_info *e);
/* SIGCHLD: the MOSIX_SIGCHLD_* bits of the process's new action. */
enum mosix_dec mosix_decode_sigchld(const void *buf, size_t len, u32 *how);
/* SIGMASK: the signals blocked and ignored (bit n - 1: signal n). */
enum mosix_dec mosix_decode_sigmask(const void *buf, size_t len, u64 *blocked,
				    u64 *ignored);
/* MOVE: the node to move on to, and the move's token. */
enum mosix_dec mosix_decode_move(const void *buf, size_t len, u32 *node,
				 u8 token[MOSIX_TOKEN_LEN]);
/* MOVE_ASK: a node id. */
enum mosix_dec mosix_decode_move_ask(const void *buf, size_t len, u32 *node);
/* REATTACH: whose guest it is, how its arrival went, the token. */
struct mosix_reattach_info {
	u32 home_pid;
	int status;
	u8 token[MOSIX_TOKEN_LEN];
};

enum mosix_dec mosix_decode_reattach(const void *buf, size_t len,
				     struct mosix_reattach_info *out);
/* ACCEPT (and MOVE_FAIL): 0, or a negative errno. */
enum mosix_dec mosix_decode_accept(const void *buf, size_t len, int *status);
/* PIN: 1 or 0. */
enum mosix_dec mosix_decode_pin(const void *buf, size_t len, bool *pinned);
/* HOME_FAIL: a negative errno, and an enum mosix_why. */
enum mosix_dec mosix_decode_home_fail(const void *buf, size_t len,
				      int *status, u32 *why);

/*
 * ATTRS, or the attrs of a TASK: checks a struct mosix_wire_attrs of len
 * bytes in place (nice, policy, each soft limit at most its hard one).
 */
enum mosix_dec mosix_check_attrs(const void *buf, size_t len);

#endif /* _MOSIX_DECODE_H */
