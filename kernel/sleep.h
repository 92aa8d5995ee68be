/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A node about to sleep (suspend, hibernate) first sends its guests home
 * and brings its own processes home, and takes none until it wakes.
 */
#ifndef _MOSIX_SLEEP_H
#define _MOSIX_SLEEP_H

int mosix_sleep_init(void);
void mosix_sleep_uninit(void);

#endif /* _MOSIX_SLEEP_H */
