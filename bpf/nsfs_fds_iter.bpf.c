// SPDX-License-Identifier: GPL-2.0-only
/*
 * nsfs_fds_iter.bpf.c: every open file of every task that is a namespace (nsfs), as one
 * record (holder tgid and comm, fd, the namespace's inode): -A finds the network namespaces
 * only an fd keeps without a readlink per fd of the node. The namespace's type is told in
 * user space (few such fds, and the kernel's own record of it moved between versions).
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "fops_seen.h"
#include "iter_records.h"

char LICENSE[] SEC("license") = "GPL";

#define NSFS_MAGIC 0x6e736673

/* A namespace's file operations, from the first file on nsfs: then no other file's inode is read. */
const void *lc_nsfs_fops;

static bool is_nsfs(struct file *file)
{
	const void *op = file->f_op;

	if (!op)
		return false;
	if (op == lc_nsfs_fops)
		return true;
	if (fops_other(op))
		return false;
	if (file->f_inode->i_sb->s_magic != NSFS_MAGIC) {
		fops_learn_other(op);
		return false;
	}
	lc_nsfs_fops = op;
	return true;
}

SEC("iter/task_file")
int lc_nsfs_fds(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = LC_ITER_SEQ(ctx);
	struct lc_nsfs_fd_rec rec = { 0 };
	struct file *file = ctx->file;
	struct task_struct *task = ctx->task;

	if (!file || !task || !is_nsfs(file))
		return 0;
	rec.tgid = task->tgid;
	rec.fd = ctx->fd;
	rec.ino = file->f_inode->i_ino;
	BPF_CORE_READ_INTO(&rec.comm, task, group_leader, comm);
	bpf_seq_write(seq, &rec, sizeof(rec));
	return 0;
}
