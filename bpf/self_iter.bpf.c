// SPDX-License-Identifier: GPL-2.0-only
/*
 * self_iter.bpf.c: what one device or one link fd of the reader holds, read from the
 * reader's own thread (the task iterators visit that thread alone when given its tid), so
 * that a verb on one device or link costs the same however many links the host has.
 * lc_self_hook: the XDP hooks of the device with ifindex lc_ifindex in the reader's network
 * namespace, as the device holds them (which bpf_link, which program): exact by
 * construction, no matching of links to hooks. lc_self_links: the reference count of the
 * link behind the reader's fd lc_fd (each file and each pin holds one).
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "iter_records.h"
#include "link_file.h"

char LICENSE[] SEC("license") = "GPL";

/* Set before each pass (variables, not constants of the load: a batch loads once). */
__u32 lc_ifindex;
__u32 lc_fd;

/* The kernel's NETDEV_HASHBITS (8 since 2.6): dev_index_head has this many chains. */
#define DEV_INDEX_CHAINS 256
/* A longer chain is not walked: the record says "not found", user space reads otherwise. */
#define DEV_CHAIN_MAX 256

/* The task iterators ignore the tid before 6.1: the program checks it is the reader. */
static bool is_reader(struct task_struct *task)
{
	return task && (__u32)task->pid == (__u32)bpf_get_current_pid_tgid();
}

static struct net_device *dev_by_index(struct net *net, __u32 ifindex)
{
	struct hlist_head *chains = BPF_CORE_READ(net, dev_index_head);
	struct hlist_node *node = NULL;
	struct net_device *dev;

	/* a chain head is one pointer: its address needs no CO-RE */
	bpf_probe_read_kernel(&node, sizeof(node),
			      (char *)chains + (ifindex % DEV_INDEX_CHAINS) * sizeof(void *));
	for (int i = 0; i < DEV_CHAIN_MAX && node; i++) {
		dev = (void *)((char *)node - bpf_core_field_offset(struct net_device, index_hlist));
		if ((__u32)BPF_CORE_READ(dev, ifindex) == ifindex)
			return dev;
		node = BPF_CORE_READ(node, next);
	}
	return NULL;
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
	bpf_seq_write(ctx->meta->seq, &rec, sizeof(rec));
	return 0;
}

SEC("iter/task_file")
int lc_self_links(struct bpf_iter__task_file *ctx)
{
	struct lc_self_link_rec rec = { 0 };
	struct file *file = ctx->file;
	struct bpf_link *link;

	if (!file || ctx->fd != lc_fd || !is_reader(ctx->task) || !is_anon_inode(file) ||
	    !is_link_file(file))
		return 0;
	link = file->private_data;
	if (!link)
		return 0;
	rec.fd = ctx->fd;
	rec.link_id = BPF_CORE_READ(link, id);
	rec.refcnt = BPF_CORE_READ(link, refcnt.counter);
	bpf_seq_write(ctx->meta->seq, &rec, sizeof(rec));
	return 0;
}
