/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * neomosix: the "mosix" generic netlink family.
 *
 * This header is the interface specification between the kernel and the
 * cluster tools (mosctl, mosmon).  Every command, attribute and event is
 * listed here with its type and meaning.
 *
 * Conventions:
 *  - Attributes that describe one thing are nested: a node in
 *    %MOSIX_A_NODE (&enum mosix_node_attr), a process in %MOSIX_A_PROC
 *    (&enum mosix_proc_attr), the balancer in %MOSIX_A_BALANCER
 *    (&enum mosix_balancer_attr), the counters in %MOSIX_A_STATS
 *    (&enum mosix_stat_attr).  A nest carries NLA_F_NESTED.
 *  - Requests are validated strictly: a nonzero reserved field in the
 *    genetlink header, netlink flags other than NLM_F_REQUEST, NLM_F_ACK,
 *    NLM_F_ECHO and NLM_F_DUMP, an unknown attribute, an attribute the
 *    command does not take (in a nest too), an attribute of the wrong
 *    length and a nest without NLA_F_NESTED are rejected with -EINVAL,
 *    a value out of its range with -ERANGE, each with an extack message;
 *    nothing is changed.
 *  - A 64-bit value is aligned with a padding attribute of type 0, the
 *    _UNSPEC of its set, which readers skip.
 *  - Commands that change this node need CAP_NET_ADMIN.
 *  - Addresses are IPv4, in network byte order (big endian).
 *  - Events go to the multicast group %MOSIX_GENL_MCGRP_EVENTS: see
 *    &enum mosix_event.
 */
#ifndef _UAPI_LINUX_MOSIX_H
#define _UAPI_LINUX_MOSIX_H

#define MOSIX_GENL_NAME		"mosix"
#define MOSIX_GENL_VERSION	1
#define MOSIX_GENL_MCGRP_EVENTS	"events"

/* UDP port of the load information exchange between nodes. */
#define MOSIX_PORT		7140

/* TCP port of process migration and of the deputy-guest connections. */
#define MOSIX_MIGRATION_PORT	7141

/* Node ids are 1..MOSIX_NODE_ID_MAX; 0 means "not configured". */
#define MOSIX_NODE_ID_MAX	65535

/* Speed of the reference CPU; a node twice as fast says 20000. */
#define MOSIX_SPEED_STD		10000
#define MOSIX_SPEED_MAX		1000000

/*
 * Load is fixed point: MOSIX_LOAD_SCALE is one always-runnable process
 * on one reference CPU.  It is decayed over time and normalised by the
 * node's speed and number of CPUs, so loads of different nodes compare.
 */
#define MOSIX_LOAD_SCALE	1000

/* Ranges of the balancer's tunables, see &enum mosix_balancer_attr. */
#define MOSIX_BALANCER_INTERVAL_MIN	100
#define MOSIX_BALANCER_INTERVAL_MAX	60000
#define MOSIX_BALANCER_STABILITY_MIN	1000
#define MOSIX_BALANCER_STABILITY_MAX	10000
#define MOSIX_BALANCER_DECAY_MAX	999
#define MOSIX_BALANCER_MEM_LOW_MAX	500

/* Bytes of a cluster key, see %MOSIX_CMD_KEY_SET. */
#define MOSIX_KEY_MIN		16
#define MOSIX_KEY_MAX		4096

