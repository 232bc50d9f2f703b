// SPDX-License-Identifier: GPL-2.0-only
/* xdp_pass.bpf.c: the simplest XDP program: let every packet through. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
