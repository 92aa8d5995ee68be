// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl apply [-n] [-s ID] [FILE]: make this node what the cluster file
 * says (config.h): its id and address, its peers, the cluster key, its
 * policy, speed and balancer.  The boot service runs it, and running it
 * again after an edit changes only what the edit changed.
 *
 * Everything is checked before anything changes: the file, which line is
 * this node's, the key file, and that a new id or address would not
 * strand processes.  A kernel error half way stops it, and it says which
 * changes were made.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "guests.h"
#include "mosctl.h"
#include "output.h"

#define LOCAL_ADDRS_MAX	256

struct apply_options {
	bool dry_run;
	uint32_t self_id;	/* 0: by address */
	const char *path;
};

static int parse_options(const struct command *cmd, int argc, char **argv,
			 struct apply_options *o)
{
	int i;

	o->path = CONFIG_DEFAULT_PATH;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-n") || !strcmp(a, "--dry-run")) {
			o->dry_run = true;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--self")) {
			if (i + 1 == argc) {
				errmsg("%s needs a node id", a);
				return EXIT_USAGE;
			}
			if (!parse_node_id(argv[++i], &o->self_id))
				return EXIT_USAGE;
		} else if (a[0] == '-' && a[1]) {
			errmsg("apply: unknown option '%s'", a);
			return EXIT_USAGE;
		} else if (i + 1 == argc) {
			o->path = a;
		} else {
			return usage_error(cmd);
		}
	}
	return EXIT_SUCCESS;
}

