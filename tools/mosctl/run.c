// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl run: start a command at home and pinned there, on a given node,
 * or left to the balancer (openMosix's runhome, runon, nomig, mosrun).
 *
 * The command always starts here, with mosctl's own pid (mosctl execs
 * it), because an execve on a guest goes home anyway.  For -n, a helper
 * process, detached so that it never becomes the command's child, waits
 * until the exec has happened (its end of a close-on-exec pipe reads
 * end of file) and then migrates the command.  If that fails, the
 * command goes on running at home and the helper says why.  With -p
 * too, the helper then pins the process; pins are kept at home, and the
 * kernel tells the guest's node, whose balancer then leaves it there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mosctl.h"

struct run_options {
	bool home, pinned, balanced;
	uint32_t node;		/* 0: start here */
};

/* Parse the options before the command; the index of the command. */
static int parse_options(const struct command *cmd, int argc, char **argv,
			 struct run_options *o)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			return i + 1;
		if (!strcmp(a, "-h") || !strcmp(a, "--home")) {
			o->home = true;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--pinned")) {
			o->pinned = true;
		} else if (!strcmp(a, "-b") || !strcmp(a, "--balanced")) {
			o->balanced = true;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--node")) {
			if (i + 1 == argc) {
				errmsg("%s needs a node id", a);
				return -1;
			}
			if (!parse_node_id(argv[++i], &o->node))
				return -1;
		} else if (!strcmp(a, "--help")) {
			command_help(cmd);
			return -2;
		} else if (a[0] == '-') {
			errmsg("run: unknown option '%s'", a);
			return -1;
		} else {
			return i;
		}
	}
	return i;
}

static bool options_valid(const struct run_options *o)
{
	if (o->home && o->node) {
		errmsg("run: -h (home) and -n (another node) exclude each other");
		return false;
	}
	if (o->balanced && (o->home || o->pinned)) {
		errmsg("run: -b (balanced) excludes -h and -p (pinned)");
		return false;
	}
	return true;
}

/*
 * The node must exist and be up before anything is started; this node's
 * own id means here (*@id becomes 0).
 */
static int check_node(uint32_t *id)
{
	struct mosix_node_info node;
	int err = ipc_node_get(*id, 0, &node);

	if (err == -ENOENT)
		return fail("node %u: no such node", *id);
	if (err)
		return check_ipc(err);
	if (node.state == MOSIX_NODE_SELF)
		*id = 0;
	else if (node.state != MOSIX_NODE_UP)
		return fail("node %u is not up", *id);
	return EXIT_SUCCESS;
}

/* Tries, and how long a process must stay away to count as placed. */
#define MOVE_TRIES	5
#define SETTLE_MS	300
#define POLL_MS		20

/* Whether @pid stays away from home for SETTLE_MS; 0, or -errno. */
static int stays_away(pid_t pid, bool *away)
{
	struct mosix_proc_info p;
	unsigned int t;
	int err;

	for (t = 0; t <= SETTLE_MS; t += POLL_MS) {
		err = ipc_proc_get((uint32_t)pid, &p);
		if (err)
			return err;
		*away = p.state == MOSIX_PROC_AWAY;
		if (!*away)
			return 0;
		sleep_ms(POLL_MS);
	}
	return 0;
}

/*
 * Migrate @pid to @node once its program has started.  Right after the
 * exec, the dynamic loader still maps the program's libraries, files at
 * home: a process caught there goes home at its next such call.  So a
 * process that comes back within SETTLE_MS is sent again, a little
 * later each time, MOVE_TRIES times in all.  0, or -errno.
 */
static int place(pid_t pid, uint32_t node)
{
	bool away = false;
	int i, err = 0;

	for (i = 0; i < MOVE_TRIES && !away; i++) {
		if (i)
			sleep_ms(50U << i);
		err = ipc_migrate((uint32_t)pid, node);
		if (!err)
			err = stays_away(pid, &away);
		if (err)
			return err;
	}
	return away ? 0 : -EAGAIN;
}

/*
 * In a grandchild, detached: wait for the exec of @pid (end of file on
 * @ready), then migrate it to @node.  A byte instead means the exec
 * failed: nothing to do.
 */
static void migrate_after_exec(pid_t pid, int ready, uint32_t node,
			       bool pin)
{
	int err, null = open("/dev/null", O_RDWR);
	char c;
	ssize_t n;

	/* Hold no pipe of the command's open: only stderr, for errors. */
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	do
		n = read(ready, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 0)
		_exit(0);
	err = place(pid, node);
	if (err == -EAGAIN)
		errmsg("run: process %d stays at home: it came back from node %u %d times (its calls need home)",
		       (int)pid, node, MOVE_TRIES);
	else if (err && err != -ESRCH)
		errmsg("run: process %d stays at home: cannot migrate to node %u: %s",
		       (int)pid, node, ipc_strerror(err));
	if (!err && pin) {
		err = ipc_pin((uint32_t)pid, true);
		if (err && err != -ESRCH)
			errmsg("run: process %d runs on node %u but is not pinned: %s",
			       (int)pid, node, ipc_strerror(err));
	}
	_exit(err && err != -ESRCH ? 1 : 0);
}

/* Start the helper; returns the pipe's write end (close-on-exec), or -1. */
static int start_helper(uint32_t node, bool pin)
{
	pid_t self = getpid(), child;
	int fds[2], status;

	if (pipe2(fds, O_CLOEXEC)) {
		errmsg("run: pipe: %s", strerror(errno));
		return -1;
	}
	child = fork();
	if (child < 0) {
		errmsg("run: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (child == 0) {
		/* The grandchild is reparented away from the command. */
		close(fds[1]);
		if (fork() == 0)
			migrate_after_exec(self, fds[0], node, pin);
		_exit(0);
	}
	close(fds[0]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	return fds[1];
}

int cmd_run(const struct command *cmd, int argc, char **argv)
{
	struct run_options o = { 0 };
	int first, ready = -1, err;

	first = parse_options(cmd, argc, argv, &o);
	if (first == -2)
		return EXIT_SUCCESS;
	if (first < 0)
		return EXIT_USAGE;
	if (first == argc) {
		errmsg("run: no command given");
		return usage_error(cmd);
	}
	if (!options_valid(&o))
		return EXIT_USAGE;

	if (o.node) {
		err = check_node(&o.node);
		if (err)
			return err;
	}
	if (o.node) {
		ready = start_helper(o.node, o.pinned);
		if (ready < 0)
			return EXIT_FAILURE;
	} else if (o.home || o.pinned) {
		err = ipc_pin((uint32_t)getpid(), true);
		if (err)
			return fail("run: cannot pin the command at home: %s",
				    ipc_strerror(err));
	}
	fflush(stdout);
	execvp(argv[first], argv + first);
	err = errno;
	if (ready >= 0 && write(ready, "x", 1) < 0)
		err = errno;
	errmsg("run: cannot run %s: %s", argv[first], strerror(err));
	return err == ENOENT ? 127 : 126;
}
