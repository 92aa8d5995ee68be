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

/* How a field's value is shown. */
enum field_kind {
	KIND_UINT,	/* a plain number */
	KIND_ADDR,	/* dotted quad */
	KIND_STATE,	/* self, up, down, unknown */
	KIND_LOAD,	/* text: 2 decimals, JSON: load/MOSIX_LOAD_SCALE */
	KIND_BYTES,	/* text: MiB, JSON: bytes */
	KIND_MS,	/* text: seconds, 1 decimal, JSON: milliseconds */
};

struct node_field {
	int attr;		/* the MOSIX_A_* it comes from */
	enum field_kind kind;
	const char *key;	/* JSON key */
	const char *label;	/* "label: value" */
	const char *unit;	/* after a "label: value" value, or NULL */
	const char *heading;	/* table column */
	int width;		/* table column width, negative: left aligned */
};

static const struct node_field node_fields[] = {
	{ MOSIX_A_NODE_ID, KIND_UINT, "id", "id", NULL, "ID", 5 },
	{ MOSIX_A_NODE_ADDR, KIND_ADDR, "addr", "address", NULL,
	  "ADDRESS", -15 },
	{ MOSIX_A_NODE_STATE, KIND_STATE, "state", "state", NULL,
	  "STATE", -7 },
	{ MOSIX_A_LOAD, KIND_LOAD, "load", "load", NULL, "LOAD", 6 },
	{ MOSIX_A_SPEED, KIND_UINT, "speed", "speed", NULL, "SPEED", 6 },
	{ MOSIX_A_CPUS, KIND_UINT, "cpus", "cpus", NULL, "CPUS", 4 },
	{ MOSIX_A_MEM_FREE, KIND_BYTES, "mem_free", "memory free", "MiB",
	  "FREE(M)", 7 },
	{ MOSIX_A_MEM_TOTAL, KIND_BYTES, "mem_total", "memory total", "MiB",
	  "TOTAL(M)", 8 },
	{ MOSIX_A_AGE_MS, KIND_MS, "age_ms", "age", "s", "AGE(s)", 6 },
};

#define for_each_field(field)						\
	for ((field) = node_fields;					\
	     (field) < node_fields + ARRAY_SIZE(node_fields); (field)++)

static const char *const state_names[] = {
	[MOSIX_NODE_UNKNOWN]	= "unknown",
	[MOSIX_NODE_UP]		= "up",
	[MOSIX_NODE_DOWN]	= "down",
	[MOSIX_NODE_SELF]	= "self",
};

static uint64_t field_value(const struct mosix_node_info *node, int attr)
{
	switch (attr) {
	case MOSIX_A_NODE_ID:
		return node->id;
	case MOSIX_A_NODE_ADDR:
		return node->addr;
	case MOSIX_A_NODE_STATE:
		return node->state;
	case MOSIX_A_LOAD:
		return node->load;
	case MOSIX_A_SPEED:
		return node->speed;
	case MOSIX_A_CPUS:
		return node->cpus;
	case MOSIX_A_MEM_FREE:
		return node->mem_free;
	case MOSIX_A_MEM_TOTAL:
		return node->mem_total;
	case MOSIX_A_AGE_MS:
		return node->age_ms;
	}
	return 0;
}

/* The field as text, "-" if the kernel did not send it. */
static const char *field_text(const struct mosix_node_info *node,
			      const struct node_field *field,
			      char *buf, size_t len)
{
	uint64_t val = field_value(node, field->attr);
	struct in_addr in = { .s_addr = val };

	if (!node_has(node, field->attr))
		return "-";
	switch (field->kind) {
	case KIND_UINT:
		snprintf(buf, len, "%" PRIu64, val);
		return buf;
	case KIND_ADDR:
		return inet_ntop(AF_INET, &in, buf, len);
	case KIND_STATE:
		if (val < ARRAY_SIZE(state_names))
			return state_names[val];
		snprintf(buf, len, "%" PRIu64, val);
		return buf;
	case KIND_LOAD:
		return fmt_fixed(buf, len, val, MOSIX_LOAD_SCALE, 2);
	case KIND_BYTES:
		return fmt_fixed(buf, len, val, 1 << 20, 0);
	case KIND_MS:
		return fmt_fixed(buf, len, val, 1000, 1);
	}
	return "-";
}

static void field_json(const struct mosix_node_info *node,
		       const struct node_field *field)
{
	uint64_t val = field_value(node, field->attr);
	char buf[INET_ADDRSTRLEN + 32];

	if (!node_has(node, field->attr)) {
		json_null(field->key);
		return;
	}
	switch (field->kind) {
	case KIND_UINT:
	case KIND_BYTES:
	case KIND_MS:
		json_uint(field->key, val);
		break;
	case KIND_ADDR:
	case KIND_STATE:
		json_string(field->key,
			    field_text(node, field, buf, sizeof(buf)));
		break;
	case KIND_LOAD:
		json_fixed(field->key, val, MOSIX_LOAD_SCALE, 3);
		break;
	}
}

void node_print_kv(const struct mosix_node_info *node, uint64_t mask)
{
	const struct node_field *field;
	char buf[INET_ADDRSTRLEN + 32], val[sizeof(buf) + 8];

	for_each_field(field) {
		bool unit = field->unit && node_has(node, field->attr);

		if (!(mask & NODE_FIELD(field->attr)))
			continue;
		snprintf(val, sizeof(val), "%s%s%s",
			 field_text(node, field, buf, sizeof(buf)),
			 unit ? " " : "", unit ? field->unit : "");
		print_kv(field->label, val);
	}
}

void node_print_json(const struct mosix_node_info *node, uint64_t mask)
{
	const struct node_field *field;

	for_each_field(field)
		if (mask & NODE_FIELD(field->attr))
			field_json(node, field);
}

/* One table row: the headings if @node is NULL. */
static void print_row(const struct mosix_node_info *node)
{
	const struct node_field *field;
	char buf[INET_ADDRSTRLEN + 32];

	for_each_field(field)
		printf("%s%*s", field == node_fields ? "" : "  ", field->width,
		       node ? field_text(node, field, buf, sizeof(buf)) :
			      field->heading);
	putchar('\n');
}

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
	print_row(NULL);
	for (i = 0; i < count; i++)
		print_row(&nodes[i]);
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
