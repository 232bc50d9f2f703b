// SPDX-License-Identifier: GPL-2.0-only
/*
 * cgroup_query.c: the programs of a cgroup by BPF_PROG_QUERY, the effective ones traced to the
 * ancestor they are attached to, and each attributed to its cgroup link or to prog-attach.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/magic.h>

#include "cgroup_bpf.h"
#include "grow.h"
#include "link_info.h"
#include "names.h"
#include "uapi_compat.h"

__u64 lc_cgroup_id(int cgroup_fd)
{
	struct stat st;

	/* a cgroup's ID is its kernfs node ID, which cgroup2 reports as the inode number */
	return fstat(cgroup_fd, &st) ? 0 : (__u64)st.st_ino;
}

struct query_out {
	__u32 *prog_ids, *link_ids;
	__u32 count, attach_flags;
};

static int query_once(int fd, __u32 type, bool effective, bool with_links, struct query_out *q,
		      __u32 cap)
{
	struct lc_bpf_prog_query_attr attr = {
		.target_ifindex = (__u32)fd, .attach_type = type,
		.query_flags = effective ? BPF_F_QUERY_EFFECTIVE : 0,
		.prog_ids = (__u64)(unsigned long)q->prog_ids, .count = cap,
		.link_ids = with_links ? (__u64)(unsigned long)q->link_ids : 0,
	};
	size_t size = with_links ? sizeof(attr) : offsetof(struct lc_bpf_prog_query_attr, link_ids);

	if (syscall(__NR_bpf, BPF_PROG_QUERY, &attr, size))
		return -errno;
	q->count = attr.count;
	q->attach_flags = attr.attach_flags;
	return 0;
}

/* One attach type: IDs into q (the caller frees), growing the arrays until they fit. */
static int query_type(int fd, __u32 type, bool effective, struct query_out *q)
{
	bool with_links = true;
	__u32 cap = 16;
	int rc;

	for (;;) {
		__u32 *ids = realloc(q->prog_ids, cap * sizeof(*ids));
		__u32 *links = ids ? realloc(q->link_ids, cap * sizeof(*links)) : NULL;

		if (ids)
			q->prog_ids = ids;
		if (!links)
			return -ENOMEM;
		q->link_ids = links;
		memset(links, 0, cap * sizeof(*links));
		rc = query_once(fd, type, effective, with_links, q, cap);
		/* a kernel before 6.6 refuses the link_ids it does not know: E2BIG past its
		 * bpf_attr, EINVAL (CHECK_ATTR) inside it; ask again without them */
		if ((rc == -E2BIG || rc == -EINVAL) && with_links) {
			with_links = false;
			continue;
		}
		if (rc == -ENOSPC || (!rc && q->count > cap)) {
			cap = q->count > cap ? q->count + 16 : cap * 2;
			continue;
		}
		return rc;
	}
}

static int add_prog(struct lc_cgroup_progs *p, __u32 type, __u32 flags, __u32 prog_id,
		    __u32 link_id, __u64 from_cgroup_id)
{
	struct lc_cgroup_prog *v = lc_grow(p->v, &p->cap, p->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	p->v = v;
	v[p->n++] = (struct lc_cgroup_prog){
		.attach_type = type, .attach_flags = flags, .prog_id = prog_id, .link_id = link_id,
		.from_cgroup_id = from_cgroup_id,
	};
	return 0;
}

/* The parent cgroup of fd, or -1 at the top of the cgroup2 mount. */
static int parent_cgroup(int fd)
{
	struct statfs sfs;
	int parent = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (parent < 0)
		return -1;
	if (fstatfs(parent, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC ||
	    lc_cgroup_id(parent) == lc_cgroup_id(fd)) {
		close(parent);
		return -1;
	}
	return parent;
}

/* The effective programs not yet traced that cgroup cg_id holds itself (its list is q). */
static void claim(struct lc_cgroup_progs *p, size_t first, const struct query_out *q, __u64 cg_id)
{
	for (size_t i = first; i < p->n; i++) {
		struct lc_cgroup_prog *e = &p->v[i];

		for (__u32 k = 0; k < q->count && !e->from_cgroup_id; k++) {
			if (e->prog_id != q->prog_ids[k])
				continue;
			e->from_cgroup_id = cg_id;
			e->attach_flags = q->attach_flags;
			e->link_id = q->link_ids[k];
		}
	}
}

/* Effective programs [first, p->n): the cgroup each is attached to, nearest first. */
static void trace_effective(int fd, __u32 type, struct lc_cgroup_progs *p, size_t first)
{
	struct query_out q = { 0 };
	int cur = dup(fd), next;

	for (; cur >= 0; cur = next) {
		if (!query_type(cur, type, false, &q))
			claim(p, first, &q, lc_cgroup_id(cur));
		next = parent_cgroup(cur);
		close(cur);
	}
	free(q.prog_ids);
	free(q.link_ids);
}

static int read_type(int fd, __u32 type, bool effective, struct lc_cgroup_progs *p,
		     struct query_out *q)
{
	size_t first = p->n;
	int rc = query_type(fd, type, effective, q);

	for (__u32 k = 0; !rc && k < q->count; k++)
		rc = add_prog(p, type, q->attach_flags, q->prog_ids[k], q->link_ids[k],
			      effective ? 0 : p->cgroup_id);
	if (!rc && effective && p->n > first)
		trace_effective(fd, type, p, first);
	return rc;
}

static int query_error(int rc, __u32 type, struct lc_err *err)
{
	if (rc == -ENOMEM)
		return lc_err_set(err, rc, "cannot query cgroup programs");
	return lc_err_set_cap(err, rc, "CAP_NET_ADMIN", "cannot query the %s programs of the cgroup",
			      lc_attach_type_str(type) ? lc_attach_type_str(type) : "?");
}

int lc_cgroup_progs_query(int cgroup_fd, int only_type, bool effective,
			  struct lc_cgroup_progs *p, struct lc_err *err)
{
	struct query_out q = { 0 };
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->cgroup_id = lc_cgroup_id(cgroup_fd);
	for (size_t i = 0; !rc && i < lc_cgroup_attach_type_count(); i++) {
		__u32 type = lc_cgroup_attach_type_at(i);

		if (only_type >= 0 && type != (__u32)only_type)
			continue;
		rc = read_type(cgroup_fd, type, effective, p, &q);
		if (rc == -EINVAL && only_type < 0)
			rc = 0;     /* a type newer than this kernel: nothing can be attached there */
		if (rc)
			query_error(rc, type, err);
	}
	free(q.prog_ids);
	free(q.link_ids);
	if (rc)
		lc_cgroup_progs_free(p);
	return rc;
}

void lc_cgroup_progs_free(struct lc_cgroup_progs *p)
{
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

const struct lc_cgroup_prog *lc_cgroup_progs_find(const struct lc_cgroup_progs *p,
						  __u32 attach_type, __u32 prog_id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].attach_type == attach_type && p->v[i].prog_id == prog_id)
			return &p->v[i];
	return NULL;
}

size_t lc_cgroup_progs_of(const struct lc_cgroup_progs *p, __u32 attach_type,
			  const struct lc_cgroup_prog **first)
{
	size_t n = 0;

	*first = NULL;
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].attach_type != attach_type)
			continue;
		if (!n++)
			*first = &p->v[i];
	}
	return n;
}

