// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: commands about processes: migrate, where.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mosctl.h"
#include "output.h"

static const char *const proc_states[] = {
	[MOSIX_PROC_HOME]	= "home",
	[MOSIX_PROC_AWAY]	= "away",
	[MOSIX_PROC_GUEST]	= "guest",
};

static const char *proc_state_name(uint8_t state)
{
	return state < ARRAY_SIZE(proc_states) ? proc_states[state] : "unknown";
}

int cmd_migrate(const struct command *cmd, int argc, char **argv)
{
	uint32_t pid, node = 0;
	int err;

	if (argc != 2)
		return usage_error(cmd);
	if (!parse_pid(argv[0], &pid))
		return EXIT_USAGE;
	if (strcmp(argv[1], "home") && !parse_node_id(argv[1], &node))
		return EXIT_USAGE;
	err = ipc_migrate(pid, node);
	if (err == -ESRCH)
		return fail("process %u: no such process", pid);
	if (err == -ENOENT)
		return fail("node %u: no such node", node);
	if (err)
		return fail("cannot migrate process %u: %s", pid,
			    ipc_strerror(err));
	return 0;
}

int cmd_where(const struct command *cmd, int argc, char **argv)
{
	struct mosix_proc_info proc;
	uint32_t pid;
	int err;

	if (argc != 1)
		return usage_error(cmd);
	if (!parse_pid(argv[0], &pid))
		return EXIT_USAGE;
	err = ipc_proc_get(pid, &proc);
	if (err == -ESRCH)
		return fail("process %u: no such process", pid);
	if (err)
		return check_ipc(err);
	if (json_output) {
		json_object_begin(NULL);
		json_uint("pid", proc.pid);
		json_string("state", proc_state_name(proc.state));
		json_uint("node", proc.node);
		json_uint("migrations", proc.migrations);
		json_uint("pinned", proc.pinned);
		if (proc.home_pid)
			json_uint("home_pid", proc.home_pid);
		if (proc.have & (1ull << MOSIX_A_REASON))
			json_string("reason", proc.reason);
		else
			json_null("reason");
		json_end();
		return 0;
	}
	printf("pid:        %u\n", proc.pid);
	printf("state:      %s\n", proc_state_name(proc.state));
	printf("%s %u\n", proc.state == MOSIX_PROC_GUEST ? "home node: " :
	       "runs on:   ", proc.node);
	if (proc.home_pid)
		printf("home pid:   %u\n", proc.home_pid);
	printf("migrations: %u\n", proc.migrations);
	if (proc.pinned)
		printf("pinned:     yes\n");
	if (proc.have & (1ull << MOSIX_A_REASON))
		printf("cannot migrate: %s\n", proc.reason);
	return 0;
}

int cmd_guests(const struct command *cmd, int argc, char **argv)
{
	struct mosix_guest_info *guests;
	char mib[32];
	size_t count, i;
	int err;

	(void)argv;
	if (argc)
		return usage_error(cmd);
	err = ipc_guest_dump(&guests, &count);
	if (err)
		return check_ipc(err);
	if (json_output) {
		json_array_begin(NULL);
		for (i = 0; i < count; i++) {
			json_object_begin(NULL);
			json_uint("pid", guests[i].pid);
			json_uint("home_node", guests[i].home_node);
			json_uint("home_pid", guests[i].home_pid);
			json_uint("rss", guests[i].rss);
			json_end();
		}
		json_end();
	} else {
		printf("%7s  %9s  %8s  %8s\n", "PID", "HOME-NODE", "HOME-PID",
		       "RSS(MiB)");
		for (i = 0; i < count; i++)
			printf("%7u  %9u  %8u  %8s\n", guests[i].pid,
			       guests[i].home_node, guests[i].home_pid,
			       fmt_fixed(mib, sizeof(mib), guests[i].rss,
					 1 << 20, 1));
	}
	free(guests);
	return 0;
}
