// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: strict parsing of command arguments, checked before anything is
 * sent to the kernel.  Numbers follow the cluster file's rules (config.c).
 */
#include <arpa/inet.h>

#include "config.h"
#include "mosctl.h"

bool parse_node_id(const char *arg, uint32_t *id)
{
	if (config_uint(arg, 1, MOSIX_NODE_ID_MAX, id))
		return true;
	errmsg("invalid node id '%s': expected 1..%d", arg, MOSIX_NODE_ID_MAX);
	return false;
}

bool parse_addr(const char *arg, uint32_t *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, arg, &in) == 1) {
		*addr = in.s_addr;
		return true;
	}
	errmsg("invalid address '%s': expected IPv4 dotted quad", arg);
	return false;
}

bool parse_speed(const char *arg, uint32_t *speed)
{
	if (config_uint(arg, 1, MOSIX_SPEED_MAX, speed))
		return true;
	errmsg("invalid speed '%s': expected 1..%d", arg, MOSIX_SPEED_MAX);
	return false;
}

bool parse_range(const char *arg, const char *what, uint32_t min,
		 uint32_t max, uint32_t *val)
{
	if (config_uint(arg, min, max, val))
		return true;
	errmsg("invalid %s '%s': expected %u..%u", what, arg, min, max);
	return false;
}

bool parse_pid(const char *arg, uint32_t *pid)
{
	if (config_uint(arg, 1, INT32_MAX, pid))
		return true;
	errmsg("invalid process id '%s'", arg);
	return false;
}
