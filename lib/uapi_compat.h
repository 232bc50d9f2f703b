/* SPDX-License-Identifier: GPL-2.0-only */
/* uapi_compat.h: BPF/XDP uapi constants and link-info layout newer than the 6.1 headers we build against. */
#ifndef LC_UAPI_COMPAT_H
#define LC_UAPI_COMPAT_H

#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/types.h>

/*
 * Debian 12 builds against Linux 6.1 uapi headers; linkctl runs on that kernel and on
 * newer ones (6.18 is the newest it is tested on). Enum members cannot be tested with
 * #ifdef, so every enum value linkctl decodes is mirrored here as an LC_-prefixed macro
 * with its fixed ABI number, checked against the 6.18 kernel's own BTF
 * (/sys/kernel/btf/vmlinux). A value an older kernel lacks is never returned by it.
 */

/* ---- enum bpf_link_type ------------------------------------------------ */
/* 0..9 exist in the 6.1 headers; 10..14 are newer. */
#define LC_LINK_TYPE_UNSPEC                      0
#define LC_LINK_TYPE_RAW_TRACEPOINT              1
#define LC_LINK_TYPE_TRACING                     2
#define LC_LINK_TYPE_CGROUP                      3
#define LC_LINK_TYPE_ITER                        4
#define LC_LINK_TYPE_NETNS                       5
#define LC_LINK_TYPE_XDP                         6
#define LC_LINK_TYPE_PERF_EVENT                  7
#define LC_LINK_TYPE_KPROBE_MULTI                8
#define LC_LINK_TYPE_STRUCT_OPS                  9
#define LC_LINK_TYPE_NETFILTER                   10
#define LC_LINK_TYPE_TCX                         11
#define LC_LINK_TYPE_UPROBE_MULTI                12
#define LC_LINK_TYPE_NETKIT                      13
#define LC_LINK_TYPE_SOCKMAP                     14

#define LC_LINK_TYPE_MAX_KNOWN                   14

/* ---- enum bpf_attach_type ---------------------------------------------- */
/*
 * The macro names are the enum names with "BPF_" replaced by "LC_ATTACH_", and
 * lib/names.c prints each as the kernel's name lowercased without "BPF_": keep the
 * two in step with the kernel's names.
 * Values are sequential, 0..57 in 6.18.
 */
