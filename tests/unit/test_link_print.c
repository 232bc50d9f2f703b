// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_link_print.c: the link printer on made-up links of every type, including one the
 * tool does not know: the keys each type prints, text and JSON from the same calls.
 */
#include <stdlib.h>

#include "tap.h"
#include "../../cmd/link.h"
#include "../../lib/link_fields.h"
#include "../../lib/names.h"

static struct lc_prog ext_prog = { .id = 9, .type = LC_PROG_TYPE_EXT, .name = "xdp_pass" };

/* A view with no scans (as --no-owners), program 9 in its program cache, and a device table of one device, veth0 = 3 running prog 7. */
static void fake_view(struct link_view *v, struct lc_xdp_dev *dev)
{
	memset(v, 0, sizeof(*v));
	v->cgroup_root_fd = -1;
	v->cgroup_tried = true;
	*dev = (struct lc_xdp_dev){ .ifindex = 3, .name = "veth0", .prog_id = { 0, 7, 0 } };
	v->devs.here_dumped = true;
	v->devs.here.v = dev;
	v->devs.here.n = v->devs.here.cap = 1;
	v->devs.others_scanned = true;      /* no namespaces to search */
	v->devs.names_tried = true;        /* no namespace names: the host's are not the test's */
	v->devs.names_fds_tried = true;
	v->devs.recs_tried = true;         /* no link iterator pass: the host's links are not the test's */
	v->devs.home_fd = -1;
	v->scan.progs.v = &ext_prog;        /* program 9, a freplace program */
	v->scan.progs.n = v->scan.progs.cap = 1;
}

/* Print l as JSON and parse the document back. */
static cJSON *print_json(struct lc_link *l)
{
	struct lc_xdp_dev dev;
	struct link_view v;
	struct lc_err err = { 0 };
	struct out o;
	cJSON *doc;

	fake_view(&v, &dev);
	out_init(&o, true, false);
	if (print_link(&o, &v, l, &err))
		return NULL;
	doc = out_take(&o);
	return doc;
}

/* One key of the printed link as text: a string's value, a number's digits, true/false/null, or "(absent)". */
static const char *value_of(struct lc_link *l, const char *key, char *buf, size_t len)
{
	cJSON *doc = print_json(l), *item = cJSON_GetObjectItem(doc, key);

	if (!item)
		snprintf(buf, len, "(absent)");
	else if (cJSON_IsString(item) || cJSON_IsRaw(item))
		snprintf(buf, len, "%s", item->valuestring);
	else
		snprintf(buf, len, "%s", cJSON_IsTrue(item) ? "true" : cJSON_IsFalse(item) ? "false" : "null");
	cJSON_Delete(doc);
	return buf;
}

#define EXPECT(l, key, want, name) do { \
	char value_[128]; \
	TAP_STREQ(value_of(&(l), (key), value_, sizeof(value_)), (want), (name)); \
} while (0)

static struct lc_link make(__u32 type)
{
	struct lc_link l;

	memset(&l, 0, sizeof(l));
	l.info.type = type;
	l.info.id = 42;
	l.info.prog_id = 0;     /* no program lookup: prog_name and prog_tag are null */
	return l;
}

static void test_unknown_type(void)
{
	struct lc_link l = make(99);
	cJSON *doc = print_json(&l);

	EXPECT(l, "type", "99", "an unknown type is its number in JSON");
	EXPECT(l, "id", "42", "with the common fields");
	EXPECT(l, "prog_name", "null", "prog_name null without a program");
	EXPECT(l, "defunct", "false", "defunct false");
	TAP_OK(cJSON_GetArraySize(doc) == 6, "and nothing else (no scans: no pinned, no pids)");
	cJSON_Delete(doc);
}

