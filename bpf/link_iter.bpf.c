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
	return word8(name) == word8(LC_LINK_ITER_PROG) || word8(name) == word8(LC_OWNERS_ITER_PROG) ||
	       word8(name) == word8(LC_NSFS_FDS_ITER_PROG);
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
	bpf_seq_write(ctx->meta->seq, &rec, sizeof(rec));
	return 0;
}
