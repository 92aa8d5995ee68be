/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What this node's CPU offers user code, and its vDSO's build: what
 * other nodes learn from its load messages, and what a process that
 * starts here needs of any node it moves to.
 */
#ifndef _MOSIX_CPU_H
#define _MOSIX_CPU_H

#include <linux/types.h>

int mosix_cpu_init(void);
/* MOSIX_CPU_* bits of this node's CPU (as user code sees it). */
u64 mosix_cpu_features(void);
/* This node's vDSO build, never 0: equal on nodes of one kernel build. */
u32 mosix_cpu_vdso(void);

#endif /* _MOSIX_CPU_H */
