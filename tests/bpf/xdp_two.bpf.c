// SPDX-License-Identifier: GPL-2.0-only
/* xdp_two.bpf.c: two XDP programs in one object, so a PROGSPEC must name one. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_first(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

SEC("xdp.frags")
int xdp_second(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
