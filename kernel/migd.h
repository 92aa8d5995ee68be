/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_MIGD_H
#define _MOSIX_MIGD_H

int mosix_migd_init(void);
void mosix_migd_uninit(void);

#endif /* _MOSIX_MIGD_H */
