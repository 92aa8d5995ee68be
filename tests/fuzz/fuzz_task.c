// SPDX-License-Identifier: GPL-2.0
/* Fuzz target: the TASK chunk of the migration stream. */
#include <string.h>
#include "fuzz.h"

#define TS	TEST_TASK_SIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct mosix_chunk_task *t = (const void *)data;
	int i;

	if (mosix_check_task(data, size, TS) != MOSIX_DEC_OK)
		return 0;
	/* What the restore code then uses without another look */
	MUST(size == sizeof(*t));
	MUST(le64_to_cpu(t->regs[MOSIX_REG_IP]) < TS);
	MUST(le64_to_cpu(t->fsbase) < TS && le64_to_cpu(t->gsbase) < TS);
	for (i = 0; i < MOSIX_NR_MM; i++)
		MUST(le64_to_cpu(t->mm[i]) < TS);
	MUST(le64_to_cpu(t->mm[MOSIX_MM_VDSO]) % 4096 == 0);
	for (i = 0; i < MOSIX_NR_RLIMITS; i++)
		MUST(le64_to_cpu(t->attrs.rlim_cur[i]) <= le64_to_cpu(t->attrs.rlim_max[i]));
	for (i = 0; i < MOSIX_NR_SIGNALS; i++)
		MUST(le64_to_cpu(t->action[i].handler) < TS &&
		     le64_to_cpu(t->action[i].restorer) < TS);
	MUST(!le64_to_cpu(t->altstack_size) ||
	     le64_to_cpu(t->altstack_sp) + le64_to_cpu(t->altstack_size) <= TS);
	MUST(le64_to_cpu(t->rseq) + MOSIX_RSEQ_SIZE <= TS);
	MUST((le32_to_cpu(t->personality) & MOSIX_PER_MASK) == 0);
	MUST(memchr(t->comm, 0, sizeof(t->comm)));
	return 0;
}
