// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the cluster file and apply's plan (tools/mosctl/config.c). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tap.h"

static struct config cfg;
static char err[256];

static bool parse(const char *text)
{
	err[0] = '\0';
	return config_parse(text, strlen(text), &cfg, err, sizeof(err));
}

static uint32_t ip(const char *s)
{
	struct in_addr in;

	inet_pton(AF_INET, s, &in);
	return in.s_addr;
}

/* The file must fail with @want in its reason. */
static void reject(const char *text, const char *want, const char *what)
{
	bool ok = parse(text);

	CHECK(!ok && strstr(err, want), "refused: %s (%s)", what, err);
}

static void test_parse(void)
{
	CHECK(parse("# the cluster\n"
		    "node 1 10.0.0.1\n"
		    "\n"
		    "  node\t2 10.0.0.2 speed=2500 block   # the big one\n"
		    "node 3 10.0.0.3 stay lstay\r\n"
		    "key /etc/mosix/cluster.key\n"
		    "balancer off"),
	      "a file with every kind of line parses (%s)", err);
	CHECK(cfg.count == 3 && cfg.nodes[0].id == 1 &&
	      cfg.nodes[0].addr == ip("10.0.0.1") && !cfg.nodes[0].speed &&
	      !cfg.nodes[0].policy,
	      "node 1: its id and address, no speed, no policy");
	CHECK(cfg.nodes[1].speed == 2500 &&
	      cfg.nodes[1].policy == MOSIX_POLICY_BLOCK &&
	      cfg.nodes[1].line == 4,
	      "node 2: speed, block, and its line number");
	CHECK(cfg.nodes[2].policy == (MOSIX_POLICY_STAY | MOSIX_POLICY_LSTAY),
	      "node 3: stay and lstay (a CRLF line end is accepted)");
	CHECK(!strcmp(cfg.key, "/etc/mosix/cluster.key") && cfg.balancer == 0 &&
	      !cfg.encrypt,
	      "key file (no encryption asked) and balancer off");
	CHECK(parse("node 1 10.0.0.1\nkey /k encrypt\n") &&
	      !strcmp(cfg.key, "/k") && cfg.encrypt,
	      "key FILE encrypt: encryption asked for");
	CHECK(parse("node 65535 192.168.1.1\n") && cfg.balancer == -1 &&
	      !cfg.key[0],
	      "the largest id; no key, no balancer line");

	reject("", "no node line", "an empty file");
	reject("# only comments\nbalancer on\n", "no node line",
	       "a file without nodes");
	reject("node 0 10.0.0.1\n", "line 1: invalid node id '0'", "id 0");
	reject("node 65536 10.0.0.1\n", "invalid node id", "id too big");
	reject("node 1x 10.0.0.1\n", "invalid node id", "id with junk");
	reject("node -1 10.0.0.1\n", "invalid node id", "negative id");
	reject("node 1 10.0.0\n", "invalid address", "short address");
	reject("node 1 10.0.0.256\n", "invalid address", "octet 256");
	reject("node 1 ::1\n", "invalid address", "IPv6");
	reject("node 1 0.0.0.0\n", "not the address of a machine", "0.0.0.0");
	reject("node 1 224.0.0.1\n", "not the address", "multicast");
	reject("node 1 255.255.255.255\n", "not the address", "broadcast");
	reject("node 1 127.0.0.1\n", "not the address", "loopback");
	reject("node 1\n", "expected: node ID ADDRESS", "no address");
	reject("node 1 10.0.0.1 fast\n", "unknown node setting 'fast'",
	       "unknown setting");
	reject("node 1 10.0.0.1 speed=0\n", "invalid speed", "speed 0");
	reject("node 1 10.0.0.1 speed=1000001\n", "invalid speed",
	       "speed too big");
	reject("node 1 10.0.0.1 speed=1 speed=2\n", "speed given twice",
	       "speed twice");
	reject("node 1 10.0.0.1 block block\n", "'block' given twice",
	       "block twice");
	reject("node 1 10.0.0.1\nnode 1 10.0.0.2\n",
	       "line 2: node 1 is also on line 1", "an id twice");
	reject("node 1 10.0.0.1\n\nnode 2 10.0.0.1\n",
	       "line 3: address 10.0.0.1 is also on line 1", "an address twice");
	reject("node 1 10.0.0.1\nkey a.key\n", "absolute path",
	       "a relative key path");
	reject("node 1 10.0.0.1\nkey\n", "expected: key FILE", "key alone");
	reject("node 1 10.0.0.1\nkey /a /b\n", "expected: key FILE",
	       "two key files");
	reject("node 1 10.0.0.1\nkey /a\nkey /a\n", "second key line",
	       "key twice");
	reject("node 1 10.0.0.1\nkey /a encrypted\n",
	       "expected: key FILE [encrypt]", "a misspelt encrypt");
	reject("node 1 10.0.0.1\nkey /a encrypt encrypt\n",
	       "expected: key FILE [encrypt]", "encrypt twice");
	reject("node 1 10.0.0.1\nbalancer maybe\n", "balancer on|off",
	       "balancer maybe");
	reject("node 1 10.0.0.1\nbalancer on\nbalancer on\n",
	       "second balancer line", "balancer twice");
	reject("nodes 1 10.0.0.1\n", "unknown word 'nodes'", "a misspelling");
	reject("node 1 10.0.0.1 a b c d e f g h i j k l m n\n",
	       "more than 16 words", "too many words");
}

