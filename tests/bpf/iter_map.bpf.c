// SPDX-License-Identifier: GPL-2.0-only
/* iter_map.bpf.c: an iterator program (iter/bpf_map) whose link has a target name to show. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_iter_meta;
struct bpf_map;
struct bpf_iter__bpf_map {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
} __attribute__((preserve_access_index));

SEC("iter/bpf_map")
int iter_maps(struct bpf_iter__bpf_map *ctx)
{
	(void)ctx;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
