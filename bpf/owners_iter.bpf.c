// SPDX-License-Identifier: GPL-2.0-only
/*
 * owners_iter.bpf.c: who holds each bpf_link (iter/task_file). For every open file the
 * program checks, in the kernel, that it is an anonymous inode named "bpf_link" (made by
 * BPF_LINK_CREATE) or "bpf-link" (opened by ID or from a pin), and writes one record: the
 * holder process (tgid and its group leader's comm: a thread with an fd table of its own
 * is visited on its own, and its name is not the process's), the fd and the link's ID.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "iter_records.h"

char LICENSE[] SEC("license") = "GPL";

#define ANON_INODE_FS_MAGIC 0x09041934

/* "bpf_link" / "bpf-link" as the little- or big-endian word they are in memory */
static bool is_link_name(__u64 word)
{
	const union { char s[8]; __u64 w; } under = { "bpf_link" }, dash = { "bpf-link" };

	return word == under.w || word == dash.w;
}

static bool is_link_file(struct file *file)
{
	const unsigned char *name;
	char buf[16];

	if (file->f_inode->i_sb->s_magic != ANON_INODE_FS_MAGIC)
		return false;
	name = file->f_path.dentry->d_name.name;
	if (!name || bpf_probe_read_kernel_str(buf, sizeof(buf), name) != 9)
		return false;
	return is_link_name(*(__u64 *)buf);
}

SEC("iter/task_file")
int lc_owners_iter(struct bpf_iter__task_file *ctx)
{
	struct lc_owner_iter_rec rec = { 0 };
	struct file *file = ctx->file;
	struct task_struct *task = ctx->task;
	struct bpf_link *link;

	if (!file || !task || !is_link_file(file))
		return 0;
	link = file->private_data;
	if (!link || bpf_probe_read_kernel(&rec.link_id, sizeof(rec.link_id), &link->id))
		return 0;
	rec.fd = ctx->fd;
	rec.tgid = task->tgid;
	bpf_probe_read_kernel(rec.comm, sizeof(rec.comm), task->group_leader->comm);
	bpf_seq_write(ctx->meta->seq, &rec, sizeof(rec));
	return 0;
}
