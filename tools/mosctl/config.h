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
 *	key /etc/mosix/cluster.key
 *	balancer on
 *
 * A node finds its own line by its addresses.  The words after the
 * address are that node's own settings; `key` and `balancer` are every
 * node's.  Each line at most once: no id or address twice.
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

struct config {
	struct config_node nodes[CONFIG_NODES_MAX];
	size_t count;
	char key[CONFIG_PATH_MAX];	/* the key file; "" when no key line */
	int balancer;			/* -1: no balancer line, 0 off, 1 on */
};

/* A decimal number in @min..@max and nothing else: no sign, space or junk. */
bool config_uint(const char *s, unsigned long min, unsigned long max,
		 uint32_t *val);

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
	bool balancer, auth;
	const struct config_peer *peers;
	size_t count;
};

enum config_action_kind {
	CONFIG_DEL,		/* delete peer @id */
	CONFIG_SELF,		/* set this node's id/addr/speed */
	CONFIG_ADD,		/* add peer @id @addr */
	CONFIG_KEY_SET,		/* set the key from cfg->key */
	CONFIG_KEY_CLEAR,
	CONFIG_POLICY,		/* set @set, clear @clear */
	CONFIG_BALANCER,	/* balancer @on */
};

struct config_action {
	enum config_action_kind kind;
	uint32_t id, addr, speed;
	bool set_id, set_addr, set_speed;
	uint32_t set, clear;
	bool on;
};

/* Enough room for the actions of any plan for @cfg and @now. */
static inline size_t config_plan_max(const struct config *cfg,
				     const struct config_state *now)
{
	return now->count + cfg->count + 5;
}

/*
 * The changes, in the order to make them, that turn @now into what line
 * @self of @cfg says: peers that are not in the file (or are, with
 * another address, or have the id or address this node is to take) go
 * first, then this node's identity, the new peers, the key, the policy
 * and the balancer.  Returns how many it wrote to @acts.
 */
size_t config_plan(const struct config *cfg, size_t self,
		   const struct config_state *now, struct config_action *acts);

#endif /* MOSCTL_CONFIG_H */
