// SPDX-License-Identifier: GPL-2.0-only
/* names.c: kernel enum values to the names bpftool/libbpf print, and back. */
#include <string.h>

#include "names.h"
#include "uapi_compat.h"

static const char *const link_type_names[] = {
	[LC_LINK_TYPE_UNSPEC] = "unspec",
	[LC_LINK_TYPE_RAW_TRACEPOINT] = "raw_tracepoint",
	[LC_LINK_TYPE_TRACING] = "tracing",
	[LC_LINK_TYPE_CGROUP] = "cgroup",
	[LC_LINK_TYPE_ITER] = "iter",
	[LC_LINK_TYPE_NETNS] = "netns",
	[LC_LINK_TYPE_XDP] = "xdp",
	[LC_LINK_TYPE_PERF_EVENT] = "perf_event",
	[LC_LINK_TYPE_KPROBE_MULTI] = "kprobe_multi",
	[LC_LINK_TYPE_STRUCT_OPS] = "struct_ops",
	[LC_LINK_TYPE_NETFILTER] = "netfilter",
	[LC_LINK_TYPE_TCX] = "tcx",
	[LC_LINK_TYPE_UPROBE_MULTI] = "uprobe_multi",
	[LC_LINK_TYPE_NETKIT] = "netkit",
	[LC_LINK_TYPE_SOCKMAP] = "sockmap",
};

static const char *const attach_type_names[] = {
	[LC_ATTACH_CGROUP_INET_INGRESS] = "cgroup_inet_ingress",
	[LC_ATTACH_CGROUP_INET_EGRESS] = "cgroup_inet_egress",
	[LC_ATTACH_CGROUP_INET_SOCK_CREATE] = "cgroup_inet_sock_create",
	[LC_ATTACH_CGROUP_SOCK_OPS] = "cgroup_sock_ops",
	[LC_ATTACH_SK_SKB_STREAM_PARSER] = "sk_skb_stream_parser",
	[LC_ATTACH_SK_SKB_STREAM_VERDICT] = "sk_skb_stream_verdict",
	[LC_ATTACH_CGROUP_DEVICE] = "cgroup_device",
	[LC_ATTACH_SK_MSG_VERDICT] = "sk_msg_verdict",
	[LC_ATTACH_CGROUP_INET4_BIND] = "cgroup_inet4_bind",
	[LC_ATTACH_CGROUP_INET6_BIND] = "cgroup_inet6_bind",
	[LC_ATTACH_CGROUP_INET4_CONNECT] = "cgroup_inet4_connect",
	[LC_ATTACH_CGROUP_INET6_CONNECT] = "cgroup_inet6_connect",
	[LC_ATTACH_CGROUP_INET4_POST_BIND] = "cgroup_inet4_post_bind",
	[LC_ATTACH_CGROUP_INET6_POST_BIND] = "cgroup_inet6_post_bind",
	[LC_ATTACH_CGROUP_UDP4_SENDMSG] = "cgroup_udp4_sendmsg",
	[LC_ATTACH_CGROUP_UDP6_SENDMSG] = "cgroup_udp6_sendmsg",
	[LC_ATTACH_LIRC_MODE2] = "lirc_mode2",
	[LC_ATTACH_FLOW_DISSECTOR] = "flow_dissector",
	[LC_ATTACH_CGROUP_SYSCTL] = "cgroup_sysctl",
	[LC_ATTACH_CGROUP_UDP4_RECVMSG] = "cgroup_udp4_recvmsg",
	[LC_ATTACH_CGROUP_UDP6_RECVMSG] = "cgroup_udp6_recvmsg",
	[LC_ATTACH_CGROUP_GETSOCKOPT] = "cgroup_getsockopt",
	[LC_ATTACH_CGROUP_SETSOCKOPT] = "cgroup_setsockopt",
	[LC_ATTACH_TRACE_RAW_TP] = "trace_raw_tp",
	[LC_ATTACH_TRACE_FENTRY] = "trace_fentry",
	[LC_ATTACH_TRACE_FEXIT] = "trace_fexit",
	[LC_ATTACH_MODIFY_RETURN] = "modify_return",
	[LC_ATTACH_LSM_MAC] = "lsm_mac",
	[LC_ATTACH_TRACE_ITER] = "trace_iter",
	[LC_ATTACH_CGROUP_INET4_GETPEERNAME] = "cgroup_inet4_getpeername",
	[LC_ATTACH_CGROUP_INET6_GETPEERNAME] = "cgroup_inet6_getpeername",
	[LC_ATTACH_CGROUP_INET4_GETSOCKNAME] = "cgroup_inet4_getsockname",
	[LC_ATTACH_CGROUP_INET6_GETSOCKNAME] = "cgroup_inet6_getsockname",
	[LC_ATTACH_XDP_DEVMAP] = "xdp_devmap",
	[LC_ATTACH_CGROUP_INET_SOCK_RELEASE] = "cgroup_inet_sock_release",
	[LC_ATTACH_XDP_CPUMAP] = "xdp_cpumap",
	[LC_ATTACH_SK_LOOKUP] = "sk_lookup",
	[LC_ATTACH_XDP] = "xdp",
	[LC_ATTACH_SK_SKB_VERDICT] = "sk_skb_verdict",
	[LC_ATTACH_SK_REUSEPORT_SELECT] = "sk_reuseport_select",
	[LC_ATTACH_SK_REUSEPORT_SELECT_OR_MIGRATE] = "sk_reuseport_select_or_migrate",
	[LC_ATTACH_PERF_EVENT] = "perf_event",
	[LC_ATTACH_TRACE_KPROBE_MULTI] = "trace_kprobe_multi",
	[LC_ATTACH_LSM_CGROUP] = "lsm_cgroup",
	[LC_ATTACH_STRUCT_OPS] = "struct_ops",
	[LC_ATTACH_NETFILTER] = "netfilter",
	[LC_ATTACH_TCX_INGRESS] = "tcx_ingress",
	[LC_ATTACH_TCX_EGRESS] = "tcx_egress",
	[LC_ATTACH_TRACE_UPROBE_MULTI] = "trace_uprobe_multi",
	[LC_ATTACH_CGROUP_UNIX_CONNECT] = "cgroup_unix_connect",
	[LC_ATTACH_CGROUP_UNIX_SENDMSG] = "cgroup_unix_sendmsg",
	[LC_ATTACH_CGROUP_UNIX_RECVMSG] = "cgroup_unix_recvmsg",
	[LC_ATTACH_CGROUP_UNIX_GETPEERNAME] = "cgroup_unix_getpeername",
	[LC_ATTACH_CGROUP_UNIX_GETSOCKNAME] = "cgroup_unix_getsockname",
	[LC_ATTACH_NETKIT_PRIMARY] = "netkit_primary",
	[LC_ATTACH_NETKIT_PEER] = "netkit_peer",
	[LC_ATTACH_TRACE_KPROBE_SESSION] = "trace_kprobe_session",
	[LC_ATTACH_TRACE_UPROBE_SESSION] = "trace_uprobe_session",
};