/**
 * enum mosix_cmd - commands of the "mosix" family
 * @MOSIX_CMD_STATUS_GET: reply with this node: %MOSIX_A_NODE as in a
 *	%MOSIX_CMD_NODE_GET reply (state %MOSIX_NODE_SELF, no
 *	%MOSIX_NODE_A_AGE_MS), %MOSIX_A_NODE_COUNT, %MOSIX_A_POLICY,
 *	%MOSIX_A_AUTH, %MOSIX_A_BALANCER (every &enum mosix_balancer_attr)
 *	and %MOSIX_A_STATS (every &enum mosix_stat_attr).  Takes no
 *	attribute.
 * @MOSIX_CMD_SELF_SET: set this node's identity: %MOSIX_A_NODE with any
 *	non-empty subset of %MOSIX_NODE_A_ID, %MOSIX_NODE_A_ADDR and
 *	%MOSIX_NODE_A_SPEED.  Fails with -EEXIST when a peer has the id or
 *	the address.  Admin only.  A node boots with id 0 ("not
 *	configured", unless mosix.id= is on the kernel command line) and
 *	sends no load information until it has an id; an id cannot be set
 *	back to 0.
 * @MOSIX_CMD_NODE_ADD: add a peer: %MOSIX_A_NODE with %MOSIX_NODE_A_ID
 *	and %MOSIX_NODE_A_ADDR, both required.  Fails with -EEXIST when the
 *	id or the address is already known, -EINVAL for this node's own id
 *	or address or an address that is not unicast.  Admin only.
 * @MOSIX_CMD_NODE_DEL: remove a peer: %MOSIX_A_NODE with
 *	%MOSIX_NODE_A_ID.  Fails with -ENOENT for an unknown id.  Admin
 *	only.
 * @MOSIX_CMD_NODE_GET: doit: the node named by %MOSIX_A_NODE with
 *	exactly one of %MOSIX_NODE_A_ID and %MOSIX_NODE_A_ADDR, this node
 *	included; -ENOENT if unknown.  dumpit: every node, this node first;
 *	takes no attribute.  Each reply carries %MOSIX_A_NODE with
 *	%MOSIX_NODE_A_ID, %MOSIX_NODE_A_ADDR, %MOSIX_NODE_A_STATE and, once
 *	the node has been heard from, %MOSIX_NODE_A_LOAD, %MOSIX_NODE_A_SPEED,
 *	%MOSIX_NODE_A_CPUS, %MOSIX_NODE_A_MEM_FREE, %MOSIX_NODE_A_MEM_TOTAL,
 *	%MOSIX_NODE_A_GUESTS, %MOSIX_NODE_A_AWAY and %MOSIX_NODE_A_AGE_MS.
 *	This node always has the load attributes and never
 *	%MOSIX_NODE_A_AGE_MS.  A dump is not a snapshot: a node added or
 *	removed during it may be missed.
 * @MOSIX_CMD_MIGRATE: move the process of %MOSIX_A_PROC's
 *	%MOSIX_PROC_A_PID (required) to node %MOSIX_A_TO_NODE, or home when
 *	that is absent, and wait for the outcome.  Only the wait for the
 *	process to take the request up is limited: it does when it next
 *	runs (not while it is stopped), and -ETIMEDOUT comes after two
 *	minutes without that.  The migration itself is not limited as a
 *	whole (a large process on a slow link takes long); each of its
 *	steps is, by the transport's timeouts and by node-failure
 *	detection.  A fatal signal ends the wait with -EINTR, not the
 *	migration.  A process of another user needs CAP_SYS_ADMIN, and so
 *	does moving a process away from a node with policy
 *	%MOSIX_POLICY_STAY.  Fails with -ESRCH for no such process, -ENOENT
 *	for an unknown node, -EPERM when the process cannot migrate (it
 *	keeps running where it is), -EHOSTUNREACH when the node is not up,
 *	-EBUSY when another migration of it is under way, and with other
 *	errors when the target refuses or fails; the extack message says
 *	why.  On the node that hosts a guest, %MOSIX_PROC_A_PID is the
 *	guest's local pid and the command asks its home to move it (home,
 *	or on to %MOSIX_A_TO_NODE) without waiting.
 * @MOSIX_CMD_PROC_GET: where the process of %MOSIX_A_PROC's
 *	%MOSIX_PROC_A_PID (required) runs: replies %MOSIX_A_PROC with
 *	%MOSIX_PROC_A_PID, %MOSIX_PROC_A_STATE, %MOSIX_PROC_A_NODE_ID (the
 *	node it runs on; for a guest, its home node),
 *	%MOSIX_PROC_A_MIGRATIONS, %MOSIX_PROC_A_PINNED, and
 *	%MOSIX_PROC_A_REASON when it cannot migrate; a guest also has
 *	%MOSIX_PROC_A_HOME_PID.
 * @MOSIX_CMD_GUEST_GET: dumpit: every guest running on this node, each
 *	a %MOSIX_A_PROC with %MOSIX_PROC_A_PID (its pid here),
 *	%MOSIX_PROC_A_NODE_ID (its home node), %MOSIX_PROC_A_HOME_PID and
 *	%MOSIX_PROC_A_RSS.  Takes no attribute.
 * @MOSIX_CMD_POLICY_SET: change this node's policy: the bits of
 *	%MOSIX_A_POLICY_SET are set, then those of %MOSIX_A_POLICY_CLEAR are
 *	cleared (&enum mosix_policy).  At least one is required.  Admin only.
 * @MOSIX_CMD_EXPEL: send every guest on this node home, and block new
 *	ones.  Does not wait for them to leave.  Takes no attribute.  Admin
 *	only.
 * @MOSIX_CMD_BRING: bring every process of this node that runs elsewhere
 *	home, and set local stay.  Does not wait.  Takes no attribute.
 *	Admin only.
 * @MOSIX_CMD_PIN: %MOSIX_A_PROC with %MOSIX_PROC_A_PID and
 *	%MOSIX_PROC_A_PINNED, both required: pins the process where it is
 *	(1) or unpins it (0).  A pinned process never migrates, neither by
 *	itself nor by %MOSIX_CMD_MIGRATE.  The caller's own processes, or
 *	CAP_SYS_ADMIN.
 * @MOSIX_CMD_BALANCER_SET: tune the automatic load balancer:
 *	%MOSIX_A_BALANCER with any non-empty subset of
 *	%MOSIX_BALANCER_A_ENABLED, %MOSIX_BALANCER_A_INTERVAL_MS,
 *	%MOSIX_BALANCER_A_STABILITY, %MOSIX_BALANCER_A_DECAY and
 *	%MOSIX_BALANCER_A_MEM_LOW.  Admin only.  The current values are in
 *	%MOSIX_CMD_STATUS_GET's reply.
 * @MOSIX_CMD_KEY_SET: set the cluster key from %MOSIX_A_KEY (the bytes of
 *	a key file): from then on this node authenticates every exchange
 *	with other nodes (HMAC-SHA256) and drops what is not authenticated
 *	with the same key.  With %MOSIX_A_ENCRYPT 1 it also asks for every
 *	migration connection to be encrypted (ChaCha20-Poly1305); a
 *	connection is encrypted when either end asks.  The key cannot be
 *	read back; %MOSIX_A_AUTH and %MOSIX_A_ENCRYPT in
 *	%MOSIX_CMD_STATUS_GET's reply say whether one is set and whether
 *	this node asks for encryption.  Admin only.
 * @MOSIX_CMD_KEY_CLEAR: forget the cluster key: nothing is authenticated
 *	any more.  Takes no attribute.  Admin only.
 * @MOSIX_CMD_GUESTS_SET: where guests run on this node: with
 *	%MOSIX_A_CGROUP_FD, in that cgroup v2 directory (its CPU weight and
 *	limits are the caller's to set; a guest that cannot join it is
 *	refused); without, where the migration daemon runs.  Either way a
 *	guest is the OOM killer's first choice.  %MOSIX_A_CGROUP in
 *	%MOSIX_CMD_STATUS_GET's reply names the directory.  Admin only.
 *
 * The genetlink header's version is %MOSIX_GENL_VERSION; it is not
 * checked.  New commands, attributes, counters and events are only ever
 * added before the __MAX entries, so existing numbers never change.
 */
