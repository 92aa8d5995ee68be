// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the cluster file of mosctl apply (tools/mosctl/config.c).
 * Whatever it accepts must be a cluster apply can act on: ids and
 * addresses valid and unique, and a plan within its bound that removes
 * only known peers and never adds this node as its own peer.
 */
#include <arpa/inet.h>
#include <string.h>
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg;
	static struct config_action acts[CONFIG_NODES_MAX + 8];
	static const struct config_peer peers[] = {
		{ 1, 0x0100000a }, { 2, 0x0200000a }, { 9, 0x0900000a },
	};
	struct config_state now = {
		.id = 2, .addr = 0x0200000a, .speed = 10000,
		.policy = MOSIX_POLICY_BLOCK, .balancer = true, .auth = true,
		.peers = peers, .count = 3,
	};
	const uint32_t local[] = { htonl(0x7f000001), 0x0200000a };
	char err[256] = "";
	size_t i, j, n;
	long self;

	if (!config_parse((const char *)data, size, &cfg, err, sizeof(err))) {
		MUST(err[0]);
		return 0;
	}
	MUST(cfg.count >= 1 && cfg.count <= CONFIG_NODES_MAX);
	MUST(cfg.balancer >= -1 && cfg.balancer <= 1);
	MUST(!cfg.key[0] || (cfg.key[0] == '/' && strlen(cfg.key) < sizeof(cfg.key)));
	for (i = 0; i < cfg.count; i++) {
		const struct config_node *a = &cfg.nodes[i];

		MUST(a->id >= 1 && a->id <= MOSIX_NODE_ID_MAX && a->addr);
		MUST(a->speed <= MOSIX_SPEED_MAX);
		MUST(!(a->policy & ~CONFIG_POLICIES));
		for (j = 0; j < i; j++)
			MUST(cfg.nodes[j].id != a->id &&
			     cfg.nodes[j].addr != a->addr);
	}
	self = config_find_self(&cfg, local, 2, 0, err, sizeof(err));
	if (self < 0)
		self = config_find_self(&cfg, NULL, 0, cfg.nodes[0].id, err,
					sizeof(err));
	MUST(self == 0 || cfg.nodes[self].addr == 0x0200000a);
	n = config_plan(&cfg, (size_t)self, &now, acts);
	MUST(n <= config_plan_max(&cfg, &now));
	for (i = 0; i < n; i++) {
		if (acts[i].kind == CONFIG_ADD)
			MUST(acts[i].id != cfg.nodes[self].id &&
			     acts[i].addr != cfg.nodes[self].addr);
		if (acts[i].kind == CONFIG_DEL) {
			for (j = 0; j < now.count; j++)
				if (peers[j].id == acts[i].id)
					break;
			MUST(j < now.count);
		}
	}
	return 0;
}
