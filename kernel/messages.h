/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every message that crosses the network between nodes.  All fields are
 * little endian; every field is validated by wire.c before use.
 */
#ifndef _MOSIX_MESSAGES_H
#define _MOSIX_MESSAGES_H

#include "portable.h"

#define MOSIX_MSG_MAGIC		0x58534f4d	/* "MOSX" on the wire */
#define MOSIX_PROTO_VERSION	11

/*
 * Largest datagram a node reads; anything longer is dropped whole.  A
 * load message with MOSIX_GOSSIP_ENTRIES_MAX entries fits, and so does
 * the whole datagram in an Ethernet frame.
 */
#define MOSIX_DATAGRAM_MAX	1200

/* Most entries about other nodes one load message carries. */
#define MOSIX_GOSSIP_ENTRIES_MAX	16

/* How often a node samples its load and sends it to its peers. */
#define MOSIX_INFO_INTERVAL_MS	500

/* How many peers, picked at random, it sends it to each time. */
#define MOSIX_GOSSIP_PEERS	2

/* Information older than this is not passed on (one hour). */
#define MOSIX_GOSSIP_AGE_MAX	3600000

/* Limits of the load information, beyond which a message is a lie. */
#define MOSIX_CPUS_MAX		8192
#define MOSIX_LOAD_MAX		100000000
#define MOSIX_PROCS_MAX		4194304

/* mosix_msg_load.flags */
#define MOSIX_LOAD_BLOCKED	0x1	/* the node accepts no guests */
#define MOSIX_LOAD_FLAGS	0x1

enum mosix_msg_type {
	MOSIX_MSG_LOAD = 1,
};

/**
 * struct mosix_msg_header - starts every message
 * @magic: %MOSIX_MSG_MAGIC
 * @version: %MOSIX_PROTO_VERSION
 * @type: &enum mosix_msg_type
 * @length: whole message in bytes, header included
 * @sender: node id of the sender, 1..MOSIX_NODE_ID_MAX
 * @epoch: random, chosen when the sender boots; a new epoch means the
 *	sender restarted and its sequence starts again
 * @seq: increases with every message of one epoch
 */
struct mosix_msg_header {
	__le32 magic;
	u8 version;
	u8 type;
	__le16 length;
	__le32 sender;
	__le32 epoch;
	__le64 seq;
} __packed;

/**
 * struct mosix_wire_load - a node's load information
 * @load: decayed, speed-normalised load (MOSIX_LOAD_SCALE units)
 * @speed: relative CPU speed, 1..MOSIX_SPEED_MAX
 * @cpus: online CPUs, 1..%MOSIX_CPUS_MAX
 * @flags: MOSIX_LOAD_* bits; unknown bits are an error
 * @mem_free: free memory, bytes, at most @mem_total
 * @mem_total: total memory, bytes, not zero
 * @guests: processes of other nodes running there
 * @away: processes of the node running elsewhere
 */
struct mosix_wire_load {
	__le32 load;
	__le32 speed;
	__le32 cpus;
	__le32 flags;
	__le64 mem_free;
	__le64 mem_total;
	__le32 guests;
	__le32 away;
} __packed;

/*
 * What a node's CPU offers user code, and its vDSO's build (kernel/cpu.c):
 * a process moves only to a node with every feature of its home's CPU
 * (where it started and chose its code: glibc's and its own, by CPUID)
 * and the same vDSO (which it keeps calling into at the same addresses).
 */
