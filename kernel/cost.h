/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_COST_H
#define _MOSIX_COST_H

#include <linux/types.h>

/*
 * A migration this node sent moved @bytes in @ns; the balancer's transfer
 * cost follows the average of such measures.
 */
void mosix_cost_transfer(u64 bytes, u64 ns);
/* The bandwidth it assumes, bytes/s; *@measured: of how many migrations. */
u64 mosix_cost_bandwidth(u32 *measured);
/*
 * A guest's forwarded call took @ns, request to result; or a process
 * came home with the mean that its guest measured.  The balancer's cost
 * of a call away from home follows the average of these.
 */
void mosix_cost_call(u64 ns);
/* The cost of a call it assumes, us; *@measured: of how many samples. */
u32 mosix_cost_call_us(u32 *measured);

#endif /* _MOSIX_COST_H */
