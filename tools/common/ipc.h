/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the kernel's "mosix" generic netlink family, for mosctl and
 * mosmon.
 *
 * This is the only part of the tools that knows about netlink.  Every
 * request function opens its own socket, sends one request, collects the
 * reply into plain C structures and closes the socket again.  They
 * return 0 or a negative errno (or -IPC_ENOFAMILY / -IPC_ENETLINK);
 * ipc_strerror() turns that into words, including the kernel's extended
 * ack message if it sent one.  ipc_events_*() listen to the family's
 * "events" group instead.
 */
#ifndef TOOLS_IPC_H
#define TOOLS_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/mosix.h>

/* Errors that are not errnos: they are above the errno range. */
#define IPC_ENOFAMILY	4096	/* the kernel has no "mosix" family */
#define IPC_ENETLINK	4097	/* netlink failed locally, see ipc_strerror() */

_Static_assert(MOSIX_NODE_A_MAX < 64, "node attributes must fit a u64 mask");
_Static_assert(MOSIX_PROC_A_MAX < 64, "process attributes must fit a u64 mask");
_Static_assert(MOSIX_A_MAX < 64, "attributes must fit a u64 mask");
_Static_assert(MOSIX_STAT_MAX < 64, "counters must fit a u64 mask");

/* One node as the kernel describes it; fields not sent are not in @have. */
struct mosix_node_info {
	uint64_t have;		/* 1 << MOSIX_NODE_A_* of every one received */
	uint32_t id;
	uint32_t addr;		/* IPv4, network byte order */
	uint8_t state;		/* enum mosix_node_state */
	uint32_t load;		/* MOSIX_LOAD_SCALE units */
	uint32_t speed;
	uint32_t cpus;
	uint64_t mem_free;	/* bytes */
	uint64_t mem_total;	/* bytes */
	uint32_t guests;	/* processes of other nodes running there */
	uint32_t away;		/* processes of the node running elsewhere */
	uint32_t age_ms;
	char cpu_class[16];	/* "x86-64-v3" */
	char cpu_features[640];	/* names, space separated */
	uint32_t vdso;		/* its vDSO build */
};

/* The balancer, as MOSIX_CMD_STATUS_GET describes it. */
struct mosix_balancer_info {
	uint64_t have;		/* 1 << MOSIX_BALANCER_A_* received */
	uint8_t enabled;
	uint32_t interval_ms;
	uint32_t stability;	/* per mille */
	uint32_t decay;		/* per mille kept per sample */
	uint32_t mem_low;	/* per mille free below which it ushers */
	uint64_t bandwidth;	/* bytes/s it expects a move to take */
	uint32_t bw_measured;	/* migrations measured for it, 0: default */
	uint32_t call_us;	/* us it expects a forwarded call to take */
	uint32_t call_measured;	/* calls and reports measured, 0: default */
	uint8_t services;	/* 1: it moves system services too */
};

/* This node, as answered by MOSIX_CMD_STATUS_GET. */
struct mosix_status {
	uint64_t have;		/* 1 << MOSIX_A_* received */
	struct mosix_node_info self;
	uint32_t node_count;	/* peers in the node table */
	uint32_t policy;	/* enum mosix_policy bits */
	uint8_t auth;		/* 1: a cluster key is set */
	uint8_t encrypt;	/* 1: this node asks for encryption */
	char cgroup[4096];	/* the guests' cgroup directory, or "" */
	struct mosix_balancer_info balancer;
	uint64_t stats_have;	/* 1 << MOSIX_STAT_* of every counter received */
	uint64_t stats[MOSIX_STAT_MAX + 1];	/* indexed by MOSIX_STAT_* */
};

/* What MOSIX_CMD_SELF_SET changes: only the fields flagged. */
struct mosix_self {
	bool set_id, set_addr, set_speed;
	uint32_t id;
	uint32_t addr;		/* IPv4, network byte order */
	uint32_t speed;
};

