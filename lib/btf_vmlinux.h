/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * btf_vmlinux.h: the few lookups linkctl needs in the kernel's BTF (type IDs by name,
 * member offsets), read straight from /sys/kernel/btf/vmlinux. libbpf's parser checks
 * and indexes all 130,000 types for 7 ms; one pass that only records where each type
 * starts takes a fraction of that, and a listing waits on it.
 */
#ifndef LC_BTF_VMLINUX_H
#define LC_BTF_VMLINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"

struct lc_btf {
	void *data;
	size_t len;
	bool mapped;                /* data is an mmap of the sysfs file, else a malloc'd copy */
	const char *types, *strs;
	__u32 types_len, strs_len;
	__u32 *type_off;            /* type ID -> offset in types; ID 0 is void */
	__u32 ntypes;
};

/* Wanted named types: filled in by one pass over all of them. */
struct lc_btf_want {
	const char *name;
	unsigned int kind;          /* BTF_KIND_STRUCT, BTF_KIND_FUNC, ... */
	__u32 id;                   /* out: 0 when not found */
};

int lc_btf_vmlinux_open(struct lc_btf *b, struct lc_btf_want *want, size_t nwant,
			struct lc_err *err);
/*
 * The byte offset of a member of struct/union type_id, by a dotted path through named
 * members ("f_path.dentry"); anonymous structs and unions on the way are looked into.
 * Returns 0 with *off and *size (the member's byte size), or -ENOENT.
 */
int lc_btf_member(const struct lc_btf *b, __u32 type_id, const char *path, __u32 *off,
		  __u32 *size);
void lc_btf_close(struct lc_btf *b);

#endif
