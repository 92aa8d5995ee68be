// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the small messages of a migration connection.  The first
 * byte chooses the decoder (HELLO, SIGNAL, EXIT, ACCEPT, the FPU chunk's
 * XSAVE image, SIGCHLD, MOVE, REATTACH, MOVE_ASK, PIN, ATTRS, HOME_FAIL or
 * SIGMASK), the rest
 * is the payload.
 */
#include <linux/mosix.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mosix_hello_info hello;
	struct mosix_signal_info sig;
	const u8 *p = data + 1;
	size_t len = size - 1;
	struct mosix_exit_info ex;
	bool pinned;
	int status;
	struct mosix_reattach_info ri;
	u8 token[MOSIX_TOKEN_LEN];
	u32 how, node, why;
	u64 blocked, ignored;
	int i;

	if (!size)
		return 0;
	switch (data[0] % 13) {
	case 0:
		if (mosix_decode_hello(p, len, &hello) == MOSIX_DEC_OK)
			MUST(len == sizeof(struct mosix_chunk_hello) &&
			     hello.home_node >= 1 &&
			     hello.home_node <= MOSIX_NODE_ID_MAX &&
			     hello.home_pid >= 1 && hello.nr_migrations &&
			     hello.xstate_size >= MOSIX_XSAVE_MIN &&
			     hello.xstate_size <= MOSIX_CHUNK_MAX);
		break;
	case 1:
		if (mosix_decode_signal(p, len, &sig) == MOSIX_DEC_OK)
			MUST(len == sizeof(struct mosix_chunk_signal) &&
			     sig.signo >= 1 && sig.signo <= 64 &&
			     sig.signo != MOSIX_SIGKILL &&
			     sig.error >= -MOSIX_ERRNO_MAX &&
			     sig.error <= MOSIX_ERRNO_MAX);
		break;
	case 2:
		if (mosix_decode_exit(p, len, &ex) == MOSIX_DEC_OK)
			MUST(len == sizeof(struct mosix_chunk_exit) &&
			     ex.code <= 0xffff &&
			     !(ex.flags & ~MOSIX_EXIT_OOM) &&
			     ex.utime_ns <= MOSIX_CPUTIME_MAX &&
			     ex.stime_ns <= MOSIX_CPUTIME_MAX &&
			     ex.run_ns <= MOSIX_CPUTIME_MAX);
		break;
	case 3:
		if (mosix_decode_accept(p, len, &status) == MOSIX_DEC_OK)
			MUST(len == 4 && status <= 0 &&
			     status >= -MOSIX_ERRNO_MAX);
		break;
	case 4:
		if (mosix_check_xstate(p, len, TEST_XFEATURES) == MOSIX_DEC_OK)
			MUST(len >= MOSIX_XSAVE_MIN && !(p[26] | p[27]));
		break;
	case 5:
		if (mosix_decode_sigchld(p, len, &how) == MOSIX_DEC_OK)
			MUST(len == sizeof(struct mosix_chunk_sigchld) &&
			     !(how & ~MOSIX_SIGCHLD_ALL));
		break;
	case 6:
		if (mosix_decode_move(p, len, &node, token) == MOSIX_DEC_OK)
			MUST(len == sizeof(struct mosix_chunk_move) &&
			     node >= 1 && node <= MOSIX_NODE_ID_MAX);
		break;
	case 7:
		if (mosix_decode_reattach(p, len, &ri) == MOSIX_DEC_OK)
			MUST(len == sizeof(struct mosix_chunk_reattach) &&
			     ri.home_pid >= 1 && ri.status <= 0 &&
			     ri.status >= -MOSIX_ERRNO_MAX);
		break;
	case 8:
		if (mosix_decode_move_ask(p, len, &node) == MOSIX_DEC_OK)
			MUST(len == 4 && node >= 1 && node <= MOSIX_NODE_ID_MAX);
		break;
	case 9:
		if (mosix_decode_pin(p, len, &pinned) == MOSIX_DEC_OK)
			MUST(len == 4 && p[0] == pinned && !(p[1] | p[2] | p[3]));
		break;
	case 10:
		if (mosix_check_attrs(p, len) == MOSIX_DEC_OK) {
			const struct mosix_wire_attrs *a = (const void *)p;
			s32 nice = (s32)le32_to_cpu(a->nice);
			u32 policy = le32_to_cpu(a->policy);

			MUST(len == sizeof(*a) && nice >= -20 && nice <= 19 &&
			     (policy == 0 || policy == 3 || policy == 5));
			for (i = 0; i < MOSIX_NR_RLIMITS; i++)
				MUST(le64_to_cpu(a->rlim_cur[i]) <=
				     le64_to_cpu(a->rlim_max[i]));
		}
		break;
	case 11:
		if (mosix_decode_home_fail(p, len, &status, &why) == MOSIX_DEC_OK)
			MUST(len == sizeof(struct mosix_chunk_home_fail) &&
			     status < 0 && status >= -MOSIX_ERRNO_MAX &&
			     why < MOSIX_WHY_COUNT);
		break;
	case 12:
		if (mosix_decode_sigmask(p, len, &blocked, &ignored) ==
		    MOSIX_DEC_OK)
			MUST(len == sizeof(struct mosix_chunk_sigmask) &&
			     !(blocked & (1ULL << (MOSIX_SIGKILL - 1))) &&
			     !(blocked & (1ULL << (MOSIX_SIGSTOP - 1))) &&
			     !(ignored & (1ULL << (MOSIX_SIGCHLD - 1))));
		break;
	}
	return 0;
}
