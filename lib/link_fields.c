// SPDX-License-Identifier: GPL-2.0-only
/*
 * link_fields.c: a late member of struct bpf_link_info is reported when the kernel's BTF
 * has it. The length the kernel writes back cannot tell: 6.8's uprobe_multi already
 * makes the struct as long as 6.9's perf_event cookies need.
 */
#include <string.h>

#include <bpf/btf.h>

#include "link_fields.h"

static const char *const field_paths[LC_LF_COUNT] = {
	[LC_LF_KPROBE_MULTI_MISSED] = "kprobe_multi.missed",
	[LC_LF_PERF_KPROBE_MISSED] = "perf_event.kprobe.missed",
	[LC_LF_PERF_KPROBE_COOKIE] = "perf_event.kprobe.cookie",
	[LC_LF_PERF_UPROBE_COOKIE] = "perf_event.uprobe.cookie",
	[LC_LF_PERF_TRACEPOINT_COOKIE] = "perf_event.tracepoint.cookie",
	[LC_LF_PERF_EVENT_COOKIE] = "perf_event.event.cookie",
};

/* Nesting of anonymous unions and structs to search through (perf_event's is 1). */
#define ANON_DEPTH 4

/* The type of member name of composite id, looking inside anonymous members; 0 if none. */
static __u32 member_type(const struct btf *btf, __u32 id, const char *name, size_t len,
			 int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m;

	if (!t || !btf_is_composite(t) || depth > ANON_DEPTH)
		return 0;
	m = btf_members(t);
	for (__u16 i = 0; i < btf_vlen(t); i++, m++) {
		const char *mname = btf__name_by_offset(btf, m->name_off);
		int rid = btf__resolve_type(btf, m->type);
		__u32 found;

		if (rid <= 0)
			continue;
		if (mname && *mname) {
			if (strlen(mname) == len && !strncmp(mname, name, len))
				return (__u32)rid;
			continue;
		}
		found = member_type(btf, (__u32)rid, name, len, depth + 1);
		if (found)
			return found;
	}
	return 0;
}

/* Whether the dotted path of members exists below composite id. */
static bool has_path(const struct btf *btf, __u32 id, const char *path)
{
	while (id && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);

		id = member_type(btf, id, path, len, 0);
		path += len + (dot != NULL);
	}
	return id != 0;
}

void lc_link_fields_from_btf(const struct btf *btf, struct lc_link_fields *f)
{
	__s32 id = btf ? btf__find_by_name_kind(btf, "bpf_link_info", BTF_KIND_STRUCT) : -1;

	memset(f, 0, sizeof(*f));
	if (id <= 0)
		return;
	f->known = true;
	for (int i = 0; i < LC_LF_COUNT; i++)
		f->has[i] = has_path(btf, (__u32)id, field_paths[i]);
}

static struct lc_link_fields kernel_fields;
static bool kernel_probed;

const struct lc_link_fields *lc_link_fields_kernel(void)
{
	struct btf *btf;

	if (kernel_probed)
		return &kernel_fields;
	kernel_probed = true;
	btf = btf__load_vmlinux_btf();      /* NULL without BTF (libbpf 1.x) */
	lc_link_fields_from_btf(btf, &kernel_fields);
	btf__free(btf);
	return &kernel_fields;
}

void lc_link_fields_set_kernel(const struct lc_link_fields *f)
{
	kernel_fields = *f;
	kernel_probed = true;
}

bool lc_link_field_reported(const struct lc_link_fields *f, enum lc_link_field field,
			    __u64 value)
{
	if ((unsigned int)field >= LC_LF_COUNT)
		return false;
	return f->known ? f->has[field] : value != 0;
}
