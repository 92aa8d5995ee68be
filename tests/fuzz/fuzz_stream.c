// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the migration stream after HELLO, as mosix_state_receive()
 * reads it: TASK, FPU, then VMA chunks, PAGE chunks and END.  A chunk
 * header goes through the transport's own check (length, reserved) first.
 */
#include <string.h>
#include "fuzz.h"

#define TS	TEST_TASK_SIZE

static struct mosix_vma_range vmas[MOSIX_VMAS_MAX];
/* What the harness saw accepted, to check the pages against */
static struct mosix_vma_range seen[MOSIX_VMAS_MAX];

struct input {
	const u8 *p;
	size_t left;
};

/* The next chunk, or false when the connection would have ended */
static bool next(struct input *in, u16 *type, u32 *len, const u8 **payload)
{
	struct mosix_chunk h;

	if (in->left < sizeof(h))
		return false;
	memcpy(&h, in->p, sizeof(h));
	*type = le16_to_cpu(h.type);
	*len = le32_to_cpu(h.length);
	if (*len > MOSIX_CHUNK_MAX || h.reserved)
		return false;
	if (in->left - sizeof(h) < *len)
		return false;
	*payload = in->p + sizeof(h);
	in->p += sizeof(h) + *len;
	in->left -= sizeof(h) + *len;
	return true;
}

/* What mosix_conn_recv_exact() accepts */
static bool next_exact(struct input *in, u16 type, u32 len, const u8 **p)
{
	u16 t;
	u32 l;

	return next(in, &t, &l, p) && t == type && l == len;
}

/* The run [addr, addr + size) lies whole in one VMA that was seen. */
static bool run_in_seen(u64 addr, u64 size, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (addr >= seen[i].start && addr + size <= seen[i].end)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct mosix_chunk_vma v;
	struct mosix_mem_stream s;
	u64 start, end, addr, last = 0;
	const u8 *p;
	u32 flags, len, nseen = 0;
	bool pages = false;
	u16 type;

	if (!next_exact(&in, MOSIX_CHUNK_TASK, sizeof(struct mosix_chunk_task),
			&p) ||
	    mosix_check_task(p, sizeof(struct mosix_chunk_task), TS))
		return 0;
	if (!next_exact(&in, MOSIX_CHUNK_FPU, TEST_XSTATE_SIZE, &p) ||
	    mosix_check_xstate(p, TEST_XSTATE_SIZE, TEST_XFEATURES))
		return 0;
	mosix_mem_init(&s, TS, vmas, MOSIX_VMAS_MAX);
	while (next(&in, &type, &len, &p)) {
		if (mosix_mem_header(&s, type, len))
			return 0;
		switch (type) {
		case MOSIX_CHUNK_VMA:
			memcpy(&v, p, sizeof(v));
			if (mosix_mem_vma(&s, &v, &start, &end, &flags))
				return 0;
			MUST(!pages && start < end && end <= TS &&
			     !(start % 4096) && !(end % 4096) &&
			     !(flags & ~MOSIX_VMA_FLAGS));
			MUST(!nseen || start >= seen[nseen - 1].end);
			seen[nseen].start = start;
			seen[nseen].end = end;
			nseen++;
			break;
		case MOSIX_CHUNK_PAGE:
			if (mosix_mem_page(&s, p, len, &addr))
				return 0;
			MUST(len >= 8 + 4096 && !((len - 8) % 4096) &&
			     len <= 8 + MOSIX_PAGES_PER_CHUNK * 4096);
			MUST(!(addr % 4096) && run_in_seen(addr, len - 8, nseen));
			MUST(!pages || addr >= last);
			pages = true;
			last = addr + (len - 8);
			break;
		case MOSIX_CHUNK_END:
			MUST(nseen > 0);
			return 0;
		default:
			MUST(!"a chunk of another type passed the header check");
		}
	}
	return 0;
}
