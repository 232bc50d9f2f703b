// SPDX-License-Identifier: GPL-2.0-only
/* btf_vmlinux.c: one pass over the kernel's BTF: where each type starts, and named types wanted. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/btf.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "btf_vmlinux.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

/* Bytes that follow struct btf_type for this kind; -1 for a kind newer than we know. */
static long type_extra(const struct btf_type *t)
{
	__u32 vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return (long)vlen * 12;     /* struct btf_enum64: val_lo32, val_hi32, name_off */
	default:
		return -1;
	}
}

/* The string at off in the string section; "" for an offset past it. */
static const char *str_at(const struct lc_btf *b, __u32 off)
{
	return off < b->strs_len ? b->strs + off : "";
}

static const char *type_name(const struct lc_btf *b, const struct btf_type *t)
{
	return str_at(b, t->name_off);
}

static const struct btf_type *type_by_id(const struct lc_btf *b, __u32 id)
{
	return id && id < b->ntypes ? (const struct btf_type *)(b->types + b->type_off[id]) : NULL;
}

static int read_file(struct lc_btf *b, struct lc_err *err)
{
	struct stat st;
	size_t got = 0;
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return lc_err_set(err, -errno, "cannot open %s", VMLINUX_BTF);
	if (fstat(fd, &st) || st.st_size < (off_t)sizeof(struct btf_header)) {
		close(fd);
		return lc_err_msg(err, -EINVAL, "cannot read " VMLINUX_BTF);
	}
	b->len = (size_t)st.st_size;
	/* kernels from 6.16 let the file be mapped: no copy of its 5 MB */
	b->data = mmap(NULL, b->len, PROT_READ, MAP_PRIVATE, fd, 0);
	b->mapped = b->data != MAP_FAILED;
	if (!b->mapped && (b->data = malloc(b->len))) {
		ssize_t n = 1;

		while (got < b->len && (n = read(fd, (char *)b->data + got, b->len - got)) > 0)
			got += (size_t)n;
		if (got < b->len) {
			free(b->data);
			b->data = NULL;
		}
	}
	close(fd);
	if (!b->mapped && !b->data)
		return lc_err_msg(err, -EIO, "cannot read " VMLINUX_BTF);
	return 0;
}

static void want_match(const char *name, unsigned int kind, __u32 id, struct lc_btf_want *want,
		       size_t nwant)
{
	for (size_t i = 0; i < nwant; i++)
		if (!want[i].id && want[i].kind == kind && !strcmp(want[i].name, name))
			want[i].id = id;
}

static int index_types(struct lc_btf *b, struct lc_btf_want *want, size_t nwant, struct lc_err *err)
{
	size_t cap = b->types_len / sizeof(struct btf_type) + 1, pos = 0;
	bool first_byte[256] = { false };   /* most names fail here, before any strcmp */
	__u32 id = 1;

	for (size_t i = 0; i < nwant; i++)
		first_byte[(unsigned char)want[i].name[0]] = true;

	b->type_off = malloc(cap * sizeof(*b->type_off));
	if (!b->type_off)
		return lc_err_msg(err, -ENOMEM, "cannot index the kernel BTF");
	while (pos + sizeof(struct btf_type) <= b->types_len && id < cap) {
		const struct btf_type *t = (const void *)(b->types + pos);
		long extra = type_extra(t);
		unsigned int kind = BTF_INFO_KIND(t->info);

		if (extra < 0)
			return lc_err_msg(err, -EOPNOTSUPP, "unknown kind %u in the kernel BTF", kind);
		b->type_off[id] = (__u32)pos;
		if (t->name_off && (kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION ||
				    kind == BTF_KIND_FUNC) &&
		    first_byte[(unsigned char)type_name(b, t)[0]])
			want_match(type_name(b, t), kind, id, want, nwant);
		pos += sizeof(*t) + (size_t)extra;
		id++;
	}
	if (pos != b->types_len)
		return lc_err_msg(err, -EINVAL, "malformed kernel BTF");
	b->ntypes = id;
	return 0;
}