enum mosix_cmd {
	MOSIX_CMD_UNSPEC,
	MOSIX_CMD_STATUS_GET,
	MOSIX_CMD_SELF_SET,
	MOSIX_CMD_NODE_ADD,
	MOSIX_CMD_NODE_DEL,
	MOSIX_CMD_NODE_GET,
	MOSIX_CMD_MIGRATE,
	MOSIX_CMD_PROC_GET,
	MOSIX_CMD_GUEST_GET,
	MOSIX_CMD_POLICY_SET,
	MOSIX_CMD_EXPEL,
	MOSIX_CMD_BRING,
	MOSIX_CMD_PIN,
	MOSIX_CMD_BALANCER_SET,
	MOSIX_CMD_KEY_SET,
	MOSIX_CMD_KEY_CLEAR,
	MOSIX_CMD_GUESTS_SET,

	__MOSIX_CMD_MAX,
	MOSIX_CMD_MAX = __MOSIX_CMD_MAX - 1
};

/**
 * enum mosix_attr - top-level attributes of the "mosix" family
 * @MOSIX_A_UNSPEC: never sent
 * @MOSIX_A_NODE: nest of &enum mosix_node_attr: a node
 * @MOSIX_A_PROC: nest of &enum mosix_proc_attr: a process
 * @MOSIX_A_BALANCER: nest of &enum mosix_balancer_attr: the balancer
 * @MOSIX_A_STATS: nest of &enum mosix_stat_attr: this node's counters
 * @MOSIX_A_NODE_COUNT: u32, number of peers in the node table
 * @MOSIX_A_POLICY: u32, this node's policy bits (&enum mosix_policy)
 * @MOSIX_A_POLICY_SET: u32, policy bits to set
 * @MOSIX_A_POLICY_CLEAR: u32, policy bits to clear
 * @MOSIX_A_KEY: binary, %MOSIX_KEY_MIN..%MOSIX_KEY_MAX bytes: a cluster
 *	key (write only)
 * @MOSIX_A_AUTH: u8, 1 when this node has a cluster key
 * @MOSIX_A_TO_NODE: u32, node id: where a process is to go or went
 * @MOSIX_A_FROM_NODE: u32, node id: where a process was, or is
 * @MOSIX_A_ERROR: u32, the errno (positive) of a migration that failed
 * @MOSIX_A_REASON: string, why a migration failed, in words
 * @MOSIX_A_CAUSE: u8, why the balancer moves a process
 *	(&enum mosix_balancer_cause)
 * @MOSIX_A_FROM_LOAD: u32, the load of the node a process leaves, as the
 *	balancer counted it (%MOSIX_LOAD_SCALE units)
 * @MOSIX_A_TO_LOAD: u32, the load of the node a process goes to, as this
 *	node last heard it
 * @MOSIX_A_CGROUP_FD: u32, a file descriptor of the caller: an open
 *	directory of the cgroup v2 file system (write only)
 * @MOSIX_A_CGROUP: string, the cgroup directory guests run in, as the
 *	tool that set it saw its path
 * @MOSIX_A_ENCRYPT: u8, 0 or 1: this node asks for its migration
 *	connections to be encrypted (with %MOSIX_CMD_KEY_SET; absent: 0)
 */
