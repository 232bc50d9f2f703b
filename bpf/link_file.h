/* SPDX-License-Identifier: GPL-2.0-only */
/* link_file.h: whether an open file is a bpf_link's, for the task_file iterators. */
#ifndef LC_BPF_LINK_FILE_H
#define LC_BPF_LINK_FILE_H

#include "kernel_types.h"
#include <bpf/bpf_helpers.h>

#define ANON_INODE_FS_MAGIC 0x09041934

/* "bpf_link" / "bpf-link" as the little- or big-endian word they are in memory */
static bool is_link_name(__u64 word)
{
	const union { char s[8]; __u64 w; } under = { "bpf_link" }, dash = { "bpf-link" };

	return word == under.w || word == dash.w;
}

/* Through the dentry, which the name check reads anyway: one relocated type fewer than the inode. */
static bool is_anon_inode(struct file *file)
{
	return file->f_path.dentry->d_sb->s_magic == ANON_INODE_FS_MAGIC;
}

/* An anonymous inode's name says whether it is a link. */
static bool is_link_file(struct file *file)
{
	const unsigned char *name;
	char buf[16];

	name = file->f_path.dentry->d_name.name;
	if (!name || bpf_probe_read_kernel_str(buf, sizeof(buf), name) != 9)
		return false;
	return is_link_name(*(__u64 *)buf);
}

#endif
