/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSIX_SEAL_H
#define _MOSIX_SEAL_H

#include <linux/types.h>
#include "messages.h"

struct mosix_seal;

/* The key of an encrypted connection (auth.c derives it). */
#define MOSIX_SEAL_KEY_LEN	32
/* What ends each record: its Poly1305 tag. */
#define MOSIX_SEAL_TAG_LEN	16
/*
 * A record's buffer: the chunk's header (the record's associated data),
 * its payload, its tag.
 */
#define MOSIX_SEAL_BUF		16384
/* The payload of one record, at most. */
#define MOSIX_SEAL_DATA_MAX	(MOSIX_SEAL_BUF - sizeof(struct mosix_chunk) - \
				 MOSIX_SEAL_TAG_LEN)

struct mosix_seal *mosix_seal_new(const u8 key[MOSIX_SEAL_KEY_LEN],
				  bool connecting);
void mosix_seal_free(struct mosix_seal *s);
u8 *mosix_seal_tx_buf(struct mosix_seal *s);
int mosix_seal_tx(struct mosix_seal *s, const struct mosix_chunk *hdr,
		  size_t len);
u8 *mosix_seal_rx_buf(struct mosix_seal *s);
int mosix_seal_rx(struct mosix_seal *s, const struct mosix_chunk *hdr,
		  size_t len);

#endif /* _MOSIX_SEAL_H */
