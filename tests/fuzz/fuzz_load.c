// SPDX-License-Identifier: GPL-2.0
/* Fuzz target: load datagrams (kernel/wire.c). */
#include <string.h>
#include "wire.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mosix_load_info info;
	u8 again[sizeof(struct mosix_msg_load)];

	if (mosix_wire_decode_load(data, size, &info) != MOSIX_WIRE_OK)
		return 0;
	/* What is accepted is exactly what the encoder writes */
	MUST(size == sizeof(struct mosix_msg_load));
	MUST(info.sender >= 1 && info.speed >= 1 && info.cpus >= 1 &&
	     info.mem_free <= info.mem_total);
	MUST(mosix_wire_encode_load(again, sizeof(again), &info) == size);
	MUST(!memcmp(again, data, size));
	return 0;
}