enum mosix_cpu_feature {
	MOSIX_CPU_CX16, MOSIX_CPU_LAHF_LM, MOSIX_CPU_POPCNT, MOSIX_CPU_SSE3,
	MOSIX_CPU_SSSE3, MOSIX_CPU_SSE4_1, MOSIX_CPU_SSE4_2, MOSIX_CPU_AVX,
	MOSIX_CPU_AVX2, MOSIX_CPU_BMI1, MOSIX_CPU_BMI2, MOSIX_CPU_F16C,
	MOSIX_CPU_FMA, MOSIX_CPU_ABM, MOSIX_CPU_MOVBE, MOSIX_CPU_OSXSAVE,
	MOSIX_CPU_XSAVEOPT, MOSIX_CPU_XSAVEC, MOSIX_CPU_AVX512F,
	MOSIX_CPU_AVX512BW, MOSIX_CPU_AVX512CD, MOSIX_CPU_AVX512DQ,
	MOSIX_CPU_AVX512VL, MOSIX_CPU_AVX512IFMA, MOSIX_CPU_AVX512VBMI,
	MOSIX_CPU_AVX512_VBMI2, MOSIX_CPU_AVX512_VNNI, MOSIX_CPU_AVX512_BITALG,
	MOSIX_CPU_AVX512_VPOPCNTDQ, MOSIX_CPU_AVX512_BF16,
	MOSIX_CPU_AVX512_FP16, MOSIX_CPU_AVX_VNNI, MOSIX_CPU_AES,
	MOSIX_CPU_PCLMULQDQ, MOSIX_CPU_SHA_NI, MOSIX_CPU_RDRAND,
	MOSIX_CPU_RDSEED, MOSIX_CPU_ADX, MOSIX_CPU_VAES, MOSIX_CPU_VPCLMULQDQ,
	MOSIX_CPU_GFNI, MOSIX_CPU_FMA4, MOSIX_CPU_XOP, MOSIX_CPU_SSE4A,
	MOSIX_CPU_3DNOWPREFETCH, MOSIX_CPU_CLFLUSHOPT, MOSIX_CPU_CLWB,
	MOSIX_CPU_RDPID, MOSIX_CPU_ERMS, MOSIX_CPU_FSRM, MOSIX_CPU_MOVDIRI,
	MOSIX_CPU_MOVDIR64B, MOSIX_CPU_SERIALIZE, MOSIX_CPU_RTM,
	MOSIX_CPU_WAITPKG, MOSIX_CPU_OSPKE, MOSIX_CPU_CLZERO, MOSIX_CPU_RDTSCP,
	MOSIX_NR_CPU_FEATURES
};

#define MOSIX_CPU_ALL		((1ULL << MOSIX_NR_CPU_FEATURES) - 1)

/* In a load message (the sender's own, not gossip) and in HELLO. */
struct mosix_wire_cpu {
	__le64 features;	/* MOSIX_CPU_* bits, none beyond */
	__le32 vdso;		/* the vDSO's build, never 0 */
	__le32 reserved;
} __packed;

/**
 * struct mosix_msg_load - a node's load information, sent periodically
 *	to a few peers picked at random, with what it knows of others
 * @header: type %MOSIX_MSG_LOAD
 * @info: the sender's own load information
 * @entries: how many &struct mosix_wire_gossip follow,
 *	0..%MOSIX_GOSSIP_ENTRIES_MAX
 * @reserved: zero
 * @cpu: the sender's CPU and vDSO (static: gossip does not carry them)
 */
struct mosix_msg_load {
	struct mosix_msg_header header;
	struct mosix_wire_load info;
	__le32 entries;
	__le32 reserved;
	struct mosix_wire_cpu cpu;
} __packed;

/**
 * struct mosix_wire_gossip - what the sender knows of another node
 * @node: that node's id, 1..%MOSIX_NODE_ID_MAX, neither the sender's
 *	nor that of another entry of the same message
 * @age_ms: how old the information is, at most %MOSIX_GOSSIP_AGE_MAX
 * @epoch: @node's epoch and @seq its sequence number when it sent the
 *	information (see &struct mosix_msg_header)
 * @reserved: zero
 * @info: its load information, with the limits of the sender's own
 */
struct mosix_wire_gossip {
	__le32 node;
	__le32 age_ms;
	__le32 epoch;
	__le32 reserved;
	__le64 seq;
	struct mosix_wire_load info;
} __packed;

/*
 * A migration connection (TCP, MOSIX_MIGRATION_PORT) carries chunks: a
 * header, then length bytes of payload whose layout the type gives.
 */
#define MOSIX_CHUNK_MAX		(2 << 20)
/* Pages of consecutive addresses in one PAGE chunk, at most. */
#define MOSIX_PAGES_PER_CHUNK	64