#define LC_ATTACH_CGROUP_INET_INGRESS            0
#define LC_ATTACH_CGROUP_INET_EGRESS             1
#define LC_ATTACH_CGROUP_INET_SOCK_CREATE        2
#define LC_ATTACH_CGROUP_SOCK_OPS                3
#define LC_ATTACH_SK_SKB_STREAM_PARSER           4
#define LC_ATTACH_SK_SKB_STREAM_VERDICT          5
#define LC_ATTACH_CGROUP_DEVICE                  6
#define LC_ATTACH_SK_MSG_VERDICT                 7
#define LC_ATTACH_CGROUP_INET4_BIND              8
#define LC_ATTACH_CGROUP_INET6_BIND              9
#define LC_ATTACH_CGROUP_INET4_CONNECT           10
#define LC_ATTACH_CGROUP_INET6_CONNECT           11
#define LC_ATTACH_CGROUP_INET4_POST_BIND         12
#define LC_ATTACH_CGROUP_INET6_POST_BIND         13
#define LC_ATTACH_CGROUP_UDP4_SENDMSG            14
#define LC_ATTACH_CGROUP_UDP6_SENDMSG            15
#define LC_ATTACH_LIRC_MODE2                     16
#define LC_ATTACH_FLOW_DISSECTOR                 17
#define LC_ATTACH_CGROUP_SYSCTL                  18
#define LC_ATTACH_CGROUP_UDP4_RECVMSG            19
#define LC_ATTACH_CGROUP_UDP6_RECVMSG            20
#define LC_ATTACH_CGROUP_GETSOCKOPT              21
#define LC_ATTACH_CGROUP_SETSOCKOPT              22
#define LC_ATTACH_TRACE_RAW_TP                   23
#define LC_ATTACH_TRACE_FENTRY                   24
#define LC_ATTACH_TRACE_FEXIT                    25
#define LC_ATTACH_MODIFY_RETURN                  26
#define LC_ATTACH_LSM_MAC                        27
#define LC_ATTACH_TRACE_ITER                     28
#define LC_ATTACH_CGROUP_INET4_GETPEERNAME       29
#define LC_ATTACH_CGROUP_INET6_GETPEERNAME       30
#define LC_ATTACH_CGROUP_INET4_GETSOCKNAME       31
#define LC_ATTACH_CGROUP_INET6_GETSOCKNAME       32
#define LC_ATTACH_XDP_DEVMAP                     33
#define LC_ATTACH_CGROUP_INET_SOCK_RELEASE       34
#define LC_ATTACH_XDP_CPUMAP                     35
#define LC_ATTACH_SK_LOOKUP                      36
#define LC_ATTACH_XDP                            37
#define LC_ATTACH_SK_SKB_VERDICT                 38
#define LC_ATTACH_SK_REUSEPORT_SELECT            39
#define LC_ATTACH_SK_REUSEPORT_SELECT_OR_MIGRATE 40
#define LC_ATTACH_PERF_EVENT                     41
#define LC_ATTACH_TRACE_KPROBE_MULTI             42
#define LC_ATTACH_LSM_CGROUP                     43
#define LC_ATTACH_STRUCT_OPS                     44
#define LC_ATTACH_NETFILTER                      45
#define LC_ATTACH_TCX_INGRESS                    46
#define LC_ATTACH_TCX_EGRESS                     47
#define LC_ATTACH_TRACE_UPROBE_MULTI             48
#define LC_ATTACH_CGROUP_UNIX_CONNECT            49
#define LC_ATTACH_CGROUP_UNIX_SENDMSG            50
#define LC_ATTACH_CGROUP_UNIX_RECVMSG            51
#define LC_ATTACH_CGROUP_UNIX_GETPEERNAME        52
#define LC_ATTACH_CGROUP_UNIX_GETSOCKNAME        53
#define LC_ATTACH_NETKIT_PRIMARY                 54
#define LC_ATTACH_NETKIT_PEER                    55
#define LC_ATTACH_TRACE_KPROBE_SESSION           56
#define LC_ATTACH_TRACE_UPROBE_SESSION           57

#define LC_ATTACH_TYPE_MAX_KNOWN                 57

/* ---- enum bpf_prog_type ------------------------------------------------ */
#define LC_PROG_TYPE_UNSPEC                      0
#define LC_PROG_TYPE_SOCKET_FILTER               1
#define LC_PROG_TYPE_KPROBE                      2
#define LC_PROG_TYPE_SCHED_CLS                   3
#define LC_PROG_TYPE_SCHED_ACT                   4
#define LC_PROG_TYPE_TRACEPOINT                  5
#define LC_PROG_TYPE_XDP                         6
#define LC_PROG_TYPE_PERF_EVENT                  7
#define LC_PROG_TYPE_CGROUP_SKB                  8
#define LC_PROG_TYPE_CGROUP_SOCK                 9
#define LC_PROG_TYPE_LWT_IN                      10
#define LC_PROG_TYPE_LWT_OUT                     11
#define LC_PROG_TYPE_LWT_XMIT                    12
#define LC_PROG_TYPE_SOCK_OPS                    13
#define LC_PROG_TYPE_SK_SKB                      14
#define LC_PROG_TYPE_CGROUP_DEVICE               15
#define LC_PROG_TYPE_SK_MSG                      16
#define LC_PROG_TYPE_RAW_TRACEPOINT              17
#define LC_PROG_TYPE_CGROUP_SOCK_ADDR            18
#define LC_PROG_TYPE_LWT_SEG6LOCAL               19
#define LC_PROG_TYPE_LIRC_MODE2                  20
#define LC_PROG_TYPE_SK_REUSEPORT                21
#define LC_PROG_TYPE_FLOW_DISSECTOR              22
#define LC_PROG_TYPE_CGROUP_SYSCTL               23
#define LC_PROG_TYPE_RAW_TRACEPOINT_WRITABLE     24
#define LC_PROG_TYPE_CGROUP_SOCKOPT              25
#define LC_PROG_TYPE_TRACING                     26
#define LC_PROG_TYPE_STRUCT_OPS                  27
#define LC_PROG_TYPE_EXT                         28
#define LC_PROG_TYPE_LSM                         29
#define LC_PROG_TYPE_SK_LOOKUP                   30
#define LC_PROG_TYPE_SYSCALL                     31
#define LC_PROG_TYPE_NETFILTER                   32

