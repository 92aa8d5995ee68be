// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl apply: parsing the cluster file and planning the changes that
 * make this node what it says (see config.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define WORDS_MAX	16

struct parser {
	struct config *cfg;
	unsigned int line;
	unsigned int key_line, balancer_line, services_line, guests_line;
	char *err;
	size_t errlen;
};

static bool __attribute__((format(printf, 2, 3)))
bad(struct parser *p, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	if (p->line)
		n = (size_t)snprintf(p->err, p->errlen, "line %u: ", p->line);
	if (n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - n, fmt, ap);
		va_end(ap);
	}
	return false;
}

bool config_uint(const char *s, unsigned long min, unsigned long max,
		 uint32_t *val)
{
	unsigned long num;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	num = strtoul(s, &end, 10);
	if (errno || *end || num < min || num > max)
		return false;
	*val = (uint32_t)num;
	return true;
}

/* An address a peer can be reached at. */
static bool unicast(uint32_t addr)
{
	uint32_t host = ntohl(addr);

	return host && host != 0xffffffff && (host >> 28) != 0xe &&
	       (host >> 24) != 127;
}

static bool parse_node(struct parser *p, char **w, int n)
{
	struct config *cfg = p->cfg;
	struct config_node *node;
	struct in_addr in;
	size_t i;
	int k;

	if (n < 3)
		return bad(p, "expected: node ID ADDRESS [speed=N] [stay] [lstay] [block]");
	if (cfg->count == CONFIG_NODES_MAX)
		return bad(p, "more than %d nodes", CONFIG_NODES_MAX);
	node = &cfg->nodes[cfg->count];
	memset(node, 0, sizeof(*node));
	node->line = p->line;
	if (!config_uint(w[1], 1, MOSIX_NODE_ID_MAX, &node->id))
		return bad(p, "invalid node id '%s': expected 1..%d", w[1],
			   MOSIX_NODE_ID_MAX);
	if (inet_pton(AF_INET, w[2], &in) != 1)
		return bad(p, "invalid address '%s': expected IPv4 dotted quad",
			   w[2]);
	node->addr = in.s_addr;
	if (!unicast(node->addr))
		return bad(p, "%s is not the address of a machine", w[2]);
	for (k = 3; k < n; k++) {
		uint32_t bit = 0;

		if (!strncmp(w[k], "speed=", 6)) {
			if (node->speed)
				return bad(p, "speed given twice");
			if (!config_uint(w[k] + 6, 1, MOSIX_SPEED_MAX, &node->speed))
				return bad(p, "invalid speed '%s': expected 1..%d",
					   w[k] + 6, MOSIX_SPEED_MAX);
			continue;
		}
		if (!strcmp(w[k], "stay"))
			bit = MOSIX_POLICY_STAY;
		else if (!strcmp(w[k], "lstay"))
			bit = MOSIX_POLICY_LSTAY;
		else if (!strcmp(w[k], "block"))
			bit = MOSIX_POLICY_BLOCK;
		else
			return bad(p, "unknown node setting '%s': expected speed=N, stay, lstay or block",
				   w[k]);
		if (node->policy & bit)
			return bad(p, "'%s' given twice", w[k]);
		node->policy |= bit;
	}
	for (i = 0; i < cfg->count; i++) {
		if (cfg->nodes[i].id == node->id)
			return bad(p, "node %u is also on line %u", node->id,
				   cfg->nodes[i].line);
		if (cfg->nodes[i].addr == node->addr)
			return bad(p, "address %s is also on line %u", w[2],
				   cfg->nodes[i].line);
	}
	cfg->count++;
	return true;
}

bool config_size(const char *s, uint64_t *bytes)
{
	static const char units[] = "KMGT";
	unsigned long long num;
	const char *unit;
	char *end;
	int shift = 0;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	num = strtoull(s, &end, 10);
	if (errno)
		return false;
	if (*end) {
		unit = strchr(units, *end);
		if (!unit || end[1])
			return false;
		shift = 10 * (int)(unit - units + 1);
	}
	if (num > (UINT64_MAX >> shift))
		return false;
	*bytes = (uint64_t)num << shift;
	return true;
}