enum mosix_chunk_type {
	MOSIX_CHUNK_HELLO = 1,	/* struct mosix_chunk_hello */
	MOSIX_CHUNK_TASK,	/* struct mosix_chunk_task */
	MOSIX_CHUNK_FPU,	/* XSAVE image, standard format */
	MOSIX_CHUNK_VMA,	/* struct mosix_chunk_vma */
	MOSIX_CHUNK_PAGE,	/* __le64 address, then 1..MOSIX_PAGES_PER_CHUNK pages */
	MOSIX_CHUNK_END,	/* no payload: the state is complete */
	MOSIX_CHUNK_ACCEPT,	/* __le32: 0, or a negative errno */
	MOSIX_CHUNK_SYSCALL,	/* struct mosix_chunk_syscall + regions */
	MOSIX_CHUNK_RESULT,	/* __le64 return value + data out */
	MOSIX_CHUNK_SIGNAL,	/* struct mosix_chunk_signal */
	MOSIX_CHUNK_EXIT,	/* struct mosix_chunk_exit */
	MOSIX_CHUNK_KILL,	/* no payload: the deputy is gone */
	MOSIX_CHUNK_COME_HOME,	/* no payload: please come home */
	MOSIX_CHUNK_HOME,	/* no payload: the guest wants to come home */
	/* no payload: send the state (the deputy then sends nothing more
	 * until ACCEPT)
	 */
	MOSIX_CHUNK_HOME_GO,
	MOSIX_CHUNK_STOPPED,	/* __le32 signal: the guest stopped */
	MOSIX_CHUNK_RESUME,	/* no payload: the process goes on */
	MOSIX_CHUNK_AUTH,	/* key proof, before HELLO: see auth.c */
	MOSIX_CHUNK_SIGCHLD,	/* struct mosix_chunk_sigchld */
	/* Moving on from one guest node to another (see guest.c, deputy.c): */
	MOSIX_CHUNK_MOVE,	/* struct mosix_chunk_move: deputy -> guest */
	/* struct mosix_chunk_home_fail: guest -> deputy, no move: why */
	MOSIX_CHUNK_MOVE_FAIL,
	MOSIX_CHUNK_MOVE_SENT,	/* no payload: guest -> deputy, state sent */
	MOSIX_CHUNK_MOVE_DONE,	/* no payload: the new guest runs; end */
	MOSIX_CHUNK_MOVE_ABORT,	/* no payload: no move; go on here */
	MOSIX_CHUNK_REATTACH,	/* struct mosix_chunk_reattach: new guest -> home */
	MOSIX_CHUNK_COMMIT,	/* no payload: deputy -> new guest: run */
	MOSIX_CHUNK_MOVE_ASK,	/* __le32 node: guest -> deputy, move me there */
	/* __le32 1 or 0: the process is pinned at home (mosctl pin), or no
	 * longer; from the deputy, whenever that changes
	 */
	MOSIX_CHUNK_PIN,
	MOSIX_CHUNK_ATTRS,	/* struct mosix_wire_attrs: deputy -> guest */
	/* no payload: the state being sent ends here, unfinished; its
	 * sender goes on where it is, and the receiver answers as for a
	 * state it refused
	 */
	MOSIX_CHUNK_ABORT,
	/* struct mosix_chunk_home_fail: guest -> deputy, instead of HOME:
	 * it cannot come home now
	 */
	MOSIX_CHUNK_HOME_FAIL,
	/* no payload: deputy -> guest: the process is frozen at home (the
	 * cgroup freezer: systemctl freeze, docker pause); the guest waits
	 * for THAW
	 */
	MOSIX_CHUNK_FREEZE,
	MOSIX_CHUNK_THAW,	/* no payload: deputy -> guest: go on */
	MOSIX_CHUNK_SIGMASK,	/* struct mosix_chunk_sigmask: guest -> deputy */
};

/* Why a process cannot move, as refusals carry it (words: state.c). */
enum mosix_why {
	MOSIX_WHY_OTHER,	/* none of these */
	MOSIX_WHY_KTHREAD,
	MOSIX_WHY_INIT,
	MOSIX_WHY_EXITING,
	MOSIX_WHY_REALTIME,
	MOSIX_WHY_TRACED,
	MOSIX_WHY_SECCOMP,
	MOSIX_WHY_NOT_64BIT,
	MOSIX_WHY_THREADS,
	MOSIX_WHY_VFORK,
	MOSIX_WHY_NO_MEMORY,
	MOSIX_WHY_SHARED_MM,
	MOSIX_WHY_NOT_DUMPABLE,
	MOSIX_WHY_KILLED,
	MOSIX_WHY_DEVICE,
	MOSIX_WHY_MLOCK,
	MOSIX_WHY_SHARED_MEMORY,
	MOSIX_WHY_HUGETLB,
	MOSIX_WHY_COUNT
};

