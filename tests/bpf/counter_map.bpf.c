// SPDX-License-Identifier: GPL-2.0-only
/* counter_map.bpf.c: an XDP program with a map, so tests have a map pin to refuse. */
#include "count_one.h"

COUNTER_MAP(packets);

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	(void)ctx;
	count_one(&packets);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
