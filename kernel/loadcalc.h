/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_LOADCALC_H
#define _MOSIX_LOADCALC_H

#include "portable.h"

/* Per mille of the previous load kept at each sample. */
#define MOSIX_LOAD_KEEP_DEFAULT	840

u32 mosix_load_decay(u32 prev, u32 runnable, u32 keep_permille);
u32 mosix_load_normalise(u32 decayed, u32 speed, u32 cpus);

#endif /* _MOSIX_LOADCALC_H */
