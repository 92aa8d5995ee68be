/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mosctl: what main.c, the commands and the argument parsers share.
 */
#ifndef MOSCTL_H
#define MOSCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc.h"
#include "node_fields.h"
#include "output.h"

#define PROG_NAME	"mosctl"

#define STRINGIFY(x)	#x
#define XSTRINGIFY(x)	STRINGIFY(x)

struct command {
	const char *name;	/* one or two words, e.g. "node add" */
	int (*fn)(const struct command *cmd, int argc, char **argv);
	const char *args;	/* argument synopsis */
	const char *help;
};

/* -j: print JSON instead of text */
extern bool json_output;

/* main.c: error reporting to stderr (see errmsg()); the exit code to use */
__printf(1, 2) int fail(const char *fmt, ...);
int usage_error(const struct command *cmd);
/* The usage of @cmd on stdout, for --help. */
void command_help(const struct command *cmd);
int check_ipc(int err);
/* Sleep @ms milliseconds, signals or not. */
void sleep_ms(unsigned int ms);

/* args.c: strict argument parsers; on error they say why and return false */
bool parse_node_id(const char *arg, uint32_t *id);
bool parse_addr(const char *arg, uint32_t *addr);
bool parse_speed(const char *arg, uint32_t *speed);
bool parse_pid(const char *arg, uint32_t *pid);
bool parse_range(const char *arg, const char *what, uint32_t min,
		 uint32_t max, uint32_t *val);

/* node.c */
int cmd_node_add(const struct command *cmd, int argc, char **argv);
int cmd_node_del(const struct command *cmd, int argc, char **argv);
int cmd_nodes(const struct command *cmd, int argc, char **argv);
int cmd_whois(const struct command *cmd, int argc, char **argv);

/* file.c */
/*
 * Read at most @cap bytes of the regular file @path into @buf, their
 * number into *@len; on error say why and return false.  Read @cap one
 * larger than allowed to tell a file that is too large.
 */
bool file_read(const char *path, void *buf, size_t cap, size_t *len);

/* key.c */
/*
 * Read the key file @path into @buf (MOSIX_KEY_MAX + 1 bytes) and its
 * length into *@len; on error say why and return false.
 */
bool key_read(const char *path, unsigned char *buf, size_t *len);
int cmd_key_set(const struct command *cmd, int argc, char **argv);
int cmd_key_clear(const struct command *cmd, int argc, char **argv);

/* status.c */
int cmd_status(const struct command *cmd, int argc, char **argv);
int cmd_setspeed(const struct command *cmd, int argc, char **argv);
int cmd_self(const struct command *cmd, int argc, char **argv);
/* The policy bits set, as words ("stay block"), or "none"; returns @buf. */
const char *policy_words(uint32_t policy, char *buf, size_t len);

/* proc.c */
/* "home", "away", "guest", or "unknown" for another value */
const char *proc_state_name(uint8_t state);
int cmd_migrate(const struct command *cmd, int argc, char **argv);
int cmd_where(const struct command *cmd, int argc, char **argv);
int cmd_guests(const struct command *cmd, int argc, char **argv);
int cmd_ps(const struct command *cmd, int argc, char **argv);

/* policy.c */
int cmd_policy(const struct command *cmd, int argc, char **argv);
int cmd_expel(const struct command *cmd, int argc, char **argv);
int cmd_bring(const struct command *cmd, int argc, char **argv);
int cmd_leave(const struct command *cmd, int argc, char **argv);
int cmd_join(const struct command *cmd, int argc, char **argv);
int cmd_pin(const struct command *cmd, int argc, char **argv);
int cmd_unpin(const struct command *cmd, int argc, char **argv);
int cmd_balancer(const struct command *cmd, int argc, char **argv);

/* monitor.c */
int cmd_monitor(const struct command *cmd, int argc, char **argv);

/* run.c */
int cmd_run(const struct command *cmd, int argc, char **argv);

/* apply.c */
int cmd_apply(const struct command *cmd, int argc, char **argv);

#endif /* MOSCTL_H */
