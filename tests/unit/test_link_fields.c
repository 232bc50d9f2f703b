// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_link_fields.c: which late members of struct bpf_link_info a kernel fills, decided
 * from made-up BTF shaped like 6.6 (none), 6.7 (missed) and 6.9 (missed and cookies).
 */
#include <bpf/btf.h>

#include "tap.h"
#include "../../lib/link_fields.h"

enum { WITH_MISSED = 1, WITH_COOKIE = 2 };

/* A struct of __u64 members named in names (NULL-terminated), anonymous when name is NULL. */
static int add_u64_struct(struct btf *btf, const char *name, int u64, const char *const *names)
{
	int n = 0, id;

	while (names[n])
		n++;
	id = btf__add_struct(btf, name, (__u32)(8 * n));
	for (int i = 0; i < n; i++)
		btf__add_field(btf, names[i], u64, (__u32)(64 * i), 0);
	return id;
}

/* struct bpf_link_info with kprobe_multi and perf_event (uprobe, kprobe, tracepoint, event). */
static struct btf *make_btf(int with)
{
	const char *km[] = { "addrs", "count", with & WITH_MISSED ? "missed" : NULL, NULL };
	const char *kp[5] = { "func_name", "addr" };
	const char *up[] = { "file_name", with & WITH_COOKIE ? "cookie" : NULL, NULL };
	const char *tp[] = { "tp_name", with & WITH_COOKIE ? "cookie" : NULL, NULL };
	const char *ev[] = { "config", with & WITH_COOKIE ? "cookie" : NULL, NULL };
	struct btf *btf = btf__new_empty();
	int u32, u64, kmi, kpi, upi, tpi, evi, kinds, pe, all, n = 2;

	u32 = btf__add_int(btf, "unsigned int", 4, 0);
	u64 = btf__add_typedef(btf, "__u64", btf__add_int(btf, "long long unsigned int", 8, 0));
	if (with & WITH_MISSED)
		kp[n++] = "missed";
	if (with & WITH_COOKIE)
		kp[n++] = "cookie";
	kmi = add_u64_struct(btf, NULL, u64, km);
	kpi = add_u64_struct(btf, NULL, u64, kp);
	upi = add_u64_struct(btf, NULL, u64, up);
	tpi = add_u64_struct(btf, NULL, u64, tp);
	evi = add_u64_struct(btf, NULL, u64, ev);
	kinds = btf__add_union(btf, NULL, 32);      /* perf_event's anonymous union */
	btf__add_field(btf, "uprobe", upi, 0, 0);
	btf__add_field(btf, "kprobe", kpi, 0, 0);
	btf__add_field(btf, "tracepoint", tpi, 0, 0);
	btf__add_field(btf, "event", evi, 0, 0);
	pe = btf__add_struct(btf, NULL, 40);
	btf__add_field(btf, "type", u32, 0, 0);
	btf__add_field(btf, NULL, kinds, 64, 0);
	all = btf__add_union(btf, NULL, 40);        /* bpf_link_info's anonymous union */
	btf__add_field(btf, "kprobe_multi", kmi, 0, 0);
	btf__add_field(btf, "perf_event", pe, 0, 0);
	btf__add_struct(btf, "bpf_link_info", 48);
	btf__add_field(btf, "type", u32, 0, 0);
	btf__add_field(btf, "id", u32, 32, 0);
	btf__add_field(btf, NULL, all, 64, 0);
	return btf;
}

static void expect(int with, const char *kernel)
{
	struct btf *btf = make_btf(with);
	struct lc_link_fields f;
	bool missed = with & WITH_MISSED, cookie = with & WITH_COOKIE;
	char name[160];

	lc_link_fields_from_btf(btf, &f);
	btf__free(btf);
	snprintf(name, sizeof(name), "%s: the kernel's BTF answers", kernel);
	TAP_OK(f.known, name);
	snprintf(name, sizeof(name), "%s: missed %s (kprobe_multi, perf_event kprobe)", kernel,
		 missed ? "reported" : "not reported");
	TAP_OK(f.has[LC_LF_KPROBE_MULTI_MISSED] == missed && f.has[LC_LF_PERF_KPROBE_MISSED] == missed,
	       name);
	snprintf(name, sizeof(name), "%s: the perf_event cookies %s", kernel,
		 cookie ? "reported" : "not reported");
	TAP_OK(f.has[LC_LF_PERF_KPROBE_COOKIE] == cookie && f.has[LC_LF_PERF_UPROBE_COOKIE] == cookie &&
	       f.has[LC_LF_PERF_TRACEPOINT_COOKIE] == cookie && f.has[LC_LF_PERF_EVENT_COOKIE] == cookie,
	       name);
	snprintf(name, sizeof(name), "%s: a zero is a value exactly where the member exists", kernel);
	TAP_OK(lc_link_field_reported(&f, LC_LF_PERF_KPROBE_MISSED, 0) == missed, name);
}

static void test_no_btf(void)
{
	struct btf *btf = btf__new_empty();
	struct lc_link_fields f;

	lc_link_fields_from_btf(NULL, &f);
	TAP_OK(!f.known, "no kernel BTF: nothing known");
	TAP_OK(!lc_link_field_reported(&f, LC_LF_PERF_EVENT_COOKIE, 0),
	       "no BTF: a zero is not a reported value");
	TAP_OK(lc_link_field_reported(&f, LC_LF_PERF_EVENT_COOKIE, 7),
	       "no BTF: a non-zero is one");
	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	lc_link_fields_from_btf(btf, &f);
	btf__free(btf);
	TAP_OK(!f.known, "BTF without struct bpf_link_info: nothing known");
	TAP_OK(!lc_link_field_reported(&f, LC_LF_COUNT, 1), "a field out of range is never reported");
}

static void test_override(void)
{
	struct lc_link_fields f = { .known = true };

	f.has[LC_LF_PERF_EVENT_COOKIE] = true;
	lc_link_fields_set_kernel(&f);
	TAP_OK(lc_link_fields_kernel()->known && lc_link_fields_kernel()->has[LC_LF_PERF_EVENT_COOKIE] &&
	       !lc_link_fields_kernel()->has[LC_LF_PERF_KPROBE_COOKIE],
	       "a test's answer replaces the running kernel's");
}

int main(void)
{
	test_no_btf();
	expect(0, "6.6-like");
	expect(WITH_MISSED, "6.7-like");
	expect(WITH_MISSED | WITH_COOKIE, "6.9-like");
	test_override();
	return TAP_DONE();
}
