// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: load datagrams with their gossip entries (kernel/wire.c).
 * What the decoder accepts must be exactly what the encoder writes.
 */
#include <string.h>
#include "wire.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mosix_gossip_entry entries[MOSIX_GOSSIP_ENTRIES_MAX];
	static u8 again[MOSIX_DATAGRAM_MAX];
	struct mosix_load_info info;
	unsigned int n = 0, i;

	if (mosix_wire_decode_load(data, size, &info, entries, &n) !=
	    MOSIX_WIRE_OK)
		return 0;
	MUST(n <= MOSIX_GOSSIP_ENTRIES_MAX);
	MUST(size == mosix_wire_load_size(n));
	MUST(info.sender >= 1 && info.speed >= 1 && info.cpus >= 1 &&
	     info.mem_free <= info.mem_total);
	for (i = 0; i < n; i++)
		MUST(entries[i].info.sender != info.sender &&
		     entries[i].info.sender >= 1 &&
		     entries[i].info.mem_free <= entries[i].info.mem_total);
	MUST(mosix_wire_encode_load(again, sizeof(again), &info, entries, n) ==
	     size);
	MUST(!memcmp(again, data, size));
	return 0;
}
