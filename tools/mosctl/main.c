// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl - administer a neomosix cluster node.
 *
 * Global options come first, then a command from the table below; every
 * command checks its own arguments and talks to the kernel through ipc.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "mosctl.h"

#define MOSCTL_VERSION	"0.1"
#define SYNOPSIS_WIDTH	18

const char prog_name[] = PROG_NAME;
bool json_output;

static int cmd_help(const struct command *cmd, int argc, char **argv);

static const struct command commands[] = {
	{ "node add", cmd_node_add, "ID ADDR",
	  "add peer node ID at IPv4 address ADDR" },
	{ "node del", cmd_node_del, "ID", "remove peer node ID" },
	{ "nodes", cmd_nodes, NULL,
	  "list every node and its load, this node first" },
	{ "whois", cmd_whois, "ID|ADDR", "show one node, by id or by address" },
	{ "status", cmd_status, NULL,
	  "show this node, its number of peers and its counters" },
	{ "setspeed", cmd_setspeed, "N",
	  "set this node's CPU speed (" XSTRINGIFY(MOSIX_SPEED_STD)
	  " = reference CPU)" },
	{ "self", cmd_self, "ID [ADDR]",
	  "set this node's id and, optionally, its address" },
	{ "migrate", cmd_migrate, "PID NODE|home",
	  "move a process to a node, or bring it home" },
	{ "where", cmd_where, "PID",
	  "show where a process runs and why it cannot migrate" },
	{ "guests", cmd_guests, NULL,
	  "list the processes of other nodes running here" },
	{ "ps", cmd_ps, "[-a]",
	  "list this node's processes that run elsewhere, have migrated or are pinned (-a: all)" },
	{ "stay", cmd_policy, NULL,
	  "this node's processes do not migrate by themselves" },
	{ "nostay", cmd_policy, NULL,
	  "this node's processes may migrate by themselves" },
	{ "lstay", cmd_policy, NULL,
	  "local processes stay, guests may still move on" },
	{ "nolstay", cmd_policy, NULL, "undo lstay" },
	{ "block", cmd_policy, NULL, "accept no new guests" },
	{ "noblock", cmd_policy, NULL, "accept guests again" },
	{ "expel", cmd_expel, NULL, "send every guest home, then block" },
	{ "bring", cmd_bring, NULL,
	  "bring every process of this node home, then lstay" },
	{ "leave", cmd_leave, "[SECONDS]",
	  "send guests home, bring processes home, wait (120 s at most), leave" },
	{ "join", cmd_join, NULL,
	  "undo leave: announce this node again, noblock, nolstay" },
	{ "balancer", cmd_balancer,
	  "on|off|interval MS|stability PERMILLE|decay PERMILLE|usher PERMILLE|services move|stay",
	  "tune the automatic load balancer" },
	{ "key set", cmd_key_set, "FILE [encrypt]",
	  "authenticate this node's exchanges with the cluster key in FILE; encrypt: and encrypt its migrations" },
	{ "key clear", cmd_key_clear, NULL,
	  "forget the cluster key (nothing is authenticated)" },
	{ "run", cmd_run, "[-h|-n NODE] [-p|-b] [--] COMMAND [ARG...]",
	  "start a command at home and pinned (-h), on a node (-n), or balanced" },
	{ "pin", cmd_pin, "PID", "keep a process where it is" },
	{ "unpin", cmd_unpin, "PID", "let a pinned process migrate again" },
	{ "monitor", cmd_monitor, NULL,
	  "print the cluster's events as they happen, until interrupted" },
	{ "apply", cmd_apply, "[-n] [-s ID] [FILE]",
	  "make this node what the cluster file says (default " CONFIG_DEFAULT_PATH "); -n: only show the changes" },
	{ "help", cmd_help, "[COMMAND]",
	  "show the usage of every command, or of one" },
};

#define for_each_command(cmd)						\
	for ((cmd) = commands; (cmd) < commands + ARRAY_SIZE(commands); (cmd)++)

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrmsg(fmt, ap);
	va_end(ap);
	return EXIT_FAILURE;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int check_ipc(int err)
{
	return err ? fail("%s", ipc_strerror(err)) : EXIT_SUCCESS;
}

static const char *synopsis(const struct command *cmd, char *buf,
			    size_t len)
{
	snprintf(buf, len, "%s%s%s", cmd->name, cmd->args ? " " : "",
		 cmd->args ? cmd->args : "");
	return buf;
}

static void print_usage(FILE *f, const struct command *cmd)
{
	char buf[96];

	fprintf(f, "Usage: " PROG_NAME " %s\n  %s\n",
		synopsis(cmd, buf, sizeof(buf)), cmd->help);
}

void command_help(const struct command *cmd)
{
	print_usage(stdout, cmd);
}

