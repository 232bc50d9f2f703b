/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iter_records.h: the records linkctl's BPF iterators write, shared by the BPF programs
 * (bpf/) and their readers (lib/). Every byte is written by the program.
 */
#ifndef LC_BPF_ITER_RECORDS_H
#define LC_BPF_ITER_RECORDS_H

#include <linux/types.h>

/*
 * iter/bpf_link: one record per link. link_iter.bpf.c writes brief records, which end at
 * `detail` (LC_LINK_ITER_REC_BRIEF bytes); link_info_iter.bpf.c writes whole ones, each
 * followed by name_len bytes of the link's name.
 */
struct lc_link_iter_rec {
	__u32 link_id;              /* 0: a link being created, its ID not settled yet */
	__u32 type;                 /* enum bpf_link_type */
	__u32 prog_id;
	__u32 ifindex;              /* xdp, tcx, netkit: the device (0: none or detached) */
	__u32 netns_ino;            /* ... and its network namespace's inode */
	__u32 flags;                /* LC_LINK_REC_* */
	__u32 xdp_flags;            /* xdp: XDP_FLAGS_* it was created with (the mode asked for) */
	__u32 xdp_hook;             /* xdp: 1 + the mode whose hook holds this link; 0: none seen */
	/* detail: what BPF_OBJ_GET_INFO_BY_FD would report, where LC_LINK_REC_INFO says so */
	__u32 attach_type;          /* cgroup, netns, tcx */
	__u32 prog_type;
	__u64 obj_id;               /* netns: the namespace's inode */
	__u32 name_len;             /* bytes of name after the record, its NUL included; 0: none */
	__u32 pad;
	char prog_name[16];         /* the program's, as its info reports it */
	__u8 prog_tag[8];
};

#define LC_LINK_ITER_REC_BRIEF 32u  /* the size of a brief record */
#define LC_LINK_ITER_NAME_MAX 512u  /* a longer name is cut (as lib/link_info.c's buffer cuts it) */

#define LC_LINK_REC_DEV_BOUND 1u    /* a device link whose device the program could read */
#define LC_LINK_REC_DETACHED  2u    /* a device link without a device */
#define LC_LINK_REC_LINKCTL   4u    /* an iter link of one of linkctl's own iterators */
#define LC_LINK_REC_INFO      8u    /* detail: the record holds all the info of its type */

/* The programs' names, which mark their iter links as linkctl's (the kernel keeps 15 bytes). */
#define LC_LINK_ITER_PROG   "lc_link_iter"
#define LC_OWNERS_ITER_PROG "lc_owners_iter"
#define LC_NSFS_FDS_ITER_PROG "lc_nsfs_fds"
#define LC_SELF_HOOK_PROG "lc_self_hook"
#define LC_SELF_LINKS_PROG "lc_self_links"
#define LC_SELF_PREFIX "lc_self_"   /* the 8 bytes both share */

/* iter/task_file: one record per link fd of every task (owners_iter.bpf.c). */
struct lc_owner_iter_rec {
	__u32 tgid;
	__u32 fd;
	__u32 link_id;
	__u32 pad;
	char comm[16];              /* the process's: its group leader's comm */
};

/*
 * iter/task of the reader's own thread (self_hook.bpf.c): the XDP hooks of the device
 * with lc_ifindex in the reader's network namespace, as the device holds them.
 */
struct lc_self_hook_rec {
	__u32 ifindex;              /* 0: no such device found (or its chain is too long) */
	__u32 netns_ino;            /* the namespace the device was looked up in */
	__u32 prog_id[3];           /* by enum bpf_xdp_mode: what runs on the hook; 0: empty */
	__u32 link_id[3];           /* the bpf_link holding the hook; 0: none, or not settled */
	__u32 links;                /* bit m: a link holds hook m (its ID may not be settled) */
	__u32 pad;
};

/*
 * iter/task_file of the reader's own thread: each of its fds on one link, the link's
 * references, and its record as link_iter.bpf.c writes it: ID, type and the device part
 * (device, network namespace, XDP hook); prog_id and the detail are zero.
 */
struct lc_self_link_rec {
	__u32 fd;
	__u32 link_id;
	__s64 refcnt;               /* files and pins holding the link, and passing references */
	struct lc_link_iter_rec link;
};

/* iter/task_file: one record per nsfs fd (of any namespace type) of every task (nsfs_fds_iter.bpf.c). */
struct lc_nsfs_fd_rec {
	__u32 tgid;
	__u32 fd;
	__u64 ino;                  /* the namespace's inode */
	char comm[16];              /* the process's: its group leader's comm */
};

#endif
