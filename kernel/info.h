/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_INFO_H
#define _MOSIX_INFO_H

struct mosix_node_view;

int mosix_info_init(void);
void mosix_info_uninit(void);
void mosix_info_self_view(struct mosix_node_view *view);

#endif /* _MOSIX_INFO_H */