enum mosix_attr {
	MOSIX_A_UNSPEC,
	MOSIX_A_NODE,
	MOSIX_A_PROC,
	MOSIX_A_BALANCER,
	MOSIX_A_STATS,
	MOSIX_A_NODE_COUNT,
	MOSIX_A_POLICY,
	MOSIX_A_POLICY_SET,
	MOSIX_A_POLICY_CLEAR,
	MOSIX_A_KEY,
	MOSIX_A_AUTH,
	MOSIX_A_TO_NODE,
	MOSIX_A_FROM_NODE,
	MOSIX_A_ERROR,
	MOSIX_A_REASON,
	MOSIX_A_CAUSE,
	MOSIX_A_FROM_LOAD,
	MOSIX_A_TO_LOAD,
	MOSIX_A_CGROUP_FD,
	MOSIX_A_CGROUP,
	MOSIX_A_ENCRYPT,

	__MOSIX_A_MAX,
	MOSIX_A_MAX = __MOSIX_A_MAX - 1
};

/**
 * enum mosix_node_attr - a node, nested in %MOSIX_A_NODE
 * @MOSIX_NODE_A_UNSPEC: padding of the 64-bit values
 * @MOSIX_NODE_A_ID: u32, node id, 1..%MOSIX_NODE_ID_MAX
 * @MOSIX_NODE_A_ADDR: be32 (4 bytes), IPv4 address of the node
 * @MOSIX_NODE_A_STATE: u8, &enum mosix_node_state
 * @MOSIX_NODE_A_LOAD: u32, decayed and normalised load
 *	(%MOSIX_LOAD_SCALE units)
 * @MOSIX_NODE_A_SPEED: u32, relative CPU speed, 1..%MOSIX_SPEED_MAX
 * @MOSIX_NODE_A_CPUS: u32, number of online CPUs
 * @MOSIX_NODE_A_MEM_FREE: u64, free memory in bytes
 * @MOSIX_NODE_A_MEM_TOTAL: u64, total memory in bytes
 * @MOSIX_NODE_A_GUESTS: u32, processes of other nodes running on the node
 * @MOSIX_NODE_A_AWAY: u32, processes of the node running on other nodes
 * @MOSIX_NODE_A_AGE_MS: u32, milliseconds since the node's information
 *	arrived
 * @MOSIX_NODE_A_CPU_CLASS: string, the x86-64 psABI level its CPU reaches
 *	("x86-64-v1" to "x86-64-v4"); with the two below, once the node's
 *	own load message said what its CPU is
 * @MOSIX_NODE_A_CPU_FEATURES: string, the CPU features a process may use
 *	that the node has (names as in /proc/cpuinfo, space separated): a
 *	process moves only to a node with every feature of its home's
 * @MOSIX_NODE_A_VDSO: u32, the node's vDSO build (equal on nodes of one
 *	kernel build): a process moves only to a node with its home's
 */