#define LC_PROG_TYPE_MAX_KNOWN                   32

/* ---- enum bpf_perf_event_type (perf_event link "type" field, 6.6+) ----- */
#define LC_PERF_EVENT_UNSPEC                     0
#define LC_PERF_EVENT_UPROBE                     1
#define LC_PERF_EVENT_URETPROBE                  2
#define LC_PERF_EVENT_KPROBE                     3
#define LC_PERF_EVENT_KRETPROBE                  4
#define LC_PERF_EVENT_TRACEPOINT                 5
#define LC_PERF_EVENT_EVENT                      6

/* ---- struct bpf_link_info as of 6.18 ----------------------------------- */
/*
 * Same member names and layout as the kernel's struct bpf_link_info so that
 * decoding code reads the same. Pass sizeof(struct lc_bpf_link_info) as the
 * info_len of BPF_OBJ_GET_INFO_BY_FD: the kernel copies back at most what it
 * knows, and zero-fills what an older kernel does not set.
 * Pointer-carrying fields (names, arrays) are in/out, and each type reads them at its
 * own offsets (kprobe_multi reads the raw_tracepoint name slots as an address array):
 * lc_link_info() makes a zeroed call first and sets a buffer only for the link's own
 * type, in a second call.
 */
struct lc_bpf_link_info {
	__u32 type;                 /* LC_LINK_TYPE_* */
	__u32 id;
	__u32 prog_id;
	union {
		struct {
			__aligned_u64 tp_name;
			__u32 tp_name_len;
			__u32 :32;
			__u64 cookie;
		} raw_tracepoint;
		struct {
			__u32 attach_type;
			__u32 target_obj_id;
			__u32 target_btf_id;
			__u32 :32;
			__u64 cookie;
		} tracing;
		struct {
			__u64 cgroup_id;
			__u32 attach_type;
		} cgroup;
		struct {
			__aligned_u64 target_name;
			__u32 target_name_len;
			union {
				struct {
					__u32 map_id;
				} map;
			};
			union {
				struct {
					__u64 cgroup_id;
					__u32 order;
				} cgroup;
				struct {
					__u32 tid;
					__u32 pid;
				} task;
			};
		} iter;
		struct {
			__u32 netns_ino;
			__u32 attach_type;
		} netns;
		struct {
			__u32 ifindex;
		} xdp;
		struct {
			__u32 map_id;
		} struct_ops;
		struct {
			__u32 pf;
			__u32 hooknum;
			__s32 priority;
			__u32 flags;
		} netfilter;
		struct {
			__aligned_u64 addrs;
			__u32 count;
			__u32 flags;
			__u64 missed;
			__aligned_u64 cookies;
		} kprobe_multi;
		struct {
			__aligned_u64 path;
			__aligned_u64 offsets;
			__aligned_u64 ref_ctr_offsets;
			__aligned_u64 cookies;
			__u32 path_size;
			__u32 count;
			__u32 flags;
			__u32 pid;
		} uprobe_multi;
		struct {
			__u32 type;         /* LC_PERF_EVENT_* */
			__u32 :32;
			union {
				struct {
					__aligned_u64 file_name;
					__u32 name_len;
					__u32 offset;
					__u64 cookie;
					__u64 ref_ctr_offset;
				} uprobe;      /* UPROBE, URETPROBE */
				struct {
					__aligned_u64 func_name;
					__u32 name_len;
					__u32 offset;
					__u64 addr;
					__u64 missed;
					__u64 cookie;
				} kprobe;      /* KPROBE, KRETPROBE */
				struct {
					__aligned_u64 tp_name;
					__u32 name_len;
					__u32 :32;
					__u64 cookie;
				} tracepoint;  /* TRACEPOINT */
				struct {
					__u64 config;
					__u32 type;
					__u32 :32;
					__u64 cookie;
				} event;       /* EVENT */
			};
		} perf_event;
		struct {
			__u32 ifindex;
			__u32 attach_type;
		} tcx;
		struct {
			__u32 ifindex;
			__u32 attach_type;
		} netkit;
		struct {
			__u32 map_id;
			__u32 attach_type;
		} sockmap;
	};
} __attribute__((aligned(8)));

