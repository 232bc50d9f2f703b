// SPDX-License-Identifier: GPL-2.0-only
/* xdp_drop.bpf.c: drop every packet (a second, distinguishable XDP program). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_drop(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
