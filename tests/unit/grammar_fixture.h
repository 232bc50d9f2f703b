/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grammar_fixture.h: one attach-like verb grammar with a row of every kind (required,
 * PROGSPEC, choice, a group, a path, an optional path, a repeat, an ID, a rest), bound
 * to an options struct, for the parser and the completion tests alike.
 */
#ifndef LC_TEST_GRAMMAR_FIXTURE_H
#define LC_TEST_GRAMMAR_FIXTURE_H

#include "../../cmd/args.h"

/* Values far from the words' indexes: a choice stores its value, never its position. */
enum fx_via { FX_VIA_ANY, FX_VIA_LINK = 7, FX_VIA_NETLINK = 9 };

struct fx_attach_opts {
	const char *dev;
	struct lc_prog_spec prog;
	enum fx_via via;
	bool skb, drv;
	const char *pin;
	struct arg_flag_path pinned;
	struct arg_u32_list allow_uid;
	struct arg_u32 old_prog;
	struct arg_rest exec;
};

static const struct arg_choice fx_via_words[] = {
	{ "link", FX_VIA_LINK }, { "netlink", FX_VIA_NETLINK }, { 0 }
};

static const struct arg_spec fx_attach_args[] = {
	ROW_STR(struct fx_attach_opts, "dev", dev, "IFNAME", VAL_IFNAME, ARG_REQUIRED, 0),
	ROW_PROG(struct fx_attach_opts, "prog", prog, ARG_REQUIRED, 0),
	ROW_CHOICE(struct fx_attach_opts, "via", via, enum fx_via, fx_via_words, 0, 0),
	ROW_FLAG(struct fx_attach_opts, "skb", skb, 0, 1),
	ROW_FLAG(struct fx_attach_opts, "drv", drv, 0, 1),
	ROW_STR(struct fx_attach_opts, "pin", pin, "PATH", VAL_PIN, 0, 0),
	ROW_FLAG_PATH(struct fx_attach_opts, "pinned", pinned, "PATH", VAL_PIN, 0, 0),
	ROW_U32_LIST(struct fx_attach_opts, "allow-uid", allow_uid, "UID", VAL_NONE, 0, 0),
	ROW_U32(struct fx_attach_opts, "old-prog", old_prog, "ID", VAL_PROG_ID, 0, 0),
	ROW_REST(struct fx_attach_opts, "exec", exec, "CMD [ARGS...]", 0, 0),
	{ 0 }
};

#endif
