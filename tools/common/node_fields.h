/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A node's fields as mosctl and mosmon show them: as "label: value"
 * lines, as table rows and as JSON members, the same keys everywhere.
 */
#ifndef TOOLS_NODE_FIELDS_H
#define TOOLS_NODE_FIELDS_H

#include <stdint.h>

#include "ipc.h"

/* Masks of fields, by their MOSIX_NODE_A_* */
#define NODE_FIELD(attr)	(1ull << (attr))
#define NODE_FIELDS_ALL		(~0ull)
/*
 * The columns of mosctl nodes: all but the guests, the processes away and
 * the details of the CPU (its class is there)
 */
#define NODE_FIELDS_TABLE	(NODE_FIELDS_ALL &			\
				 ~NODE_FIELD(MOSIX_NODE_A_GUESTS) &	\
				 ~NODE_FIELD(MOSIX_NODE_A_AWAY) &	\
				 ~NODE_FIELD(MOSIX_NODE_A_CPU_FEATURES) & \
				 ~NODE_FIELD(MOSIX_NODE_A_VDSO))

/* "up", "down", "unknown" or "self"; NULL for another value. */
const char *node_state_name(uint8_t state);

/* The fields of @node in @mask: "label: value" lines, a field not sent "-". */
void node_print_kv(const struct mosix_node_info *node, uint64_t mask);
/* The same as members of the JSON object being written; not sent: null. */
void node_print_json(const struct mosix_node_info *node, uint64_t mask);
/* The same as a table row; the headings when @node is NULL. */
void node_print_row(const struct mosix_node_info *node, uint64_t mask);

#endif /* TOOLS_NODE_FIELDS_H */
