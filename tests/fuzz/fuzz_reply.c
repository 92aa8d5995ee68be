// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: replies to forwarded syscalls, as a guest decodes them.
 * The first byte picks the call the reply answers: one of the real calls
 * planned at start, or (for values past them) a request that follows in
 * the input as a 16-bit length and the request, then the reply.  The
 * data of an accepted reply is copied as apply_reply() copies it, into
 * buffers of exactly the regions' lengths.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "fuzz.h"

#define CALLS	6

static struct mosix_region planned[CALLS][MOSIX_REGIONS_MAX];
static int nplanned[CALLS];
static char buf1[100], buf2[60];
static struct iovec iov[2] = { { buf1, sizeof(buf1) }, { buf2, sizeof(buf2) } };
static struct stat st;
static int optval, optlen = sizeof(optval);
static u8 scratch[1 << 16];

static void plan(int i, u32 nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	const u64 args[6] = { a0, a1, a2, a3, a4 };

	MUST(msg_request(scratch, sizeof(scratch), nr, args, planned[i],
			 &nplanned[i]));
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	plan(0, SYS_read, 0, (uintptr_t)buf1, sizeof(buf1), 0, 0);
	plan(1, SYS_readv, 0, (uintptr_t)iov, 2, 0, 0);
	plan(2, SYS_fstat, 0, (uintptr_t)&st, 0, 0, 0);
	plan(3, SYS_getsockopt, 3, SOL_SOCKET, SO_RCVBUF, (uintptr_t)&optval,
	     (uintptr_t)&optlen);
	plan(4, SYS_getpid, 0, 0, 0, 0, 0);
	plan(5, SYS_openat, -100, (uintptr_t)"/etc/hostname", O_RDONLY, 0, 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mosix_region fuzzed[MOSIX_REGIONS_MAX];
	static u32 in_off[MOSIX_REGIONS_MAX], in_len[MOSIX_REGIONS_MAX];
	u32 out_len[MOSIX_REGIONS_MAX], out_off[MOSIX_REGIONS_MAX];
	struct mosix_request rq = {
		.regions = fuzzed, .data_off = in_off, .data_len = in_len,
	};
	const struct mosix_region *regions;
	u64 left;
	int i, n;
	s64 ret;

	if (!size)
		return 0;
	if (data[0] < CALLS) {
		regions = planned[data[0]];
		n = nplanned[data[0]];
		data++;
		size--;
	} else {
		size_t req;

		if (size < 3)
			return 0;
		req = data[1] | data[2] << 8;
		if (size - 3 < req ||
		    mosix_decode_request(data + 3, req, &rq) != MOSIX_DEC_OK)
			return 0;
		regions = fuzzed;
		n = rq.nr_regions;
		data += 3 + req;
		size -= 3 + req;
	}
	if (mosix_decode_reply(data, size, regions, n, &ret, out_len,
			       out_off) != MOSIX_DEC_OK)
		return 0;
	MUST(ret >= -MOSIX_ERRNO_MAX);
	left = ret > 0 ? ret : 0;
	for (i = 0; i < n; i++) {
		u8 *to;

		if (!(regions[i].dir & MOSIX_REGION_OUT)) {
			MUST(!out_len[i]);
			continue;
		}
		if (regions[i].dir == MOSIX_REGION_OUT) {
			MUST(out_len[i] <= left);
			left -= out_len[i];
		}
		MUST(out_off[i] <= size && out_len[i] <= size - out_off[i]);
		to = malloc(regions[i].len);
		MUST(to);
		memcpy(to, data + out_off[i], out_len[i]);
		free(to);
	}
	return 0;
}