enum mosix_node_attr {
	MOSIX_NODE_A_UNSPEC,
	MOSIX_NODE_A_ID,
	MOSIX_NODE_A_ADDR,
	MOSIX_NODE_A_STATE,
	MOSIX_NODE_A_LOAD,
	MOSIX_NODE_A_SPEED,
	MOSIX_NODE_A_CPUS,
	MOSIX_NODE_A_MEM_FREE,
	MOSIX_NODE_A_MEM_TOTAL,
	MOSIX_NODE_A_GUESTS,
	MOSIX_NODE_A_AWAY,
	MOSIX_NODE_A_AGE_MS,
	MOSIX_NODE_A_CPU_CLASS,
	MOSIX_NODE_A_CPU_FEATURES,
	MOSIX_NODE_A_VDSO,

	__MOSIX_NODE_A_MAX,
	MOSIX_NODE_A_MAX = __MOSIX_NODE_A_MAX - 1
};

/**
 * enum mosix_proc_attr - a process, nested in %MOSIX_A_PROC
 * @MOSIX_PROC_A_UNSPEC: padding of the 64-bit values
 * @MOSIX_PROC_A_PID: u32, a process id: in the caller's pid namespace in
 *	requests and replies, in the initial one in events
 * @MOSIX_PROC_A_STATE: u8, &enum mosix_proc_state
 * @MOSIX_PROC_A_NODE_ID: u32, the node it runs on; for a guest, its home
 *	node
 * @MOSIX_PROC_A_HOME_PID: u32, a guest's pid on its home node
 * @MOSIX_PROC_A_MIGRATIONS: u32, how many times the process migrated
 * @MOSIX_PROC_A_PINNED: u8, 1 when the process is pinned
 * @MOSIX_PROC_A_REASON: string, why the process cannot migrate
 * @MOSIX_PROC_A_RSS: u64, resident memory of the process, bytes
 */
enum mosix_proc_attr {
	MOSIX_PROC_A_UNSPEC,
	MOSIX_PROC_A_PID,
	MOSIX_PROC_A_STATE,
	MOSIX_PROC_A_NODE_ID,
	MOSIX_PROC_A_HOME_PID,
	MOSIX_PROC_A_MIGRATIONS,
	MOSIX_PROC_A_PINNED,
	MOSIX_PROC_A_REASON,
	MOSIX_PROC_A_RSS,

	__MOSIX_PROC_A_MAX,
	MOSIX_PROC_A_MAX = __MOSIX_PROC_A_MAX - 1
};

