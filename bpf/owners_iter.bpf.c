// SPDX-License-Identifier: GPL-2.0-only
/*
 * owners_iter.bpf.c: who holds each bpf_link (iter/task_file). For every open file the
 * program checks, in the kernel, that it is a link's (by its file operations, once it has
 * learnt them from an anonymous inode named "bpf_link", made by BPF_LINK_CREATE, or
 * "bpf-link", opened by ID or from a pin), and writes one record: the
 * holder process (tgid and its group leader's comm: a thread with an fd table of its own
 * is visited on its own, and its name is not the process's), the fd and the link's ID.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "iter_records.h"
#include "fops_seen.h"
#include "link_file.h"

char LICENSE[] SEC("license") = "GPL";

/*
 * Set before each pass (0: every link): write this link's holders only (`link show id N`
 * needs no others). A variable, not a constant of the load, so that a batch loads the
 * program once for passes about different links. The reader's own links are written
 * too: user space proves with one of them that the kernel's pids are its namespace's.
 */
__u32 lc_only_link_id;

/*
 * What a link's file looks like, learnt from the first one the slow checks (an anonymous
 * inode named like a link) find: its file operations, which the kernel itself compares to
 * tell a link's file (two: links that can be polled have their own), and the one inode
 * every anonymous file made by anon_inode_getfile() shares, as a link's always is. After
 * that a file whose operations match is a link, and one on another inode cannot be. The
 * shared inode's other files (eventfds, epolls, maps, programs...) are told apart by the
 * same slow checks, once per kind (fops_seen.h).
 */
const void *lc_link_fops[2];
const void *lc_anon_inode;

static void learn_link(struct file *file, const void *op)
{
	lc_anon_inode = file->f_inode;
	if (!lc_link_fops[0])
		lc_link_fops[0] = op;
	else if (op != lc_link_fops[0])
		lc_link_fops[1] = op;
}

static bool is_link(struct file *file)
{
	const void *op = file->f_op;

	if (!op)
		return false;
	if (op == lc_link_fops[0] || op == lc_link_fops[1])
		return true;
	if (lc_anon_inode && file->f_inode != lc_anon_inode)
		return false;
	if (fops_other(op))
		return false;
	if (!is_anon_inode(file)) {         /* a kind of file no link is */
		fops_learn_other(op);
		return false;
	}
	if (!is_link_file(file)) {
		if (lc_anon_inode)          /* the shared inode's: sure to be no link's */
			fops_learn_other(op);
		return false;
	}
	learn_link(file, op);
	return true;
}

static bool wanted(__u32 link_id, __u32 tgid)
{
	return !lc_only_link_id || link_id == lc_only_link_id ||
	       tgid == (__u32)(bpf_get_current_pid_tgid() >> 32);
}

SEC("iter/task_file")
int lc_owners_iter(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = LC_ITER_SEQ(ctx);
	struct lc_owner_iter_rec rec = { 0 };
	struct file *file = ctx->file;
	struct task_struct *task = ctx->task;
	struct bpf_link *link;

	if (!file || !task || !is_link(file))
		return 0;
	link = file->private_data;
	if (!link || bpf_probe_read_kernel(&rec.link_id, sizeof(rec.link_id), &link->id))
		return 0;
	rec.fd = ctx->fd;
	rec.tgid = task->tgid;
	if (!wanted(rec.link_id, rec.tgid))
		return 0;
	BPF_CORE_READ_INTO(&rec.comm, task, group_leader, comm);
	bpf_seq_write(seq, &rec, sizeof(rec));
	return 0;
}
