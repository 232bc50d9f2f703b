// SPDX-License-Identifier: GPL-2.0-only
/* print_xdp_dispatcher.c: print libxdp's dispatcher of an XDP hook: its slots, their programs and owners. */
#include <stdio.h>

#include "print_xdp_dispatcher.h"
#include "../lib/libxdp_dispatcher.h"

static const char *const xdp_actions[] = { "aborted", "drop", "pass", "tx", "redirect" };

/* The actions that go on to the next slot; bit 31 (libxdp's "empty slot" value) is left out. */
static void print_actions(struct out *o, __u32 actions)
{
	bool first = true;

	out_open_array(o, "chain_call_actions");
	out_text(o, " chain");
	for (unsigned int a = 0; a < sizeof(xdp_actions) / sizeof(xdp_actions[0]); a++) {
		if (!(actions & (1u << a)))
			continue;
		out_str(o, NULL, first ? " %s" : ",%s", xdp_actions[a]);
		first = false;
	}
	if (first)
		out_text(o, " none");
	out_close_array(o);
}

static void print_slot(struct out *o, struct obj_scan *scan, const struct lc_xdp_dispatcher *d,
		       const struct lc_xdp_component *c)
{
	out_open_object(o, NULL);
	out_u32(o, "slot", "\n\tslot %u", c->slot);
	if (d->config_read) {
		out_u32(o, "run_prio", " prio %u", c->run_prio);
		print_actions(o, c->chain_call_actions);
	}
	if (!c->prog_id) {
		out_null(o, "prog_id", "  no program linked");
		out_null(o, "link_id", NULL);
		out_close_object(o);
		return;
	}
	print_prog_ref(o, scan, c->prog_id);
	out_u32(o, "link_id", "  freplace link %u", c->link_id);
	print_pins(o, scan, c->link_id);
	print_owners(o, scan, c->link_id);
	out_close_object(o);
}

void print_xdp_dispatcher(struct lc_ctx *ctx, struct obj_scan *scan, __u32 ifindex, __u32 prog_id)
{
	const struct lc_prog *p = lc_prog_cache_get(&scan->progs, prog_id);
	struct obj_scan own = { .kind = LC_OBJ_LINK };
	struct lc_xdp_dispatcher d;
	struct lc_err ignored;
	struct out *o = &ctx->out;

	if (!p || !lc_xdp_dispatcher_name(p->name) ||
	    lc_xdp_dispatcher_read(prog_id, ifindex, &d, &ignored) != 1)
		return;
	/* the component links' pins and holders, when the hook's scan did not look */
	if (!scan->resolved && d.n_linked && !obj_scan_open(ctx, LC_OBJ_LINK, &own))
		scan = &own;
	out_open_object(o, "dispatcher");
	out_u32(o, "version", "\n\tlibxdp dispatcher version %u", d.version);
	out_u32(o, "num_progs_enabled", ", %u programs enabled", d.num_progs_enabled);
	if (d.pin_dir[0])
		out_str(o, "pin_dir", ", pins in %s", d.pin_dir);
	else
		out_null(o, "pin_dir", NULL);
	out_open_array(o, "components");
	for (__u32 i = 0; i < d.n_slots; i++)
		print_slot(o, scan, &d, &d.slots[i]);
	out_close_array(o);
	out_close_object(o);
	obj_scan_close(&own);
}

void format_xdp_dispatcher(__u32 ifindex, __u32 prog_id, char *buf, size_t len)
{
	struct lc_xdp_dispatcher d;
	struct lc_err ignored;
	char slots[LC_ERR_MSG_MAX / 2];

	buf[0] = '\0';
	if (lc_xdp_dispatcher_read(prog_id, ifindex, &d, &ignored) != 1)
		return;
	lc_xdp_dispatcher_describe(&d, slots, sizeof(slots));
	snprintf(buf, len, "; a libxdp dispatcher with %s", slots);
}
