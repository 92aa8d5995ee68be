// SPDX-License-Identifier: GPL-2.0
/*
 * Events: one message to the "events" multicast group of the "mosix"
 * family for each change of a node or of a process's place, as
 * include/uapi/linux/mosix.h specifies them (enum mosix_event).
 *
 * netlink.c registers the family and hands it here, so that the files
 * that notice what happens call down to this one and need not know
 * about netlink.  Sending an event never fails its caller: one that
 * nobody listens to is not built, one that cannot be built or sent is
 * dropped, and listeners that fall behind learn it from their socket.
 */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <uapi/linux/mosix.h>
#include "event.h"

/* Set once the family is registered; read from any context. */
static const struct genl_family *family;

void mosix_event_init(const struct genl_family *registered)
{
	WRITE_ONCE(family, registered);
}

/* A new message of @event with room for @size bytes of attributes. */
static struct sk_buff *event_new(u8 event, size_t size, void **hdr,
				 gfp_t gfp)
{
	const struct genl_family *f = READ_ONCE(family);
	struct sk_buff *skb;

	if (!f || !genl_has_listeners(f, &init_net, MOSIX_EVENT_MCGRP))
		return NULL;
	skb = genlmsg_new(size, gfp);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, f, 0, event);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/* Send the message if @err is 0, else drop it. */
static void event_send(struct sk_buff *skb, void *hdr, int err, gfp_t gfp)
{
	if (err) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(READ_ONCE(family), skb, 0, MOSIX_EVENT_MCGRP, gfp);
}

static size_t node_size(void)
{
	return nla_total_size(0) + 2 * nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u8));
}

static size_t proc_size(void)
{
	return nla_total_size(0) + nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u8));
}

static int put_proc(struct sk_buff *skb, pid_t pid, const u8 *state)
{
	struct nlattr *nest = nla_nest_start(skb, MOSIX_A_PROC);

	if (!nest || nla_put_u32(skb, MOSIX_PROC_A_PID, pid) ||
	    (state && nla_put_u8(skb, MOSIX_PROC_A_STATE, *state)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void mosix_event_node(u8 event, u32 id, __be32 addr, u8 state, gfp_t gfp)
{
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;
	int err = -EMSGSIZE;

	skb = event_new(event, node_size(), &hdr, gfp);
	if (!skb)
		return;
	nest = nla_nest_start(skb, MOSIX_A_NODE);
	if (nest && !nla_put_u32(skb, MOSIX_NODE_A_ID, id) &&
	    !nla_put_be32(skb, MOSIX_NODE_A_ADDR, addr) &&
	    !nla_put_u8(skb, MOSIX_NODE_A_STATE, state)) {
		nla_nest_end(skb, nest);
		err = 0;
	}
	event_send(skb, hdr, err, gfp);
}

/* A process event: where it ran and where it runs or was to run. */
static void proc_event(u8 event, pid_t pid, u32 from, u32 to, int error,
		       const char *reason)
{
	size_t size = proc_size() + 3 * nla_total_size(sizeof(u32));
	struct sk_buff *skb;
	void *hdr;
	int err;

	might_sleep();
	if (reason)
		size += nla_total_size(strlen(reason) + 1);
	skb = event_new(event, size, &hdr, GFP_KERNEL);
	if (!skb)
		return;
	err = put_proc(skb, pid, NULL);
	if (!err && (nla_put_u32(skb, MOSIX_A_FROM_NODE, from) ||
		     nla_put_u32(skb, MOSIX_A_TO_NODE, to) ||
		     (error && nla_put_u32(skb, MOSIX_A_ERROR, -error)) ||
		     (reason && nla_put_string(skb, MOSIX_A_REASON, reason))))
		err = -EMSGSIZE;
	event_send(skb, hdr, err, GFP_KERNEL);
}

void mosix_event_proc_moved(pid_t pid, u32 from, u32 to)
{
	proc_event(MOSIX_EVENT_PROC_MOVED, pid, from, to, 0, NULL);
}

void mosix_event_proc_returned(pid_t pid, u32 from, u32 to)
{
	proc_event(MOSIX_EVENT_PROC_RETURNED, pid, from, to, 0, NULL);
}

void mosix_event_proc_refused(pid_t pid, u32 from, u32 to, int err,
			      const char *reason)
{
	if (WARN_ON_ONCE(err >= 0))
		err = -EIO;
	proc_event(MOSIX_EVENT_PROC_REFUSED, pid, from, to, err, reason);
}

void mosix_event_balancer_move(pid_t pid, bool guest, u32 to, u8 cause,
			       u32 from_load, u32 to_load)
{
	u8 state = guest ? MOSIX_PROC_GUEST : MOSIX_PROC_HOME;
	struct sk_buff *skb;
	void *hdr;
	int err;

	might_sleep();
	skb = event_new(MOSIX_EVENT_BALANCER_MOVE,
			proc_size() + 3 * nla_total_size(sizeof(u32)) +
			nla_total_size(sizeof(u8)), &hdr, GFP_KERNEL);
	if (!skb)
		return;
	err = put_proc(skb, pid, &state);
	if (!err && (nla_put_u32(skb, MOSIX_A_TO_NODE, to) ||
		     nla_put_u8(skb, MOSIX_A_CAUSE, cause) ||
		     nla_put_u32(skb, MOSIX_A_FROM_LOAD, from_load) ||
		     nla_put_u32(skb, MOSIX_A_TO_LOAD, to_load)))
		err = -EMSGSIZE;
	event_send(skb, hdr, err, GFP_KERNEL);
}