static int collect_link(int fd, const struct lc_link *l, void *arg)
{
	struct lc_cgroup_links *links = arg;
	struct lc_cgroup_link_ref *v;

	(void)fd;
	if (l->info.type != LC_LINK_TYPE_CGROUP || !l->info.cgroup.cgroup_id)
		return 0;       /* a detached cgroup link has lost its cgroup */
	v = lc_grow(links->v, &links->cap, links->n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	links->v = v;
	v[links->n++] = (struct lc_cgroup_link_ref){
		.cgroup_id = l->info.cgroup.cgroup_id, .attach_type = l->info.cgroup.attach_type,
		.prog_id = l->info.prog_id, .link_id = l->info.id,
	};
	return 0;
}

int lc_cgroup_links_read(struct lc_cgroup_links *links, struct lc_err *err)
{
	struct lc_link_walk_stats stats;
	int rc;

	memset(links, 0, sizeof(*links));
	rc = lc_link_walk(collect_link, links, &stats, err);
	if (rc == -ENOMEM)
		lc_err_set(err, rc, "cannot list cgroup links");
	if (rc)
		lc_cgroup_links_free(links);
	return rc;
}

void lc_cgroup_links_free(struct lc_cgroup_links *links)
{
	free(links->v);
	links->v = NULL;
	links->n = links->cap = 0;
}

bool lc_cgroup_progs_need_links(const struct lc_cgroup_progs *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (!p->v[i].link_id)
			return true;
	return false;
}

static bool link_taken(const struct lc_cgroup_progs *p, __u32 link_id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].link_id == link_id)
			return true;
	return false;
}

void lc_cgroup_progs_attribute(struct lc_cgroup_progs *p, const struct lc_cgroup_links *links)
{
	for (size_t k = 0; k < links->n; k++) {
		const struct lc_cgroup_link_ref *l = &links->v[k];

		if (link_taken(p, l->link_id))
			continue;
		for (size_t i = 0; i < p->n; i++) {
			struct lc_cgroup_prog *e = &p->v[i];

			if (!e->link_id && e->from_cgroup_id == l->cgroup_id &&
			    e->attach_type == l->attach_type && e->prog_id == l->prog_id) {
				e->link_id = l->link_id;
				break;
			}
		}
	}
}

int lc_cgroup_progs_read(int cgroup_fd, int only_type, struct lc_cgroup_progs *p,
			 struct lc_err *err)
{
	struct lc_cgroup_links links;
	int rc = lc_cgroup_progs_query(cgroup_fd, only_type, false, p, err);

	if (rc || !lc_cgroup_progs_need_links(p))
		return rc;
	rc = lc_cgroup_links_read(&links, err);
	if (rc) {
		lc_cgroup_progs_free(p);
		return rc;
	}
	lc_cgroup_progs_attribute(p, &links);
	lc_cgroup_links_free(&links);
	return 0;
}
