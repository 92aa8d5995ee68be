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
