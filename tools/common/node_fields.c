// SPDX-License-Identifier: GPL-2.0
/*
 * A node's fields as text, table rows and JSON members.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "node_fields.h"
#include "output.h"

/* How a field's value is shown. */
enum field_kind {
	KIND_UINT,	/* a plain number */
	KIND_ADDR,	/* dotted quad */
	KIND_STATE,	/* self, up, down, unknown */
	KIND_LOAD,	/* text: 2 decimals, JSON: load/MOSIX_LOAD_SCALE */
	KIND_BYTES,	/* text: MiB, JSON: bytes */
	KIND_MS,	/* text: seconds, 1 decimal, JSON: milliseconds */
	KIND_STRING,	/* as the kernel says it */
	KIND_HEX,	/* text: 8 hex digits, JSON: a number */
};

struct node_field {
	int attr;		/* the MOSIX_NODE_A_* it comes from */
	enum field_kind kind;
	const char *key;	/* JSON key */
	const char *label;	/* "label: value" */
	const char *unit;	/* after a "label: value" value, or NULL */
	const char *heading;	/* table column */
	int width;		/* table column width, negative: left aligned */
};

static const struct node_field node_fields[] = {
	{ MOSIX_NODE_A_ID, KIND_UINT, "id", "id", NULL, "ID", 5 },
	{ MOSIX_NODE_A_ADDR, KIND_ADDR, "addr", "address", NULL,
	  "ADDRESS", -15 },
	{ MOSIX_NODE_A_STATE, KIND_STATE, "state", "state", NULL,
	  "STATE", -7 },
	{ MOSIX_NODE_A_LOAD, KIND_LOAD, "load", "load", NULL, "LOAD", 6 },
	{ MOSIX_NODE_A_SPEED, KIND_UINT, "speed", "speed", NULL, "SPEED", 6 },
	{ MOSIX_NODE_A_CPUS, KIND_UINT, "cpus", "cpus", NULL, "CPUS", 4 },
	{ MOSIX_NODE_A_MEM_FREE, KIND_BYTES, "mem_free", "memory free", "MiB",
	  "FREE(M)", 7 },
	{ MOSIX_NODE_A_MEM_TOTAL, KIND_BYTES, "mem_total", "memory total",
	  "MiB", "TOTAL(M)", 8 },
	{ MOSIX_NODE_A_GUESTS, KIND_UINT, "guests", "guests", NULL,
	  "GUESTS", 6 },
	{ MOSIX_NODE_A_AWAY, KIND_UINT, "away", "away", NULL, "AWAY", 4 },
	{ MOSIX_NODE_A_AGE_MS, KIND_MS, "age_ms", "age", "s", "AGE(s)", 6 },
	{ MOSIX_NODE_A_CPU_CLASS, KIND_STRING, "cpu_class", "cpu class", NULL,
	  "CPU", -9 },
	{ MOSIX_NODE_A_CPU_FEATURES, KIND_STRING, "cpu_features",
	  "cpu features", NULL, "CPU FEATURES", -12 },
	{ MOSIX_NODE_A_VDSO, KIND_HEX, "vdso", "vdso build", NULL, "VDSO", 8 },
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

const char *node_state_name(uint8_t state)
{
	return state < ARRAY_SIZE(state_names) ? state_names[state] : NULL;
}

static uint64_t field_value(const struct mosix_node_info *node, int attr)
{
	switch (attr) {
	case MOSIX_NODE_A_ID:
		return node->id;
	case MOSIX_NODE_A_ADDR:
		return node->addr;
	case MOSIX_NODE_A_STATE:
		return node->state;
	case MOSIX_NODE_A_LOAD:
		return node->load;
	case MOSIX_NODE_A_SPEED:
		return node->speed;
	case MOSIX_NODE_A_CPUS:
		return node->cpus;
	case MOSIX_NODE_A_MEM_FREE:
		return node->mem_free;
	case MOSIX_NODE_A_MEM_TOTAL:
		return node->mem_total;
	case MOSIX_NODE_A_GUESTS:
		return node->guests;
	case MOSIX_NODE_A_AWAY:
		return node->away;
	case MOSIX_NODE_A_AGE_MS:
		return node->age_ms;
	case MOSIX_NODE_A_VDSO:
		return node->vdso;
	}
	return 0;
}

/* A string field's text; NULL for another field. */
static const char *field_string(const struct mosix_node_info *node, int attr)
{
	switch (attr) {
	case MOSIX_NODE_A_CPU_CLASS:
		return node->cpu_class;
	case MOSIX_NODE_A_CPU_FEATURES:
		return node->cpu_features;
	}
	return NULL;
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
		if (node_state_name(val))
			return node_state_name(val);
		snprintf(buf, len, "%" PRIu64, val);
		return buf;
	case KIND_LOAD:
		return fmt_fixed(buf, len, val, MOSIX_LOAD_SCALE, 2);
	case KIND_BYTES:
		return fmt_fixed(buf, len, val, 1 << 20, 0);
	case KIND_MS:
		return fmt_fixed(buf, len, val, 1000, 1);
	case KIND_STRING:
		return field_string(node, field->attr);
	case KIND_HEX:
		snprintf(buf, len, "%08" PRIx64, val);
		return buf;
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
	case KIND_HEX:
		json_uint(field->key, val);
		break;
	case KIND_STRING:
		json_string(field->key, field_string(node, field->attr));
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

void node_print_row(const struct mosix_node_info *node, uint64_t mask)
{
	const struct node_field *field;
	char buf[INET_ADDRSTRLEN + 32];
	bool first = true;

	for_each_field(field) {
		if (!(mask & NODE_FIELD(field->attr)))
			continue;
		printf("%s%*s", first ? "" : "  ", field->width,
		       node ? field_text(node, field, buf, sizeof(buf)) :
			      field->heading);
		first = false;
	}
	putchar('\n');
}