static void test_limits(void)
{
	char *text = malloc(CONFIG_SIZE_MAX + 2);
	char line[CONFIG_LINE_MAX + 2];
	size_t i, n = 0, last = 0;
	bool ok;

	memset(line, ' ', sizeof(line));
	line[CONFIG_LINE_MAX + 1] = '\0';
	reject(line, "line 1: longer than 1024", "a line of 1025 characters");
	line[CONFIG_LINE_MAX] = '\0';
	memcpy(line, "node 1 10.0.0.1", 15);
	CHECK(parse(line), "a line of exactly 1024 characters is fine");

	ok = !config_parse("node 1 10.0.0.1\n\0node 2 10.0.0.2\n", 33, &cfg,
			   err, sizeof(err));
	CHECK(ok && strstr(err, "line 2: a NUL byte"), "a NUL byte (%s)", err);

	for (i = 0; i < CONFIG_NODES_MAX + 1; i++) {
		last = n;
		n += (size_t)sprintf(text + n, "node %zu 10.1.%zu.%zu\n", i + 1,
				     (i + 1) / 256, (i + 1) % 256);
	}
	reject(text, "line 1025: more than 1024 nodes", "1025 nodes");
	text[last] = '\0';
	CHECK(parse(text) && cfg.count == CONFIG_NODES_MAX,
	      "1024 nodes are fine (%s)", err);

	memset(text, '\n', CONFIG_SIZE_MAX + 1);
	ok = !config_parse(text, CONFIG_SIZE_MAX + 1, &cfg, err, sizeof(err));
	CHECK(ok && strstr(err, "larger than"), "a file over 1 MiB (%s)", err);
	free(text);
}

static void test_self(void)
{
	uint32_t mine[] = { ip("127.0.0.1"), ip("10.0.0.2"), ip("172.16.0.9") };
	uint32_t both[] = { ip("10.0.0.1"), ip("10.0.0.3") };

	parse("node 1 10.0.0.1\nnode 2 10.0.0.2\nnode 3 10.0.0.3\n");
	CHECK(config_find_self(&cfg, mine, 3, 0, err, sizeof(err)) == 1,
	      "found by one of the machine's addresses");
	CHECK(config_find_self(&cfg, mine, 1, 0, err, sizeof(err)) == -1 &&
	      strstr(err, "none of this machine's addresses"),
	      "no address of the machine listed: refused (%s)", err);
	CHECK(config_find_self(&cfg, both, 2, 0, err, sizeof(err)) == -1 &&
	      strstr(err, "nodes 1 (line 1) and 3 (line 3)"),
	      "two listed addresses: refused (%s)", err);
	CHECK(config_find_self(&cfg, both, 2, 3, err, sizeof(err)) == 2,
	      "-s picks the line by id");
	CHECK(config_find_self(&cfg, both, 2, 4, err, sizeof(err)) == -1 &&
	      strstr(err, "node 4 is not in the file"), "-s of an unlisted id");
}

static struct config_action acts[64];

static size_t plan(const struct config_state *now, size_t self)
{
	return config_plan(&cfg, self, now, acts);
}

