// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: node policies (stay, lstay, block and their opposites), expel,
 * bring, leaving and joining the cluster, and pinning processes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

#define LEAVE_TIMEOUT_S		120
#define LEAVE_RETRY_MS		2000
#define LEAVE_POLL_MS		200

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Guests here and processes of this node away, from the kernel's count. */
static int count_others(uint32_t *guests, uint32_t *away)
{
	struct mosix_status status;
	int err = ipc_status_get(&status);

	if (err)
		return err;
	if (!node_has(&status.self, MOSIX_NODE_A_GUESTS) ||
	    !node_has(&status.self, MOSIX_NODE_A_AWAY))
		return -EPROTO;
	*guests = status.self.guests;
	*away = status.self.away;
	return 0;
}

/* Send the guests home and call this node's processes home: expel, bring. */
static int send_everyone_home(void)
{
	int err = ipc_node_action(MOSIX_CMD_EXPEL);

	return err ? err : ipc_node_action(MOSIX_CMD_BRING);
}

/*
 * mosctl leave [SECONDS]: expel and bring, again every LEAVE_RETRY_MS
 * (a process may have been on its way when they were asked), until no
 * guest is here and no process is away, then stop sending load
 * information.  On timeout nothing more changes: the node stays blocked
 * and lstay, and says how many are left.
 */
int cmd_leave(const struct command *cmd, int argc, char **argv)
{
	uint32_t timeout_s = LEAVE_TIMEOUT_S, guests = 0, away = 0;
	uint64_t start, retry;
	int err;

	if (argc > 1)
		return usage_error(cmd);
	if (argc && !parse_range(argv[0], "timeout", 1, 3600, &timeout_s))
		return EXIT_USAGE;
	start = now_ms();
	retry = start;
	for (;;) {
		if (now_ms() >= retry) {
			err = send_everyone_home();
			if (err)
				return check_ipc(err);
			retry = now_ms() + LEAVE_RETRY_MS;
		}
		err = count_others(&guests, &away);
		if (err)
			return check_ipc(err);
		if (!guests && !away)
			break;
		if (now_ms() - start >= (uint64_t)timeout_s * 1000)
			return fail("still %u guest%s here and %u process%s away after %u s: not left (this node stays blocked and lstay; try mosctl leave again, or mosctl join)",
				    guests, guests == 1 ? "" : "s", away,
				    away == 1 ? "" : "es", timeout_s);
		sleep_ms(LEAVE_POLL_MS);
	}
	err = ipc_policy_set(MOSIX_POLICY_LEFT, 0);
	if (err)
		return check_ipc(err);
	if (!json_output)
		printf("left the cluster: no guest here, no process away\n");
	return EXIT_SUCCESS;
}

/* mosctl join: undo leave (and block, lstay): announce this node again. */
int cmd_join(const struct command *cmd, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return usage_error(cmd);
	return check_ipc(ipc_policy_set(0, MOSIX_POLICY_LEFT |
					   MOSIX_POLICY_BLOCK |
					   MOSIX_POLICY_LSTAY));
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

/*
 * mosctl balancer on|off | interval MS | stability PERMILLE |
 *	decay PERMILLE | usher PERMILLE
 */
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
		if (!parse_range(argv[1], "interval",
				 MOSIX_BALANCER_INTERVAL_MIN,
				 MOSIX_BALANCER_INTERVAL_MAX, &val))
			return EXIT_USAGE;
		b.set_interval = true;
		b.interval_ms = val;
	} else if (!strcmp(argv[0], "stability")) {
		if (!parse_range(argv[1], "stability",
				 MOSIX_BALANCER_STABILITY_MIN,
				 MOSIX_BALANCER_STABILITY_MAX, &val))
			return EXIT_USAGE;
		b.set_stability = true;
		b.stability = val;
	} else if (!strcmp(argv[0], "decay")) {
		if (!parse_range(argv[1], "decay", 0, MOSIX_BALANCER_DECAY_MAX,
				 &val))
			return EXIT_USAGE;
		b.set_decay = true;
		b.decay = val;
	} else if (!strcmp(argv[0], "services")) {
		if (strcmp(argv[1], "move") && strcmp(argv[1], "stay")) {
			errmsg("services: expected move or stay, not '%s'",
			       argv[1]);
			return EXIT_USAGE;
		}
		b.set_services = true;
		b.services = !strcmp(argv[1], "move");
	} else if (!strcmp(argv[0], "usher")) {
		if (!parse_range(argv[1], "usher", 0,
				 MOSIX_BALANCER_MEM_LOW_MAX, &val))
			return EXIT_USAGE;
		b.set_mem_low = true;
		b.mem_low = val;
	} else {
		return usage_error(cmd);
	}
	return check_ipc(ipc_balancer_set(&b));
}
