/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mosctl apply: the cluster file (/etc/mosix/mosix.conf) and the changes
 * that make a node what it says.  Pure code, no netlink: the unit tests
 * (tests/unit/config_test.c) build it too.
 *
 * The same file goes on every node:
 *
 *	# node ID ADDRESS [speed=N] [stay] [lstay] [block]
 *	node 1 192.168.1.10
 *	node 2 192.168.1.11 speed=2000
 *	node 3 192.168.1.12 block
 *	key /etc/mosix/cluster.key [encrypt]
 *	balancer on
 *	services stay
 *	guests cpu=idle memory=50% tasks=4096
 *
 * A node finds its own line by its addresses.  The words after the
 * address are that node's own settings; `key`, `balancer`, `services`
 * and `guests` are every node's.  Each line at most once: no id or address twice.
 */
#ifndef MOSCTL_CONFIG_H
#define MOSCTL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/mosix.h>

#define CONFIG_DEFAULT_PATH	"/etc/mosix/mosix.conf"
#define CONFIG_NODES_MAX	1024	/* the kernel's node table, plus self */
#define CONFIG_LINE_MAX		1024	/* characters, newline excluded */
#define CONFIG_SIZE_MAX		(1 << 20)
#define CONFIG_PATH_MAX		4096

/* The policy bits a node's line sets; every other one apply clears. */
#define CONFIG_POLICIES	(MOSIX_POLICY_STAY | MOSIX_POLICY_LSTAY | \
			 MOSIX_POLICY_BLOCK)

struct config_node {
	uint32_t id;
	uint32_t addr;		/* IPv4, network byte order */
	uint32_t speed;		/* 0: not given, left as it is */
	uint32_t policy;	/* bits of CONFIG_POLICIES */
	unsigned int line;
};

/* The smallest memory limit for guests: below it hardly a program runs. */
#define CONFIG_GUEST_MEMORY_MIN	(64ULL << 20)

/*
 * The cgroup guests run in (the `guests` line; these defaults without
 * one): its CPU weight against the owner's sessions and services, and
 * what all guests together may use.
 */
struct config_guests {
	uint32_t cpu_weight;	/* 1..10000; 0: idle (CPU only when unused) */
	uint32_t memory_percent;	/* of the machine's RAM; 0: see bytes */
	uint64_t memory_bytes;	/* with percent 0; 0 too: no limit */
	uint32_t tasks;		/* 0: no limit */
};

#define CONFIG_GUESTS_DEFAULT \
	((struct config_guests){ .memory_percent = 50, .tasks = 4096 })

struct config {
	struct config_node nodes[CONFIG_NODES_MAX];
	size_t count;
	char key[CONFIG_PATH_MAX];	/* the key file; "" when no key line */
	bool encrypt;			/* the key line says `encrypt` */
	int balancer;			/* -1: no balancer line, 0 off, 1 on */
	int services;			/* -1: no services line, 0 stay, 1 move */
	struct config_guests guests;
};

/* A decimal number in @min..@max and nothing else: no sign, space or junk. */
bool config_uint(const char *s, unsigned long min, unsigned long max,
		 uint32_t *val);

/* "SIZE" with an optional K, M, G or T (powers of 1024) into bytes. */
bool config_size(const char *s, uint64_t *bytes);

/* The `guests` settings in words ("cpu idle, memory at most 50% ..."). */
void config_guests_words(const struct config_guests *g, char *buf,
			 size_t len);

/*
 * Parse the @len bytes at @text into @cfg.  On an error, false and the
 * reason in @err ("line 3: ..."); @cfg is then unusable.
 */
bool config_parse(const char *text, size_t len, struct config *cfg,
		  char *err, size_t errlen);

/*
 * This node's line: the one whose address is among the @count addresses
 * at @local (network byte order), or whose id is @self_id if that is not
 * 0.  -1 and the reason in @err if there is not exactly one.
 */
long config_find_self(const struct config *cfg, const uint32_t *local,
		      size_t count, uint32_t self_id, char *err,
		      size_t errlen);

/* A node now in the kernel's table. */
struct config_peer {
	uint32_t id;
	uint32_t addr;
};

/* What the kernel has now. */
struct config_state {
	uint32_t id, addr, speed, policy;
	bool balancer, auth, services;
	const struct config_peer *peers;
	size_t count;
	bool cgroup2;		/* this machine has cgroup v2: guests can be confined */
	bool confined;		/* the kernel has a cgroup for guests ... */
	struct config_guests guests;	/* ... set so (memory in bytes) */
	uint64_t ram;		/* bytes of RAM, for memory=N% */
};

enum config_action_kind {
	CONFIG_DEL,		/* delete peer @id */
	CONFIG_SELF,		/* set this node's id/addr/speed */
	CONFIG_ADD,		/* add peer @id @addr */
	CONFIG_KEY_SET,		/* set the key from cfg->key; @on: encrypt */
	CONFIG_KEY_CLEAR,
	CONFIG_POLICY,		/* set @set, clear @clear */
	CONFIG_BALANCER,	/* balancer @on */
	CONFIG_SERVICES,	/* the balancer moves services: @on */
	CONFIG_GUESTS,		/* confine guests as cfg->guests says */
};

struct config_action {
	enum config_action_kind kind;
	uint32_t id, addr, speed;
	bool set_id, set_addr, set_speed;
	uint32_t set, clear;
	bool on;
	struct config_guests guests;	/* memory in bytes, page aligned */
};

/* Enough room for the actions of any plan for @cfg and @now. */
static inline size_t config_plan_max(const struct config *cfg,
				     const struct config_state *now)
{
	return now->count + cfg->count + 7;
}

/*
 * The changes, in the order to make them, that turn @now into what line
 * @self of @cfg says: peers that are not in the file (or are, with
 * another address, or have the id or address this node is to take) go
 * first, then this node's identity, the new peers, the key, the policy,
 * the balancer, its services setting and the guests' cgroup.  Returns how many it wrote to
 * @acts.
 */
size_t config_plan(const struct config *cfg, size_t self,
		   const struct config_state *now, struct config_action *acts);

#endif /* MOSCTL_CONFIG_H */
