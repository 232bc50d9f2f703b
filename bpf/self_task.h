/* SPDX-License-Identifier: GPL-2.0-only */
/* self_task.h: the check that the self iterators visit the reader's own thread. */
#ifndef LC_BPF_SELF_TASK_H
#define LC_BPF_SELF_TASK_H

#include "kernel_types.h"
#include <bpf/bpf_helpers.h>

/* The task iterators ignore the tid before 6.1: the program checks it is the reader. */
static bool is_reader(struct task_struct *task)
{
	return task && (__u32)task->pid == (__u32)bpf_get_current_pid_tgid();
}

#endif