/* @path in a malloc()ed buffer, one byte more than allowed: too large. */
static char *read_file(const char *path, size_t *len)
{
	char *buf = malloc(CONFIG_SIZE_MAX + 1);

	if (!buf) {
		errmsg("%s: out of memory", path);
		return NULL;
	}
	if (!file_read(path, buf, CONFIG_SIZE_MAX + 1, len)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* This machine's IPv4 addresses, up to @max. */
static int local_addrs(uint32_t *addrs, size_t max, size_t *count)
{
	struct ifaddrs *list, *ifa;

	if (getifaddrs(&list))
		return fail("cannot list this machine's addresses: %s",
			    strerror(errno));
	*count = 0;
	for (ifa = list; ifa && *count < max; ifa = ifa->ifa_next)
		if (ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_INET)
			addrs[(*count)++] =
				((struct sockaddr_in *)ifa->ifa_addr)->sin_addr.s_addr;
	freeifaddrs(list);
	return EXIT_SUCCESS;
}

static const char *addr_str(uint32_t addr, char *buf)
{
	struct in_addr in = { .s_addr = addr };

	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

/* What the kernel has now: *@peers is malloc()ed. */
static int get_state(struct config_state *now, struct mosix_status *status,
		     struct config_peer **peers)
{
	struct mosix_node_info *nodes;
	size_t count, i;
	int err;

	err = ipc_status_get(status);
	if (!err)
		err = ipc_node_dump(&nodes, &count);
	if (err)
		return check_ipc(err);
	*peers = calloc(count ? count : 1, sizeof(**peers));
	if (!*peers) {
		free(nodes);
		return fail("out of memory");
	}
	memset(now, 0, sizeof(*now));
	for (i = 0; i < count; i++) {
		if (nodes[i].state == MOSIX_NODE_SELF)
			continue;
		(*peers)[now->count].id = nodes[i].id;
		(*peers)[now->count].addr = nodes[i].addr;
		now->count++;
	}
	free(nodes);
	now->peers = *peers;
	now->id = status->self.id;
	now->addr = status->self.addr;
	now->speed = status->self.speed;
	now->policy = status->policy;
	now->balancer = status->balancer.enabled;
	now->auth = status->auth;
	now->services = status->balancer.services;
	now->cgroup2 = guests_cgroup2();
	now->confined = status->cgroup[0] &&
			guests_read(status->cgroup, &now->guests);
	now->ram = guests_ram();
	return EXIT_SUCCESS;
}

/* One line of words for @a. */
static void describe(const struct config_action *a, const char *key,
		     char *buf, size_t len)
{
	char addr[INET_ADDRSTRLEN], words[32];
	size_t n;

	switch (a->kind) {
	case CONFIG_DEL:
		snprintf(buf, len, "remove node %u (%s)", a->id,
			 addr_str(a->addr, addr));
		break;
	case CONFIG_ADD:
		snprintf(buf, len, "add node %u (%s)", a->id,
			 addr_str(a->addr, addr));
		break;
	case CONFIG_SELF:
		n = (size_t)snprintf(buf, len, "set this node's");
		if (a->set_id && n < len)
			n += (size_t)snprintf(buf + n, len - n, " id to %u",
					      a->id);
		if (a->set_addr && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s address to %s",
					      a->set_id ? "," : "",
					      addr_str(a->addr, addr));
		if (a->set_speed && n < len)
			snprintf(buf + n, len - n, "%s speed to %u",
				 a->set_id || a->set_addr ? "," : "", a->speed);
		break;
	case CONFIG_KEY_SET:
		snprintf(buf, len, "set the cluster key from %s%s", key,
			 a->on ? ", migrations encrypted" : "");
		break;
	case CONFIG_KEY_CLEAR:
		snprintf(buf, len, "clear the cluster key (the file has no key line)");
		break;
	case CONFIG_POLICY:
		snprintf(buf, len, "set the policy to %s",
			 policy_words(a->set, words, sizeof(words)));
		break;
	case CONFIG_BALANCER:
		snprintf(buf, len, "turn the balancer %s", a->on ? "on" : "off");
		break;
	case CONFIG_SERVICES:
		snprintf(buf, len, "%s",
			 a->on ? "let the balancer move system services" :
			 "have the balancer leave system services home");
		break;
	case CONFIG_GUESTS:
		n = (size_t)snprintf(buf, len, "confine guests to mosix.slice: ");
		if (n < len)
			config_guests_words(&a->guests, buf + n, len - n);
		break;
	}
}

static int act(const struct config_action *a, const unsigned char *key,
	       size_t key_len)
{
	struct mosix_self self = { 0 };
	struct mosix_balancer b = { 0 };

	switch (a->kind) {
	case CONFIG_DEL:
		return ipc_node_del(a->id);
	case CONFIG_ADD:
		return ipc_node_add(a->id, a->addr);
	case CONFIG_SELF:
		self.set_id = a->set_id;
		self.set_addr = a->set_addr;
		self.set_speed = a->set_speed;
		self.id = a->id;
		self.addr = a->addr;
		self.speed = a->speed;
		return ipc_self_set(&self);
	case CONFIG_KEY_SET:
		return ipc_key_set(key, key_len, a->on);
	case CONFIG_KEY_CLEAR:
		return ipc_node_action(MOSIX_CMD_KEY_CLEAR);
	case CONFIG_POLICY:
		return ipc_policy_set(a->set, a->clear);
	case CONFIG_BALANCER:
		b.set_enabled = true;
		b.enabled = a->on;
		return ipc_balancer_set(&b);
	case CONFIG_SERVICES:
		b.set_services = true;
		b.services = a->on;
		return ipc_balancer_set(&b);
	case CONFIG_GUESTS:
		return guests_confine(&a->guests);
	}
	return -EINVAL;
}

/* A new id or address while processes are away or guests are here? */
static int check_identity(const struct config_action *acts, size_t n,
			  const struct mosix_status *status)
{
	uint32_t guests = node_has(&status->self, MOSIX_NODE_A_GUESTS) ?
			  status->self.guests : 0;
	uint32_t away = node_has(&status->self, MOSIX_NODE_A_AWAY) ?
			status->self.away : 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (acts[i].kind == CONFIG_SELF &&
		    (acts[i].set_id || acts[i].set_addr) && status->self.id &&
		    (guests || away))
			return fail("this node (id %u) has %u guest(s) and %u process(es) away: change its id or address when they are home (mosctl expel; mosctl bring)",
				    status->self.id, guests, away);
	return EXIT_SUCCESS;
}

static void report(const struct config_action *acts, size_t n, size_t done,
		   uint32_t id, const struct apply_options *o,
		   const char *key)
{
	char line[160];
	size_t i;

	if (json_output) {
		json_object_begin(NULL);
		json_uint("node", id);
		json_bool("dry_run", o->dry_run);
		json_array_begin("changes");
		for (i = 0; i < done; i++) {
			describe(&acts[i], key, line, sizeof(line));
			json_string(NULL, line);
		}
		json_end();
		json_end();
		return;
	}
	for (i = 0; i < done; i++) {
		describe(&acts[i], key, line, sizeof(line));
		printf("%s%s\n", o->dry_run ? "would " : "", line);
	}
	if (!n)
		printf("node %u: nothing to change\n", id);
}

static int apply(const struct apply_options *o, const struct config *cfg)
{
	unsigned char key[MOSIX_KEY_MAX + 1];
	uint32_t addrs[LOCAL_ADDRS_MAX];
	struct config_action *acts = NULL;
	struct config_peer *peers = NULL;
	struct mosix_status status;
	struct config_state now;
	size_t count = 0, key_len = 0, n, i;
	char why[256];
	long self;
	int ret, err = 0;

	if (!o->self_id) {
		ret = local_addrs(addrs, LOCAL_ADDRS_MAX, &count);
		if (ret)
			return ret;
	}
	self = config_find_self(cfg, addrs, count, o->self_id, why,
				sizeof(why));
	if (self < 0)
		return fail("%s: %s", o->path, why);
	if (cfg->key[0] && !key_read(cfg->key, key, &key_len))
		return EXIT_FAILURE;
	ret = get_state(&now, &status, &peers);
	if (ret)
		goto out;
	ret = EXIT_FAILURE;
	acts = calloc(config_plan_max(cfg, &now), sizeof(*acts));
	if (!acts) {
		errmsg("out of memory");
		goto out;
	}
	n = config_plan(cfg, (size_t)self, &now, acts);
	ret = check_identity(acts, n, &status);
	if (ret)
		goto out;
	for (i = 0; i < n && !o->dry_run; i++) {
		err = act(&acts[i], key, key_len);
		if (err)
			break;
	}
	report(acts, n, o->dry_run ? n : i, cfg->nodes[self].id, o, cfg->key);
	if (err) {
		describe(&acts[i], cfg->key, why, sizeof(why));
		ret = fail("cannot %s: %s (%zu of %zu changes made)", why,
			   ipc_strerror(err), i, n);
	}
out:
	memset(key, 0, sizeof(key));
	free(acts);
	free(peers);
	return ret;
}

int cmd_apply(const struct command *cmd, int argc, char **argv)
{
	struct apply_options o = { 0 };
	struct config *cfg;
	char why[256];
	size_t len;
	char *text;
	int ret;

	ret = parse_options(cmd, argc, argv, &o);
	if (ret)
		return ret;
	text = read_file(o.path, &len);
	if (!text)
		return EXIT_FAILURE;
	cfg = malloc(sizeof(*cfg));
	if (!cfg) {
		free(text);
		return fail("out of memory");
	}
	if (config_parse(text, len, cfg, why, sizeof(why)))
		ret = apply(&o, cfg);
	else
		ret = fail("%s: %s", o.path, why);
	free(text);
	free(cfg);
	return ret;
}