/* The text of links l[0..n) as printed one after the other. */
static char *print_texts(const struct lc_link *l, size_t n)
{
	struct lc_xdp_dev dev;
	struct link_view v;
	struct lc_err err = { 0 };
	struct out o;
	char *text = NULL;
	size_t len = 0;

	fake_view(&v, &dev);
	out_init(&o, false, false);
	o.text = open_memstream(&text, &len);
	for (size_t i = 0; i < n; i++)
		print_link(&o, &v, &l[i], &err);
	fclose(o.text);
	return text;
}

static char *print_text(const struct lc_link *l)
{
	return print_texts(l, 1);
}

static void test_text(void)
{
	struct lc_link l[2] = { make(99), make(LC_LINK_TYPE_XDP) };
	char *text;

	l[1].info.prog_id = 0;
	l[1].defunct = true;
	text = print_texts(l, 2);
	TAP_STREQ(text, "42: unknown(99)  prog 0 - tag -\n"
		  "42: xdp  prog 0 - tag -\n\tifindex 0  devname (detached)  defunct\n",
		  "text: unknown(N), a defunct xdp link");
	free(text);
}

static void test_device_types(void)
{
	struct lc_link l = make(LC_LINK_TYPE_XDP);

	l.info.xdp.ifindex = 3;
	l.info.prog_id = 7;
	EXPECT(l, "devname", "veth0", "xdp: ifindex 3 here runs the link's program: veth0");
	EXPECT(l, "devname_reason", "(absent)", "a named device has no reason");
	l.info.prog_id = 0;
	EXPECT(l, "devname", "null", "xdp: an empty mode is no match: null");
	EXPECT(l, "devname_reason", "unknown", "... because it is unknown");
	l.info.prog_id = 8;
	EXPECT(l, "devname", "null", "xdp: ifindex 3 runs another program: null");
	EXPECT(l, "devname_reason", "unknown", "... unknown too");
	l.info.xdp.ifindex = 0;
	l.defunct = true;
	EXPECT(l, "devname", "null", "xdp: ifindex 0 is null");
	EXPECT(l, "devname_reason", "detached", "... because the link is detached");
	EXPECT(l, "defunct", "true", "and defunct");
	EXPECT(l, "attach_type", "(absent)", "xdp info has no attach_type");
	l = make(LC_LINK_TYPE_NETKIT);
	l.info.netkit.attach_type = LC_ATTACH_NETKIT_PEER;
	EXPECT(l, "attach_type", "netkit_peer", "netkit: attach_type");
	EXPECT(l, "ifindex", "0", "netkit: ifindex");
}

static void test_tracing_types(void)
{
	struct lc_link l = make(LC_LINK_TYPE_TRACING);

	l.info.tracing.attach_type = LC_ATTACH_TRACE_FENTRY;
	l.info.tracing.target_obj_id = 1;
	l.info.tracing.target_btf_id = 12345;
	EXPECT(l, "attach_type", "trace_fentry", "tracing: attach_type");
	EXPECT(l, "target_btf_id", "12345", "tracing: target_btf_id");
	EXPECT(l, "target_obj_id", "1", "tracing: target_obj_id");

	l = make(LC_LINK_TYPE_TRACING);
	l.info.prog_id = 9;
	l.info.tracing.target_obj_id = 30;
	EXPECT(l, "prog_type", "ext", "tracing of an ext (freplace) program: prog_type ext");
	EXPECT(l, "attach_type", "null", "and attach_type null, not the 0 the kernel gives (cgroup_inet_ingress)");
	EXPECT(l, "target_obj_id", "30", "freplace: target_obj_id");

	l = make(LC_LINK_TYPE_ITER);
	snprintf(l.name, sizeof(l.name), "bpf_map_elem");
	l.info.iter.map.map_id = 17;
	EXPECT(l, "target_name", "bpf_map_elem", "iter: target_name");
	EXPECT(l, "map_id", "17", "iter over a map: map_id");

	l = make(LC_LINK_TYPE_PERF_EVENT);
	l.info.perf_event.type = LC_PERF_EVENT_KRETPROBE;
	snprintf(l.name, sizeof(l.name), "do_sys_open");
	l.info.perf_event.kprobe.addr = 0xffffffff81234560ULL;
	EXPECT(l, "perf_event_type", "kretprobe", "perf_event: the kind");
	EXPECT(l, "retprobe", "true", "perf_event: retprobe");
	EXPECT(l, "func", "do_sys_open", "perf_event kprobe: func");
	EXPECT(l, "addr", "18446744071581156704", "perf_event kprobe: addr, exact");

	l = make(LC_LINK_TYPE_KPROBE_MULTI);
	l.info.kprobe_multi.count = 300;
	l.info.kprobe_multi.flags = 1;
	EXPECT(l, "func_cnt", "300", "kprobe_multi: func_cnt");
	EXPECT(l, "retprobe", "true", "kprobe_multi: retprobe");

	l = make(LC_LINK_TYPE_UPROBE_MULTI);
	snprintf(l.name, sizeof(l.name), "/usr/bin/bash");
	l.info.uprobe_multi.count = 2;
	l.info.uprobe_multi.pid = 77;
	EXPECT(l, "path", "/usr/bin/bash", "uprobe_multi: path");
	EXPECT(l, "pid", "77", "uprobe_multi: pid");
}

