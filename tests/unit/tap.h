/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP output for the userspace unit tests of the pure code. */
#ifndef _MOSIX_TAP_H
#define _MOSIX_TAP_H

#include <stdio.h>

static int tap_failed;

/* cond is evaluated once: it may have side effects. */
#define CHECK(cond, ...)						\
	do {								\
		int tap_ok_ = !!(cond);					\
									\
		if (tap_ok_) {						\
			printf("ok - ");				\
		} else {						\
			printf("not ok - ");				\
			tap_failed++;					\
		}							\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		if (!tap_ok_)						\
			printf("# failed: %s (%s:%d)\n", #cond,		\
			       __FILE__, __LINE__);			\
	} while (0)

static inline int tap_exit(void)
{
	return tap_failed ? 1 : 0;
}

#endif /* _MOSIX_TAP_H */
