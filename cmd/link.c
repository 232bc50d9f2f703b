// SPDX-License-Identifier: GPL-2.0-only
/* link.c: the link object's verb table, each verb's keyword grammar, and the LINK argument. */
#include "link.h"
#include "link_handover.h"
#include "../lib/objfd.h"

int link_open_arg(const struct args *a, struct lc_err *err)
{
	if (args_has(a, "pinned"))
		return lc_obj_get_kind(args_str(a, "pinned"), LC_OBJ_LINK, err);
	return lc_link_fd_by_id((__u32)args_num(a, "id"), err);
}

static const struct arg_spec link_list_args[] = {
	{ "type", ARG_STR, "TYPE" },
	{ "dev", ARG_STR, "IFNAME" },
	{ "prog", ARG_UINT, "ID", ARG_ID_WORD },
	{ "pinned", ARG_FLAG, "PATH", ARG_OPT_PATH },
	{ "owner", ARG_UINT, "PID" },
	{ 0 }
};

static const struct arg_spec link_show_args[] = {
	{ "id", ARG_UINT, "ID", 0, 1 },
	{ "pinned", ARG_STR, "PATH", 0, 1 },
	{ "type", ARG_STR, "TYPE" },
	{ "dev", ARG_STR, "IFNAME" },
	{ "prog", ARG_UINT, "ID", ARG_ID_WORD },
	{ "owner", ARG_UINT, "PID" },
	{ 0 }
};

static const struct arg_spec link_pin_args[] = {
	{ "id", ARG_UINT, "ID", ARG_REQUIRED, 1 },
	{ "pinned", ARG_STR, "PATH", ARG_REQUIRED, 1 },
	{ "PATH", ARG_POS, NULL, ARG_REQUIRED },
	{ 0 }
};

static const struct arg_spec link_unpin_args[] = {
	{ "PATH", ARG_POS, NULL, ARG_REQUIRED },
	{ 0 }
};

static const struct arg_spec link_detach_args[] = {
	{ "id", ARG_UINT, "ID", ARG_REQUIRED, 1 },
	{ "pinned", ARG_STR, "PATH", ARG_REQUIRED, 1 },
	{ 0 }
};

static const struct arg_spec link_update_args[] = {
	{ "id", ARG_UINT, "ID", ARG_REQUIRED, 1 },
	{ "pinned", ARG_STR, "PATH", ARG_REQUIRED, 1 },
	{ "prog", ARG_PROG, NULL, ARG_REQUIRED },
	{ "old-prog", ARG_UINT, "ID" },
	{ 0 }
};

const struct cmd link_verbs[] = {
	{ "list", do_link_list, link_list_args, "list every bpf_link (filters combine)",
	  .all_netns = true },
	{ "show", do_link_show, link_show_args, "show one link (all without id/pinned)",
	  .all_netns = true },
	{ "pin", do_link_pin, link_pin_args, "pin a link at PATH on a bpffs" },
	{ "unpin", do_link_unpin, link_unpin_args, "remove a link pin; say if the link lives on" },
	{ "detach", do_link_detach, link_detach_args, "detach a link; holders keep a defunct fd" },
	{ "update", do_link_update, link_update_args, "replace a link's program" },
	{ "recv",  do_link_recv,  link_recv_args,  "receive a link over a unix socket and own it" },
	{ "send",  do_link_send,  link_send_args,  "hand a link to a receiver on a unix socket" },
	{ "adopt", do_link_adopt, link_adopt_args, "take over a pinned link: re-pin, exec or hold it" },
	{ "wait",  do_link_wait,  link_wait_args,  "wait until a link is gone or detached" },
	{ 0 }
};
