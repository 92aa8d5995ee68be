// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl monitor: the events of this node's "events" group, one line
 * each as they come (like `ip monitor`), or one JSON object a line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mosctl.h"

static const char *const event_names[] = {
	[MOSIX_EVENT_NODE_UP]		= "node_up",
	[MOSIX_EVENT_NODE_DOWN]		= "node_down",
	[MOSIX_EVENT_NODE_ADDED]	= "node_added",
	[MOSIX_EVENT_NODE_REMOVED]	= "node_removed",
	[MOSIX_EVENT_NODE_JOINED]	= "node_joined",
	[MOSIX_EVENT_NODE_LEFT]		= "node_left",
	[MOSIX_EVENT_PROC_MOVED]	= "proc_moved",
	[MOSIX_EVENT_PROC_RETURNED]	= "proc_returned",
	[MOSIX_EVENT_PROC_REFUSED]	= "proc_refused",
	[MOSIX_EVENT_BALANCER_MOVE]	= "balancer_move",
};

_Static_assert(ARRAY_SIZE(event_names) == MOSIX_EVENT_MAX + 1,
	       "a name for every event");

static const char *const cause_names[] = {
	[MOSIX_BALANCER_CAUSE_LOAD]	= "load",
	[MOSIX_BALANCER_CAUSE_MEMORY]	= "memory",
	[MOSIX_BALANCER_CAUSE_HOME]	= "home",
};

/* The kernel's words for a failed migration, or the errno's. */
static const char *refusal(const struct mosix_event_info *e)
{
	if (event_has(e, MOSIX_A_REASON))
		return e->reason;
	return event_has(e, MOSIX_A_ERROR) ? strerror(e->error) : "unknown";
}

static const char *cause_name(uint8_t cause)
{
	return cause < ARRAY_SIZE(cause_names) ? cause_names[cause] : "unknown";
}

static void print_json(const struct mosix_event_info *e)
{
	json_object_begin(NULL);
	json_string("event", event_names[e->event]);
	if (event_has(e, MOSIX_A_NODE))
		node_print_json(&e->node, e->node.have);
	if (event_has(e, MOSIX_A_PROC)) {
		json_uint("pid", e->proc.pid);
		if (proc_has(&e->proc, MOSIX_PROC_A_STATE))
			json_string("state", proc_state_name(e->proc.state));
	}
	if (event_has(e, MOSIX_A_FROM_NODE))
		json_uint("from", e->from_node);
	if (event_has(e, MOSIX_A_TO_NODE))
		json_uint("to", e->to_node);
	if (e->event == MOSIX_EVENT_PROC_REFUSED) {
		json_uint("error", e->error);
		json_string("reason", refusal(e));
	}
	if (event_has(e, MOSIX_A_CAUSE))
		json_string("cause", cause_name(e->cause));
	if (event_has(e, MOSIX_A_FROM_LOAD))
		json_fixed("from_load", e->from_load, MOSIX_LOAD_SCALE, 3);
	if (event_has(e, MOSIX_A_TO_LOAD))
		json_fixed("to_load", e->to_load, MOSIX_LOAD_SCALE, 3);
	json_end();
}

static void print_node(const struct mosix_event_info *e)
{
	struct in_addr in = { .s_addr = e->node.addr };
	char addr[INET_ADDRSTRLEN] = "-";

	if (node_has(&e->node, MOSIX_NODE_A_ADDR))
		inet_ntop(AF_INET, &in, addr, sizeof(addr));
	/* the name without its "node_" */
	printf("node %u (%s): %s\n", e->node.id, addr,
	       event_names[e->event] + strlen("node_"));
}

static void print_balancer(const struct mosix_event_info *e)
{
	char here[32], there[32];

	printf("balancer: moves %s %u to node %u for %s: load %s here, %s there\n",
	       e->proc.state == MOSIX_PROC_GUEST ? "guest" : "process",
	       e->proc.pid, e->to_node, cause_name(e->cause),
	       fmt_fixed(here, sizeof(here), e->from_load, MOSIX_LOAD_SCALE, 2),
	       fmt_fixed(there, sizeof(there), e->to_load, MOSIX_LOAD_SCALE,
			 2));
}

static void print_text(const struct mosix_event_info *e)
{
	switch (e->event) {
	case MOSIX_EVENT_PROC_MOVED:
		printf("process %u: moved from node %u to node %u\n",
		       e->proc.pid, e->from_node, e->to_node);
		break;
	case MOSIX_EVENT_PROC_RETURNED:
		printf("process %u: returned from node %u to node %u\n",
		       e->proc.pid, e->from_node, e->to_node);
		break;
	case MOSIX_EVENT_PROC_REFUSED:
		printf("process %u: not moved from node %u to node %u: %s\n",
		       e->proc.pid, e->from_node, e->to_node, refusal(e));
		break;
	case MOSIX_EVENT_BALANCER_MOVE:
		print_balancer(e);
		break;
	default:
		print_node(e);
	}
}

static void print_event(const struct mosix_event_info *e, void *arg)
{
	int *err = arg;

	if (json_output)
		print_json(e);
	else
		print_text(e);
	if (fflush(stdout) || ferror(stdout))
		*err = -errno;
}

int cmd_monitor(const struct command *cmd, int argc, char **argv)
{
	struct ipc_events *events;
	int err, out_err = 0;

	(void)argv;
	if (argc)
		return usage_error(cmd);
	err = ipc_events_open(&events, false);
	if (err)
		return check_ipc(err);
	while (!out_err) {
		err = ipc_events_read(events, print_event, &out_err);
		if (err == -ENOBUFS)
			errmsg("events were lost: this monitor did not keep up");
		else if (err)
			break;
	}
	ipc_events_close(events);
	if (out_err)
		return fail("cannot write the output: %s", strerror(-out_err));
	return check_ipc(err);
}
