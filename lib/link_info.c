// SPDX-License-Identifier: GPL-2.0-only
/* link_info.c: enumerate bpf_links by ID and decode their info for every link type. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>

#include "link_info.h"
#include "prog_info.h"

/* A new link's ID is published before the link is settled; the window is short. */
#define EAGAIN_RETRIES 20
#define EAGAIN_SLEEP_NS 200000L

int lc_link_fd_by_id(__u32 id, struct lc_err *err)
{
	struct timespec pause = { 0, EAGAIN_SLEEP_NS };
	int fd;

	for (int attempt = 0;; attempt++) {
		fd = bpf_link_get_fd_by_id(id);
		if (fd >= 0)
			return fd;
		if (errno != EAGAIN || attempt == EAGAIN_RETRIES)
			break;
		nanosleep(&pause, NULL);
	}
	if (errno == ENOENT)
		return lc_err_msg(err, -ENOENT, "no link with id %u", id);
	return lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot open link %u", id);
}

/*
 * The second, typed call for the types whose info has a string: it is given the name
 * buffer in that type's own fields and nothing else. Every other type (kprobe_multi
 * reads the same slots as an address array) never sees a buffer, as in bpftool.
 */
static int link_name_query(struct lc_link *l, int fd)
{
	struct lc_bpf_link_info q = { 0 };
	__u32 len = sizeof(q);
	__u64 buf = (__u64)(unsigned long)l->name;

	switch (l->info.type) {
	case LC_LINK_TYPE_RAW_TRACEPOINT:
		q.raw_tracepoint.tp_name = buf;
		q.raw_tracepoint.tp_name_len = sizeof(l->name);
		break;
	case LC_LINK_TYPE_ITER:
		q.iter.target_name = buf;
		q.iter.target_name_len = sizeof(l->name);
		break;
	case LC_LINK_TYPE_UPROBE_MULTI:
		q.uprobe_multi.path = buf;
		q.uprobe_multi.path_size = sizeof(l->name);
		break;
	case LC_LINK_TYPE_PERF_EVENT:
		/* uprobe.file_name, kprobe.func_name and tracepoint.tp_name share one slot */
		q.perf_event.uprobe.file_name = buf;
		q.perf_event.uprobe.name_len = sizeof(l->name);
		break;
	default:
		return 0;
	}
	if (bpf_obj_get_info_by_fd(fd, &q, &len))
		return -errno;
	l->info = q;
	return 0;
}

bool lc_link_is_defunct(const struct lc_link *l)
{
	switch (l->info.type) {
	case LC_LINK_TYPE_XDP:
	case LC_LINK_TYPE_TCX:
	case LC_LINK_TYPE_NETKIT:
		return lc_link_ifindex(l) == 0;
	case LC_LINK_TYPE_NETNS:
		return l->info.netns.netns_ino == 0;
	case LC_LINK_TYPE_CGROUP:
		return l->info.cgroup.cgroup_id == 0;
	case LC_LINK_TYPE_STRUCT_OPS:   /* the map is dropped on detach */
		return l->info.struct_ops.map_id == 0;
	case LC_LINK_TYPE_SOCKMAP:
		return l->info.sockmap.map_id == 0;
	default:
		return false;
	}
}

/*
 * A zeroed info first: every type fills its numbers and ignores the absent buffers.
 * Then the types that have a string are asked again with a buffer of their own.
 */
int lc_link_info(int fd, struct lc_link *l, struct lc_err *err)
{
	__u32 len = sizeof(l->info);

	memset(&l->info, 0, sizeof(l->info));
	/* all of it: the kernel writes the name through a pointer tools like valgrind cannot see */
	memset(l->name, 0, sizeof(l->name));
	if (bpf_obj_get_info_by_fd(fd, &l->info, &len))
		return lc_err_set(err, -errno, "cannot read link info");
	/* a missing name is not worth failing the link over (a longer one comes back cut) */
	link_name_query(l, fd);
	/* the pointer slots now hold our buffer's address; printers use l->name only */
	l->name[sizeof(l->name) - 1] = '\0';
	l->defunct = lc_link_is_defunct(l);
	return 0;
}

int lc_link_walk_allowed(struct lc_err *err)
{
	__u32 id;

	if (bpf_link_get_next_id(0, &id) && errno != ENOENT)
		return lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot iterate link IDs");
	return 0;
}

/* Close fds [*first, *first + *n) and start a new batch. */
static void close_batch(int *first, unsigned int *n)
{
	if (*n && syscall(SYS_close_range, (unsigned int)*first,
			  (unsigned int)(*first + (int)*n - 1), 0))
		for (unsigned int i = 0; i < *n; i++)
			close(*first + (int)i);
	*first = -1;
	*n = 0;
}

/*
 * With own_fd_table (the calling thread unshared its fd table, so nothing else opens fds
 * in it), link fds are not closed one by one but 64 at a time by close_range(2): while
 * none is closed, each new fd is the next number, and one syscall closes the run.
 */
