/* SPDX-License-Identifier: GPL-2.0-only */
/* count_one.h: a counter in a one-slot array map, for the test programs that count packets. */
#ifndef COUNT_ONE_H
#define COUNT_ONE_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The map: one __u64 at key 0 (tests read it with bpftool map dump). */
#define COUNTER_MAP(name) \
	struct { \
		__uint(type, BPF_MAP_TYPE_ARRAY); \
		__uint(max_entries, 1); \
		__type(key, __u32); \
		__type(value, __u64); \
	} name SEC(".maps")

static __always_inline void count_one(void *map)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(map, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

#endif
