// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl key set FILE [encrypt] | key clear: the cluster key, and whether
 * this node asks for its migration connections to be encrypted.
 *
 * The kernel keeps only a hash of the file's bytes and never gives the
 * key back.  Every node of a cluster needs the same file; make one with
 * e.g. `head -c 32 /dev/urandom > /etc/mosix/cluster.key` and keep it
 * readable by root alone.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mosctl.h"

bool key_read(const char *path, unsigned char *buf, size_t *lenp)
{
	struct stat st;
	size_t len;

	if (!file_read(path, buf, MOSIX_KEY_MAX + 1, &len))
		return false;
	if (len < MOSIX_KEY_MIN || len > MOSIX_KEY_MAX) {
		memset(buf, 0, len);
		errmsg("%s: a key file has %d to %d bytes (this one has %s%zu)",
		       path, MOSIX_KEY_MIN, MOSIX_KEY_MAX,
		       len > MOSIX_KEY_MAX ? "more than " : "",
		       len > MOSIX_KEY_MAX ? (size_t)MOSIX_KEY_MAX : len);
		return false;
	}
	if (!stat(path, &st) && (st.st_mode & (S_IRWXG | S_IRWXO)))
		errmsg("warning: %s can be read by others than its owner; anyone who can read it can join the cluster",
		       path);
	*lenp = len;
	return true;
}

int cmd_key_set(const struct command *cmd, int argc, char **argv)
{
	unsigned char buf[MOSIX_KEY_MAX + 1];
	size_t len;
	int err;

	if (argc < 1 || argc > 2)
		return usage_error(cmd);
	if (argc == 2 && strcmp(argv[1], "encrypt")) {
		errmsg("key set: expected 'encrypt' after the file, not '%s'",
		       argv[1]);
		return EXIT_USAGE;
	}
	if (!key_read(argv[0], buf, &len))
		return EXIT_FAILURE;
	err = ipc_key_set(buf, len, argc == 2);
	memset(buf, 0, sizeof(buf));
	return check_ipc(err);
}

int cmd_key_clear(const struct command *cmd, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return usage_error(cmd);
	return check_ipc(ipc_node_action(MOSIX_CMD_KEY_CLEAR));
}
