// SPDX-License-Identifier: GPL-2.0-only
/* sk_lookup.bpf.c: a netns link's program (sk_lookup, passes every lookup on). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("sk_lookup")
int sk_lookup_pass(struct bpf_sk_lookup *ctx)
{
	(void)ctx;
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
