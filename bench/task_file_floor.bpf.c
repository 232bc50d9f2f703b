// SPDX-License-Identifier: GPL-2.0-only
/*
 * task_file_floor.bpf.c: the bench's yardstick for finding a link's holders: an
 * iter/task_file program that visits every open file of every task and writes nothing.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("iter/task_file")
int lc_floor(void *ctx)
{
	(void)ctx;
	return 0;
}