/* A process, as MOSIX_CMD_PROC_GET, MOSIX_CMD_GUEST_GET and events say. */
struct mosix_proc_info {
	uint64_t have;		/* 1 << MOSIX_PROC_A_* of every one received */
	uint32_t pid;
	uint8_t state;		/* enum mosix_proc_state */
	uint32_t node;		/* where it runs; for a guest, its home node */
	uint32_t home_pid;	/* a guest's pid at home */
	uint32_t migrations;
	uint8_t pinned;
	uint64_t rss;		/* bytes */
	char reason[128];	/* why it cannot migrate */
};

/* What MOSIX_CMD_BALANCER_SET changes: only the fields flagged. */
struct mosix_balancer {
	bool set_enabled, set_interval, set_stability, set_decay, set_mem_low;
	bool set_services;
	bool enabled, services;
	uint32_t interval_ms, stability, decay, mem_low;
};

/* One message of the "events" group. */
struct mosix_event_info {
	uint8_t event;		/* enum mosix_event */
	uint64_t have;		/* 1 << MOSIX_A_* received */
	struct mosix_node_info node;	/* if MOSIX_A_NODE */
	struct mosix_proc_info proc;	/* if MOSIX_A_PROC */
	uint32_t from_node, to_node;
	uint32_t error;		/* a positive errno */
	uint8_t cause;		/* enum mosix_balancer_cause */
	uint32_t from_load, to_load;	/* MOSIX_LOAD_SCALE units */
	char reason[128];
};

static inline bool node_has(const struct mosix_node_info *node, int attr)
{
	return node->have & (1ull << attr);
}

static inline bool proc_has(const struct mosix_proc_info *proc, int attr)
{
	return proc->have & (1ull << attr);
}

static inline bool event_has(const struct mosix_event_info *e, int attr)
{
	return e->have & (1ull << attr);
}

int ipc_status_get(struct mosix_status *status);
int ipc_self_set(const struct mosix_self *self);
int ipc_node_add(uint32_t id, uint32_t addr);
int ipc_node_del(uint32_t id);
/* One node, by @id if it is not 0, else by @addr. */
int ipc_node_get(uint32_t id, uint32_t addr, struct mosix_node_info *node);
/* Every node, this node first; *@nodes is malloc()ed, free() it. */
int ipc_node_dump(struct mosix_node_info **nodes, size_t *count);

/* Move process @pid to node @node, or home when @node is 0. */
int ipc_migrate(uint32_t pid, uint32_t node);
int ipc_proc_get(uint32_t pid, struct mosix_proc_info *proc);
int ipc_policy_set(uint32_t set, uint32_t clear);
/* Set the cluster key to the @len bytes at @key. */
int ipc_key_set(const void *key, size_t len, bool encrypt);
/* Guests run in the cgroup v2 directory open at @cgroup_fd; -1: in none. */
int ipc_guests_set(int cgroup_fd);
/* A command without attributes: MOSIX_CMD_EXPEL, _BRING, _KEY_CLEAR. */
int ipc_node_action(uint8_t cmd);
int ipc_pin(uint32_t pid, bool pinned);
int ipc_balancer_set(const struct mosix_balancer *b);
/* Every guest running here; *@guests is malloc()ed, free() it. */
int ipc_guest_dump(struct mosix_proc_info **guests, size_t *count);

/* Plain words for an error returned by the functions in this file. */
const char *ipc_strerror(int err);

/* A socket in the "events" group. */
struct ipc_events;

typedef void (*ipc_event_fn)(const struct mosix_event_info *event,
			     void *arg);

/* Join the group; @nonblock: ipc_events_read() never waits. */
int ipc_events_open(struct ipc_events **events, bool nonblock);
/* Its file descriptor, to poll(). */
int ipc_events_fd(const struct ipc_events *events);
/*
 * Hand what arrived to @fn, one event at a time (waiting for the first,
 * unless opened @nonblock).  0, or -ENOBUFS when events were lost (the
 * socket is fine: go on), or another error.
 */
int ipc_events_read(struct ipc_events *events, ipc_event_fn fn, void *arg);
void ipc_events_close(struct ipc_events *events);

#endif /* TOOLS_IPC_H */
