// SPDX-License-Identifier: GPL-2.0-only
/*
 * owners_iter.c: a task_file iterator built here, instruction by instruction, with the
 * structure offsets of the running kernel read from its BTF. Compiling it with clang and
 * loading it through libbpf would make libbpf parse all of vmlinux's BTF for CO-RE (7 ms)
 * on every listing; the program is 50 instructions, the offsets are nine.
 *
 * For each open file it checks, in the kernel, that the file is an anonymous inode named
 * "bpf_link" (made by BPF_LINK_CREATE) or "bpf-link" (opened by ID or from a pin), then
 * writes one record: the holder's pid and comm, the fd, and the link's ID. Pointers are
 * followed by typed loads (the verifier checks each offset against the kernel's BTF, and
 * a fault reads as 0), a sixth faster than bpf_probe_read_kernel calls; untyped memory
 * (the name, the link behind private_data, comm) is read with the helpers.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/btf.h>

#include "btf_vmlinux.h"
#include "grow.h"
#include "owners_iter.h"

#define ANON_INODE_FS_MAGIC 0x09041934

/* One record of the iterator's output; the program writes every byte of it. */
struct iter_rec {
	__u32 tgid;
	__u32 fd;
	__u32 link_id;
	__u32 pad;
	char comm[16];
};

/* Where things are in this kernel's structures. */
struct offsets {
	__u32 ctx_meta, ctx_task, ctx_fd, ctx_file, meta_seq;
	__u32 f_inode, i_sb, s_magic, f_dentry, d_name, private_data, link_id, tgid, comm;
};

enum { W_FUNC, W_CTX, W_META, W_FILE, W_INODE, W_SB, W_DENTRY, W_LINK, W_TASK, W_COUNT };

/* Each offset: the struct (a W_ index), the member's path in it, and its size (what the program loads). */
static const struct {
	int type;
	const char *path;
	__u32 size;
	size_t at;                  /* where in struct offsets */
} fields[] = {
	{ W_CTX, "meta", 8, offsetof(struct offsets, ctx_meta) },
	{ W_CTX, "task", 8, offsetof(struct offsets, ctx_task) },
	{ W_CTX, "fd", 4, offsetof(struct offsets, ctx_fd) },
	{ W_CTX, "file", 8, offsetof(struct offsets, ctx_file) },
	{ W_META, "seq", 8, offsetof(struct offsets, meta_seq) },
	{ W_FILE, "f_inode", 8, offsetof(struct offsets, f_inode) },
	{ W_INODE, "i_sb", 8, offsetof(struct offsets, i_sb) },
	{ W_SB, "s_magic", 8, offsetof(struct offsets, s_magic) },
	{ W_FILE, "f_path.dentry", 8, offsetof(struct offsets, f_dentry) },
	{ W_DENTRY, "d_name.name", 8, offsetof(struct offsets, d_name) },
	{ W_FILE, "private_data", 8, offsetof(struct offsets, private_data) },
	{ W_LINK, "id", 4, offsetof(struct offsets, link_id) },
	{ W_TASK, "tgid", 4, offsetof(struct offsets, tgid) },
	{ W_TASK, "comm", 16, offsetof(struct offsets, comm) },
};

/* A member offset, checked to have the size the program loads. */
static int member(const struct lc_btf *b, __u32 type, const char *path, __u32 size, __u32 *off)
{
	__u32 got;

	if (lc_btf_member(b, type, path, off, &got))
		return -ENOENT;
	return !size || got == size ? 0 : -ENOENT;
}

