// SPDX-License-Identifier: GPL-2.0-only
/* print_netns.c: one way to print the namespace a link, a device or a finding belongs to. */
#include "print_netns.h"

void print_netns_text(struct out *o, const struct lc_netns *ns)
{
	char label[PATH_MAX + 40];

	lc_netns_label(ns, label, sizeof(label));
	out_text_name(o, "netns %s", label);    /* a comm or a name may hold control bytes */
}

/* "fd_holder": {"pid", "comm", "fd"} when only an fd keeps the namespace, else null. */
static void print_fd_holder(struct out *o, const struct lc_netns *ns)
{
	if (!ns->fd_pid) {
		out_null(o, "fd_holder", NULL);
		return;
	}
	out_open_object(o, "fd_holder");
	out_json_i64(o, "pid", ns->fd_pid);
	out_json_str(o, "comm", ns->fd_comm);
	out_json_i64(o, "fd", ns->fd_num);
	out_close_object(o);
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
	if (ns->mount)
		out_json_str(o, "mount", ns->mount);
	else
		out_null(o, "mount", NULL);
	print_fd_holder(o, ns);
	out_close_object(o);
}

void print_netns_ref(struct out *o, unsigned long long ino, const struct lc_netns *ns, bool text)
{
	struct lc_netns bare = { .ino = ino };

	if (!ino) {
		out_null(o, "netns", NULL);
		return;
	}
	if (text && ns) {
		out_text(o, "  ");
		print_netns_text(o, ns);
	} else if (text) {  /* held by neither a name nor a process we can read */
		out_text(o, "  netns ino %llu", ino);
	}
	print_netns_obj(o, "netns", ns ? ns : &bare);
}
