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
#include "link_file.h"
#include "self_task.h"

char LICENSE[] SEC("license") = "GPL";

__u32 lc_link_id;       /* set before each pass (a variable: a batch loads once) */

SEC("iter/task_file")
int lc_self_links(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = LC_ITER_SEQ(ctx);
	struct lc_self_link_rec rec = { 0 };
	struct file *file = ctx->file;
	struct bpf_link *link;

	if (!file || !is_reader(ctx->task) || !is_anon_inode(file) || !is_link_file(file))
		return 0;
	link = file->private_data;
	if (!link || BPF_CORE_READ(link, id) != lc_link_id)
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