/**
 * enum mosix_balancer_attr - the balancer, nested in %MOSIX_A_BALANCER
 * @MOSIX_BALANCER_A_UNSPEC: padding of the 64-bit values
 * @MOSIX_BALANCER_A_ENABLED: u8, 1 when the balancer moves processes
 * @MOSIX_BALANCER_A_INTERVAL_MS: u32, how often it decides, in ms,
 *	%MOSIX_BALANCER_INTERVAL_MIN..%MOSIX_BALANCER_INTERVAL_MAX
 * @MOSIX_BALANCER_A_STABILITY: u32, per mille,
 *	%MOSIX_BALANCER_STABILITY_MIN..%MOSIX_BALANCER_STABILITY_MAX: a
 *	process moves only when it would run this much faster on the target
 * @MOSIX_BALANCER_A_DECAY: u32, per mille of the load kept at each 0.5 s
 *	sample, 0..%MOSIX_BALANCER_DECAY_MAX
 * @MOSIX_BALANCER_A_MEM_LOW: u32, per mille of the memory,
 *	0..%MOSIX_BALANCER_MEM_LOW_MAX: when less is free, the balancer moves
 *	processes, the largest first, to nodes with room for them (memory
 *	ushering); 0 turns ushering off
 * @MOSIX_BALANCER_A_BANDWIDTH: u64, bytes per second that the balancer
 *	expects a migration to move (its transfer cost): the running average
 *	of the migrations of at least 1 MiB that this node sent, or a
 *	default.  Read only.
 * @MOSIX_BALANCER_A_BW_MEASURED: u32, how many migrations that average is
 *	made of (0: none yet, the default is used).  Read only.
 * @MOSIX_BALANCER_A_CALL_US: u32, microseconds that the balancer expects a
 *	forwarded syscall to cost a process away from home (a round trip):
 *	the running average measured by this node's guests and reported by
 *	its processes that came home, or a default.  Read only.
 * @MOSIX_BALANCER_A_CALL_MEASURED: u32, how many calls and reports that
 *	average is made of (0: none yet, the default is used).  Read only.
 * @MOSIX_BALANCER_A_SERVICES: u8, 1 when the balancer also moves this
 *	node's system services: processes of root and of systemd's
 *	system.slice.  0 (the default): it leaves them home; they still
 *	move by hand (%MOSIX_CMD_MIGRATE).
 */
enum mosix_balancer_attr {
	MOSIX_BALANCER_A_UNSPEC,
	MOSIX_BALANCER_A_ENABLED,
	MOSIX_BALANCER_A_INTERVAL_MS,
	MOSIX_BALANCER_A_STABILITY,
	MOSIX_BALANCER_A_DECAY,
	MOSIX_BALANCER_A_MEM_LOW,
	MOSIX_BALANCER_A_BANDWIDTH,
	MOSIX_BALANCER_A_BW_MEASURED,
	MOSIX_BALANCER_A_CALL_US,
	MOSIX_BALANCER_A_CALL_MEASURED,
	MOSIX_BALANCER_A_SERVICES,

	__MOSIX_BALANCER_A_MAX,
	MOSIX_BALANCER_A_MAX = __MOSIX_BALANCER_A_MAX - 1
};

/**
 * enum mosix_stat_attr - counters nested in %MOSIX_A_STATS, each a u64
 * @MOSIX_STAT_UNSPEC: padding of the counters
 * @MOSIX_STAT_INFO_TX: load information datagrams sent
 * @MOSIX_STAT_INFO_TX_ERR: datagrams that could not be sent
 * @MOSIX_STAT_INFO_RX: datagrams accepted
 * @MOSIX_STAT_RX_SHORT: dropped: shorter than a message header
 * @MOSIX_STAT_RX_BAD_HEADER: dropped: wrong magic, version or type
 * @MOSIX_STAT_RX_BAD_LENGTH: dropped: length field and datagram disagree,
 *	or the datagram is oversized
 * @MOSIX_STAT_RX_BAD_FIELD: dropped: a field holds an impossible value
 * @MOSIX_STAT_RX_UNKNOWN_PEER: dropped: sender id not in the node table,
 *	or the datagram came from another address than the node's
 * @MOSIX_STAT_RX_STALE: dropped: sequence number not newer than the last
 * @MOSIX_STAT_BALANCER_MOVES: processes the balancer moved away or home
 * @MOSIX_STAT_BALANCER_FAILED: moves it chose that failed
 * @MOSIX_STAT_RX_BAD_AUTH: dropped: a load datagram without the MAC of
 *	this node's cluster key
 * @MOSIX_STAT_CONN_BAD_AUTH: migration connections refused or ended
 *	because the other end did not prove the cluster key, or a chunk's
 *	MAC was wrong
 * @MOSIX_STAT_GOSSIP_RX: entries about other nodes, passed on by a peer
 *	in an accepted datagram, that were newer than what this node knew
 * @MOSIX_STAT_GOSSIP_OLD: such entries that were not taken: not newer,
 *	about this node, or about a node not in the node table
 * @MOSIX_STAT_MOVES_ONWARD: processes of this node that moved straight
 *	from the node they ran on to another, without coming home
 * @MOSIX_STAT_ADMIT_REFUSED: processes another node's balancer sent that
 *	this node refused: with them it would have been no better off
 */