static const char *const prog_type_names[] = {
	[LC_PROG_TYPE_UNSPEC] = "unspec",
	[LC_PROG_TYPE_SOCKET_FILTER] = "socket_filter",
	[LC_PROG_TYPE_KPROBE] = "kprobe",
	[LC_PROG_TYPE_SCHED_CLS] = "sched_cls",
	[LC_PROG_TYPE_SCHED_ACT] = "sched_act",
	[LC_PROG_TYPE_TRACEPOINT] = "tracepoint",
	[LC_PROG_TYPE_XDP] = "xdp",
	[LC_PROG_TYPE_PERF_EVENT] = "perf_event",
	[LC_PROG_TYPE_CGROUP_SKB] = "cgroup_skb",
	[LC_PROG_TYPE_CGROUP_SOCK] = "cgroup_sock",
	[LC_PROG_TYPE_LWT_IN] = "lwt_in",
	[LC_PROG_TYPE_LWT_OUT] = "lwt_out",
	[LC_PROG_TYPE_LWT_XMIT] = "lwt_xmit",
	[LC_PROG_TYPE_SOCK_OPS] = "sock_ops",
	[LC_PROG_TYPE_SK_SKB] = "sk_skb",
	[LC_PROG_TYPE_CGROUP_DEVICE] = "cgroup_device",
	[LC_PROG_TYPE_SK_MSG] = "sk_msg",
	[LC_PROG_TYPE_RAW_TRACEPOINT] = "raw_tracepoint",
	[LC_PROG_TYPE_CGROUP_SOCK_ADDR] = "cgroup_sock_addr",
	[LC_PROG_TYPE_LWT_SEG6LOCAL] = "lwt_seg6local",
	[LC_PROG_TYPE_LIRC_MODE2] = "lirc_mode2",
	[LC_PROG_TYPE_SK_REUSEPORT] = "sk_reuseport",
	[LC_PROG_TYPE_FLOW_DISSECTOR] = "flow_dissector",
	[LC_PROG_TYPE_CGROUP_SYSCTL] = "cgroup_sysctl",
	[LC_PROG_TYPE_RAW_TRACEPOINT_WRITABLE] = "raw_tracepoint_writable",
	[LC_PROG_TYPE_CGROUP_SOCKOPT] = "cgroup_sockopt",
	[LC_PROG_TYPE_TRACING] = "tracing",
	[LC_PROG_TYPE_STRUCT_OPS] = "struct_ops",
	[LC_PROG_TYPE_EXT] = "ext",
	[LC_PROG_TYPE_LSM] = "lsm",
	[LC_PROG_TYPE_SK_LOOKUP] = "sk_lookup",
	[LC_PROG_TYPE_SYSCALL] = "syscall",
	[LC_PROG_TYPE_NETFILTER] = "netfilter",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *lookup(const char *const *names, size_t n, unsigned int v)
{
	return v < n ? names[v] : NULL;
}

static int reverse(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], name))
			return (int)i;
	return -1;
}

const char *lc_link_type_str(unsigned int type)
{
	return lookup(link_type_names, ARRAY_LEN(link_type_names), type);
}

int lc_link_type_parse(const char *name)
{
	return reverse(link_type_names, ARRAY_LEN(link_type_names), name);
}

const char *const *lc_link_type_names(unsigned int *count)
{
	*count = ARRAY_LEN(link_type_names);
	return link_type_names;
}

const char *lc_attach_type_str(unsigned int type)
{
	return lookup(attach_type_names, ARRAY_LEN(attach_type_names), type);
}

const char *lc_prog_type_str(unsigned int type)
{
	return lookup(prog_type_names, ARRAY_LEN(prog_type_names), type);
}

int lc_prog_type_parse(const char *name)
{
	return reverse(prog_type_names, ARRAY_LEN(prog_type_names), name);
}
