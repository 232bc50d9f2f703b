// SPDX-License-Identifier: GPL-2.0-only
/*
 * self_links.bpf.c: the reader's fds on link lc_link_id and the link's reference count (each
 * file and each pin holds one), read over the reader's own thread (iter/task_file given its
 * tid visits its files alone): "nobody else holds it" without a pass over every process.
 * With them the device part of the link's record as link_iter.bpf.c reads it (its device,
 * that device's network namespace, its XDP hook): one link's device without a pass over
 * every link. Not its program: the caller has it from the link's info, and each type
 * relocated costs the load a lookup in the kernel's small cache of CO-RE candidates.
 */
#include "link_rec.h"
#include "self_task.h"

char LICENSE[] SEC("license") = "GPL";

/*
 * Set before each pass (variables: a batch loads once). The first pass (lc_link_fd >= 0)
 * learns the link's object from lc_link_fd, an fd of ours on it, and writes nothing; the
 * second writes a record for each of our fds on that same object. Our fds are told by the
 * object they point at, not by asking each file whether it is a link (its dentry's name
 * and superblock): dentry shares a slot of the kernel's 31-slot cache of CO-RE candidates
 * with bpf_xdp_link, which the device read needs, so every load searched the kernel's BTF
 * twice more.
 */
__u32 lc_link_id;
__s32 lc_link_fd;
__u64 lc_link_obj;

SEC("iter/task_file")
int lc_self_links(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = LC_ITER_SEQ(ctx);
	struct lc_self_link_rec rec = { 0 };
	struct file *file = ctx->file;
	struct bpf_link *link;

	if (!file || !is_reader(ctx->task))
		return 0;
	link = file->private_data;
	if (lc_link_fd >= 0) {
		/* an fd the reader opened on link lc_link_id: its private data is the link */
		if (ctx->fd == (__u32)lc_link_fd && link && BPF_CORE_READ(link, id) == lc_link_id)
			lc_link_obj = (__u64)link;
		return 0;
	}
	if (!lc_link_obj || (__u64)link != lc_link_obj)
		return 0;
	rec.fd = ctx->fd;
	rec.link_id = lc_link_id;
	rec.refcnt = BPF_CORE_READ(link, refcnt.counter);
	rec.link.link_id = lc_link_id;
	rec.link.type = BPF_CORE_READ(link, type);
	read_dev(&rec.link, link);
	bpf_seq_write(seq, &rec, sizeof(rec));
	return 0;
}