enum mosix_stat_attr {
	MOSIX_STAT_UNSPEC,
	MOSIX_STAT_INFO_TX,
	MOSIX_STAT_INFO_TX_ERR,
	MOSIX_STAT_INFO_RX,
	MOSIX_STAT_RX_SHORT,
	MOSIX_STAT_RX_BAD_HEADER,
	MOSIX_STAT_RX_BAD_LENGTH,
	MOSIX_STAT_RX_BAD_FIELD,
	MOSIX_STAT_RX_UNKNOWN_PEER,
	MOSIX_STAT_RX_STALE,
	MOSIX_STAT_BALANCER_MOVES,
	MOSIX_STAT_BALANCER_FAILED,
	MOSIX_STAT_RX_BAD_AUTH,
	MOSIX_STAT_CONN_BAD_AUTH,
	MOSIX_STAT_GOSSIP_RX,
	MOSIX_STAT_GOSSIP_OLD,
	MOSIX_STAT_MOVES_ONWARD,
	MOSIX_STAT_ADMIT_REFUSED,

	__MOSIX_STAT_MAX,
	MOSIX_STAT_MAX = __MOSIX_STAT_MAX - 1
};

/**
 * enum mosix_event - the messages of multicast group %MOSIX_GENL_MCGRP_EVENTS
 *
 * The genetlink command of an event message is one of these.  Any socket
 * of the initial network namespace may join the group, without
 * privilege.  Events are sent as things happen and are not queued for
 * later: a listener that falls behind loses some (its socket reports
 * ENOBUFS) and should read the state again.  Node events carry
 * %MOSIX_A_NODE with %MOSIX_NODE_A_ID, %MOSIX_NODE_A_ADDR and
 * %MOSIX_NODE_A_STATE; process events carry %MOSIX_A_PROC with at least
 * %MOSIX_PROC_A_PID, in the initial pid namespace.  Load figures change
 * all the time and are no events: read them with %MOSIX_CMD_NODE_GET.
 *
 * @MOSIX_EVENT_UNSPEC: never sent
 * @MOSIX_EVENT_NODE_UP: a peer was heard from, after being unknown or
 *	down.  Noticed within half a second.
 * @MOSIX_EVENT_NODE_DOWN: a peer was not heard from for the node-down
 *	time (mosix.dead_ms, 3 s by default): it is down, or has left the
 *	cluster.  Noticed within half a second.
 * @MOSIX_EVENT_NODE_ADDED: a peer was added to the node table
 *	(%MOSIX_CMD_NODE_ADD); its state is %MOSIX_NODE_UNKNOWN.
 * @MOSIX_EVENT_NODE_REMOVED: a peer was removed from the node table
 *	(%MOSIX_CMD_NODE_DEL).
 * @MOSIX_EVENT_NODE_JOINED: this node joined the cluster again: its
 *	policy lost %MOSIX_POLICY_LEFT.  The node is this node (state
 *	%MOSIX_NODE_SELF).
 * @MOSIX_EVENT_NODE_LEFT: this node left the cluster: its policy gained
 *	%MOSIX_POLICY_LEFT.  As %MOSIX_EVENT_NODE_JOINED.
 * @MOSIX_EVENT_PROC_MOVED: a process of this node started running on
 *	another node: %MOSIX_A_FROM_NODE is this node, or the node it ran on
 *	before for a move straight on, %MOSIX_A_TO_NODE the node it runs on
 *	now.
 * @MOSIX_EVENT_PROC_RETURNED: a process of this node came home:
 *	%MOSIX_A_FROM_NODE is the node it ran on, %MOSIX_A_TO_NODE this
 *	node.
 * @MOSIX_EVENT_PROC_REFUSED: a migration of a process of this node
 *	failed, and it runs on where it was: %MOSIX_A_FROM_NODE is where it
 *	runs, %MOSIX_A_TO_NODE the node it was to go to (this node for a
 *	trip home), %MOSIX_A_ERROR and %MOSIX_A_REASON say why.
 * @MOSIX_EVENT_BALANCER_MOVE: this node's balancer decided to move a
 *	process that runs here: %MOSIX_PROC_A_STATE says whether it is a
 *	guest (then %MOSIX_PROC_A_PID is its pid here and its home decides),
 *	%MOSIX_A_TO_NODE is the target (a guest's home node to send it
 *	home), %MOSIX_A_CAUSE why, %MOSIX_A_FROM_LOAD and %MOSIX_A_TO_LOAD
 *	the loads it compared.  The outcome follows as a process event on
 *	the process's home node.
 */
