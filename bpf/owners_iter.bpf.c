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
#include "link_file.h"

char LICENSE[] SEC("license") = "GPL";

/*
 * Set before each pass (0: every link): write this link's holders only (`link show id N`
 * needs no others). A variable, not a constant of the load, so that a batch loads the
 * program once for passes about different links. The reader's own links are written
 * too: user space proves with one of them that the kernel's pids are its namespace's.
 */
__u32 lc_only_link_id;

static bool wanted(__u32 link_id, __u32 tgid)
{
	return !lc_only_link_id || link_id == lc_only_link_id ||
	       tgid == (__u32)(bpf_get_current_pid_tgid() >> 32);
}

/*
 * With lc_only_link_id set: whether the file can be a holder of that link, by one read of
 * the ID a link's private data would hold, before the costlier checks that it is a link.
 * The reader's own files all go on to them (they prove its pid namespace).
 */
static bool may_hold_only_link(struct file *file, struct task_struct *task)
{
	struct bpf_link *link = file->private_data;
	__u32 id = 0;

	if ((__u32)task->tgid == (__u32)(bpf_get_current_pid_tgid() >> 32))
		return true;
	return link && !bpf_probe_read_kernel(&id, sizeof(id), &link->id) && id == lc_only_link_id;
}

SEC("iter/task_file")
int lc_owners_iter(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = LC_ITER_SEQ(ctx);
	struct lc_owner_iter_rec rec = { 0 };
	struct file *file = ctx->file;
	struct task_struct *task = ctx->task;
	struct bpf_link *link;

	if (!file || !task || !is_anon_inode(file))
		return 0;
	if (lc_only_link_id && !may_hold_only_link(file, task))
		return 0;
	if (!is_link_file(file))
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
