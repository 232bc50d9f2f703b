// SPDX-License-Identifier: GPL-2.0-only
/* cgroup_skb.bpf.c: a cgroup_skb program for cgroup links. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/ingress")
int cg_allow(struct __sk_buff *skb)
{
	(void)skb;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