/* Layout checks; offsets match the 6.18 kernel BTF. Largest union members: uprobe_multi, perf_event (48 bytes). */
_Static_assert(offsetof(struct lc_bpf_link_info, prog_id) == 8, "lc_bpf_link_info: prog_id offset");
_Static_assert(offsetof(struct lc_bpf_link_info, raw_tracepoint) == 16, "lc_bpf_link_info: union offset");
_Static_assert(offsetof(struct lc_bpf_link_info, raw_tracepoint.cookie) == 32, "lc_bpf_link_info: raw_tracepoint.cookie");
_Static_assert(offsetof(struct lc_bpf_link_info, tracing.cookie) == 32, "lc_bpf_link_info: tracing.cookie");
_Static_assert(offsetof(struct lc_bpf_link_info, iter.map.map_id) == 28, "lc_bpf_link_info: iter.map.map_id");
_Static_assert(offsetof(struct lc_bpf_link_info, iter.cgroup.order) == 40, "lc_bpf_link_info: iter.cgroup.order");
_Static_assert(offsetof(struct lc_bpf_link_info, kprobe_multi.cookies) == 40, "lc_bpf_link_info: kprobe_multi.cookies");
_Static_assert(offsetof(struct lc_bpf_link_info, uprobe_multi.pid) == 60, "lc_bpf_link_info: uprobe_multi.pid");
_Static_assert(offsetof(struct lc_bpf_link_info, perf_event.uprobe.file_name) == 24, "lc_bpf_link_info: perf_event union");
_Static_assert(offsetof(struct lc_bpf_link_info, perf_event.kprobe.cookie) == 56, "lc_bpf_link_info: perf_event.kprobe.cookie");
_Static_assert(offsetof(struct lc_bpf_link_info, perf_event.event.cookie) == 40, "lc_bpf_link_info: perf_event.event.cookie");
_Static_assert(offsetof(struct lc_bpf_link_info, sockmap.attach_type) == 20, "lc_bpf_link_info: sockmap.attach_type");
_Static_assert(sizeof(struct lc_bpf_link_info) == 64, "lc_bpf_link_info: size differs from 6.18");
_Static_assert(sizeof(struct lc_bpf_link_info) % 8 == 0, "lc_bpf_link_info: size not a multiple of 8");

/* ---- BPF_PROG_QUERY attr as of 6.6+ (link_ids for tcx/netkit) ---------- */
/* The 6.1 headers stop at prog_attach_flags; passed to the raw bpf(2) syscall. */
struct lc_bpf_prog_query_attr {
	__u32 target_ifindex;       /* or target_fd */
	__u32 attach_type;
	__u32 query_flags;
	__u32 attach_flags;
	__aligned_u64 prog_ids;
	__u32 count;                /* in: array size, out: attached count */
	__u32 :32;
	__aligned_u64 prog_attach_flags;
	__aligned_u64 link_ids;
	__aligned_u64 link_attach_flags;
	__u64 revision;
};
_Static_assert(offsetof(struct lc_bpf_prog_query_attr, count) == 24, "prog query: count");
_Static_assert(offsetof(struct lc_bpf_prog_query_attr, link_ids) == 40, "prog query: link_ids");
_Static_assert(sizeof(struct lc_bpf_prog_query_attr) == 64, "prog query: size differs from 6.18");

