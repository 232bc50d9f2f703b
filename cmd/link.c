// SPDX-License-Identifier: GPL-2.0-only
/* link.c: the link object's verb table, each verb's keyword grammar, and the LINK argument. */
#include "link.h"
#include "link_handover.h"
#include "../lib/objfd.h"

int link_open_arg(const struct link_ref *ref, struct lc_err *err)
{
	if (ref->pinned)
		return lc_obj_get_kind(ref->pinned, LC_OBJ_LINK, err);
	return lc_link_fd_by_id(ref->id.val, err);
}

static const struct arg_spec link_list_args[] = {
	ROW_STR(struct link_list_opts, "type", type, "TYPE", VAL_NONE, 0, 0),
	ROW_STR(struct link_list_opts, "dev", dev, "IFNAME", VAL_IFNAME, 0, 0),
	ROW_U32(struct link_list_opts, "prog", prog, "ID", VAL_PROG_ID, ARG_ID_WORD, 0),
	ROW_FLAG_PATH(struct link_list_opts, "pinned", pinned, "PATH", VAL_PIN, 0, 0),
	ROW_U32(struct link_list_opts, "owner", owner, "PID", VAL_PID, 0, 0),
	{ 0 }
};

static const struct arg_spec link_show_args[] = {
	ROW_U32(struct link_list_opts, "id", ref.id, "ID", VAL_LINK_ID, 0, 1),
	ROW_STR(struct link_list_opts, "pinned", ref.pinned, "PATH", VAL_PIN, 0, 1),
	ROW_STR(struct link_list_opts, "type", type, "TYPE", VAL_NONE, 0, 0),
	ROW_STR(struct link_list_opts, "dev", dev, "IFNAME", VAL_IFNAME, 0, 0),
	ROW_U32(struct link_list_opts, "prog", prog, "ID", VAL_PROG_ID, ARG_ID_WORD, 0),
	ROW_U32(struct link_list_opts, "owner", owner, "PID", VAL_PID, 0, 0),
	{ 0 }
};

static const struct arg_spec link_pin_args[] = {
	ROW_U32(struct link_pin_opts, "id", ref.id, "ID", VAL_LINK_ID, ARG_REQUIRED, 1),
	ROW_STR(struct link_pin_opts, "pinned", ref.pinned, "PATH", VAL_PIN, ARG_REQUIRED, 1),
	ROW_POS(struct link_pin_opts, "PATH", path, VAL_PIN, ARG_REQUIRED),
	{ 0 }
};

static const struct arg_spec link_unpin_args[] = {
	ROW_POS(struct link_unpin_opts, "PATH", path, VAL_PIN, ARG_REQUIRED),
	{ 0 }
};

static const struct arg_spec link_detach_args[] = {
	ROW_U32(struct link_detach_opts, "id", ref.id, "ID", VAL_LINK_ID, ARG_REQUIRED, 1),
	ROW_STR(struct link_detach_opts, "pinned", ref.pinned, "PATH", VAL_PIN, ARG_REQUIRED, 1),
	{ 0 }
};

static const struct arg_spec link_update_args[] = {
	ROW_U32(struct link_update_opts, "id", ref.id, "ID", VAL_LINK_ID, ARG_REQUIRED, 1),
	ROW_STR(struct link_update_opts, "pinned", ref.pinned, "PATH", VAL_PIN, ARG_REQUIRED, 1),
	ROW_PROG(struct link_update_opts, "prog", prog, ARG_REQUIRED, 0),
	ROW_U32(struct link_update_opts, "old-prog", old_prog, "ID", VAL_PROG_ID, 0, 0),
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
