// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_iter.bpf.c: every bpf_link in one pass (iter/bpf_link): its ID, type, program and,
 * for a device link (xdp, tcx, netkit), the device's ifindex and network namespace inode,
 * which the link's info from BPF_OBJ_GET_INFO_BY_FD lacks: ifindexes repeat across
 * namespaces, so only the pair says which hook a link is on. Brief records, for the XDP
 * verbs and the monitor (link_info_iter.bpf.c reads what `link list` prints).
 */
#include "link_rec.h"

char LICENSE[] SEC("license") = "GPL";

/* Set before load: write device links only (the XDP verbs need no others). */
const volatile __u32 lc_dev_links_only = 0;

SEC("iter/bpf_link")
int lc_link_iter(struct bpf_iter__bpf_link *ctx)
{
	struct seq_file *seq = LC_ITER_SEQ(ctx);
	struct bpf_link *link = ctx->link;
	struct lc_link_iter_rec rec = { 0 };

	if (!link)
		return 0;
	read_brief(&rec, link, BPF_CORE_READ(link, prog), false);
	if (lc_dev_links_only && !(rec.flags & LC_LINK_REC_DEV_BOUND))
		return 0;
	bpf_seq_write(seq, &rec, LC_LINK_ITER_REC_BRIEF);
	return 0;
}
