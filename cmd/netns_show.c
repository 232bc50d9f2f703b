// SPDX-License-Identifier: GPL-2.0-only
/* netns_show.c: one way to print the namespace a device or a finding belongs to. */
#include "netns_show.h"

void print_netns_text(struct out *o, const struct lc_netns *ns)
{
	char label[NAME_MAX + 40];

	lc_netns_label(ns, label, sizeof(label));
	out_text(o, "netns %s", label);
}

void print_netns_obj(struct out *o, const char *key, const struct lc_netns *ns)
{
	out_open_object(o, key);
	out_json_u64(o, "ino", ns->ino);
	if (ns->name[0])
		out_json_str(o, "name", ns->name);
	else
		out_null(o, "name", NULL);
	if (ns->pid) {
		out_json_i64(o, "pid", ns->pid);
		out_json_str(o, "comm", ns->comm);
	} else {
		out_null(o, "pid", NULL);
		out_null(o, "comm", NULL);
	}
	out_close_object(o);
}
