// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_btf.c: lib/btf_vmlinux.c against libbpf's own BTF parser, on this kernel's BTF:
 * the same type IDs and the same member offsets for everything the owner iterator uses.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>

#include "tap.h"
#include "../../lib/btf_vmlinux.h"

/* The reference: libbpf's view, walking named members and anonymous ones. */
static long ref_member(const struct btf *btf, __u32 type_id, const char *name)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);
	const struct btf_member *m;

	while (t && (btf_is_typedef(t) || btf_is_mod(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_composite(t))
		return -1;
	m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++, m++) {
		const char *mname = btf__name_by_offset(btf, m->name_off);
		long inner;

		if (mname && *mname && !strcmp(mname, name))
			return btf_member_bit_offset(t, i) / 8;
		if ((!mname || !*mname) && (inner = ref_member(btf, m->type, name)) >= 0)
			return btf_member_bit_offset(t, i) / 8 + inner;
	}
	return -1;
}

static __u32 ref_member_type(const struct btf *btf, __u32 type_id, const char *name)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);
	const struct btf_member *m;

	while (t && (btf_is_typedef(t) || btf_is_mod(t)))
		t = btf__type_by_id(btf, t->type);
	m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++, m++) {
		const char *mname = btf__name_by_offset(btf, m->name_off);
		__u32 inner;

		if (mname && !strcmp(mname, name))
			return m->type;
		if ((!mname || !*mname) && (inner = ref_member_type(btf, m->type, name)))
			return inner;
	}
	return 0;
}

int main(void)
{
	struct lc_btf_want want[] = {
		{ "bpf_iter_task_file", BTF_KIND_FUNC }, { "file", BTF_KIND_STRUCT },
		{ "task_struct", BTF_KIND_STRUCT }, { "bpf_link", BTF_KIND_STRUCT },
		{ "no_such_struct_here", BTF_KIND_STRUCT },
	};
	static const struct { int type; const char *member; } simple[] = {
		{ 1, "f_inode" }, { 1, "private_data" }, { 2, "tgid" }, { 2, "comm" }, { 3, "id" },
	};
	struct btf *ref = btf__load_vmlinux_btf();
	struct lc_err err = { 0 };
	struct lc_btf b;
	__u32 off, size;
	char name[96];

	if (!ref) {
		printf("1..0 # skip: no kernel BTF\n");
		return 0;
	}
	TAP_OK(!lc_btf_vmlinux_open(&b, want, 5, &err), "the kernel's BTF is read and indexed");
	TAP_OK(b.ntypes == btf__type_cnt(ref), "as many types as libbpf counts");
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "type ID of %s is libbpf's", want[i].name);
		TAP_OK(want[i].id && (int)want[i].id == btf__find_by_name_kind(ref, want[i].name, want[i].kind), name);
	}
	TAP_OK(want[4].id == 0, "a type the kernel does not have is not found");
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		__u32 type = want[simple[i].type].id;

		snprintf(name, sizeof(name), "%s.%s at libbpf's offset", want[simple[i].type].name, simple[i].member);
		TAP_OK(!lc_btf_member(&b, type, simple[i].member, &off, &size) &&
		       (long)off == ref_member(ref, type, simple[i].member), name);
	}
	TAP_OK(!lc_btf_member(&b, want[2].id, "comm", &off, &size) && size == 16, "task_struct.comm is 16 bytes");
	TAP_OK(!lc_btf_member(&b, want[3].id, "id", &off, &size) && size == 4, "bpf_link.id is 4 bytes");
	{
		/* a path through a member struct: file.f_path.dentry */
		__u32 path_type = ref_member_type(ref, want[1].id, "f_path");
		long want_off = ref_member(ref, want[1].id, "f_path") + ref_member(ref, path_type, "dentry");

		TAP_OK(!lc_btf_member(&b, want[1].id, "f_path.dentry", &off, &size) && (long)off == want_off &&
		       size == sizeof(void *), "file.f_path.dentry: a dotted path adds the offsets up");
	}
	TAP_OK(lc_btf_member(&b, want[1].id, "no_such_member", &off, &size) == -ENOENT,
	       "a missing member is -ENOENT");
	TAP_OK(lc_btf_member(&b, want[1].id, "f_inode.i_sb.x", &off, &size) == -ENOENT,
	       "a path through a pointer (not a struct) is -ENOENT");
	lc_btf_close(&b);
	btf__free(ref);
	return TAP_DONE();
}
