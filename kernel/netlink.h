/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_NETLINK_H
#define _MOSIX_NETLINK_H

int mosix_netlink_init(void);

#endif /* _MOSIX_NETLINK_H */
