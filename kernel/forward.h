/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_FORWARD_H
#define _MOSIX_FORWARD_H

#include <linux/types.h>

struct mosix_task;
struct pt_regs;

/* What a guest's forwarded call did. */
enum mosix_call_result {
	MOSIX_CALL_DONE,	/* the result is in regs->ax */
	MOSIX_CALL_HOME,	/* cannot be forwarded: run it at home */
	MOSIX_CALL_LOST,	/* the deputy is gone: the guest must end */
	MOSIX_CALL_AGAIN_HOME,	/* to be restarted, and asked home: restart it there */
};

enum mosix_call_result mosix_forward_call(struct mosix_task *mt,
					  struct pt_regs *regs);
int mosix_forward_serve(struct mosix_task *mt, u32 len);
void mosix_forward_reset(struct mosix_task *mt);

#endif /* _MOSIX_FORWARD_H */
