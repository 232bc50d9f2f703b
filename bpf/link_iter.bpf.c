// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_iter.bpf.c: every bpf_link in one pass (iter/bpf_link): its ID, type, program and,
 * for a device link (xdp, tcx, netkit), the device's ifindex and network namespace inode,
 * which the link's info from BPF_OBJ_GET_INFO_BY_FD lacks: ifindexes repeat across
 * namespaces, so only the pair says which hook a link is on.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "iter_records.h"

char LICENSE[] SEC("license") = "GPL";

/* Set before load: write device links only (the XDP verbs need no others). */
const volatile __u32 lc_dev_links_only = 0;
/* Set before load: whole records with each link's info and name (`link list`). */
const volatile __u32 lc_detail = 0;

/* The name of the link being written (too big for the stack); one reader runs the program. */
char lc_name_buf[LC_LINK_ITER_NAME_MAX];

/* The device of a device link; NULL when detached or the type is not one (or not in this kernel). */
static struct net_device *link_dev(struct bpf_link *link, __u32 type, bool *dev_bound)
{
	*dev_bound = true;
	if (type == BPF_LINK_TYPE_XDP)
		return BPF_CORE_READ((struct bpf_xdp_link *)link, dev);
	if (type == LC_BPF_LINK_TYPE_TCX && bpf_core_type_exists(struct tcx_link))
		return BPF_CORE_READ((struct tcx_link *)link, dev);
	if (type == LC_BPF_LINK_TYPE_NETKIT && bpf_core_type_exists(struct netkit_link))
		return BPF_CORE_READ((struct netkit_link *)link, dev);
	*dev_bound = false;
	return NULL;
}

/* The first 8 bytes of a name as one word, to compare without a loop. */
static __u64 word8(const char *s)
{
	const union { char s[8]; __u64 w; } *u = (const void *)s;

	return u->w;
}

/* An iter link running one of linkctl's iterators (in any linkctl process). */
static bool is_linkctl_iter(struct bpf_prog *prog)
{
	char name[16] = { 0 };

	if (!prog || BPF_CORE_READ_INTO(&name, prog, aux, name))
		return false;
	name[15] = '\0';
	return word8(name) == word8(LC_LINK_ITER_PROG) || word8(name) == word8(LC_OWNERS_ITER_PROG);
}

/*
 * Which of the device's hooks holds this very link: the kernel's own answer, where the
 * program ID alone is ambiguous while another update of the link is under way.
 */
static __u32 xdp_hook(struct net_device *dev, struct bpf_link *link)
{
	for (__u32 mode = 0; mode < 3; mode++)
		if ((void *)BPF_CORE_READ(dev, xdp_state[mode].link) == (void *)link)
			return mode + 1;
	return 0;
}

static void read_dev(struct lc_link_iter_rec *rec, struct bpf_link *link)
{
	struct net_device *dev;
	bool dev_bound;

	dev = link_dev(link, rec->type, &dev_bound);
	if (!dev_bound)
		return;
	rec->flags |= LC_LINK_REC_DEV_BOUND;
	if (rec->type == BPF_LINK_TYPE_XDP)
		rec->xdp_flags = (__u32)BPF_CORE_READ((struct bpf_xdp_link *)link, flags);
	if (!dev) {
		rec->flags |= LC_LINK_REC_DETACHED;
		return;
	}
	rec->ifindex = BPF_CORE_READ(dev, ifindex);
	rec->netns_ino = BPF_CORE_READ(dev, nd_net.net, ns.inum);
	if (rec->type == BPF_LINK_TYPE_XDP)
		rec->xdp_hook = xdp_hook(dev, link);
}

