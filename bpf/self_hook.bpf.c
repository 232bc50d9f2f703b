// SPDX-License-Identifier: GPL-2.0-only
/*
 * self_hook.bpf.c: the XDP hooks of the device with ifindex lc_ifindex in the reader's
 * network namespace, as the device holds them (which bpf_link, which program), read from
 * the reader's own thread (iter/task given its tid visits it alone): exact by construction,
 * no matching of links to hooks, and the same cost however many links the host has.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "iter_records.h"
#include "self_task.h"

char LICENSE[] SEC("license") = "GPL";

__u32 lc_ifindex;       /* set before each pass (a variable: a batch loads once) */

/* The kernel's NETDEV_HASHBITS (8 since 2.6): dev_index_head has this many chains. */
#define DEV_INDEX_CHAINS 256
/* A longer chain is not walked: the record says "not found", user space reads otherwise. */
#define DEV_CHAIN_MAX 256

struct chain_walk {
	struct hlist_node *node;
	struct net_device *dev;     /* found */
	__u32 ifindex;
};

/* One device of the chain: 1 ends the walk (found, or the chain's end). */
static long chain_step(__u32 i, void *arg)
{
	struct chain_walk *w = arg;
	struct hlist_node *node = w->node;  /* outside BPF_CORE_READ: chain_walk is not the kernel's */
	struct net_device *dev;

	if (!node)
		return 1;
	dev = (void *)((char *)node - bpf_core_field_offset(struct net_device, index_hlist));
	if ((__u32)BPF_CORE_READ(dev, ifindex) == w->ifindex) {
		w->dev = dev;
		return 1;
	}
	w->node = BPF_CORE_READ(node, next);
	return 0;
}

/*
 * By bpf_loop, not a bounded loop: the verifier checks the step once instead of once per
 * possible iteration, which made this program the costliest of linkctl's to load.
 */
static struct net_device *dev_by_index(struct net *net, __u32 ifindex)
{
	struct hlist_head *chains = BPF_CORE_READ(net, dev_index_head);
	struct chain_walk w = { .ifindex = ifindex };

	/* a chain head is one pointer: its address needs no CO-RE */
	bpf_probe_read_kernel(&w.node, sizeof(w.node),
			      (char *)chains + (ifindex % DEV_INDEX_CHAINS) * sizeof(void *));
	bpf_loop(DEV_CHAIN_MAX, chain_step, &w, 0);
	return w.dev;
}

static void read_hooks(struct lc_self_hook_rec *rec, struct net_device *dev)
{
	struct bpf_xdp_link *link;
	struct bpf_prog *prog;

	for (__u32 mode = 0; mode < 3; mode++) {
		link = BPF_CORE_READ(dev, xdp_state[mode].link);
		prog = BPF_CORE_READ(dev, xdp_state[mode].prog);
		if (link) {
			rec->links |= 1u << mode;
			rec->link_id[mode] = BPF_CORE_READ(link, link.id);
			prog = BPF_CORE_READ(link, link.prog);
		}
		if (prog)
			rec->prog_id[mode] = BPF_CORE_READ(prog, aux, id);
	}
}

SEC("iter/task")
int lc_self_hook(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = LC_ITER_SEQ(ctx);
	struct lc_self_hook_rec rec = { 0 };
	struct task_struct *task = ctx->task;
	struct net_device *dev;
	struct net *net;

	if (!is_reader(task))
		return 0;
	net = BPF_CORE_READ(task, nsproxy, net_ns);
	rec.netns_ino = BPF_CORE_READ(net, ns.inum);
	dev = dev_by_index(net, lc_ifindex);
	if (dev) {
		rec.ifindex = lc_ifindex;
		read_hooks(&rec, dev);
	}
	bpf_seq_write(seq, &rec, sizeof(rec));
	return 0;
}
