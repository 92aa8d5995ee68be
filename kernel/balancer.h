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

struct mosix_admit_info;

/* Errno of a process refused by the admission check. */
#define MOSIX_EADMIT	EXFULL

int mosix_balancer_init(void);
void mosix_balancer_uninit(void);
void mosix_balancer_get(struct mosix_balancer_tunables *t);
void mosix_balancer_set(const bool *enabled, const u32 *interval_ms,
			const u32 *stability, const u32 *mem_low);
/*
 * A process arrives: 0 when this node takes it (the balancer's check,
 * for the figures of a balancer's move), else -MOSIX_EADMIT.  After 0,
 * mosix_balancer_arrived() once its state is in or has failed.
 */
int mosix_balancer_arrival(const struct mosix_admit_info *admit);
void mosix_balancer_arrived(void);
/*
 * A migration this node sent moved @bytes in @ns; the balancer's transfer
 * cost follows the average of such measures.
 */
void mosix_balancer_transfer(u64 bytes, u64 ns);
/* The bandwidth it assumes, bytes/s; *@measured: of how many migrations. */
u64 mosix_balancer_bandwidth(u32 *measured);
/*
 * A guest's forwarded call took @ns, request to result; or a process
 * came home with the mean that its guest measured.  The balancer's cost
 * of a call away from home follows the average of these.
 */
void mosix_balancer_call(u64 ns);
/* The cost of a call it assumes, us; *@measured: of how many samples. */
u32 mosix_balancer_call_us(u32 *measured);

#endif /* _MOSIX_BALANCER_H */