/* The attach type as the link's info reports it: bpf_link's own since 6.17, the type's before. */
static __u32 attach_type(struct bpf_link *link, __u32 type)
{
	if (bpf_core_field_exists(link->attach_type))
		return BPF_CORE_READ(link, attach_type);
	if (type == BPF_LINK_TYPE_CGROUP && bpf_core_field_exists(struct bpf_cgroup_link, type))
		return BPF_CORE_READ((struct bpf_cgroup_link *)link, type);
	if (type == BPF_LINK_TYPE_NETNS && bpf_core_field_exists(struct bpf_netns_link, type))
		return BPF_CORE_READ((struct bpf_netns_link *)link, type);
	if (type == LC_BPF_LINK_TYPE_TCX && bpf_core_field_exists(struct tcx_link, location))
		return BPF_CORE_READ((struct tcx_link *)link, location);
	return 0;
}

static void read_netfilter(struct lc_link_iter_rec *rec, struct bpf_nf_link *nf)
{
	rec->nf_pf = BPF_CORE_READ(nf, hook_ops.pf);
	rec->nf_hooknum = BPF_CORE_READ(nf, hook_ops.hooknum);
	rec->nf_priority = BPF_CORE_READ(nf, hook_ops.priority);
	/* BPF_F_NETFILTER_IP_DEFRAG, the one flag (6.6+) */
	if (bpf_core_field_exists(nf->defrag_hook) && BPF_CORE_READ(nf, defrag_hook))
		rec->nf_flags = 1;
}

/* The info of the types whose every printed field the program can read; 0 for the others. */
static __u32 read_info(struct lc_link_iter_rec *rec, struct bpf_link *link)
{
	struct cgroup *cgrp;
	struct net *net;

	switch (rec->type) {
	case BPF_LINK_TYPE_RAW_TRACEPOINT:
	case BPF_LINK_TYPE_ITER:
	case BPF_LINK_TYPE_XDP:
		return LC_LINK_REC_INFO;
	case BPF_LINK_TYPE_CGROUP:
		cgrp = BPF_CORE_READ((struct bpf_cgroup_link *)link, cgroup);
		rec->obj_id = cgrp ? BPF_CORE_READ(cgrp, kn, id) : 0;
		break;
	case BPF_LINK_TYPE_NETNS:
		net = BPF_CORE_READ((struct bpf_netns_link *)link, net);
		rec->obj_id = net ? BPF_CORE_READ(net, ns.inum) : 0;
		break;
	case LC_BPF_LINK_TYPE_TCX:
		if (!(rec->flags & LC_LINK_REC_DEV_BOUND))
			return 0;
		break;
	case LC_BPF_LINK_TYPE_NETFILTER:
		if (!bpf_core_type_exists(struct bpf_nf_link))
			return 0;
		read_netfilter(rec, (struct bpf_nf_link *)link);
		return LC_LINK_REC_INFO;
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
	if (type == BPF_LINK_TYPE_ITER)
		return BPF_CORE_READ((struct bpf_iter_link *)link, tinfo, reg_info, target);
	return NULL;
}

static void read_prog(struct lc_link_iter_rec *rec, struct bpf_prog *prog)
{
	if (!prog)
		return;
	rec->prog_type = BPF_CORE_READ(prog, type);
	BPF_CORE_READ_INTO(&rec->prog_name, prog, aux, name);
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

SEC("iter/bpf_link")
int lc_link_iter(struct bpf_iter__bpf_link *ctx)
{
	struct bpf_link *link = ctx->link;
	struct lc_link_iter_rec rec = { 0 };
	struct bpf_prog *prog;

	if (!link)
		return 0;
	rec.link_id = BPF_CORE_READ(link, id);
	rec.type = BPF_CORE_READ(link, type);
	prog = BPF_CORE_READ(link, prog);
	if (prog)
		rec.prog_id = BPF_CORE_READ(prog, aux, id);
	if (rec.type == BPF_LINK_TYPE_ITER && is_linkctl_iter(prog))
		rec.flags |= LC_LINK_REC_LINKCTL;
	read_dev(&rec, link);
	if (lc_dev_links_only && !(rec.flags & LC_LINK_REC_DEV_BOUND))
		return 0;
	if (lc_detail)
		write_detail(ctx->meta->seq, &rec, link, prog);
	else
		bpf_seq_write(ctx->meta->seq, &rec, LC_LINK_ITER_REC_BRIEF);
	return 0;
}
