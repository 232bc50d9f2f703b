/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * link_rec.h: the part of a link's record both link iterators write (link_iter.bpf.c,
 * link_info_iter.bpf.c): ID, type, program, and for a device link its device's ifindex and
 * network namespace, which no info call gives.
 */
#ifndef LC_BPF_LINK_REC_H
#define LC_BPF_LINK_REC_H

#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "iter_records.h"

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

/* A program name of one of linkctl's iterators (in any linkctl process). */
static bool is_linkctl_iter(const char *prog_name)
{
	return word8(prog_name) == word8(LC_LINK_ITER_PROG) ||
	       word8(prog_name) == word8(LC_OWNERS_ITER_PROG) ||
	       word8(prog_name) == word8(LC_NSFS_FDS_ITER_PROG) ||
	       word8(prog_name) == word8(LC_SELF_PREFIX);
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

/*
 * The program's ID, and its name where asked or the link is an iterator's. One read of
 * aux for both: each CO-RE relocation asks the kernel's small cache of candidate types,
 * and relocations of one type in a row find it there.
 */
static void read_prog_id(struct lc_link_iter_rec *rec, struct bpf_prog *prog, bool name)
{
	struct bpf_prog_aux *aux;

	if (!prog)
		return;
	aux = BPF_CORE_READ(prog, aux);
	rec->prog_id = BPF_CORE_READ(aux, id);
	if (!name && rec->type != BPF_LINK_TYPE_ITER)
		return;
	BPF_CORE_READ_INTO(&rec->prog_name, aux, name);
	rec->prog_name[sizeof(rec->prog_name) - 1] = '\0';
	if (rec->type == BPF_LINK_TYPE_ITER && is_linkctl_iter(rec->prog_name))
		rec->flags |= LC_LINK_REC_LINKCTL;
}

/* The brief record of link: all but the detail (and the program's name, with prog_name). */
static void read_brief(struct lc_link_iter_rec *rec, struct bpf_link *link, struct bpf_prog *prog,
		       bool prog_name)
{
	rec->link_id = BPF_CORE_READ(link, id);
	rec->type = BPF_CORE_READ(link, type);
	read_prog_id(rec, prog, prog_name);
	read_dev(rec, link);
}

#endif