/* HOME_FAIL and MOVE_FAIL: why the guest does not go home, or on. */
struct mosix_chunk_home_fail {
	__le32 status;		/* a negative errno */
	__le32 why;		/* enum mosix_why; OTHER: status says */
} __packed;

/* A move's secret: the new guest shows it to the deputy. */
#define MOSIX_TOKEN_LEN		16

struct mosix_chunk {
	__le16 type;
	__le16 reserved;
	__le32 length;
} __packed;

/*
 * Why the load balancer sends a process, and the figures the target's
 * admission check (mosix_balance_admit()) weighs: all 0 when a user
 * asked for the move, which the target does not check.
 */
enum {
	MOSIX_ADMIT_USER,	/* asked for: no check */
	MOSIX_ADMIT_LOAD,	/* it runs faster there, or loads even out */
	MOSIX_ADMIT_MEMORY,	/* the sender is short of memory */
};

/* A share of one CPU: 1024 is always runnable. */
#define MOSIX_ADMIT_CPU_FULL	1024

struct mosix_wire_admit {
	__le32 reason;		/* MOSIX_ADMIT_* */
	__le32 cpu;		/* 0..MOSIX_ADMIT_CPU_FULL */
	__le64 rss;		/* resident bytes, below the user address limit */
	__le32 syscalls_per_s;	/* forwarded calls, for a guest moving on */
	__le32 src_cost;	/* its run time on the sender, per mille */
	__le32 src_rest;	/* the sender's load without it, <= LOAD_MAX */
	__le32 reserved;
} __packed;

/* First chunk of a migration: who sends, and what the state needs. */
struct mosix_chunk_hello {
	__le32 magic;		/* MOSIX_MSG_MAGIC */
	__le32 version;		/* MOSIX_PROTO_VERSION */
	__le32 home_node;
	__le32 home_pid;
	__le64 xfeatures;	/* XSAVE features in the FPU chunk */
	__le32 xstate_size;
	__le32 nr_migrations;
	__le32 flags;		/* MOSIX_HELLO_* */
	__le32 reserved;
	u8 token[MOSIX_TOKEN_LEN];	/* MOVED only, else 0 */
	struct mosix_wire_admit admit;
	struct mosix_wire_cpu cpu;	/* what the process needs: home's */
} __packed;

/* Sent by the node the process is a guest on, not by home: see MOVE. */
#define MOSIX_HELLO_MOVED	1

#define MOSIX_NR_SIGNALS	64
#define MOSIX_NR_RLIMITS	16
#define MOSIX_COMM_LEN		16

struct mosix_wire_sigaction {
	__le64 handler;
	__le64 flags;
	__le64 restorer;
	__le64 mask;
} __packed;

/* Registers in struct pt_regs order, without cs and ss. */
enum {
	MOSIX_REG_R15, MOSIX_REG_R14, MOSIX_REG_R13, MOSIX_REG_R12,
	MOSIX_REG_BP, MOSIX_REG_BX, MOSIX_REG_R11, MOSIX_REG_R10,
	MOSIX_REG_R9, MOSIX_REG_R8, MOSIX_REG_AX, MOSIX_REG_CX,
	MOSIX_REG_DX, MOSIX_REG_SI, MOSIX_REG_DI, MOSIX_REG_ORIG_AX,
	MOSIX_REG_IP, MOSIX_REG_FLAGS, MOSIX_REG_SP, MOSIX_NR_REGS
};

/* The memory layout fields of the mm, in this order. */
enum {
	MOSIX_MM_START_CODE, MOSIX_MM_END_CODE, MOSIX_MM_START_DATA,
	MOSIX_MM_END_DATA, MOSIX_MM_START_BRK, MOSIX_MM_BRK,
	MOSIX_MM_START_STACK, MOSIX_MM_ARG_START, MOSIX_MM_ARG_END,
	MOSIX_MM_ENV_START, MOSIX_MM_ENV_END, MOSIX_MM_VDSO, MOSIX_NR_MM
};

/*
 * The process's scheduling and resource limits, as home has them: in
 * TASK, and in ATTRS from the deputy whenever they change at home
 * (setpriority, setrlimit and prlimit of a guest run there, and so do
 * renice and prlimit of the process by others).
 */
