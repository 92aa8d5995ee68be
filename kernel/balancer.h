/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_BALANCER_H
#define _MOSIX_BALANCER_H

#include <linux/types.h>

struct mosix_balancer_tunables {
	bool enabled;
	u32 interval_ms;
	u32 stability;
	u32 mem_low;
};

#define MOSIX_BALANCER_INTERVAL_MIN	100
#define MOSIX_BALANCER_INTERVAL_MAX	60000
#define MOSIX_BALANCER_STABILITY_MAX	10000
#define MOSIX_BALANCER_MEM_LOW_MAX	500

int mosix_balancer_init(void);
void mosix_balancer_uninit(void);
void mosix_balancer_get(struct mosix_balancer_tunables *t);
void mosix_balancer_set(const bool *enabled, const u32 *interval_ms,
			const u32 *stability, const u32 *mem_low);

#endif /* _MOSIX_BALANCER_H */