int usage_error(const struct command *cmd)
{
	print_usage(stderr, cmd);
	return EXIT_USAGE;
}

static void print_main_usage(FILE *f)
{
	const struct command *cmd;
	char buf[96];

	fputs("Usage: " PROG_NAME " [OPTIONS] COMMAND [ARGS]\n"
	      "Administer this node of a neomosix cluster.\n"
	      "\n"
	      "Commands:\n", f);
	for_each_command(cmd)
		fprintf(f, "  %-*s  %s\n", SYNOPSIS_WIDTH,
			synopsis(cmd, buf, sizeof(buf)), cmd->help);
	fputs("\n"
	      "Options:\n"
	      "  -j, --json     print JSON instead of text\n"
	      "  -h, --help     show this help; '" PROG_NAME
	      " COMMAND --help' shows one command\n"
	      "      --version  show the version\n", f);
}

/* Does @word name @cmd or, for a two word command, its first word? */
static bool first_word_is(const struct command *cmd, const char *word)
{
	size_t len = strcspn(cmd->name, " ");

	return strlen(word) == len && !strncmp(cmd->name, word, len);
}

/* How many words of @argv name @cmd: 0 if they do not. */
static int cmd_words(const struct command *cmd, int argc, char **argv)
{
	const char *second = strchr(cmd->name, ' ');

	if (!argc || !first_word_is(cmd, argv[0]))
		return 0;
	if (!second)
		return 1;
	return argc > 1 && !strcmp(argv[1], second + 1) ? 2 : 0;
}

static const struct command *lookup(int argc, char **argv, int *words)
{
	const struct command *cmd;

	for_each_command(cmd) {
		*words = cmd_words(cmd, argc, argv);
		if (*words)
			return cmd;
	}
	return NULL;
}

/* Is @word the first word of a command, e.g. "node"? */
static bool is_group(const char *word)
{
	const struct command *cmd;

	for_each_command(cmd)
		if (first_word_is(cmd, word))
			return true;
	return false;
}

/* Usage of every command whose first word is @word. */
static void print_group(FILE *f, const char *word)
{
	const struct command *cmd;

	for_each_command(cmd)
		if (first_word_is(cmd, word))
			print_usage(f, cmd);
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (is_help(argv[i]))
			return true;
	return false;
}

static int unknown_command(int argc, char **argv)
{
	if (!is_group(argv[0])) {
		errmsg("unknown command '%s'; '" PROG_NAME " help' lists them",
		       argv[0]);
		return EXIT_USAGE;
	}
	if (argc > 1)
		errmsg("unknown command '%s %s'", argv[0], argv[1]);
	print_group(stderr, argv[0]);
	return EXIT_USAGE;
}

static int cmd_help(const struct command *cmd, int argc, char **argv)
{
	const struct command *found;
	int words;

	if (!argc) {
		print_main_usage(stdout);
		return EXIT_SUCCESS;
	}
	if (argc > 2)
		return usage_error(cmd);
	found = lookup(argc, argv, &words);
	if (found && words == argc)
		print_usage(stdout, found);
	else if (argc == 1 && is_group(argv[0]))
		print_group(stdout, argv[0]);
	else
		return unknown_command(argc, argv);
	return EXIT_SUCCESS;
}

static int run(int argc, char **argv)
{
	const struct command *cmd;
	int words;

	cmd = lookup(argc, argv, &words);
	if (!cmd) {
		/* "node --help": the usage of every node command */
		if (argc == 2 && is_help(argv[1]) && is_group(argv[0])) {
			print_group(stdout, argv[0]);
			return EXIT_SUCCESS;
		}
		return unknown_command(argc, argv);
	}
	argc -= words;
	argv += words;
	/* run's options are its own (-h is --home), and so is its command. */
	if (cmd->fn != cmd_run && wants_help(argc, argv)) {
		print_usage(stdout, cmd);
		return EXIT_SUCCESS;
	}
	return cmd->fn(cmd, argc, argv);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int opt, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+jh", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json_output = true;
			break;
		case 'h':
			print_main_usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf(PROG_NAME " " MOSCTL_VERSION
			       " (mosix netlink family version %d)\n",
			       MOSIX_GENL_VERSION);
			return EXIT_SUCCESS;
		default:
			if (optopt)
				errmsg("unknown option '-%c'; try '" PROG_NAME
				       " --help'", optopt);
			else
				errmsg("unknown option '%s'; try '" PROG_NAME
				       " --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		print_main_usage(stderr);
		return EXIT_USAGE;
	}
	ret = run(argc - optind, argv + optind);
	if (fflush(stdout) || ferror(stdout))
		return fail("cannot write the output: %s", strerror(errno));
	return ret;
}
