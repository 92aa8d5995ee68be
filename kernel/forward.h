/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_FORWARD_H
#define _MOSIX_FORWARD_H

#include <linux/types.h>

struct mosix_chunk;
struct mosix_task;
struct pt_regs;

/* What a guest's forwarded call did. */
enum mosix_call_result {
	MOSIX_CALL_DONE,	/* the result is in regs->ax */
	MOSIX_CALL_HOME,	/* cannot be forwarded: run it at home */
	MOSIX_CALL_LOST,	/* the deputy is gone: the guest must end */
	MOSIX_CALL_AGAIN_HOME,	/* to be restarted, and asked home: restart it there */
};

/*
 * What a guest does, during a forwarded call, with what is not the
 * call's own: a chunk from the deputy other than the result (non-zero
 * ends the call); the moment the result is in, signals still held back
 * (non-zero ends it too); and, once the call is over, whatever came
 * meanwhile.
 */
struct mosix_forward_guest_ops {
	int (*message)(struct mosix_task *mt, const struct mosix_chunk *hdr);
	int (*result_in)(struct mosix_task *mt);
	void (*call_over)(struct mosix_task *mt);
};

enum mosix_call_result
mosix_forward_call(struct mosix_task *mt, struct pt_regs *regs,
		   const struct mosix_forward_guest_ops *ops);
/*
 * Run the forwarded call whose chunk of @len bytes is next; the deputy's
 * @before_reply runs once the call is done and before its result goes.
 */
int mosix_forward_serve(struct mosix_task *mt, u32 len,
			void (*before_reply)(struct mosix_task *mt));
void mosix_forward_reset(struct mosix_task *mt);

#endif /* _MOSIX_FORWARD_H */