static int walk(lc_link_visit_fn visit, void *arg, struct lc_link_walk_stats *stats,
		struct lc_err *err, bool own_fd_table)
{
	struct lc_link link;
	unsigned int batched = 0;
	int first = -1, fd, rc = 0;
	__u32 id = 0;

	memset(stats, 0, sizeof(*stats));
	while (!rc) {
		if (bpf_link_get_next_id(id, &id)) {
			if (errno != ENOENT)
				rc = lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot iterate link IDs");
			break;
		}
		fd = lc_link_fd_by_id(id, err);
		if (fd == -ENOENT) {
			stats->vanished++;
			continue;
		}
		if (fd == -EAGAIN) {
			if (stats->unsettled < 16)
				stats->unsettled_ids[stats->unsettled] = id;
			stats->unsettled++;
			continue;
		}
		if (fd < 0) {
			rc = fd;
			break;
		}
		rc = lc_link_info(fd, &link, err);
		if (!rc) {
			stats->visited++;
			rc = visit(fd, &link, arg);
		}
		if (!own_fd_table) {
			close(fd);
			continue;
		}
		if (batched && fd != first + (int)batched)
			close_batch(&first, &batched);      /* not the next number after all */
		if (!batched)
			first = fd;
		if (++batched == 64)
			close_batch(&first, &batched);
	}
	close_batch(&first, &batched);
	return rc;
}

int lc_link_walk(lc_link_visit_fn visit, void *arg, struct lc_link_walk_stats *stats,
		 struct lc_err *err)
{
	return walk(visit, arg, stats, err, false);
}

int lc_link_walk_own_fds(lc_link_visit_fn visit, void *arg, struct lc_link_walk_stats *stats,
			 struct lc_err *err)
{
	return walk(visit, arg, stats, err, true);
}

bool lc_link_type_dev_bound(__u32 type)
{
	return type == LC_LINK_TYPE_XDP || type == LC_LINK_TYPE_TCX || type == LC_LINK_TYPE_NETKIT;
}

__u32 lc_link_ifindex(const struct lc_link *l)
{
	switch (l->info.type) {
	case LC_LINK_TYPE_XDP: return l->info.xdp.ifindex;
	case LC_LINK_TYPE_TCX: return l->info.tcx.ifindex;
	case LC_LINK_TYPE_NETKIT: return l->info.netkit.ifindex;
	default: return 0;
	}
}

int lc_link_attach_type(const struct lc_link *l)
{
	switch (l->info.type) {
	case LC_LINK_TYPE_XDP: return LC_ATTACH_XDP;
	case LC_LINK_TYPE_TRACING: return (int)l->info.tracing.attach_type;
	case LC_LINK_TYPE_CGROUP: return (int)l->info.cgroup.attach_type;
	case LC_LINK_TYPE_NETNS: return (int)l->info.netns.attach_type;
	case LC_LINK_TYPE_TCX: return (int)l->info.tcx.attach_type;
	case LC_LINK_TYPE_NETKIT: return (int)l->info.netkit.attach_type;
	case LC_LINK_TYPE_SOCKMAP: return (int)l->info.sockmap.attach_type;
	case LC_LINK_TYPE_ITER: return LC_ATTACH_TRACE_ITER;
	default: return -1;
	}
}

int lc_link_detach(int link_fd, struct lc_err *err)
{
	if (bpf_link_detach(link_fd))
		return lc_err_set_cap(err, -errno, "CAP_NET_ADMIN", "cannot detach link");
	return 0;
}

int lc_link_update(int link_fd, int new_prog_fd, __u32 old_prog_id, struct lc_err *err)
{
	LIBBPF_OPTS(bpf_link_update_opts, opts);
	int old_fd = -1, rc = 0;

	if (old_prog_id) {
		old_fd = lc_prog_fd_seen(old_prog_id, -ENOENT, err, "no program with id %u (old-prog)",
					 old_prog_id);
		if (old_fd < 0)
			return old_fd;
		opts.flags = BPF_F_REPLACE;
		opts.old_prog_fd = (__u32)old_fd;     /* >= 0 here */
	}
	if (bpf_link_update(link_fd, new_prog_fd, &opts)) {
		rc = -errno;
		if (rc == -EPERM && old_prog_id)    /* the kernel's EPERM: old_prog_fd mismatch */
			rc = lc_err_msg(err, -ESTALE, "cannot update link: program %u is no longer attached "
				   "(another update won)", old_prog_id);
		else
			lc_err_set_cap(err, rc, "CAP_BPF and CAP_NET_ADMIN", "cannot update link");
	}
	if (old_fd >= 0)
		close(old_fd);
	return rc;
}

int lc_link_update_id(__u32 link_id, int new_prog_fd, __u32 old_prog_id, struct lc_err *err)
{
	int link_fd = lc_link_fd_by_id(link_id, err), rc;

	if (link_fd < 0)
		return link_fd;
	rc = lc_link_update(link_fd, new_prog_fd, old_prog_id, err);
	close(link_fd);
	return rc;
}