void config_guests_words(const struct config_guests *g, char *buf,
			 size_t len)
{
	char cpu[32], mem[48], tasks[32];

	if (g->cpu_weight)
		snprintf(cpu, sizeof(cpu), "CPU weight %u", g->cpu_weight);
	else
		snprintf(cpu, sizeof(cpu), "CPU when idle");
	if (g->memory_percent)
		snprintf(mem, sizeof(mem), "memory at most %u%%",
			 g->memory_percent);
	else if (g->memory_bytes)
		snprintf(mem, sizeof(mem), "memory at most %llu MiB",
			 (unsigned long long)(g->memory_bytes >> 20));
	else
		snprintf(mem, sizeof(mem), "memory unlimited");
	if (g->tasks)
		snprintf(tasks, sizeof(tasks), "at most %u tasks", g->tasks);
	else
		snprintf(tasks, sizeof(tasks), "tasks unlimited");
	snprintf(buf, len, "%s, %s, %s", cpu, mem, tasks);
}

static bool parse_guest_memory(struct parser *p, const char *v,
			       struct config_guests *g)
{
	size_t n = strlen(v);
	char num[24];

	g->memory_percent = 0;
	g->memory_bytes = 0;
	if (!strcmp(v, "max"))
		return true;
	if (n && v[n - 1] == '%') {
		if (n - 1 >= sizeof(num))
			return bad(p, "invalid memory '%s': expected 1%%..100%%", v);
		memcpy(num, v, n - 1);
		num[n - 1] = '\0';
		if (!config_uint(num, 1, 100, &g->memory_percent))
			return bad(p, "invalid memory '%s': expected 1%%..100%%", v);
		return true;
	}
	if (!config_size(v, &g->memory_bytes))
		return bad(p, "invalid memory '%s': expected a size (e.g. 4G), a percentage of RAM (50%%) or max",
			   v);
	if (g->memory_bytes < CONFIG_GUEST_MEMORY_MIN)
		return bad(p, "memory '%s' is below 64M, too little for a program",
			   v);
	return true;
}

static bool parse_guests(struct parser *p, char **w, int n)
{
	struct config_guests *g = &p->cfg->guests;
	unsigned int seen = 0;
	int k;

	if (p->guests_line)
		return bad(p, "a second guests line (the first is line %u)",
			   p->guests_line);
	p->guests_line = p->line;
	if (n < 2)
		return bad(p, "expected: guests [cpu=idle|WEIGHT] [memory=SIZE|N%%|max] [tasks=N|max]");
	for (k = 1; k < n; k++) {
		const char *eq = strchr(w[k], '=');
		static const char *const keys[] = { "cpu", "memory", "tasks" };
		unsigned int i;

		for (i = 0; i < 3; i++)
			if (eq && (size_t)(eq - w[k]) == strlen(keys[i]) &&
			    !strncmp(w[k], keys[i], strlen(keys[i])))
				break;
		if (i == 3)
			return bad(p, "unknown guests setting '%s': expected cpu=, memory= or tasks=",
				   w[k]);
		if (seen & (1u << i))
			return bad(p, "%s given twice", keys[i]);
		seen |= 1u << i;
		eq++;
		if (i == 0 && !strcmp(eq, "idle"))
			g->cpu_weight = 0;
		else if (i == 0 && !config_uint(eq, 1, 10000, &g->cpu_weight))
			return bad(p, "invalid cpu '%s': expected idle or a weight 1..10000 (a desktop session has 100)",
				   eq);
		else if (i == 1 && !parse_guest_memory(p, eq, g))
			return false;
		else if (i == 2 && !strcmp(eq, "max"))
			g->tasks = 0;
		else if (i == 2 && !config_uint(eq, 1, 4194304, &g->tasks))
			return bad(p, "invalid tasks '%s': expected 1..4194304 or max",
				   eq);
	}
	return true;
}

