// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl key set FILE | key clear: the cluster key.
 *
 * The kernel keeps only a hash of the file's bytes and never gives the
 * key back.  Every node of a cluster needs the same file; make one with
 * e.g. `head -c 32 /dev/urandom > /etc/mosix/cluster.key` and keep it
 * readable by root alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mosctl.h"

/* What the kernel takes: see MOSIX_KEY_MIN/MAX in kernel/auth.h. */
#define KEY_MIN		16
#define KEY_MAX		4096

int cmd_key_set(const struct command *cmd, int argc, char **argv)
{
	unsigned char buf[KEY_MAX + 1];
	struct stat st;
	ssize_t n;
	size_t len = 0;
	int fd, err;

	if (argc != 1)
		return usage_error(cmd);
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("%s: %s", argv[0], strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail("%s: not a regular file", argv[0]);
	}
	while (len < sizeof(buf)) {
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			close(fd);
			return fail("%s: %s", argv[0], strerror(err));
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len < KEY_MIN || len > KEY_MAX) {
		memset(buf, 0, sizeof(buf));
		return fail("%s: a key file has %d to %d bytes (this one has %s%zu)",
			    argv[0], KEY_MIN, KEY_MAX, len > KEY_MAX ? "more than " : "",
			    len > KEY_MAX ? (size_t)KEY_MAX : len);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		errmsg("warning: %s can be read by others than its owner; anyone who can read it can join the cluster",
		       argv[0]);
	err = ipc_key_set(buf, len);
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