enum mosix_event {
	MOSIX_EVENT_UNSPEC,
	MOSIX_EVENT_NODE_UP,
	MOSIX_EVENT_NODE_DOWN,
	MOSIX_EVENT_NODE_ADDED,
	MOSIX_EVENT_NODE_REMOVED,
	MOSIX_EVENT_NODE_JOINED,
	MOSIX_EVENT_NODE_LEFT,
	MOSIX_EVENT_PROC_MOVED,
	MOSIX_EVENT_PROC_RETURNED,
	MOSIX_EVENT_PROC_REFUSED,
	MOSIX_EVENT_BALANCER_MOVE,

	__MOSIX_EVENT_MAX,
	MOSIX_EVENT_MAX = __MOSIX_EVENT_MAX - 1
};

/**
 * enum mosix_node_state - what this node knows of a node
 * @MOSIX_NODE_UNKNOWN: configured, never heard from
 * @MOSIX_NODE_UP: load information arrived recently
 * @MOSIX_NODE_DOWN: not heard from for more than a few seconds
 * @MOSIX_NODE_SELF: this node
 */
enum mosix_node_state {
	MOSIX_NODE_UNKNOWN,
	MOSIX_NODE_UP,
	MOSIX_NODE_DOWN,
	MOSIX_NODE_SELF,
};

/**
 * enum mosix_policy - what a node lets its processes and guests do
 * @MOSIX_POLICY_STAY: this node's processes do not migrate by themselves
 * @MOSIX_POLICY_LSTAY: this node's processes do not migrate by
 *	themselves, but guests here may move on
 * @MOSIX_POLICY_BLOCK: this node accepts no new guests
 * @MOSIX_POLICY_LEFT: this node has left the cluster: it sends no load
 *	information, so that its peers soon show it down and send it
 *	nothing (mosctl leave sets it once no guest is here and no process
 *	of this node is away, together with block and lstay)
 * @MOSIX_POLICY_ALL: every bit above
 */
enum mosix_policy {
	MOSIX_POLICY_STAY = 1 << 0,
	MOSIX_POLICY_LSTAY = 1 << 1,
	MOSIX_POLICY_BLOCK = 1 << 2,
	MOSIX_POLICY_LEFT = 1 << 3,
	MOSIX_POLICY_ALL = (1 << 4) - 1,
};

/**
 * enum mosix_proc_state - where a process is
 * @MOSIX_PROC_HOME: running at home
 * @MOSIX_PROC_AWAY: its guest runs on another node; this is its deputy
 * @MOSIX_PROC_GUEST: a guest here, whose home is another node
 */
enum mosix_proc_state {
	MOSIX_PROC_HOME,
	MOSIX_PROC_AWAY,
	MOSIX_PROC_GUEST,
};

/**
 * enum mosix_balancer_cause - why the balancer moves a process
 * @MOSIX_BALANCER_CAUSE_LOAD: it runs faster on the target, or the loads
 *	even out
 * @MOSIX_BALANCER_CAUSE_MEMORY: this node is short of memory
 * @MOSIX_BALANCER_CAUSE_HOME: a guest goes home, which runs it at least as
 *	well
 */
enum mosix_balancer_cause {
	MOSIX_BALANCER_CAUSE_LOAD,
	MOSIX_BALANCER_CAUSE_MEMORY,
	MOSIX_BALANCER_CAUSE_HOME,
};

#endif /* _UAPI_LINUX_MOSIX_H */