static void test_plan(void)
{
	struct config_peer peers[] = {
		{ 2, 0 }, { 4, 0 }, { 3, 0 },
	};
	struct config_state now = { 0 };
	size_t n;

	peers[0].addr = ip("10.0.0.2");
	peers[1].addr = ip("10.0.0.4");
	peers[2].addr = ip("10.0.0.99");
	parse("node 1 10.0.0.1\nnode 2 10.0.0.2\nnode 3 10.0.0.3 speed=2000 block\nkey /k\nbalancer off\n");

	/* A node fresh from boot: no id, no peers, balancer on. */
	now.balancer = true;
	n = plan(&now, 2);
	CHECK(n == 6 && acts[0].kind == CONFIG_SELF && acts[0].id == 3 &&
	      acts[0].set_id && acts[0].set_addr && acts[0].set_speed &&
	      acts[0].speed == 2000,
	      "at boot: first this node's id, address and speed");
	CHECK(acts[1].kind == CONFIG_ADD && acts[1].id == 1 &&
	      acts[2].kind == CONFIG_ADD && acts[2].id == 2 &&
	      acts[2].addr == ip("10.0.0.2"),
	      "then the two other nodes");
	CHECK(acts[3].kind == CONFIG_KEY_SET && !acts[3].on &&
	      acts[4].kind == CONFIG_POLICY &&
	      acts[4].set == MOSIX_POLICY_BLOCK &&
	      acts[4].clear == (MOSIX_POLICY_STAY | MOSIX_POLICY_LSTAY) &&
	      acts[5].kind == CONFIG_BALANCER && !acts[5].on,
	      "then the key, block, and the balancer off");

	/* Already what the file says: only the key is set again. */
	now.id = 3;
	now.addr = ip("10.0.0.3");
	now.speed = 2000;
	now.policy = MOSIX_POLICY_BLOCK | MOSIX_POLICY_LEFT;
	now.balancer = false;
	now.auth = true;
	now.peers = peers;
	now.count = 1;
	peers[1].id = 1;
	peers[1].addr = ip("10.0.0.1");
	now.peers = peers;
	now.count = 2;
	n = plan(&now, 2);
	CHECK(n == 1 && acts[0].kind == CONFIG_KEY_SET,
	      "a node as the file says: nothing but the key (the left bit is not ours)");

	/* The file changed: node 4 is gone, node 3 moved, this is node 2. */
	peers[1].id = 4;
	peers[1].addr = ip("10.0.0.4");
	now.count = 3;
	now.id = 7;
	now.speed = 1000;
	now.policy = 0;
	now.auth = false;
	n = plan(&now, 1);
	CHECK(n == 7, "an edited file: 7 changes (got %zu)", n);
	CHECK(acts[0].kind == CONFIG_DEL && acts[0].id == 2 &&
	      acts[1].kind == CONFIG_DEL && acts[1].id == 4 &&
	      acts[2].kind == CONFIG_DEL && acts[2].id == 3,
	      "the peer with this node's new id, the one not in the file and the one with a new address go first");
	CHECK(acts[3].kind == CONFIG_SELF && acts[3].set_id &&
	      acts[3].id == 2 && acts[3].set_addr && !acts[3].set_speed,
	      "then the new id and address; no speed in the file: left alone");
	CHECK(acts[4].kind == CONFIG_ADD && acts[4].id == 1 &&
	      acts[5].kind == CONFIG_ADD && acts[5].id == 3 &&
	      acts[5].addr == ip("10.0.0.3"),
	      "then node 1, and node 3 at its new address");
	CHECK(acts[6].kind == CONFIG_KEY_SET,
	      "and the key, set again (its bytes cannot be compared)");
	CHECK(n <= config_plan_max(&cfg, &now), "the plan fits its bound");

	/* No key line: a key set by hand is cleared; no balancer line. */
	parse("node 1 10.0.0.1\nnode 2 10.0.0.2\n");
	now.id = 1;
	now.addr = ip("10.0.0.1");
	peers[0].id = 2;
	peers[0].addr = ip("10.0.0.2");
	now.count = 1;
	now.auth = true;
	now.balancer = false;
	now.policy = MOSIX_POLICY_STAY;
	n = plan(&now, 0);
	CHECK(n == 2 && acts[0].kind == CONFIG_KEY_CLEAR &&
	      acts[1].kind == CONFIG_POLICY && !acts[1].set,
	      "no key line clears the key, no policy clears stay, and no balancer line leaves it off");
}

