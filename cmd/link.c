// SPDX-License-Identifier: GPL-2.0-only
/* link.c: placeholder until the link object lands. */
#include "linkctl.h"
#include "link_handover.h"

const struct cmd link_verbs[] = {
	{ "recv",  do_link_recv,  link_recv_args,  "receive a link over a unix socket and own it" },
	{ "send",  do_link_send,  link_send_args,  "hand a link to a receiver on a unix socket" },
	{ "adopt", do_link_adopt, link_adopt_args, "take over a pinned link: re-pin, exec or hold it" },
	{ "wait",  do_link_wait,  link_wait_args,  "wait until a link is gone or detached" },
	{ 0 }
};
