// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: the node table: node add, node del, nodes, whois.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mosctl.h"
#include "output.h"

static void print_nodes(const struct mosix_node_info *nodes, size_t count)
{
	size_t i;

	if (json_output) {
		json_array_begin(NULL);
		for (i = 0; i < count; i++) {
			json_object_begin(NULL);
			node_print_json(&nodes[i], NODE_FIELDS_ALL);
			json_end();
		}
		json_end();
		return;
	}
	node_print_row(NULL, NODE_FIELDS_TABLE);
	for (i = 0; i < count; i++)
		node_print_row(&nodes[i], NODE_FIELDS_TABLE);
}

int cmd_nodes(const struct command *cmd, int argc, char **argv)
{
	struct mosix_node_info *nodes;
	size_t count;
	int err;

	(void)argv;
	if (argc)
		return usage_error(cmd);
	err = ipc_node_dump(&nodes, &count);
	if (err)
		return check_ipc(err);
	print_nodes(nodes, count);
	free(nodes);
	return EXIT_SUCCESS;
}

int cmd_whois(const struct command *cmd, int argc, char **argv)
{
	struct mosix_node_info node;
	uint32_t id = 0, addr = 0;
	int err;

	if (argc != 1)
		return usage_error(cmd);
	if (strchr(argv[0], '.') ? !parse_addr(argv[0], &addr) :
				   !parse_node_id(argv[0], &id))
		return EXIT_USAGE;
	err = ipc_node_get(id, addr, &node);
	if (err == -ENOENT && id)
		return fail("node %u: no such node", id);
	if (err == -ENOENT)
		return fail("node %s: no such node", argv[0]);
	if (err)
		return check_ipc(err);
	if (json_output) {
		json_object_begin(NULL);
		node_print_json(&node, NODE_FIELDS_ALL);
		json_end();
	} else {
		node_print_kv(&node, NODE_FIELDS_ALL);
	}
	return EXIT_SUCCESS;
}

int cmd_node_add(const struct command *cmd, int argc, char **argv)
{
	uint32_t id, addr;
	int err;

	if (argc != 2)
		return usage_error(cmd);
	if (!parse_node_id(argv[0], &id) || !parse_addr(argv[1], &addr))
		return EXIT_USAGE;
	err = ipc_node_add(id, addr);
	if (err == -EEXIST)
		return fail("node %u: already known (id or address in use)",
			    id);
	return check_ipc(err);
}

int cmd_node_del(const struct command *cmd, int argc, char **argv)
{
	uint32_t id;
	int err;

	if (argc != 1)
		return usage_error(cmd);
	if (!parse_node_id(argv[0], &id))
		return EXIT_USAGE;
	err = ipc_node_del(id);
	if (err == -ENOENT)
		return fail("node %u: no such node", id);
	return check_ipc(err);
}