static void test_guests(void)
{
	struct config_state now = { .id = 1, .cgroup2 = true, .confined = true,
				     .ram = 4000ULL << 20 };
	char words[128];
	uint64_t bytes;
	size_t n;

	CHECK(parse("node 1 10.0.0.1\n") && !cfg.guests.cpu_weight &&
	      cfg.guests.memory_percent == 50 && cfg.guests.tasks == 4096,
	      "no guests line: CPU when idle, half the RAM, 4096 tasks");
	CHECK(parse("node 1 10.0.0.1\nguests cpu=50 memory=2G tasks=max\n") &&
	      cfg.guests.cpu_weight == 50 && !cfg.guests.memory_percent &&
	      cfg.guests.memory_bytes == 2ULL << 30 && !cfg.guests.tasks,
	      "guests cpu=50 memory=2G tasks=max (%s)", err);
	CHECK(parse("node 1 10.0.0.1\nguests memory=max\n") &&
	      !cfg.guests.memory_percent && !cfg.guests.memory_bytes &&
	      cfg.guests.tasks == 4096 && !cfg.guests.cpu_weight,
	      "memory=max alone; the rest stays default");
	CHECK(parse("node 1 10.0.0.1\nguests memory=25% cpu=idle\n") &&
	      cfg.guests.memory_percent == 25,
	      "a percentage of the RAM");
	config_guests_words(&cfg.guests, words, sizeof(words));
	CHECK(!strcmp(words, "CPU when idle, memory at most 25%, at most 4096 tasks"),
	      "in words: %s", words);
	CHECK(config_size("64M", &bytes) && bytes == 64ULL << 20 &&
	      config_size("1T", &bytes) && bytes == 1ULL << 40 &&
	      config_size("4096", &bytes) && bytes == 4096 &&
	      !config_size("4MB", &bytes) && !config_size("M", &bytes) &&
	      !config_size("-1G", &bytes) &&
	      !config_size("99999999999999999999", &bytes) &&
	      !config_size("17179869184T", &bytes),
	      "sizes: K/M/G/T, nothing else, no overflow");

	reject("node 1 10.0.0.1\nguests\n", "expected: guests", "guests alone");
	reject("node 1 10.0.0.1\nguests cpu=0\n", "invalid cpu '0'", "cpu=0");
	reject("node 1 10.0.0.1\nguests cpu=10001\n", "invalid cpu", "cpu too big");
	reject("node 1 10.0.0.1\nguests memory=0%\n", "invalid memory '0%'",
	       "memory=0%");
	reject("node 1 10.0.0.1\nguests memory=101%\n", "invalid memory",
	       "memory over 100%");
	reject("node 1 10.0.0.1\nguests memory=lots\n", "invalid memory 'lots'",
	       "memory=lots");
	reject("node 1 10.0.0.1\nguests memory=1M\n", "below 64M", "memory=1M");
	reject("node 1 10.0.0.1\nguests tasks=0\n", "invalid tasks", "tasks=0");
	reject("node 1 10.0.0.1\nguests swap=1G\n", "unknown guests setting 'swap=1G'",
	       "an unknown setting");
	reject("node 1 10.0.0.1\nguests cpu\n", "unknown guests setting 'cpu'",
	       "cpu without a value");
	reject("node 1 10.0.0.1\nguests cpu=1 cpu=2\n", "cpu given twice",
	       "cpu twice");
	reject("node 1 10.0.0.1\nguests tasks=5\nguests tasks=6\n",
	       "second guests line", "two guests lines");
	CHECK(parse("node 1 10.0.0.1\n") && cfg.services == -1,
	      "no services line: the balancer's setting is left as it is");
	CHECK(parse("node 1 10.0.0.1\nservices move\n") && cfg.services == 1 &&
	      parse("node 1 10.0.0.1\nservices stay\n") && !cfg.services,
	      "services move, services stay");
	reject("node 1 10.0.0.1\nservices\n", "expected: services move|stay",
	       "services alone");
	reject("node 1 10.0.0.1\nservices go\n", "expected: services move|stay",
	       "services go");
	reject("node 1 10.0.0.1\nservices move\nservices stay\n",
	       "second services line", "two services lines");

	parse("node 1 10.0.0.1\nguests memory=50% tasks=100\n");
	now.addr = ip("10.0.0.1");
	n = plan(&now, 0);
	CHECK(n == 1 && acts[0].kind == CONFIG_GUESTS &&
	      acts[0].guests.memory_bytes == 2000ULL << 20 &&
	      !acts[0].guests.memory_percent && acts[0].guests.tasks == 100 &&
	      !acts[0].guests.cpu_weight,
	      "the cgroup differs: one change, 50%% of the RAM in bytes");
	now.guests = acts[0].guests;
	CHECK(plan(&now, 0) == 0, "as the file says: nothing to change");
	now.confined = false;
	CHECK(plan(&now, 0) == 1 && acts[0].kind == CONFIG_GUESTS,
	      "the kernel has no cgroup for guests: it gets one");
	now.cgroup2 = false;
	CHECK(plan(&now, 0) == 0,
	      "no cgroup v2 on this machine: nothing to change");
	parse("node 1 10.0.0.1\nguests memory=50% tasks=100\nservices move\n");
	n = plan(&now, 0);
	CHECK(n == 1 && acts[0].kind == CONFIG_SERVICES && acts[0].on,
	      "services move: the balancer is told, once");
	now.services = true;
	CHECK(plan(&now, 0) == 0, "and then nothing to change");
	parse("node 1 10.0.0.1\nguests memory=50% tasks=100\n");
	CHECK(plan(&now, 0) == 0, "no services line: left as it is");
	now.cgroup2 = true;
	now.confined = true;
	now.ram = (4000ULL << 20) + 12345;
	n = plan(&now, 0);
	CHECK(n == 1 && !(acts[0].guests.memory_bytes & 4095),
	      "a limit in whole pages, as the kernel keeps it");
}

int main(void)
{
	test_parse();
	test_limits();
	test_self();
	test_plan();
	test_guests();
	return tap_exit();
}
