// SPDX-License-Identifier: GPL-2.0-only
/* objfd.c: BPF fd kinds from /proc/<pid>/fd symlinks, and kind-checked pin opening. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "objfd.h"

enum lc_obj_kind lc_fd_kind_from_target(const char *target)
{
	if (strncmp(target, "anon_inode:", 11))
		return LC_OBJ_NONE;
	target += 11;
	/* a link made by BPF_LINK_CREATE is "bpf_link", one opened from a pin "bpf-link" */
	if (!strcmp(target, "bpf_link") || !strcmp(target, "bpf-link"))
		return LC_OBJ_LINK;
	if (!strcmp(target, "bpf-prog"))
		return LC_OBJ_PROG;
	if (!strcmp(target, "bpf-map"))
		return LC_OBJ_MAP;
	return LC_OBJ_OTHER;
}

enum lc_obj_kind lc_fd_kind(int pid, int fd)
{
	char path[64], target[PATH_MAX];
	ssize_t len;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	else
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return LC_OBJ_NONE;
	target[len] = '\0';
	return lc_fd_kind_from_target(target);
}

const char *lc_obj_kind_str(enum lc_obj_kind kind)
{
	switch (kind) {
	case LC_OBJ_LINK: return "link";
	case LC_OBJ_PROG: return "program";
	case LC_OBJ_MAP: return "map";
	case LC_OBJ_OTHER: return "BPF object";
	default: return "not a BPF object";
	}
}

int lc_obj_get_kind(const char *path, enum lc_obj_kind want, struct lc_err *err)
{
	enum lc_obj_kind got;
	int fd;

	fd = bpf_obj_get(path);
	if (fd < 0) {
		int code = -errno;

		if (code == -EINVAL || code == -EPERM)
			return lc_err_msg(err, code, "%s is not a pinned BPF object", path);
		return lc_err_set(err, code, "cannot open pinned object %s", path);
	}
	got = lc_fd_kind(0, fd);
	if (got != want) {
		close(fd);
		return lc_err_msg(err, -EINVAL, "%s pins a %s, not a %s", path,
				  lc_obj_kind_str(got), lc_obj_kind_str(want));
	}
	return fd;
}

__u32 lc_obj_id(int fd, enum lc_obj_kind kind)
{
	union {
		struct bpf_link_info link;
		struct bpf_prog_info prog;
		struct bpf_map_info map;
	} info;
	__u32 len;

	memset(&info, 0, sizeof(info));
	switch (kind) {
	case LC_OBJ_LINK:
		len = offsetof(struct bpf_link_info, prog_id) + sizeof(__u32);
		return bpf_obj_get_info_by_fd(fd, &info.link, &len) ? 0 : info.link.id;
	case LC_OBJ_PROG:
		len = offsetof(struct bpf_prog_info, id) + sizeof(__u32);
		return bpf_obj_get_info_by_fd(fd, &info.prog, &len) ? 0 : info.prog.id;
	case LC_OBJ_MAP:
		len = offsetof(struct bpf_map_info, id) + sizeof(__u32);
		return bpf_obj_get_info_by_fd(fd, &info.map, &len) ? 0 : info.map.id;
	default:
		return 0;
	}
}
