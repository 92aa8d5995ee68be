// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: this node: status, setspeed, self.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "guests.h"
#include "mosctl.h"
#include "output.h"

/* The node fields that status shows. */
#define SELF_FIELDS	(NODE_FIELD(MOSIX_NODE_A_ID) |		\
			 NODE_FIELD(MOSIX_NODE_A_ADDR) |	\
			 NODE_FIELD(MOSIX_NODE_A_SPEED) |	\
			 NODE_FIELD(MOSIX_NODE_A_CPUS) |	\
			 NODE_FIELD(MOSIX_NODE_A_LOAD) |	\
			 NODE_FIELD(MOSIX_NODE_A_MEM_FREE) |	\
			 NODE_FIELD(MOSIX_NODE_A_MEM_TOTAL))

static const struct {
	int stat;		/* MOSIX_STAT_* */
	const char *key;	/* JSON key */
	const char *label;
} counters[] = {
	{ MOSIX_STAT_INFO_TX, "info_tx", "load info sent" },
	{ MOSIX_STAT_INFO_TX_ERR, "info_tx_err", "load info send errors" },
	{ MOSIX_STAT_INFO_RX, "info_rx", "load info received" },
	{ MOSIX_STAT_RX_SHORT, "rx_short", "dropped: too short" },
	{ MOSIX_STAT_RX_BAD_HEADER, "rx_bad_header", "dropped: bad header" },
	{ MOSIX_STAT_RX_BAD_LENGTH, "rx_bad_length", "dropped: bad length" },
	{ MOSIX_STAT_RX_BAD_FIELD, "rx_bad_field", "dropped: bad field" },
	{ MOSIX_STAT_RX_UNKNOWN_PEER, "rx_unknown_peer",
	  "dropped: unknown peer" },
	{ MOSIX_STAT_RX_STALE, "rx_stale", "dropped: stale" },
	{ MOSIX_STAT_BALANCER_MOVES, "balancer_moves", "balancer moves" },
	{ MOSIX_STAT_BALANCER_FAILED, "balancer_failed",
	  "balancer moves failed" },
	{ MOSIX_STAT_RX_BAD_AUTH, "rx_bad_auth",
	  "dropped: not authenticated" },
	{ MOSIX_STAT_CONN_BAD_AUTH, "conn_bad_auth",
	  "connections failing the key" },
	{ MOSIX_STAT_GOSSIP_RX, "gossip_rx", "gossip entries taken" },
	{ MOSIX_STAT_GOSSIP_OLD, "gossip_old", "gossip entries not newer" },
	{ MOSIX_STAT_MOVES_ONWARD, "moves_onward",
	  "processes moved node to node" },
	{ MOSIX_STAT_ADMIT_REFUSED, "admit_refused",
	  "guests refused: no gain" },
};

static bool has_stat(const struct mosix_status *status, int stat)
{
	return status->stats_have & (1ull << stat);
}

static bool status_has(const struct mosix_status *status, int attr)
{
	return status->have & (1ull << attr);
}

static bool balancer_has(const struct mosix_balancer_info *b, int attr)
{
	return b->have & (1ull << attr);
}

/* @val if @have, else null or "-" */
static void json_opt_uint(const char *key, bool have, uint64_t val)
{
	if (have)
		json_uint(key, val);
	else
		json_null(key);
}

static void print_opt_uint(const char *label, bool have, uint64_t val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, val);
	print_kv(label, have ? buf : "-");
}

const char *policy_words(uint32_t policy, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s",
		 policy & MOSIX_POLICY_STAY ? "stay " : "",
		 policy & MOSIX_POLICY_LSTAY ? "lstay " : "",
		 policy & MOSIX_POLICY_BLOCK ? "block " : "",
		 policy & MOSIX_POLICY_LEFT ? "left " : "");
	if (!buf[0])
		snprintf(buf, len, "none");
	else
		buf[strlen(buf) - 1] = '\0';
	return buf;
}

/* The guests' cgroup and its settings, or null without one. */
static void print_guests_json(const struct mosix_status *status)
{
	struct config_guests g;

	if (!status->cgroup[0]) {
		json_null("guests_cgroup");
		return;
	}
	json_object_begin("guests_cgroup");
	json_string("path", status->cgroup);
	if (guests_read(status->cgroup, &g)) {
		if (g.cpu_weight)
			json_uint("cpu_weight", g.cpu_weight);
		else
			json_string("cpu_weight", "idle");
		json_uint("memory_max", g.memory_bytes);
		json_uint("tasks_max", g.tasks);
	}
	json_end();
}

static void print_guests_text(const struct mosix_status *status)
{
	struct config_guests g;
	char line[sizeof(status->cgroup) + 160], words[128];

	if (!status->cgroup[0]) {
		print_kv("guests", guests_cgroup2() ?
			 "no cgroup: they compete with the users of this machine (mosctl apply)" :
			 "no cgroup (this machine has no cgroup v2)");
		return;
	}
	if (guests_read(status->cgroup, &g))
		config_guests_words(&g, words, sizeof(words));
	else
		snprintf(words, sizeof(words), "cannot read its settings");
	snprintf(line, sizeof(line), "in %s: %s", status->cgroup, words);
	print_kv("guests", line);
}