int lc_btf_vmlinux_open(struct lc_btf *b, struct lc_btf_want *want, size_t nwant,
			struct lc_err *err)
{
	const struct btf_header *h;
	int rc;

	memset(b, 0, sizeof(*b));
	for (size_t i = 0; i < nwant; i++)
		want[i].id = 0;
	rc = read_file(b, err);
	if (rc)
		return rc;
	h = b->data;
	if (h->magic != BTF_MAGIC || h->hdr_len < sizeof(*h) || h->hdr_len > b->len ||
	    (size_t)h->hdr_len + h->type_off + h->type_len > b->len ||
	    (size_t)h->hdr_len + h->str_off + h->str_len > b->len || !h->str_len) {
		lc_btf_close(b);
		return lc_err_msg(err, -EINVAL, "malformed kernel BTF");
	}
	b->types = (const char *)b->data + h->hdr_len + h->type_off;
	b->types_len = h->type_len;
	b->strs = (const char *)b->data + h->hdr_len + h->str_off;
	b->strs_len = h->str_len;
	if (b->strs[b->strs_len - 1] != '\0') {
		lc_btf_close(b);
		return lc_err_msg(err, -EINVAL, "malformed kernel BTF");
	}
	rc = index_types(b, want, nwant, err);
	if (rc)
		lc_btf_close(b);
	return rc;
}

/* The type behind typedefs and qualifiers. */
static const struct btf_type *skip_mods(const struct lc_btf *b, __u32 id)
{
	const struct btf_type *t = type_by_id(b, id);

	for (int depth = 0; t && depth < 32; depth++) {
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
			t = type_by_id(b, t->type);
			continue;
		default:
			return t;
		}
	}
	return NULL;
}

static __u32 type_size(const struct lc_btf *b, __u32 id)
{
	const struct btf_type *t = skip_mods(b, id);

	if (!t)
		return 0;
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_PTR:
		return sizeof(void *);
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = (const void *)(t + 1);

		return a->nelems * type_size(b, a->type);
	}
	case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: case BTF_KIND_FLOAT:
		return t->size;
	default:
		return 0;
	}
}

static bool is_composite(const struct btf_type *t)
{
	return t && (BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT ||
		     BTF_INFO_KIND(t->info) == BTF_KIND_UNION);
}

/* Member name (of len bytes) of composite t, looking into anonymous members too. */
static const struct btf_member *find_member(const struct lc_btf *b, const struct btf_type *t,
					    const char *name, size_t len, __u32 *bits, int depth)
{
	const struct btf_member *m = (const void *)(t + 1);
	bool kflag = BTF_INFO_KFLAG(t->info);

	for (__u32 i = 0; i < BTF_INFO_VLEN(t->info); i++, m++) {
		__u32 at = kflag ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
		const char *mname = str_at(b, m->name_off);
		const struct btf_type *mt;
		const struct btf_member *inner;

		if (*mname) {
			if (!strncmp(mname, name, len) && !mname[len]) {
				*bits += at;
				return m;
			}
			continue;
		}
		mt = skip_mods(b, m->type);
		if (depth < 8 && is_composite(mt) &&
		    (inner = find_member(b, mt, name, len, bits, depth + 1))) {
			*bits += at;
			return inner;
		}
	}
	return NULL;
}

int lc_btf_member(const struct lc_btf *b, __u32 type_id, const char *path, __u32 *off,
		  __u32 *size)
{
	const struct btf_type *t = skip_mods(b, type_id);
	const struct btf_member *m = NULL;
	__u32 bits = 0;

	while (*path) {
		size_t len = strcspn(path, ".");

		if (!is_composite(t) || !(m = find_member(b, t, path, len, &bits, 0)))
			return -ENOENT;
		t = skip_mods(b, m->type);
		path += len + (path[len] == '.');
	}
	if (!m || bits % 8)
		return -ENOENT;
	*off = bits / 8;
	*size = type_size(b, m->type);
	return 0;
}

void lc_btf_close(struct lc_btf *b)
{
	if (b->mapped)
		munmap(b->data, b->len);
	else
		free(b->data);
	free(b->type_off);
	memset(b, 0, sizeof(*b));
}
