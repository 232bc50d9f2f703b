// SPDX-License-Identifier: GPL-2.0-only
/* cgroup_count.bpf.c: a cgroup_skb program that counts the packets it sees into a map. */
#include "count_one.h"

COUNTER_MAP(cg_packets);

SEC("cgroup_skb/egress")
int cg_count(struct __sk_buff *skb)
{
	(void)skb;
	count_one(&cg_packets);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
