/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages as a node sends them, for the decoder unit tests and the fuzz
 * seed corpus: each builder writes what the kernel's sending code writes
 * (deputy.c, state.c, forward.c) for a plausible process.
 */
#ifndef _MOSIX_TEST_MSGS_H
#define _MOSIX_TEST_MSGS_H

#include "decode.h"

/* The user address limit of an x86-64 process with 4-level page tables */
#define TEST_TASK_SIZE		((1ULL << 47) - 4096)
/* XSAVE size and features of a plain x86-64 CPU (x87, SSE, AVX) */
#define TEST_XSTATE_SIZE	832
#define TEST_XFEATURES		0x7ULL

void msg_hello(struct mosix_chunk_hello *h);
void msg_task(struct mosix_chunk_task *t);
void msg_xstate(void *buf, size_t size);

/* A chunk: header, then payload; returns the bytes written. */
size_t msg_chunk(void *buf, u16 type, const void *payload, u32 len);

/*
 * A forwarded call of this process, made as a guest makes it: planned by
 * mosix_syscall_plan() with this process's memory as the guest's.
 * Returns the request's length (0 if the call is not forwarded) and its
 * regions in regions, their number in *n.
 */
size_t msg_request(void *buf, size_t size, u32 nr, const u64 args[6],
		   struct mosix_region *regions, int *n);
/* A deputy's reply with return value ret to a call with these regions. */
size_t msg_reply(void *buf, size_t size, const struct mosix_region *regions,
		 int n, s64 ret);

#endif /* _MOSIX_TEST_MSGS_H */
