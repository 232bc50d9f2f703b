// SPDX-License-Identifier: GPL-2.0-only
/* cgroup_types.c: the cgroup attach types, their names (the kernel's and bpftool's) and program types. */
#include <string.h>

#include "cgroup_bpf.h"
#include "names.h"
#include "uapi_compat.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct cgroup_type {
	__u32 attach_type;
	const char *short_name;     /* bpftool's spelling, accepted on input */
	__u32 prog_type;
};

static const struct cgroup_type cgroup_types[] = {
	{ LC_ATTACH_CGROUP_INET_INGRESS, "ingress", LC_PROG_TYPE_CGROUP_SKB },
	{ LC_ATTACH_CGROUP_INET_EGRESS, "egress", LC_PROG_TYPE_CGROUP_SKB },
	{ LC_ATTACH_CGROUP_INET_SOCK_CREATE, "sock_create", LC_PROG_TYPE_CGROUP_SOCK },
	{ LC_ATTACH_CGROUP_SOCK_OPS, "sock_ops", LC_PROG_TYPE_SOCK_OPS },
	{ LC_ATTACH_CGROUP_DEVICE, "device", LC_PROG_TYPE_CGROUP_DEVICE },
	{ LC_ATTACH_CGROUP_INET4_BIND, "bind4", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_INET6_BIND, "bind6", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_INET4_CONNECT, "connect4", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_INET6_CONNECT, "connect6", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_INET4_POST_BIND, "post_bind4", LC_PROG_TYPE_CGROUP_SOCK },
	{ LC_ATTACH_CGROUP_INET6_POST_BIND, "post_bind6", LC_PROG_TYPE_CGROUP_SOCK },
	{ LC_ATTACH_CGROUP_UDP4_SENDMSG, "sendmsg4", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_UDP6_SENDMSG, "sendmsg6", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_SYSCTL, "sysctl", LC_PROG_TYPE_CGROUP_SYSCTL },
	{ LC_ATTACH_CGROUP_UDP4_RECVMSG, "recvmsg4", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_UDP6_RECVMSG, "recvmsg6", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_GETSOCKOPT, "getsockopt", LC_PROG_TYPE_CGROUP_SOCKOPT },
	{ LC_ATTACH_CGROUP_SETSOCKOPT, "setsockopt", LC_PROG_TYPE_CGROUP_SOCKOPT },
	{ LC_ATTACH_CGROUP_INET4_GETPEERNAME, "getpeername4", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_INET6_GETPEERNAME, "getpeername6", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_INET4_GETSOCKNAME, "getsockname4", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_INET6_GETSOCKNAME, "getsockname6", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_INET_SOCK_RELEASE, "sock_release", LC_PROG_TYPE_CGROUP_SOCK },
	{ LC_ATTACH_CGROUP_UNIX_CONNECT, "connect_unix", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_UNIX_SENDMSG, "sendmsg_unix", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_UNIX_RECVMSG, "recvmsg_unix", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_UNIX_GETPEERNAME, "getpeername_unix", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
	{ LC_ATTACH_CGROUP_UNIX_GETSOCKNAME, "getsockname_unix", LC_PROG_TYPE_CGROUP_SOCK_ADDR },
};

size_t lc_cgroup_attach_type_count(void)
{
	return ARRAY_LEN(cgroup_types);
}

__u32 lc_cgroup_attach_type_at(size_t i)
{
	return cgroup_types[i].attach_type;
}

int lc_cgroup_attach_type_parse(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(cgroup_types); i++) {
		const char *kernel_name = lc_attach_type_str(cgroup_types[i].attach_type);

		if (!strcmp(name, cgroup_types[i].short_name) ||
		    (kernel_name && !strcmp(name, kernel_name)))
			return (int)cgroup_types[i].attach_type;
	}
	return -1;
}

__u32 lc_cgroup_attach_prog_type(__u32 attach_type)
{
	for (size_t i = 0; i < ARRAY_LEN(cgroup_types); i++)
		if (cgroup_types[i].attach_type == attach_type)
			return cgroup_types[i].prog_type;
	return LC_PROG_TYPE_UNSPEC;
}

const char *lc_cgroup_mode_str(__u32 attach_flags)
{
	if (attach_flags & BPF_F_ALLOW_MULTI)
		return "multi";
	return attach_flags & BPF_F_ALLOW_OVERRIDE ? "override" : "none";
}