static int find_offsets(struct offsets *o, __u32 *func_id, struct lc_err *err)
{
	struct lc_btf_want w[W_COUNT] = {
		[W_FUNC] = { "bpf_iter_task_file", BTF_KIND_FUNC },
		[W_CTX] = { "bpf_iter__task_file", BTF_KIND_STRUCT },
		[W_META] = { "bpf_iter_meta", BTF_KIND_STRUCT },
		[W_FILE] = { "file", BTF_KIND_STRUCT },
		[W_INODE] = { "inode", BTF_KIND_STRUCT },
		[W_SB] = { "super_block", BTF_KIND_STRUCT },
		[W_DENTRY] = { "dentry", BTF_KIND_STRUCT },
		[W_LINK] = { "bpf_link", BTF_KIND_STRUCT },
		[W_TASK] = { "task_struct", BTF_KIND_STRUCT },
	};
	struct lc_btf b;
	int rc = lc_btf_vmlinux_open(&b, w, W_COUNT, err);

	if (rc)
		return rc;
	for (int i = 0; i < W_COUNT; i++)
		if (!w[i].id) {
			lc_btf_close(&b);
			return lc_err_msg(err, -EOPNOTSUPP, "no %s in the kernel BTF", w[i].name);
		}
	for (size_t i = 0; !rc && i < sizeof(fields) / sizeof(fields[0]); i++)
		rc = member(&b, w[fields[i].type].id, fields[i].path, fields[i].size,
			    (__u32 *)((char *)o + fields[i].at));
	*func_id = w[W_FUNC].id;
	lc_btf_close(&b);
	return rc ? lc_err_msg(err, -EOPNOTSUPP, "kernel structures not as expected") : 0;
}

/* The program, as it is assembled: failed checks jump to one exit, patched at the end. */
struct prog {
	struct bpf_insn insn[160];
	unsigned int n;
	unsigned int to_exit[32], nexit;
	bool overflow;
};

static void emit(struct prog *p, __u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	if (p->n == sizeof(p->insn) / sizeof(p->insn[0])) {
		p->overflow = true;
		return;
	}
	p->insn[p->n++] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
					     .off = off, .imm = imm };
}

static void ld_imm64(struct prog *p, __u8 dst, __u64 v)
{
	emit(p, BPF_LD | BPF_DW | BPF_IMM, dst, 0, 0, (__s32)(__u32)v);
	emit(p, 0, 0, 0, 0, (__s32)(__u32)(v >> 32));
}

/* if (dst OP src_or_imm) goto exit: the jump's offset is filled in once the exit is placed */
static void exit_jump(struct prog *p, __u8 code, __u8 dst, __u8 src, __s32 imm)
{
	if (p->nexit < sizeof(p->to_exit) / sizeof(p->to_exit[0]))
		p->to_exit[p->nexit++] = p->n;
	else
		p->overflow = true;
	emit(p, code, dst, src, 0, imm);
}

static void exit_if(struct prog *p, __u8 op, __u8 dst, __s32 imm)
{
	exit_jump(p, BPF_JMP | op | BPF_K, dst, 0, imm);
}

static void exit_if_reg(struct prog *p, __u8 op, __u8 dst, __u8 src)
{
	exit_jump(p, BPF_JMP | op | BPF_X, dst, src, 0);
}

/* bpf_probe_read_kernel(fp + stack, size, src + off): r0 is the result. */
static void probe_read(struct prog *p, int fn, __s16 stack, __s32 size, __u8 src, __s32 off)
{
	emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_10, 0, 0);
	emit(p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, stack);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, size);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, src, 0, 0);
	emit(p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, off);
	emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, fn);
}

static __u64 name8(const char *s)
{
	__u64 v;

	memcpy(&v, s, 8);
	return v;
}

/* Stack: fp-24 the dentry name (16 bytes); fp-56 the record (32 bytes). */
#define STACK_NAME  (-24)
#define STACK_REC   (-56)
#define REC(field)  ((__s16)(STACK_REC + (int)offsetof(struct iter_rec, field)))