/* "WORD YES|NO", once in the file: 1 for YES into *@out. */
static bool parse_switch(struct parser *p, char **w, int n, const char *yes,
			 const char *no, unsigned int *line, int *out)
{
	if (*line)
		return bad(p, "a second %s line (the first is line %u)", w[0],
			   *line);
	if (n != 2 || (strcmp(w[1], yes) && strcmp(w[1], no)))
		return bad(p, "expected: %s %s|%s", w[0], yes, no);
	*out = !strcmp(w[1], yes);
	*line = p->line;
	return true;
}

static bool parse_words(struct parser *p, char **w, int n)
{
	struct config *cfg = p->cfg;

	if (!strcmp(w[0], "node"))
		return parse_node(p, w, n);
	if (!strcmp(w[0], "key")) {
		if (p->key_line)
			return bad(p, "a second key line (the first is line %u)",
				   p->key_line);
		if (n < 2 || n > 3 || (n == 3 && strcmp(w[2], "encrypt")))
			return bad(p, "expected: key FILE [encrypt]");
		if (w[1][0] != '/')
			return bad(p, "the key file must be an absolute path, not '%s'",
				   w[1]);
		if (strlen(w[1]) >= sizeof(cfg->key))
			return bad(p, "the key file's path is too long");
		strcpy(cfg->key, w[1]);
		cfg->encrypt = n == 3;
		p->key_line = p->line;
		return true;
	}
	if (!strcmp(w[0], "balancer"))
		return parse_switch(p, w, n, "on", "off", &p->balancer_line,
				    &cfg->balancer);
	if (!strcmp(w[0], "services"))
		return parse_switch(p, w, n, "move", "stay", &p->services_line,
				    &cfg->services);
	if (!strcmp(w[0], "guests"))
		return parse_guests(p, w, n);
	return bad(p, "unknown word '%s': expected node, key, balancer, services or guests",
		   w[0]);
}

/* One line, without its newline, NUL-terminated in place. */
static bool parse_line(struct parser *p, char *s)
{
	char *w[WORDS_MAX];
	char *hash = strchr(s, '#');
	int n = 0;

	if (hash)
		*hash = '\0';
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s)
			break;
		if (n == WORDS_MAX)
			return bad(p, "more than %d words", WORDS_MAX);
		w[n++] = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (*s)
			*s++ = '\0';
	}
	return n ? parse_words(p, w, n) : true;
}

bool config_parse(const char *text, size_t len, struct config *cfg,
		  char *err, size_t errlen)
{
	struct parser p = { .cfg = cfg, .err = err, .errlen = errlen };
	char buf[CONFIG_LINE_MAX + 1];
	size_t pos = 0;

	memset(cfg, 0, sizeof(*cfg));
	cfg->balancer = -1;
	cfg->services = -1;
	cfg->guests = CONFIG_GUESTS_DEFAULT;
	if (len > CONFIG_SIZE_MAX)
		return bad(&p, "larger than %d bytes", CONFIG_SIZE_MAX);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		p.line++;
		if (end - pos > CONFIG_LINE_MAX)
			return bad(&p, "longer than %d characters",
				   CONFIG_LINE_MAX);
		memcpy(buf, text + pos, end - pos);
		buf[end - pos] = '\0';
		if (strlen(buf) != end - pos)
			return bad(&p, "a NUL byte: this is not a text file");
		if (!parse_line(&p, buf))
			return false;
		pos = end + 1;
	}
	p.line = 0;
	if (!cfg->count)
		return bad(&p, "no node line: the file must list the nodes of the cluster");
	return true;
}

long config_find_self(const struct config *cfg, const uint32_t *local,
		      size_t count, uint32_t self_id, char *err,
		      size_t errlen)
{
	long found = -1;
	size_t i, j;

	for (i = 0; i < cfg->count; i++) {
		bool mine = false;

		if (self_id) {
			mine = cfg->nodes[i].id == self_id;
		} else {
			for (j = 0; j < count; j++)
				mine |= local[j] == cfg->nodes[i].addr;
		}
		if (!mine)
			continue;
		if (found >= 0) {
			snprintf(err, errlen,
				 "this machine has the addresses of nodes %u (line %u) and %u (line %u): give its id with -s",
				 cfg->nodes[found].id, cfg->nodes[found].line,
				 cfg->nodes[i].id, cfg->nodes[i].line);
			return -1;
		}
		found = (long)i;
	}
	if (found < 0 && self_id)
		snprintf(err, errlen, "node %u is not in the file", self_id);
	else if (found < 0)
		snprintf(err, errlen,
			 "none of this machine's addresses is on a node line: add it, or give this node's id with -s");
	return found;
}

