// SPDX-License-Identifier: GPL-2.0-only
/* perf_event.bpf.c: a perf_event program, for perf_event links on a software event. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("perf_event")
int pe_sample(void *ctx)
{
	(void)ctx;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
