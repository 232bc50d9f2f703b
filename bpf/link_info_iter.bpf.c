// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_info_iter.bpf.c: every bpf_link in one pass (iter/bpf_link) with what `link list`
 * prints of it: the brief record (link_rec.h), the info of its type where the program can
 * read all of it, its program's name, tag and type, and its name (tracepoint, iterator
 * target). Its own program, apart from the brief one: the XDP verbs load that one often,
 * and every CO-RE relocation costs each load a lookup in the kernel's BTF.
 */
#include "link_rec.h"

char LICENSE[] SEC("license") = "GPL";

/* The name of the link being written (too big for the stack); one reader runs the program. */
char lc_name_buf[LC_LINK_ITER_NAME_MAX];

/* The attach type as the link's info reports it: bpf_link's own since 6.17, the type's before. */
static __u32 attach_type(struct bpf_link *link, __u32 type)
{
	if (bpf_core_field_exists(link->attach_type))
		return BPF_CORE_READ(link, attach_type);
	if (type == BPF_LINK_TYPE_NETNS && bpf_core_field_exists(struct bpf_netns_link, type))
		return BPF_CORE_READ((struct bpf_netns_link *)link, type);
	if (type == LC_BPF_LINK_TYPE_TCX && bpf_core_field_exists(struct tcx_link, location))
		return BPF_CORE_READ((struct tcx_link *)link, location);
	return 0;
}

/*
 * The info of the types whose every printed field the program can read; 0 for the others.
 * A cgroup link is left to BPF_OBJ_GET_INFO_BY_FD: its cgroup's ID is three more types
 * (bpf_cgroup_link, cgroup, kernfs_node) whose names share slots of the kernel's 31-slot
 * cache of CO-RE candidates with types every load needs (file, dentry, bpf_raw_event_map),
 * so that each load of this program or the owner iterator searched the kernel's BTF again
 * for them; a host has few cgroup links.
 */
static __u32 read_info(struct lc_link_iter_rec *rec, struct bpf_link *link)
{
	struct net *net;

	switch (rec->type) {
	case BPF_LINK_TYPE_RAW_TRACEPOINT:
	case BPF_LINK_TYPE_XDP:
		return LC_LINK_REC_INFO;
	case BPF_LINK_TYPE_NETNS:
		net = BPF_CORE_READ((struct bpf_netns_link *)link, net);
		rec->obj_id = net ? BPF_CORE_READ(net, ns.inum) : 0;
		break;
	case LC_BPF_LINK_TYPE_TCX:
		if (!(rec->flags & LC_LINK_REC_DEV_BOUND))
			return 0;
		break;
	default:
		return 0;
	}
	rec->attach_type = attach_type(link, rec->type);
	return LC_LINK_REC_INFO;
}

static const char *name_of(struct bpf_link *link, __u32 type)
{
	if (type == BPF_LINK_TYPE_RAW_TRACEPOINT)
		return BPF_CORE_READ((struct bpf_raw_tp_link *)link, btp, tp, name);
	return NULL;
}

static void read_prog(struct lc_link_iter_rec *rec, struct bpf_prog *prog)
{
	if (!prog)
		return;
	rec->prog_type = BPF_CORE_READ(prog, type);
	BPF_CORE_READ_INTO(&rec->prog_tag, prog, tag);
}

/* The whole record, then the name; a name that cannot be read makes the record partial. */
static void write_detail(struct seq_file *seq, struct lc_link_iter_rec *rec,
			 struct bpf_link *link, struct bpf_prog *prog)
{
	const char *name;
	long len = 0;

	read_prog(rec, prog);
	rec->flags |= read_info(rec, link);
	name = name_of(link, rec->type);
	if (name)
		len = bpf_probe_read_kernel_str(lc_name_buf, sizeof(lc_name_buf), name);
	if (len <= 0 || len > LC_LINK_ITER_NAME_MAX) {
		len = 0;
		if (name)
			rec->flags &= ~LC_LINK_REC_INFO;
	}
	rec->name_len = (__u32)len;
	bpf_seq_write(seq, rec, sizeof(*rec));
	if (len > 0 && len <= LC_LINK_ITER_NAME_MAX)
		bpf_seq_write(seq, lc_name_buf, len);
}

/* Named as the brief program: the kernel's name marks both as linkctl's (LC_LINK_ITER_PROG). */
SEC("iter/bpf_link")
int lc_link_iter(struct bpf_iter__bpf_link *ctx)
{
	struct seq_file *seq = LC_ITER_SEQ(ctx);
	struct bpf_link *link = ctx->link;
	struct lc_link_iter_rec rec = { 0 };
	struct bpf_prog *prog;

	if (!link)
		return 0;
	prog = BPF_CORE_READ(link, prog);
	read_brief(&rec, link, prog, true);
	write_detail(seq, &rec, link, prog);
	return 0;
}