static bool has_peer(const struct config_state *now, uint32_t id,
		     uint32_t addr)
{
	size_t i;

	for (i = 0; i < now->count; i++)
		if (now->peers[i].id == id && now->peers[i].addr == addr)
			return true;
	return false;
}

/* Is @peer on a line of @cfg other than @self, with the same address? */
static bool peer_wanted(const struct config *cfg, size_t self,
			const struct config_peer *peer)
{
	size_t i;

	for (i = 0; i < cfg->count; i++)
		if (i != self && cfg->nodes[i].id == peer->id)
			return cfg->nodes[i].addr == peer->addr;
	return false;
}

size_t config_plan(const struct config *cfg, size_t self,
		   const struct config_state *now, struct config_action *acts)
{
	const struct config_node *me = &cfg->nodes[self];
	struct config_action *a = acts;
	size_t i;

	for (i = 0; i < now->count; i++) {
		if (peer_wanted(cfg, self, &now->peers[i]))
			continue;
		memset(a, 0, sizeof(*a));
		a->kind = CONFIG_DEL;
		a->id = now->peers[i].id;
		a->addr = now->peers[i].addr;
		a++;
	}
	memset(a, 0, sizeof(*a));
	a->kind = CONFIG_SELF;
	a->id = me->id;
	a->addr = me->addr;
	a->speed = me->speed;
	a->set_id = now->id != me->id;
	a->set_addr = now->addr != me->addr;
	a->set_speed = me->speed && me->speed != now->speed;
	if (a->set_id || a->set_addr || a->set_speed)
		a++;
	for (i = 0; i < cfg->count; i++) {
		if (i == self || has_peer(now, cfg->nodes[i].id,
					  cfg->nodes[i].addr))
			continue;
		memset(a, 0, sizeof(*a));
		a->kind = CONFIG_ADD;
		a->id = cfg->nodes[i].id;
		a->addr = cfg->nodes[i].addr;
		a++;
	}
	if (cfg->key[0] || now->auth) {
		memset(a, 0, sizeof(*a));
		a->kind = cfg->key[0] ? CONFIG_KEY_SET : CONFIG_KEY_CLEAR;
		a->on = cfg->encrypt;
		a++;
	}
	if ((now->policy & CONFIG_POLICIES) != me->policy) {
		memset(a, 0, sizeof(*a));
		a->kind = CONFIG_POLICY;
		a->set = me->policy;
		a->clear = CONFIG_POLICIES & ~me->policy;
		a++;
	}
	if (cfg->balancer >= 0 && (bool)cfg->balancer != now->balancer) {
		memset(a, 0, sizeof(*a));
		a->kind = CONFIG_BALANCER;
		a->on = cfg->balancer;
		a++;
	}
	if (cfg->services >= 0 && (bool)cfg->services != now->services) {
		memset(a, 0, sizeof(*a));
		a->kind = CONFIG_SERVICES;
		a->on = cfg->services;
		a++;
	}
	if (now->cgroup2) {
		memset(a, 0, sizeof(*a));
		a->kind = CONFIG_GUESTS;
		a->guests = cfg->guests;
		if (a->guests.memory_percent)
			a->guests.memory_bytes = now->ram / 100 *
						 a->guests.memory_percent;
		a->guests.memory_percent = 0;
		a->guests.memory_bytes &= ~(uint64_t)4095;
		if (!now->confined ||
		    a->guests.cpu_weight != now->guests.cpu_weight ||
		    a->guests.memory_bytes != now->guests.memory_bytes ||
		    a->guests.tasks != now->guests.tasks)
			a++;
	}
	return (size_t)(a - acts);
}