static void test_other_types(void)
{
	struct lc_link l = make(LC_LINK_TYPE_NETFILTER);

	l.info.netfilter.hooknum = 1;
	l.info.netfilter.priority = -100;
	EXPECT(l, "prio", "-100", "netfilter: prio (signed)");
	EXPECT(l, "hook", "1", "netfilter: hook");

	l = make(LC_LINK_TYPE_NETNS);
	l.info.netns.netns_ino = 4026531840u;
	l.info.netns.attach_type = LC_ATTACH_FLOW_DISSECTOR;
	EXPECT(l, "netns_ino", "4026531840", "netns: netns_ino");
	EXPECT(l, "attach_type", "flow_dissector", "netns: attach_type");

	l = make(LC_LINK_TYPE_SOCKMAP);
	l.info.sockmap.map_id = 5;
	l.info.sockmap.attach_type = 200;
	EXPECT(l, "attach_type", "200", "an unknown attach type is its number");
	EXPECT(l, "map_id", "5", "sockmap: map_id");

	l = make(LC_LINK_TYPE_CGROUP);
	l.info.cgroup.cgroup_id = 1ULL << 40;
	l.info.cgroup.attach_type = LC_ATTACH_CGROUP_INET_EGRESS;
	EXPECT(l, "cgroup_id", "1099511627776", "cgroup: 64-bit cgroup_id");
	EXPECT(l, "attach_type", "cgroup_inet_egress", "cgroup: attach_type");
}

/* Older kernels fill no detail of these types: zeroed info is "not reported", not a value. */
static void test_unreported_detail(void)
{
	static const struct {
		__u32 type;
		const char *keys[5];
	} cases[] = {
		{ LC_LINK_TYPE_PERF_EVENT, { "perf_event_type" } },
		{ LC_LINK_TYPE_KPROBE_MULTI, { "retprobe", "func_cnt", "missed" } },
		{ LC_LINK_TYPE_UPROBE_MULTI, { "retprobe", "path", "func_cnt", "pid" } },
	};
	char name[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lc_link l = make(cases[i].type);
		const char *type = lc_link_type_str(cases[i].type);

		for (const char *const *k = cases[i].keys; *k; k++) {
			snprintf(name, sizeof(name), "%s, zeroed info: %s null", type, *k);
			EXPECT(l, *k, "null", name);
		}
		snprintf(name, sizeof(name), "%s, zeroed info: detail_reason", type);
		EXPECT(l, "detail_reason", "not reported by this kernel", name);
	}
}

static void test_unreported_text(void)
{
	struct lc_link l = make(LC_LINK_TYPE_PERF_EVENT);
	char *text = print_text(&l);

	TAP_STREQ(text, "42: perf_event  prog 0 - tag -\n\tdetail not reported by this kernel\n",
		  "text: a perf_event link without detail says so (no 'unspec')");
	free(text);
}

