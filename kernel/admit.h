/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_ADMIT_H
#define _MOSIX_ADMIT_H

#include <linux/errno.h>

struct mosix_admit_info;

/* Errno of a process refused by the admission check. */
#define MOSIX_EADMIT	EXFULL

/*
 * A process arrives: 0 when this node takes it (the balancer's check,
 * for the figures of a balancer's move), else -MOSIX_EADMIT.  After 0,
 * mosix_admit_arrived() once its state is in or has failed.
 */
int mosix_admit_arrival(const struct mosix_admit_info *admit);
void mosix_admit_arrived(void);

#endif /* _MOSIX_ADMIT_H */
