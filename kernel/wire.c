// SPDX-License-Identifier: GPL-2.0
/*
 * Encoding and validation of the messages in messages.h.  Pure code: it
 * is also built into the userspace unit tests and fuzzers.
 */
#include <linux/mosix.h>
#include "messages.h"
#include "wire.h"

static void encode_header(struct mosix_msg_header *h, u8 type, u16 length,
			  u32 sender, u32 epoch, u64 seq)
{
	h->magic = cpu_to_le32(MOSIX_MSG_MAGIC);
	h->version = MOSIX_PROTO_VERSION;
	h->type = type;
	h->length = cpu_to_le16(length);
	h->sender = cpu_to_le32(sender);
	h->epoch = cpu_to_le32(epoch);
	h->seq = cpu_to_le64(seq);
}

size_t mosix_wire_encode_load(void *buf, size_t size,
			      const struct mosix_load_info *info)
{
	struct mosix_msg_load m;

	if (size < sizeof(m))
		return 0;
	memset(&m, 0, sizeof(m));
	encode_header(&m.header, MOSIX_MSG_LOAD, sizeof(m), info->sender,
		      info->epoch, info->seq);
	m.load = cpu_to_le32(info->load);
	m.speed = cpu_to_le32(info->speed);
	m.cpus = cpu_to_le32(info->cpus);
	m.flags = cpu_to_le32(info->flags);
	m.mem_free = cpu_to_le64(info->mem_free);
	m.mem_total = cpu_to_le64(info->mem_total);
	m.guests = cpu_to_le32(info->guests);
	m.away = cpu_to_le32(info->away);
	memcpy(buf, &m, sizeof(m));
	return sizeof(m);
}

static enum mosix_wire_result check_header(const struct mosix_msg_header *h,
					   size_t len, u8 type)
{
	if (le32_to_cpu(h->magic) != MOSIX_MSG_MAGIC ||
	    h->version != MOSIX_PROTO_VERSION || h->type != type)
		return MOSIX_WIRE_BAD_HEADER;
	if (le16_to_cpu(h->length) != len)
		return MOSIX_WIRE_BAD_LENGTH;
	if (le32_to_cpu(h->sender) < 1 ||
	    le32_to_cpu(h->sender) > MOSIX_NODE_ID_MAX)
		return MOSIX_WIRE_BAD_FIELD;
	return MOSIX_WIRE_OK;
}

enum mosix_wire_result mosix_wire_decode_load(const void *buf, size_t len,
					      struct mosix_load_info *info)
{
	struct mosix_msg_load m;
	enum mosix_wire_result res;

	if (len < sizeof(m.header))
		return MOSIX_WIRE_SHORT;
	memcpy(&m.header, buf, sizeof(m.header));
	res = check_header(&m.header, len, MOSIX_MSG_LOAD);
	if (res != MOSIX_WIRE_OK)
		return res;
	if (len != sizeof(m))
		return MOSIX_WIRE_BAD_LENGTH;
	memcpy(&m, buf, sizeof(m));

	info->sender = le32_to_cpu(m.header.sender);
	info->epoch = le32_to_cpu(m.header.epoch);
	info->seq = le64_to_cpu(m.header.seq);
	info->load = le32_to_cpu(m.load);
	info->speed = le32_to_cpu(m.speed);
	info->cpus = le32_to_cpu(m.cpus);
	info->flags = le32_to_cpu(m.flags);
	info->mem_free = le64_to_cpu(m.mem_free);
	info->mem_total = le64_to_cpu(m.mem_total);
	info->guests = le32_to_cpu(m.guests);
	info->away = le32_to_cpu(m.away);

	if (info->load > MOSIX_LOAD_MAX ||
	    info->speed < 1 || info->speed > MOSIX_SPEED_MAX ||
	    info->cpus < 1 || info->cpus > MOSIX_CPUS_MAX ||
	    (info->flags & ~MOSIX_LOAD_FLAGS) ||
	    info->mem_total == 0 || info->mem_free > info->mem_total ||
	    info->guests > MOSIX_PROCS_MAX || info->away > MOSIX_PROCS_MAX)
		return MOSIX_WIRE_BAD_FIELD;
	return MOSIX_WIRE_OK;
}
