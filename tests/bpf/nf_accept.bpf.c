// SPDX-License-Identifier: GPL-2.0-only
/* nf_accept.bpf.c: a netfilter program (6.4+) that accepts every packet, for netfilter links. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("netfilter")
int nf_accept(void *ctx)
{
	(void)ctx;
	return 1;   /* NF_ACCEPT */
}

char LICENSE[] SEC("license") = "GPL";
