/* SPDX-License-Identifier: GPL-2.0 */
/* mosctl: the cgroup guests run in (guests.c). */
#ifndef MOSCTL_GUESTS_H
#define MOSCTL_GUESTS_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

/* Whether this machine has cgroup v2 at /sys/fs/cgroup. */
bool guests_cgroup2(void);
/* Bytes of RAM of this machine. */
uint64_t guests_ram(void);
/* The settings of the cgroup directory @dir (memory in bytes). */
bool guests_read(const char *dir, struct config_guests *g);
/*
 * Make the guests' cgroup as @g says (memory in bytes) and have the
 * kernel put guests there: 0 or a negative errno (said on stderr).
 */
int guests_confine(const struct config_guests *g);

#endif /* MOSCTL_GUESTS_H */
