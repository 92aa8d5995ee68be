// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: forwarded syscall requests, as the deputy decodes them.
 * An accepted request is then placed as the deputy places it (forward.c:
 * lay_out(), recv_data(), finish_regions()), each
 * region in a buffer of exactly its length, so that AddressSanitizer
 * sees any copy or array entry that does not fit.  The same input is
 * also read in pieces, as the deputy reads a request from its connection
 * (forward.c: recv_request()), which must accept exactly what the whole
 * decoder accepts.
 */
#include <string.h>
#include "fuzz.h"

/* recv_request()'s way: the head, then each IN region's word and data. */
static int by_pieces(const uint8_t *data, size_t size)
{
	static struct mosix_region regions[MOSIX_REGIONS_MAX];
	struct mosix_request rq = { .regions = regions };
	size_t head, off;
	uint32_t n;
	int i;

	if (size < sizeof(struct mosix_chunk_syscall) || size > MOSIX_CHUNK_MAX)
		return 0;
	head = mosix_request_head_len(data);
	if (!head || head > size ||
	    mosix_decode_request_head(data, head, size, &rq) != MOSIX_DEC_OK)
		return 0;
	off = head;
	for (i = 0; i < rq.nr_regions; i++) {
		const struct mosix_region *r = &regions[i];

		if (!(r->dir & MOSIX_REGION_IN))
			continue;
		if (size - off < 4)
			return 0;
		memcpy(&n, data + off, 4);
		n = le32_to_cpu(n);
		off += 4;
		if (mosix_decode_data_len(r, n, size - off) != MOSIX_DEC_OK)
			return 0;
		if (mosix_region_looked_at(r) &&
		    mosix_decode_data(r, data + off, n) != MOSIX_DEC_OK)
			return 0;
		off += n;
	}
	return off == size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mosix_region regions[MOSIX_REGIONS_MAX];
	static u32 off[MOSIX_REGIONS_MAX], len[MOSIX_REGIONS_MAX];
	static const s64 rets[] = { -14, 0, 1, 100, 1 << 20, INT64_MAX };
	u8 *copy[MOSIX_REGIONS_MAX];
	u32 out_len[MOSIX_REGIONS_MAX];
	struct mosix_request rq = {
		.regions = regions, .data_off = off, .data_len = len,
	};
	u64 total = 0, left;
	unsigned int k;
	int i, whole;

	whole = mosix_decode_request(data, size, &rq) == MOSIX_DEC_OK;

	MUST(whole == by_pieces(data, size));
	if (!whole)
		return 0;
	MUST(rq.nr_regions >= 0 && rq.nr_regions <= MOSIX_REGIONS_MAX);
	for (i = 0; i < rq.nr_regions; i++) {
		const struct mosix_region *r = &regions[i];

		total += r->len;
		MUST(r->len >= 1 && r->dir >= 1 && r->dir <= 3);
		copy[i] = calloc(1, r->len);
		MUST(copy[i]);
		if (r->dir & MOSIX_REGION_IN) {
			MUST(len[i] <= r->len && off[i] <= size &&
			     len[i] <= size - off[i]);
			memcpy(copy[i], data + off[i], len[i]);
			if (r->str)
				MUST(len[i] && !copy[i][len[i] - 1] &&
				     strlen((char *)copy[i]) == len[i] - 1);
		}
		if (r->arg == MOSIX_REGION_NESTED) {
			const struct mosix_region *parent = &regions[r->parent];
			u64 entry[2] = { (uintptr_t)copy[i], r->len };

			MUST(r->parent < i && parent->arg < 6);
			memcpy(copy[r->parent] + r->slot * 16, entry,
			       sizeof(entry));
		} else {
			MUST(r->arg < 6);
		}
	}
	MUST(total <= MOSIX_BUF_MAX);
	/* What a reply to it would carry, for a few return values */
	for (k = 0; k < sizeof(rets) / sizeof(rets[0]); k++) {
		mosix_reply_lengths(regions, rq.nr_regions, rets[k], out_len);
		left = rets[k] > 0 ? rets[k] : 0;
		for (i = 0; i < rq.nr_regions; i++) {
			MUST(out_len[i] <= regions[i].len);
			if (regions[i].dir == MOSIX_REGION_OUT) {
				MUST(out_len[i] <= left);
				left -= out_len[i];
			}
		}
	}
	for (i = 0; i < rq.nr_regions; i++)
		free(copy[i]);
	return 0;
}