struct mosix_wire_attrs {
	__le32 nice;		/* MOSIX_NICE_MIN..MOSIX_NICE_MAX, signed */
	__le32 policy;		/* MOSIX_SCHED_* */
	__le64 rlim_cur[MOSIX_NR_RLIMITS];
	__le64 rlim_max[MOSIX_NR_RLIMITS];
} __packed;

#define MOSIX_NICE_MIN		(-20)
#define MOSIX_NICE_MAX		19
/* The policies a process that migrates can have (SCHED_* values). */
#define MOSIX_SCHED_NORMAL	0
#define MOSIX_SCHED_BATCH	3
#define MOSIX_SCHED_IDLE	5

/*
 * The process's clocks and CPU timers, as it sees them where it stops
 * (kernel/clock.c): where it lands, its CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME go on from these readings, its CPU clocks from its CPU
 * time in all (every node's), which its CPU itimers and RLIMIT_CPU
 * count; and a relative sleep interrupted by the move goes on to its end.
 */
#define MOSIX_NR_ITIMERS	2

struct mosix_wire_itimer {
	__le64 expires;		/* on the process's CPU clock, 0: off */
	__le64 interval;
} __packed;

struct mosix_wire_clocks {
	__le64 mono_ns;		/* at most MOSIX_CLOCK_MAX */
	__le64 boot_ns;
	__le64 cpu_user_ns;	/* at most MOSIX_CPUTIME_MAX, as the timers */
	__le64 cpu_sys_ns;
	__le64 cpu_run_ns;	/* scheduler runtime (CPUCLOCK_SCHED) */
	struct mosix_wire_itimer itimer[MOSIX_NR_ITIMERS];
	__le32 flags;		/* MOSIX_CLOCKS_* */
	__le32 sleep_clock;	/* MOSIX_CLOCKS_SLEEP: a MOSIX_CLOCK_* */
	__le64 sleep_until_ns;	/* its end, on that clock as the process
				 * sees it (at most MOSIX_CLOCK_MAX)
				 */
	__le64 sleep_rmtp;	/* where the time left goes; 0: nowhere */
} __packed;

/* mosix_wire_clocks.itimer[]: ITIMER_VIRTUAL, ITIMER_PROF */
#define MOSIX_ITIMER_VIRTUAL	0
#define MOSIX_ITIMER_PROF	1
/* In a relative nanosleep, interrupted: it resumes by restart_syscall. */
#define MOSIX_CLOCKS_SLEEP	0x1
#define MOSIX_CLOCKS_FLAGS	0x1
/* The clocks a sleep that moves can be on (clockid_t values). */
#define MOSIX_CLOCK_REALTIME	0
#define MOSIX_CLOCK_MONOTONIC	1
#define MOSIX_CLOCK_BOOTTIME	7
#define MOSIX_CLOCK_TAI		11
/* What sleep_rmtp points to: a struct __kernel_timespec */
#define MOSIX_TIMESPEC_SIZE	16
/* A clock reading beyond this (KTIME_MAX / 2, 73 years) is a lie. */
#define MOSIX_CLOCK_MAX		0x3fffffffffffffffULL

struct mosix_chunk_task {
	__le64 regs[MOSIX_NR_REGS];
	__le64 fsbase;
	__le64 gsbase;
	__le64 mm[MOSIX_NR_MM];
	struct mosix_wire_sigaction action[MOSIX_NR_SIGNALS];
	__le64 blocked;
	__le64 pending;		/* signals pending, raised again */
	__le64 altstack_sp;
	__le64 altstack_size;
	__le32 altstack_flags;
	__le32 personality;
	struct mosix_wire_attrs attrs;
	__le64 rseq;
	__le32 rseq_sig;
	__le32 call_us;		/* a forwarded call's mean cost, see below */
	__le64 robust_list;
	__le64 robust_list_len;
	__le64 clear_child_tid;
	char comm[MOSIX_COMM_LEN];
	/*
	 * CPU time used on the sender's node, counted at home: user and
	 * system time as the kernel samples them (ticks), and the time run
	 * (ns), as the scheduler keeps them, unscaled: the process's CPU
	 * clocks and timers at home (ITIMER_PROF counts the samples) go on
	 * from them without a jump
	 */
	__le64 utime_ns;
	__le64 stime_ns;
	__le64 run_ns;
	struct mosix_wire_clocks clocks;
} __packed;

/*
 * call_us: from a guest going home, the microseconds a forwarded call
 * took there on average (its node's measure, 0 if none); home's balancer
 * learns from it what sending a process away costs.  0 from home.
 */
