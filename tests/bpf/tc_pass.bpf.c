// SPDX-License-Identifier: GPL-2.0-only
/* tc_pass.bpf.c: a tc (sched_cls) program for tcx links. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TCX_NEXT (-1)

SEC("tc")
int tc_pass(struct __sk_buff *skb)
{
	(void)skb;
	return TCX_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