static void assemble(struct prog *p, const struct offsets *o)
{
	unsigned int jump_is_link, exit_at;

	emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0);             /* r6 = ctx */
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_7, BPF_REG_6, (__s16)o->ctx_file, 0);
	exit_if(p, BPF_JEQ, BPF_REG_7, 0);                                            /* r7 = file */
	/* an anonymous inode ... (typed loads: the verifier knows these members from BTF) */
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_7, (__s16)o->f_inode, 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_8, (__s16)o->i_sb, 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_8, (__s16)o->s_magic, 0);
	exit_if(p, BPF_JNE, BPF_REG_8, ANON_INODE_FS_MAGIC);
	/* ... named bpf_link or bpf-link */
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_7, (__s16)o->f_dentry, 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_8, (__s16)o->d_name, 0);
	exit_if(p, BPF_JEQ, BPF_REG_8, 0);
	probe_read(p, BPF_FUNC_probe_read_kernel_str, STACK_NAME, 16, BPF_REG_8, 0);
	exit_if(p, BPF_JNE, BPF_REG_0, 9);
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_10, STACK_NAME, 0);
	ld_imm64(p, BPF_REG_9, name8("bpf_link"));
	jump_is_link = p->n;
	emit(p, BPF_JMP | BPF_JEQ | BPF_X, BPF_REG_8, BPF_REG_9, 0, 0);
	ld_imm64(p, BPF_REG_9, name8("bpf-link"));
	exit_if_reg(p, BPF_JNE, BPF_REG_8, BPF_REG_9);
	p->insn[jump_is_link].off = (__s16)(p->n - jump_is_link - 1);
	/* the record: link ID, fd, pid, comm */
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_7, (__s16)o->private_data, 0);
	exit_if(p, BPF_JEQ, BPF_REG_8, 0);
	probe_read(p, BPF_FUNC_probe_read_kernel, REC(link_id),
		   4, BPF_REG_8, (__s32)o->link_id);
	exit_if(p, BPF_JNE, BPF_REG_0, 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_1, BPF_REG_6, (__s16)o->ctx_fd, 0);
	emit(p, BPF_STX | BPF_MEM | BPF_W, BPF_REG_10, BPF_REG_1,
	     REC(fd), 0);
	emit(p, BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, REC(pad), 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_6, (__s16)o->ctx_task, 0);
	exit_if(p, BPF_JEQ, BPF_REG_8, 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_1, BPF_REG_8, (__s16)o->tgid, 0);
	emit(p, BPF_STX | BPF_MEM | BPF_W, BPF_REG_10, BPF_REG_1, REC(tgid), 0);
	probe_read(p, BPF_FUNC_probe_read_kernel, REC(comm),
		   16, BPF_REG_8, (__s32)o->comm);
	/* bpf_seq_write(ctx->meta->seq, record, sizeof record) */
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_6, (__s16)o->ctx_meta, 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_1, (__s16)o->meta_seq, 0);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0);
	emit(p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, STACK_REC);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, sizeof(struct iter_rec));
	emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_seq_write);
	exit_at = p->n;
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	for (unsigned int i = 0; i < p->nexit; i++)
		p->insn[p->to_exit[i]].off = (__s16)(exit_at - p->to_exit[i] - 1);
}

static int load_prog(struct lc_err *err)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_ITER);
	struct offsets off;
	struct prog p = { 0 };
	int fd, rc = find_offsets(&off, &opts.attach_btf_id, err);

	if (rc)
		return rc;
	assemble(&p, &off);
	if (p.overflow)
		return lc_err_msg(err, -E2BIG, "owner iterator program too long");
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, LC_OWNERS_ITER_PROG_NAME, "GPL", p.insn, p.n, &opts);
	return fd >= 0 ? fd : lc_err_set(err, -errno, "cannot load the owner iterator");
}

