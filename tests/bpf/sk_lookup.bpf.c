// SPDX-License-Identifier: GPL-2.0-only
/* sk_lookup.bpf.c: an sk_lookup program that changes nothing, for netns links. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("sk_lookup")
int sk_pass(struct bpf_sk_lookup *ctx)
{
	(void)ctx;
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
