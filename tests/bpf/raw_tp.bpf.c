// SPDX-License-Identifier: GPL-2.0-only
/* raw_tp.bpf.c: a non-XDP program (raw tracepoint) for type checks and non-XDP links. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("raw_tracepoint/sys_enter")
int rtp_sys_enter(void *ctx)
{
	(void)ctx;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
