// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: reading the files it is given (the cluster file, a key file).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mosctl.h"

bool file_read(const char *path, void *buf, size_t cap, size_t *len)
{
	struct stat st;
	ssize_t n;
	int fd, err;

	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errmsg("%s: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		errmsg("%s: not a regular file", path);
		return false;
	}
	while (*len < cap) {
		n = read(fd, (char *)buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			close(fd);
			memset(buf, 0, *len);
			errmsg("%s: %s", path, strerror(err));
			return false;
		}
		if (!n)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return true;
}
