/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fops_seen.h: for the task_file iterators, the kinds of file (their file operations) a
 * slow check found not to be the kind looked for, so that every other file of that kind
 * is passed over by a load from the file itself: reading its dentry or inode instead costs
 * a cache miss per file, which a pass over every process pays for each of its files. Sound
 * because the kernel gives one kind of file one set of operations (a link's, a namespace's),
 * which no other kind shares. Kept across passes of one loaded program: the kernel's
 * addresses do not change. The first kinds met are kept, up to the slots.
 */
#ifndef LC_BPF_FOPS_SEEN_H
#define LC_BPF_FOPS_SEEN_H

#define LC_OTHER_FOPS 16
const void *lc_other_fops[LC_OTHER_FOPS];

static bool fops_other(const void *op)
{
	for (int i = 0; i < LC_OTHER_FOPS; i++)
		if (op == lc_other_fops[i])
			return true;
	return false;
}

static void fops_learn_other(const void *op)
{
	for (int i = 0; i < LC_OTHER_FOPS; i++)
		if (!lc_other_fops[i]) {
			lc_other_fops[i] = op;
			return;
		}
}

#endif
