/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libFuzzer targets of the decoders.  Each target feeds
 * its input to one decoder, then checks what the decoder accepted as the
 * kernel would use it: a broken promise aborts, and AddressSanitizer
 * reports any access outside the input or the copies made of it.
 */
#ifndef _MOSIX_FUZZ_H
#define _MOSIX_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "msgs.h"

#define MUST(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "broken: %s (%s:%d)\n", #cond,	\
				__FILE__, __LINE__);			\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* _MOSIX_FUZZ_H */