/* A 6.7-like kernel: missed is filled, the cookies (6.9) are not; a 6.9-like one fills both. */
static void test_late_members(void)
{
	struct lc_link_fields f = { .known = true };
	struct lc_link l = make(LC_LINK_TYPE_PERF_EVENT);
	char *text;

	f.has[LC_LF_KPROBE_MULTI_MISSED] = f.has[LC_LF_PERF_KPROBE_MISSED] = true;
	lc_link_fields_set_kernel(&f);
	l.info.perf_event.type = LC_PERF_EVENT_KPROBE;
	snprintf(l.name, sizeof(l.name), "do_sys_open");
	EXPECT(l, "missed", "0", "6.7-like: perf_event kprobe missed 0 is a value");
	EXPECT(l, "cookie", "null", "6.7-like: perf_event kprobe cookie null");
	EXPECT(l, "cookie_reason", "not reported by this kernel", "6.7-like: and cookie_reason says why");
	EXPECT(l, "missed_reason", "(absent)", "6.7-like: no missed_reason");
	text = print_text(&l);
	TAP_STREQ(text, "42: perf_event  prog 0 - tag -\n\tperf_event_type kprobe  retprobe no"
		  "  func do_sys_open  offset 0  addr 0x0  missed 0  cookie (not reported by this kernel)\n",
		  "6.7-like text: cookie (not reported by this kernel)");
	free(text);
	l.info.perf_event.type = LC_PERF_EVENT_EVENT;
	EXPECT(l, "cookie", "null", "6.7-like: perf_event event cookie null");
	l.info.perf_event.type = LC_PERF_EVENT_TRACEPOINT;
	EXPECT(l, "cookie", "null", "6.7-like: perf_event tracepoint cookie null");
	l.info.perf_event.type = LC_PERF_EVENT_URETPROBE;
	EXPECT(l, "cookie", "null", "6.7-like: perf_event uprobe cookie null");

	memset(&f.has, 0, sizeof(f.has));
	lc_link_fields_set_kernel(&f);
	l = make(LC_LINK_TYPE_KPROBE_MULTI);
	l.info.kprobe_multi.count = 3;
	EXPECT(l, "missed", "null", "6.6-like: kprobe_multi missed null");
	EXPECT(l, "missed_reason", "not reported by this kernel", "6.6-like: missed_reason");
	EXPECT(l, "func_cnt", "3", "6.6-like: the rest of the detail as before");

	f = (struct lc_link_fields){ .known = false };
	lc_link_fields_set_kernel(&f);
	l.info.kprobe_multi.missed = 5;
	EXPECT(l, "missed", "5", "no BTF: a non-zero missed is a value");

	for (int i = 0; i < LC_LF_COUNT; i++)
		f.has[i] = true;
	f.known = true;
	lc_link_fields_set_kernel(&f);
	l = make(LC_LINK_TYPE_PERF_EVENT);
	l.info.perf_event.type = LC_PERF_EVENT_EVENT;
	EXPECT(l, "cookie", "0", "6.9-like: a zero cookie is a value");
	EXPECT(l, "cookie_reason", "(absent)", "6.9-like: no cookie_reason");
}

static void test_every_type_named(void)
{
	bool all = true;

	for (unsigned int t = 1; t <= LC_LINK_TYPE_MAX_KNOWN; t++)
		all &= lc_link_type_str(t) != NULL;
	TAP_OK(all, "every link type up to the newest known has a name");
}

int main(void)
{
	struct lc_link_fields all = { .known = true };

	/* every late member filled, as a 6.9+ kernel, whichever kernel runs the test */
	for (int i = 0; i < LC_LF_COUNT; i++)
		all.has[i] = true;
	lc_link_fields_set_kernel(&all);
	test_unknown_type();
	test_text();
	test_device_types();
	test_tracing_types();
	test_other_types();
	test_unreported_detail();
	test_unreported_text();
	test_late_members();
	test_every_type_named();
	return TAP_DONE();
}