static void print_status_json(const struct mosix_status *status)
{
	const struct mosix_balancer_info *b = &status->balancer;
	char words[32];
	size_t i;

	json_object_begin(NULL);
	node_print_json(&status->self, SELF_FIELDS);
	json_opt_uint("nodes", status_has(status, MOSIX_A_NODE_COUNT),
		      status->node_count);
	if (status_has(status, MOSIX_A_POLICY))
		json_string("policy", policy_words(status->policy, words,
						   sizeof(words)));
	else
		json_null("policy");
	if (status_has(status, MOSIX_A_BALANCER)) {
		json_object_begin("balancer");
		json_uint("enabled", b->enabled);
		json_uint("interval_ms", b->interval_ms);
		json_uint("stability", b->stability);
		json_uint("decay", b->decay);
		json_uint("usher", b->mem_low);
		if (balancer_has(b, MOSIX_BALANCER_A_SERVICES))
			json_bool("services", b->services);
		if (balancer_has(b, MOSIX_BALANCER_A_BANDWIDTH)) {
			json_uint("bandwidth", b->bandwidth);
			json_uint("bandwidth_measured", b->bw_measured);
		}
		if (balancer_has(b, MOSIX_BALANCER_A_CALL_US)) {
			json_uint("call_us", b->call_us);
			json_uint("call_measured", b->call_measured);
		}
		json_end();
	} else {
		json_null("balancer");
	}
	if (status_has(status, MOSIX_A_AUTH))
		json_bool("authenticated", status->auth);
	else
		json_null("authenticated");
	if (status_has(status, MOSIX_A_ENCRYPT))
		json_bool("encrypted", status->encrypt);
	else
		json_null("encrypted");
	print_guests_json(status);
	json_object_begin("stats");
	for (i = 0; i < ARRAY_SIZE(counters); i++)
		json_opt_uint(counters[i].key,
			      has_stat(status, counters[i].stat),
			      status->stats[counters[i].stat]);
	json_end();
	json_end();
}

static void print_balancer_text(const struct mosix_balancer_info *b)
{
	char line[160];

	snprintf(line, sizeof(line),
		 "%s, every %u ms, stability %u.%03u, decay %u.%03u, usher below %u.%u%% free%s",
		 b->enabled ? "on" : "off", b->interval_ms, b->stability / 1000,
		 b->stability % 1000, b->decay / 1000, b->decay % 1000,
		 b->mem_low / 10, b->mem_low % 10,
		 !balancer_has(b, MOSIX_BALANCER_A_SERVICES) ? "" :
		 b->services ? ", moves services too" :
		 ", leaves services home");
	print_kv("balancer", line);
	if (balancer_has(b, MOSIX_BALANCER_A_BANDWIDTH)) {
		if (b->bw_measured)
			snprintf(line, sizeof(line),
				 "%.1f MiB/s, measured over %u migration%s",
				 b->bandwidth / 1048576.0, b->bw_measured,
				 b->bw_measured == 1 ? "" : "s");
		else
			snprintf(line, sizeof(line),
				 "%.1f MiB/s assumed (no migration measured yet)",
				 b->bandwidth / 1048576.0);
		print_kv("transfers", line);
	}
	if (balancer_has(b, MOSIX_BALANCER_A_CALL_US)) {
		if (b->call_measured)
			snprintf(line, sizeof(line),
				 "%u us per forwarded call, measured over %u",
				 b->call_us, b->call_measured);
		else
			snprintf(line, sizeof(line),
				 "%u us per forwarded call assumed (none measured yet)",
				 b->call_us);
		print_kv("calls home", line);
	}
}

static void print_status_text(const struct mosix_status *status)
{
	size_t i;
	char words[32];

	node_print_kv(&status->self, SELF_FIELDS);
	print_opt_uint("peers", status_has(status, MOSIX_A_NODE_COUNT),
		       status->node_count);
	print_kv("policy", status_has(status, MOSIX_A_POLICY) ?
		 policy_words(status->policy, words, sizeof(words)) : "-");
	if (status_has(status, MOSIX_A_BALANCER))
		print_balancer_text(&status->balancer);
	if (status_has(status, MOSIX_A_AUTH))
		print_kv("cluster key", status->auth ?
			 "set: node-to-node messages are authenticated" :
			 "NONE: the cluster is unauthenticated (mosctl key set FILE)");
	/* (both 0 when the reply lacks them: parse_status() clears them) */
	if (status->encrypt)
		print_kv("migrations", "encrypted (ChaCha20-Poly1305): the memory and the calls home of a moving process cross the LAN sealed");
	else if (status->auth)
		print_kv("migrations", "NOT encrypted unless the other node asks: the memory and the calls home of a moving process cross the LAN in clear (key set FILE encrypt)");
	else
		print_kv("migrations", "NOT encrypted: the memory and the calls home of a moving process cross the LAN in clear (encryption needs a cluster key)");
	print_guests_text(status);
	putchar('\n');
	for (i = 0; i < ARRAY_SIZE(counters); i++)
		print_opt_uint(counters[i].label,
			       has_stat(status, counters[i].stat),
			       status->stats[counters[i].stat]);
}

int cmd_status(const struct command *cmd, int argc, char **argv)
{
	struct mosix_status status;
	int err;

	(void)argv;
	if (argc)
		return usage_error(cmd);
	err = ipc_status_get(&status);
	if (err)
		return check_ipc(err);
	if (json_output)
		print_status_json(&status);
	else
		print_status_text(&status);
	return EXIT_SUCCESS;
}

int cmd_setspeed(const struct command *cmd, int argc, char **argv)
{
	struct mosix_self self = { .set_speed = true };

	if (argc != 1)
		return usage_error(cmd);
	if (!parse_speed(argv[0], &self.speed))
		return EXIT_USAGE;
	return check_ipc(ipc_self_set(&self));
}

int cmd_self(const struct command *cmd, int argc, char **argv)
{
	struct mosix_self self = { .set_id = true, .set_addr = argc == 2 };

	if (argc != 1 && argc != 2)
		return usage_error(cmd);
	if (!parse_node_id(argv[0], &self.id) ||
	    (self.set_addr && !parse_addr(argv[1], &self.addr)))
		return EXIT_USAGE;
	return check_ipc(ipc_self_set(&self));
}