/* Read the iterator's output whole. */
static int read_records(int iter_fd, char **buf, size_t *len, struct lc_err *err)
{
	size_t cap = 64 * 1024;
	unsigned int restarts = 0;
	ssize_t n;

	*len = 0;
	*buf = malloc(cap);
	if (!*buf)
		return lc_err_msg(err, -ENOMEM, "cannot read the owner iterator");
	for (;;) {
		if (cap - *len < 4096) {
			char *bigger = realloc(*buf, cap * 2);

			if (!bigger)
				return lc_err_msg(err, -ENOMEM, "cannot read the owner iterator");
			*buf = bigger;
			cap *= 2;
		}
		n = read(iter_fd, *buf + *len, cap - *len);
		if (n == 0)
			return 0;
		if (n < 0 && errno == EAGAIN && ++restarts < 100)  /* a task changed under it: again */
			continue;
		if (n < 0)
			return lc_err_set(err, -errno, "cannot read the owner iterator");
		*len += (size_t)n;
	}
}

static int run_iter(int prog_fd, char **buf, size_t *len, __u32 *link_id, struct lc_err *err)
{
	struct bpf_link_info info = { 0 };
	__u32 info_len = sizeof(info);
	int link_fd, iter_fd, rc;

	*buf = NULL;
	link_fd = bpf_link_create(prog_fd, 0, BPF_TRACE_ITER, NULL);
	if (link_fd < 0)
		return lc_err_set(err, -errno, "cannot attach the owner iterator");
	if (bpf_obj_get_info_by_fd(link_fd, &info, &info_len)) {
		rc = lc_err_set(err, -errno, "cannot read the owner iterator's link");
		close(link_fd);
		return rc;
	}
	*link_id = info.id;
	iter_fd = bpf_iter_create(link_fd);
	if (iter_fd < 0) {
		rc = lc_err_set(err, -errno, "cannot start the owner iterator");
	} else {
		rc = read_records(iter_fd, buf, len, err);
		close(iter_fd);
	}
	close(link_fd);
	return rc;
}

/*
 * Records into o; our own are left out, after one of them proved the kernel's pids
 * are ours: the iterator's link itself, which this process holds.
 */
static int take_records(const char *buf, size_t len, __u32 link_id, struct lc_owners *o,
			struct lc_err *err)
{
	pid_t self = getpid();
	size_t start = o->n;
	bool saw_self = false;

	for (size_t at = 0; at + sizeof(struct iter_rec) <= len; at += sizeof(struct iter_rec)) {
		struct iter_rec r;
		struct lc_owner *v;

		memcpy(&r, buf + at, sizeof(r));
		if (r.link_id == link_id && (pid_t)r.tgid == self)
			saw_self = true;
		if ((pid_t)r.tgid == self || !r.link_id)
			continue;
		v = lc_grow(o->v, &o->cap, o->n, sizeof(*v));
		if (!v) {
			o->n = start;
			return lc_err_msg(err, -ENOMEM, "cannot record fd owners");
		}
		o->v = v;
		o->v[o->n].obj_id = r.link_id;
		o->v[o->n].pid = (pid_t)r.tgid;
		o->v[o->n].fd = (int)r.fd;
		memcpy(o->v[o->n].comm, r.comm, sizeof(r.comm));
		o->v[o->n].comm[sizeof(r.comm) - 1] = '\0';
		o->n++;
	}
	if (!saw_self) {    /* another pid namespace: the kernel's pids would mislead */
		o->n = start;
		return lc_err_msg(err, -EOPNOTSUPP, "the owner iterator's pids are not this namespace's");
	}
	return 0;
}

int lc_owners_iter_links(struct lc_owners *o, __u32 *scanner_link_id, struct lc_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	int prog_fd, rc;

	*scanner_link_id = 0;
	prog_fd = load_prog(err);
	if (prog_fd < 0)
		return prog_fd;
	rc = run_iter(prog_fd, &buf, &len, scanner_link_id, err);
	close(prog_fd);
	if (!rc)
		rc = take_records(buf, len, *scanner_link_id, o, err);
	free(buf);
	return rc;
}
