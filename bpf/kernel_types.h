/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel_types.h: the few kernel structure members linkctl's iterators read, declared for
 * CO-RE: the kernel's loader finds each member in the running kernel's BTF by name, so
 * only what is read is declared and offsets here mean nothing. A member of enum type is
 * declared with that enum type (a CO-RE relocation checks the kind).
 */
#ifndef LC_BPF_KERNEL_TYPES_H
#define LC_BPF_KERNEL_TYPES_H

#include <linux/types.h>
#include <stdbool.h>
#include <linux/bpf.h>          /* enum bpf_link_type: uapi */

#define PAI __attribute__((preserve_access_index))

/* Link types newer than Debian's 6.1 uapi headers (their values are uapi, never change). */
#define LC_BPF_LINK_TYPE_TCX    11
#define LC_BPF_LINK_TYPE_NETKIT 13

/*
 * Without CO-RE: seq opens the iterator programs' context (its layout is their ABI), and
 * the kernel's cache of CO-RE candidates has 31 slots, by name hash, for every program's
 * relocations: this name shares one with tracepoint, which the link info iterator reads.
 */
struct bpf_iter_meta {
	struct seq_file *seq;
};

/*
 * An iterator program's seq_file, read once before any branch: the verifier looks a
 * pointer loaded from a trusted one up by name in the whole kernel BTF, again on every
 * path that reaches the load.
 */
#define LC_ITER_SEQ(ctx) ((ctx)->meta->seq)

struct ns_common {
	unsigned int inum;
} PAI;

struct hlist_node {
	struct hlist_node *next;
} PAI;

struct hlist_head {
	struct hlist_node *first;
} PAI;

struct net {
	struct ns_common ns;
	struct hlist_head *dev_index_head;  /* by ifindex: NETDEV_HASHENTRIES chains */
} PAI;

typedef struct {
	struct net *net;
} possible_net_t;

struct bpf_xdp_link;

/* One XDP hook of a device, indexed by enum bpf_xdp_mode (skb, drv, hw) since 5.9. */
struct bpf_xdp_entity {
	struct bpf_prog *prog;
	struct bpf_xdp_link *link;
} PAI;

struct net_device {
	int ifindex;
	struct hlist_node index_hlist;
	possible_net_t nd_net;
	struct bpf_xdp_entity xdp_state[3];
} PAI;

struct bpf_prog_aux {
	__u32 id;
	char name[16];
} PAI;

struct bpf_prog {
	enum bpf_prog_type type;
	__u8 tag[8];
	struct bpf_prog_aux *aux;
} PAI;

typedef struct {
	__s64 counter;
} atomic64_t;

struct bpf_link {
	atomic64_t refcnt;                  /* one per file, one per pin, and passing ones */
	__u32 id;
	enum bpf_link_type type;
	struct bpf_prog *prog;
	enum bpf_attach_type attach_type;   /* 6.17+; before, each type kept its own */
} PAI;

struct tracepoint {
	const char *name;
} PAI;

struct bpf_raw_event_map {
	struct tracepoint *tp;
} PAI;

struct bpf_raw_tp_link {
	struct bpf_link link;
	struct bpf_raw_event_map *btp;
} PAI;

struct kernfs_node {
	__u64 id;
} PAI;

struct cgroup {
	struct kernfs_node *kn;
} PAI;

struct bpf_cgroup_link {
	struct bpf_link link;
	struct cgroup *cgroup;
	enum bpf_attach_type type;          /* before 6.17 */
} PAI;

struct bpf_netns_link {
	struct bpf_link link;
	enum bpf_attach_type type;          /* before 6.17 */
	struct net *net;
} PAI;


struct bpf_xdp_link {
	struct bpf_link link;
	struct net_device *dev;
	int flags;
} PAI;

/* 6.6+ */
struct tcx_link {
	struct bpf_link link;
	struct net_device *dev;
	__u32 location;                     /* the attach type, before 6.17 */
} PAI;

/* 6.7+, and only where netkit is built */
struct netkit_link {
	struct bpf_link link;
	struct net_device *dev;
} PAI;

struct bpf_iter__bpf_link {
	struct bpf_iter_meta *meta;
	struct bpf_link *link;
} PAI;

struct nsproxy {
	struct net *net_ns;
} PAI;

struct task_struct {
	int pid;
	int tgid;
	struct nsproxy *nsproxy;
	struct task_struct *group_leader;
	char comm[16];
} PAI;

struct super_block {
	unsigned long s_magic;
} PAI;

struct inode {
	struct super_block *i_sb;
	unsigned long i_ino;
} PAI;

struct qstr {
	const unsigned char *name;
} PAI;

struct dentry {
	struct qstr d_name;
	struct super_block *d_sb;
} PAI;

struct path {
	struct dentry *dentry;
} PAI;

struct file {
	struct path f_path;
	struct inode *f_inode;
	const void *f_op;                   /* struct file_operations: only compared */
	void *private_data;
} PAI;

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} PAI;

struct bpf_iter__task_file {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
	__u32 fd;
	struct file *file;
} PAI;

#endif