#define MOSIX_CALL_US_MAX	10000000	/* 10 s */

/* EXIT: how the guest ended, and the CPU time it used on its node. */
/* The guest was killed for memory: by the OOM killer where it ran. */
#define MOSIX_EXIT_OOM		0x1

struct mosix_chunk_exit {
	__le32 code;		/* as for do_exit() */
	__le32 flags;		/* MOSIX_EXIT_* */
	__le64 utime_ns;	/* CPU time used on its node: as in TASK */
	__le64 stime_ns;
	__le64 run_ns;
} __packed;

/* More CPU time than this (about 36 years) in one report is a lie. */
#define MOSIX_CPUTIME_MAX	0x1000000000000000ULL

#define MOSIX_VMA_READ		0x1
#define MOSIX_VMA_WRITE		0x2
#define MOSIX_VMA_EXEC		0x4
#define MOSIX_VMA_GROWSDOWN	0x8
#define MOSIX_VMA_FLAGS		0xf

struct mosix_chunk_vma {
	__le64 start;
	__le64 end;
	__le32 flags;		/* MOSIX_VMA_* */
	__le32 reserved;
} __packed;

/* A forwarded syscall; its regions and their data follow. */
struct mosix_chunk_syscall {
	__le32 nr;
	__le32 nr_regions;
	__le64 args[6];
} __packed;

/* See syscalls.h for the meaning of the fields. */
struct mosix_wire_region {
	__le64 addr;
	__le32 len;
	__le32 word_max;
	__le16 parent;
	__le16 slot;
	u8 arg;
	u8 dir;
	u8 str;
	u8 out_by_ret;
	u8 len_word;
	u8 reserved[3];
} __packed;

/*
 * Deputy to guest: a signal for the process, with the siginfo it reads:
 * number, errno, code, and the fields after them as the x86-64 siginfo
 * ABI lays them out (sender, sigqueue value, child status, fd and band,
 * timer...: the kernel's own union of them, little endian).
 */
#define MOSIX_SIGINFO_FIELDS	32

struct mosix_chunk_signal {
	__le32 signo;
	__le32 error;		/* si_errno */
	__le32 code;		/* si_code */
	__le32 reserved;
	u8 fields[MOSIX_SIGINFO_FIELDS];
} __packed;

/*
 * Guest to deputy: the signals the process blocks and those it ignores
 * (bit n - 1: signal n), which the deputy mirrors.  A signal it blocks
 * waits at home, where signalfd, sigpending and sigtimedwait see it; one
 * it ignores is discarded at home, as it would be without migration.
 * The guest tells a change before its next forwarded call, and at once
 * when it unblocks a signal or changes what it ignores.  Never SIGKILL
 * or SIGSTOP; SIGCHLD's action comes as SIGCHLD.
 */
struct mosix_chunk_sigmask {
	__le64 blocked;
	__le64 ignored;
} __packed;

/*
 * Guest to deputy: the process changed its SIGCHLD action.  Its children
 * are at home, where the kernel reaps them by itself or keeps zombies
 * and signals stopped children according to this action.
 */
#define MOSIX_SIGCHLD_IGNORE	1	/* SIG_IGN */
#define MOSIX_SIGCHLD_NOCLDSTOP	2	/* SA_NOCLDSTOP */
#define MOSIX_SIGCHLD_NOCLDWAIT	4	/* SA_NOCLDWAIT */
#define MOSIX_SIGCHLD_ALL	7

struct mosix_chunk_sigchld {
	__le32 how;		/* MOSIX_SIGCHLD_* */
	__le32 reserved;
} __packed;

/* Deputy to guest: move on to node, whose guest will show token home. */
struct mosix_chunk_move {
	__le32 node;
	__le32 reserved;
	u8 token[MOSIX_TOKEN_LEN];
} __packed;

/*
 * First chunk of a connection from a moved guest's new node to home:
 * status 0, the state arrived and the new guest waits for COMMIT; else
 * the negative errno of its failure, and the connection ends.
 */
struct mosix_chunk_reattach {
	__le32 magic;		/* MOSIX_MSG_MAGIC */
	__le32 version;		/* MOSIX_PROTO_VERSION */
	__le32 home_pid;
	__le32 status;
	u8 token[MOSIX_TOKEN_LEN];
} __packed;

#endif /* _MOSIX_MESSAGES_H */
