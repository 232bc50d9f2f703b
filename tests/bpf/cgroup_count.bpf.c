// SPDX-License-Identifier: GPL-2.0-only
/* cgroup_count.bpf.c: a cgroup_skb program that counts the packets it sees into a map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} cg_packets SEC(".maps");

SEC("cgroup_skb/egress")
int cg_count(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *packets = bpf_map_lookup_elem(&cg_packets, &key);

	(void)skb;
	if (packets)
		__sync_fetch_and_add(packets, 1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