/* ---- BPF_PROG_ATTACH / BPF_LINK_CREATE attrs for tcx (6.6+) ------------ */
/* libbpf 1.1.2 passes neither relative_id nor expected_revision: the raw layouts. */
struct lc_bpf_prog_attach_attr {
	__u32 target_ifindex;       /* or target_fd */
	__u32 attach_bpf_fd;
	__u32 attach_type;
	__u32 attach_flags;
	__u32 replace_bpf_fd;
	__u32 relative_id;          /* or relative_fd */
	__u64 expected_revision;
};
_Static_assert(offsetof(struct lc_bpf_prog_attach_attr, expected_revision) == 24, "prog attach: revision");

struct lc_bpf_link_create_tcx_attr {
	__u32 prog_fd;
	__u32 target_ifindex;
	__u32 attach_type;
	__u32 flags;
	__u32 relative_id;          /* link_create.tcx: or relative_fd */
	__u32 :32;
	__u64 expected_revision;
};
_Static_assert(offsetof(struct lc_bpf_link_create_tcx_attr, expected_revision) == 24, "link create: tcx revision");

/* ---- XDP attach flags (IFLA_XDP_FLAGS / bpf_link_create) --------------- */
/* All present in 6.1 headers; kept as fallbacks. */
#ifndef XDP_FLAGS_UPDATE_IF_NOEXIST
#define XDP_FLAGS_UPDATE_IF_NOEXIST              (1U << 0)
#endif
#ifndef XDP_FLAGS_SKB_MODE
#define XDP_FLAGS_SKB_MODE                       (1U << 1)
#endif
#ifndef XDP_FLAGS_DRV_MODE
#define XDP_FLAGS_DRV_MODE                       (1U << 2)
#endif
#ifndef XDP_FLAGS_HW_MODE
#define XDP_FLAGS_HW_MODE                        (1U << 3)
#endif
#ifndef XDP_FLAGS_REPLACE
#define XDP_FLAGS_REPLACE                        (1U << 4)
#endif
#ifndef XDP_FLAGS_MODES
#define XDP_FLAGS_MODES                          (XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE | XDP_FLAGS_HW_MODE)
#endif
#ifndef XDP_FLAGS_MASK
#define XDP_FLAGS_MASK                           (XDP_FLAGS_UPDATE_IF_NOEXIST | XDP_FLAGS_MODES | XDP_FLAGS_REPLACE)
#endif
/* XDP_ATTACHED_* and IFLA_XDP_* (incl. IFLA_XDP_EXPECTED_FD) are enum members in 6.1: used as is. */

/* ---- attach flags (BPF_PROG_ATTACH / BPF_LINK_CREATE) ------------------ */
#ifndef BPF_F_REPLACE
#define BPF_F_REPLACE                            (1U << 2)
#endif
/* Multi-prog (tcx, netkit, cgroup) ordering flags, 6.6+. */
#ifndef BPF_F_BEFORE
#define BPF_F_BEFORE                             (1U << 3)
#endif
#ifndef BPF_F_AFTER
#define BPF_F_AFTER                              (1U << 4)
#endif
#ifndef BPF_F_ID
#define BPF_F_ID                                 (1U << 5)
#endif
/* Cgroup pre-order execution, 6.15+. */
#ifndef BPF_F_PREORDER
#define BPF_F_PREORDER                           (1U << 6)
#endif
/* The relative target is a link (id or fd) rather than a program; same bit as the struct_ops map flag. */
#ifndef BPF_F_LINK
#define BPF_F_LINK                               (1U << 13)
#endif

/* ---- netlink extended ack ---------------------------------------------- */
/* Present in 6.1 (macros; NLMSGERR_ATTR_* are enum members and not redefined). */
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK                          11
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED                             0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS                           0x200
#endif

#endif /* LC_UAPI_COMPAT_H */
