/* SPDX-License-Identifier: GPL-2.0-only */
/* link_fields.h: whether the running kernel fills the late members of struct bpf_link_info. */
#ifndef LC_LINK_FIELDS_H
#define LC_LINK_FIELDS_H

#include <stdbool.h>
#include <linux/types.h>

struct btf;

/*
 * Members added to a type's detail after the type itself: a kernel between the two
 * leaves them zero, and a zero there is no value (kprobe_multi and perf_event came in 6.6,
 * their missed in 6.7, the perf_event cookies in 6.9).
 */
enum lc_link_field {
	LC_LF_KPROBE_MULTI_MISSED,          /* kprobe_multi.missed */
	LC_LF_PERF_KPROBE_MISSED,           /* perf_event.kprobe.missed */
	LC_LF_PERF_KPROBE_COOKIE,           /* perf_event.kprobe.cookie */
	LC_LF_PERF_UPROBE_COOKIE,           /* perf_event.uprobe.cookie */
	LC_LF_PERF_TRACEPOINT_COOKIE,       /* perf_event.tracepoint.cookie */
	LC_LF_PERF_EVENT_COOKIE,            /* perf_event.event.cookie */
	LC_LF_COUNT
};

struct lc_link_fields {
	bool known;                         /* false: no kernel BTF to tell */
	bool has[LC_LF_COUNT];              /* the member exists in the kernel's bpf_link_info */
};

/* Which members btf's struct bpf_link_info has (known stays false without the struct). */
void lc_link_fields_from_btf(const struct btf *btf, struct lc_link_fields *f);

/* The running kernel's answer, from its BTF once per process. */
const struct lc_link_fields *lc_link_fields_kernel(void);
/* Tests: answer f from now on instead of the running kernel's. */
void lc_link_fields_set_kernel(const struct lc_link_fields *f);

/*
 * Whether value, read from field, is a value the kernel reported: the member exists in
 * its BTF; without BTF only a non-zero value is known to be one.
 */
bool lc_link_field_reported(const struct lc_link_fields *f, enum lc_link_field field,
			    __u64 value);

#endif
