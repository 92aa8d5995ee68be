// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: node policies (stay, lstay, block and their opposites), expel,
 * bring, and pinning processes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mosctl.h"

static const struct {
	const char *name;
	uint32_t set, clear;
} policies[] = {
	{ "stay", MOSIX_POLICY_STAY, 0 },
	{ "nostay", 0, MOSIX_POLICY_STAY },
	{ "lstay", MOSIX_POLICY_LSTAY, 0 },
	{ "nolstay", 0, MOSIX_POLICY_LSTAY },
	{ "block", MOSIX_POLICY_BLOCK, 0 },
	{ "noblock", 0, MOSIX_POLICY_BLOCK },
};

int cmd_policy(const struct command *cmd, int argc, char **argv)
{
	size_t i;

	(void)argv;
	if (argc)
		return usage_error(cmd);
	for (i = 0; i < ARRAY_SIZE(policies); i++)
		if (!strcmp(cmd->name, policies[i].name))
			return check_ipc(ipc_policy_set(policies[i].set,
							policies[i].clear));
	return usage_error(cmd);
}

int cmd_expel(const struct command *cmd, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return usage_error(cmd);
	return check_ipc(ipc_node_action(MOSIX_CMD_EXPEL));
}

int cmd_bring(const struct command *cmd, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return usage_error(cmd);
	return check_ipc(ipc_node_action(MOSIX_CMD_BRING));
}

static int pin(const struct command *cmd, int argc, char **argv, bool pinned)
{
	uint32_t pid;
	int err;

	if (argc != 1)
		return usage_error(cmd);
	if (!parse_pid(argv[0], &pid))
		return EXIT_USAGE;
	err = ipc_pin(pid, pinned);
	if (err == -ESRCH)
		return fail("process %u: no such process", pid);
	return check_ipc(err);
}

int cmd_pin(const struct command *cmd, int argc, char **argv)
{
	return pin(cmd, argc, argv, true);
}

int cmd_unpin(const struct command *cmd, int argc, char **argv)
{
	return pin(cmd, argc, argv, false);
}

/* mosctl balancer on|off | interval MS | stability PERMILLE | decay PERMILLE */
int cmd_balancer(const struct command *cmd, int argc, char **argv)
{
	struct mosix_balancer b = { 0 };
	uint32_t val = 0;

	if (argc == 1 && (!strcmp(argv[0], "on") || !strcmp(argv[0], "off"))) {
		b.set_enabled = true;
		b.enabled = !strcmp(argv[0], "on");
		return check_ipc(ipc_balancer_set(&b));
	}
	if (argc != 2)
		return usage_error(cmd);
	if (!strcmp(argv[0], "interval")) {
		if (!parse_range(argv[1], "interval", 100, 60000, &val))
			return EXIT_USAGE;
		b.set_interval = true;
		b.interval_ms = val;
	} else if (!strcmp(argv[0], "stability")) {
		if (!parse_range(argv[1], "stability", 1000, 10000, &val))
			return EXIT_USAGE;
		b.set_stability = true;
		b.stability = val;
	} else if (!strcmp(argv[0], "decay")) {
		if (!parse_range(argv[1], "decay", 0, 999, &val))
			return EXIT_USAGE;
		b.set_decay = true;
		b.decay = val;
	} else {
		return usage_error(cmd);
	}
	return check_ipc(ipc_balancer_set(&b));
}
