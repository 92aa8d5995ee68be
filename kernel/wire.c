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

static void encode_info(struct mosix_wire_load *w,
			const struct mosix_load_info *info)
{
	w->load = cpu_to_le32(info->load);
	w->speed = cpu_to_le32(info->speed);
	w->cpus = cpu_to_le32(info->cpus);
	w->flags = cpu_to_le32(info->flags);
	w->mem_free = cpu_to_le64(info->mem_free);
	w->mem_total = cpu_to_le64(info->mem_total);
	w->guests = cpu_to_le32(info->guests);
	w->away = cpu_to_le32(info->away);
}

static void encode_entry(struct mosix_wire_gossip *w,
			 const struct mosix_gossip_entry *e)
{
	memset(w, 0, sizeof(*w));
	w->node = cpu_to_le32(e->info.sender);
	w->age_ms = cpu_to_le32(e->age_ms);
	w->epoch = cpu_to_le32(e->info.epoch);
	w->seq = cpu_to_le64(e->info.seq);
	encode_info(&w->info, &e->info);
}

size_t mosix_wire_load_size(unsigned int entries)
{
	return sizeof(struct mosix_msg_load) +
	       entries * sizeof(struct mosix_wire_gossip);
}

size_t mosix_wire_encode_load(void *buf, size_t size,
			      const struct mosix_load_info *info,
			      const struct mosix_gossip_entry *entries,
			      unsigned int n)
{
	struct mosix_wire_gossip w;
	struct mosix_msg_load m;
	size_t len = mosix_wire_load_size(n);
	unsigned int i;

	if (n > MOSIX_GOSSIP_ENTRIES_MAX || size < len)
		return 0;
	memset(&m, 0, sizeof(m));
	encode_header(&m.header, MOSIX_MSG_LOAD, len, info->sender,
		      info->epoch, info->seq);
	encode_info(&m.info, info);
	m.entries = cpu_to_le32(n);
	m.cpu.features = cpu_to_le64(info->cpu_features);
	m.cpu.vdso = cpu_to_le32(info->vdso);
	memcpy(buf, &m, sizeof(m));
	for (i = 0; i < n; i++) {
		encode_entry(&w, &entries[i]);
		memcpy((u8 *)buf + mosix_wire_load_size(i), &w, sizeof(w));
	}
	return len;
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

/* The limits every load information must keep, direct or gossiped. */
static bool info_valid(const struct mosix_load_info *info)
{
	return info->load <= MOSIX_LOAD_MAX &&
	       info->speed >= 1 && info->speed <= MOSIX_SPEED_MAX &&
	       info->cpus >= 1 && info->cpus <= MOSIX_CPUS_MAX &&
	       !(info->flags & ~MOSIX_LOAD_FLAGS) &&
	       info->mem_total != 0 && info->mem_free <= info->mem_total &&
	       info->guests <= MOSIX_PROCS_MAX &&
	       info->away <= MOSIX_PROCS_MAX;
}

static void decode_info(const struct mosix_wire_load *w,
			struct mosix_load_info *info)
{
	info->load = le32_to_cpu(w->load);
	info->speed = le32_to_cpu(w->speed);
	info->cpus = le32_to_cpu(w->cpus);
	info->flags = le32_to_cpu(w->flags);
	info->mem_free = le64_to_cpu(w->mem_free);
	info->mem_total = le64_to_cpu(w->mem_total);
	info->guests = le32_to_cpu(w->guests);
	info->away = le32_to_cpu(w->away);
}

static bool decode_entry(const struct mosix_wire_gossip *w,
			 struct mosix_gossip_entry *e)
{
	struct mosix_load_info *info = &e->info;

	e->age_ms = le32_to_cpu(w->age_ms);
	info->sender = le32_to_cpu(w->node);
	info->epoch = le32_to_cpu(w->epoch);
	info->seq = le64_to_cpu(w->seq);
	decode_info(&w->info, info);
	info->cpu_features = 0;
	info->vdso = 0;
	return w->reserved == 0 &&
	       info->sender >= 1 && info->sender <= MOSIX_NODE_ID_MAX &&
	       e->age_ms <= MOSIX_GOSSIP_AGE_MAX && info_valid(info);
}

/*
 * Entries about the sender itself, or two about one node, are lies: the
 * sender's own information is in the message's head.
 */
static bool entries_distinct(const struct mosix_gossip_entry *e,
			     unsigned int n, u32 sender)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		if (e[i].info.sender == sender)
			return false;
		for (j = 0; j < i; j++)
			if (e[i].info.sender == e[j].info.sender)
				return false;
	}
	return true;
}

enum mosix_wire_result mosix_wire_decode_load(const void *buf, size_t len,
					      struct mosix_load_info *info,
					      struct mosix_gossip_entry *entries,
					      unsigned int *n)
{
	struct mosix_wire_gossip w;
	struct mosix_msg_load m;
	enum mosix_wire_result res;
	unsigned int i, count;

	*n = 0;
	if (len < sizeof(m.header))
		return MOSIX_WIRE_SHORT;
	memcpy(&m.header, buf, sizeof(m.header));
	res = check_header(&m.header, len, MOSIX_MSG_LOAD);
	if (res != MOSIX_WIRE_OK)
		return res;
	if (len < sizeof(m))
		return MOSIX_WIRE_BAD_LENGTH;
	memcpy(&m, buf, sizeof(m));
	count = le32_to_cpu(m.entries);
	if (count > MOSIX_GOSSIP_ENTRIES_MAX || m.reserved)
		return MOSIX_WIRE_BAD_FIELD;
	if (len != mosix_wire_load_size(count))
		return MOSIX_WIRE_BAD_LENGTH;

	info->sender = le32_to_cpu(m.header.sender);
	info->epoch = le32_to_cpu(m.header.epoch);
	info->seq = le64_to_cpu(m.header.seq);
	decode_info(&m.info, info);
	if (!info_valid(info))
		return MOSIX_WIRE_BAD_FIELD;
	info->cpu_features = le64_to_cpu(m.cpu.features);
	info->vdso = le32_to_cpu(m.cpu.vdso);
	if ((info->cpu_features & ~MOSIX_CPU_ALL) || !info->vdso ||
	    m.cpu.reserved)
		return MOSIX_WIRE_BAD_FIELD;

	for (i = 0; i < count; i++) {
		memcpy(&w, (const u8 *)buf + mosix_wire_load_size(i), sizeof(w));
		if (!decode_entry(&w, &entries[i]))
			return MOSIX_WIRE_BAD_FIELD;
	}
	if (!entries_distinct(entries, count, info->sender))
		return MOSIX_WIRE_BAD_FIELD;
	*n = count;
	return MOSIX_WIRE_OK;
}
