/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_BALANCER_H
#define _MOSIX_BALANCER_H

#include <linux/types.h>

int mosix_balancer_init(void);
void mosix_balancer_uninit(void);
void mosix_balancer_tuned(void);

#endif /* _MOSIX_BALANCER_H */
