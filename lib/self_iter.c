// SPDX-License-Identifier: GPL-2.0-only
/* self_iter.c: the self iterators (bpf/self_hook.bpf.c, self_links.bpf.c) over this thread alone. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/kcmp.h>
#include <bpf/bpf.h>

#include "iter_cache.h"
#include "iter_run.h"
#include "link_info.h"
#include "link_iter.h"
#include "log.h"
#include "netns.h"
#include "self_iter.h"
#include "../bpf/iter_records.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wconversion"
#include "self_hook.lskel.h"
#include "self_links.lskel.h"
#pragma GCC diagnostic pop

#define WHAT "the self iterator"

/*
 * One light skeleton each (a verb loads only the one it runs), kept under
 * lc_iter_cache_begin: load() returns it or NULL with err set.
 */
struct self_prog {
	void *(*load)(struct lc_err *err);
	void (*destroy)(void *skel);
	pthread_mutex_t lock;
	bool tried;
	void *skel;
	struct lc_err err;              /* why it could not be loaded */
};

static void *load_hook(struct lc_err *err)
{
	struct lc_self_hook_bpf *skel = lc_self_hook_bpf__open_and_load();

	if (!skel)
		lc_err_set(err, errno ? -errno : -EINVAL, "cannot load " WHAT " (XDP hooks)");
	return skel;
}

static void destroy_hook(void *skel)
{
	lc_self_hook_bpf__destroy(skel);
}

static void *load_links(struct lc_err *err)
{
	struct lc_self_links_bpf *skel = lc_self_links_bpf__open_and_load();

	if (!skel)
		lc_err_set(err, errno ? -errno : -EINVAL, "cannot load " WHAT " (link references)");
	return skel;
}

static void destroy_links(void *skel)
{
	lc_self_links_bpf__destroy(skel);
}

static struct self_prog hook_prog = {
	.load = load_hook, .destroy = destroy_hook, .lock = PTHREAD_MUTEX_INITIALIZER,
};
static struct self_prog links_prog = {
	.load = load_links, .destroy = destroy_links, .lock = PTHREAD_MUTEX_INITIALIZER,
};

/* One pass of prog over this thread alone: what it writes (up to cap bytes) into buf. */
static int run_self(int prog_fd, void *buf, size_t cap, size_t *len, struct lc_err *err)
{
	struct lc_iter_handle h;
	ssize_t n = 1;
	char more;
	int rc;

	*len = 0;
	rc = lc_iter_start_tid(prog_fd, (__u32)syscall(SYS_gettid), WHAT, &h, err);
	if (rc)
		return rc;
	while (!rc && n > 0) {
		/* once buf is full, one more byte tells a longer output from an exact fit */
		n = *len < cap ? lc_iter_read(&h, (char *)buf + *len, cap - *len, WHAT, err)
			       : lc_iter_read(&h, &more, 1, WHAT, err);
		if (n > 0 && *len >= cap)
			rc = lc_err_msg(err, -E2BIG, WHAT " wrote more than expected");
		else if (n < 0)
			rc = (int)n;
		else
			*len += (size_t)n;
	}
	lc_iter_stop(&h);
	return rc;
}

/* LINKCTL_SELF_ITER=0: every own-thread read gives way to the pass over everything it spares. */
static bool self_iter_off(void)
{
	const char *env = getenv("LINKCTL_SELF_ITER");

	return env && !strcmp(env, "0");
}

static int self_allowed(struct lc_err *err)
{
	if (self_iter_off())
		return lc_err_msg(err, -EOPNOTSUPP, WHAT " is turned off (LINKCTL_SELF_ITER=0)");
	return lc_iter_allowed(WHAT, err);
}

bool lc_self_iter_on(void)
{
	struct lc_err ignored = { 0 };

	return !self_allowed(&ignored);
}

/* The program kept by lc_iter_cache_begin, or one loaded for this call (*loaded). */
static void *get(struct self_prog *p, bool *loaded, struct lc_err *err)
{
	if (self_allowed(err))
		return NULL;
	*loaded = !lc_iter_cache_on();
	if (*loaded)
		return p->load(err);
	pthread_mutex_lock(&p->lock);
	if (!p->tried) {
		p->tried = true;
		p->skel = p->load(&p->err);
	}
	if (!p->skel) {
		*err = p->err;
		pthread_mutex_unlock(&p->lock);
	}
	return p->skel;
}

static void put(struct self_prog *p, void *skel, bool loaded)
{
	if (loaded)
		p->destroy(skel);
	else
		pthread_mutex_unlock(&p->lock);
}

static void release(struct self_prog *p)
{
	pthread_mutex_lock(&p->lock);
	if (p->skel)
		p->destroy(p->skel);
	p->skel = NULL;
	p->tried = false;
	pthread_mutex_unlock(&p->lock);
}

void lc_self_iter_cache_release(void)
{
	release(&hook_prog);
	release(&links_prog);
}

int lc_self_xdp_hooks(__u32 ifindex, struct lc_self_hooks *h, struct lc_err *err)
{
	unsigned long long self_ino = lc_netns_self_ino();
	struct lc_self_hook_rec rec;
	struct lc_self_hook_bpf *skel;
	size_t len;
	bool loaded;
	int rc;

	memset(h, 0, sizeof(*h));
	skel = get(&hook_prog, &loaded, err);
	if (!skel)
		return err->code ? err->code : -EOPNOTSUPP;
	skel->bss->lc_ifindex = ifindex;
	rc = run_self(skel->progs.lc_self_hook.prog_fd, &rec, sizeof(rec), &len, err);
	put(&hook_prog, skel, loaded);
	if (!rc && len != sizeof(rec))
		rc = lc_err_msg(err, -ENOENT, WHAT " wrote no record");
	if (rc)
		return rc;
	/* the thread's namespace, which the caller's netlink dump read, and no other */
	if (!self_ino || rec.netns_ino != self_ino)
		return lc_err_msg(err, -ESTALE, WHAT " read another network namespace");
	if (rec.ifindex != ifindex)
		return lc_err_msg(err, -ENODEV, WHAT " did not find ifindex %u", ifindex);
	memcpy(h->prog_id, rec.prog_id, sizeof(h->prog_id));
	memcpy(h->link_id, rec.link_id, sizeof(h->link_id));
	h->links = rec.links;
	return 0;
}

/* Our fds of recs that are distinct files (dup'd fds share one); at least 1 where unsure. */
static unsigned int distinct_files(const struct lc_self_link_rec *recs, size_t n)
{
	pid_t self = getpid();
	unsigned int files = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		/* kcmp: 0 for one file; where it cannot tell, the fds count as one (fewer: safe) */
		while (j < i && syscall(SYS_kcmp, self, self, KCMP_FILE, recs[j].fd, recs[i].fd) > 0)
			j++;
		files += j == i;
	}
	return files;
}

#define SELF_LINK_FDS 64

/*
 * The two passes of self_links.bpf.c for link link_id, fd being ours on it: the first finds
 * the link's object through fd, the second writes the records of our fds on that object
 * (*n, at least 1).
 */
static int self_links_pass(__u32 link_id, int fd, struct lc_self_link_rec *recs, size_t cap,
			   size_t *n, struct lc_err *err)
{
	struct lc_self_links_bpf *skel;
	size_t len = 0;
	bool loaded;
	int rc;

	skel = get(&links_prog, &loaded, err);
	if (!skel)
		return err->code ? err->code : -EOPNOTSUPP;
	skel->bss->lc_link_id = link_id;
	skel->bss->lc_link_fd = fd;
	skel->bss->lc_link_obj = 0;
	rc = run_self(skel->progs.lc_self_links.prog_fd, recs, cap * sizeof(*recs), &len, err);
	if (!rc && (len || !skel->bss->lc_link_obj))
		rc = lc_err_msg(err, -ENOENT, WHAT " found no fd %d of link %u here", fd, link_id);
	skel->bss->lc_link_fd = -1;
	if (!rc)
		rc = run_self(skel->progs.lc_self_links.prog_fd, recs, cap * sizeof(*recs), &len,
			      err);
	put(&links_prog, skel, loaded);
	if (rc)
		return rc;
	if (!len || len % sizeof(recs[0]))
		return lc_err_msg(err, -ENOENT, WHAT " found no fd of link %u here", link_id);
	*n = len / sizeof(recs[0]);
	return 0;
}

int lc_self_link_refs(__u32 link_id, int fd, long long *refs, unsigned int *own_files,
		      struct lc_err *err)
{
	struct lc_self_link_rec recs[SELF_LINK_FDS];
	size_t n;
	int rc = self_links_pass(link_id, fd, recs, SELF_LINK_FDS, &n, err);

	if (rc)
		return rc;
	*refs = recs[0].refcnt;
	*own_files = distinct_files(recs, n);
	return 0;
}

int lc_self_link_dev(__u32 link_id, int fd, __u32 prog_id, struct lc_link_rec *rec,
		     struct lc_err *err)
{
	struct lc_self_link_rec recs[SELF_LINK_FDS] = { 0 };
	int own_fd = fd < 0 ? lc_link_fd_by_id(link_id, err) : -1;  /* for the pass to find */
	size_t n;
	int rc;

	memset(rec, 0, sizeof(*rec));
	if (fd < 0 && own_fd < 0)
		return own_fd;
	rc = self_links_pass(link_id, fd < 0 ? own_fd : fd, recs, SELF_LINK_FDS, &n, err);
	if (own_fd >= 0)
		close(own_fd);
	if (rc)
		return rc;
	if (!(recs[0].link.flags & LC_LINK_REC_DEV_BOUND))
		return lc_err_msg(err, -EOPNOTSUPP, WHAT " cannot read the device of link %u "
				  "(not a device link, or a type this kernel lacks)", link_id);
	*rec = lc_link_rec_of(&recs[0].link);
	rec->prog_id = prog_id;     /* not read by the pass */
	return 0;
}

/* The distinct files pinning link link_id: hard links of one file are one reference. */
static size_t pinned_files(__u32 link_id, const struct lc_pins *pins)
{
	const struct lc_pin *first;
	size_t n = lc_pins_find(pins, LC_OBJ_LINK, link_id, &first), files = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (j < i && (first[j].dev != first[i].dev || first[j].ino != first[i].ino))
			j++;
		files += j == i;
	}
	return files;
}

bool lc_link_held_by_pins_only(__u32 link_id, int fd, const struct lc_pins *pins)
{
	const char *force_proc = getenv("LINKCTL_OWNERS_PROC");
	struct lc_err why = { 0 };
	unsigned int own_files = 0;
	long long refs = 0;
	size_t files;
	int own_fd = -1, rc;

	if (force_proc && *force_proc && strcmp(force_proc, "0"))
		return false;       /* /proc is to be read: the tests compare it with the iterator */
	files = pinned_files(link_id, pins);
	if (fd < 0)     /* one of ours at least, for the count */
		fd = own_fd = lc_link_fd_by_id(link_id, &why);
	if (fd < 0)
		return false;
	rc = lc_self_link_refs(link_id, fd, &refs, &own_files, &why);
	if (own_fd >= 0)
		close(own_fd);
	if (rc) {
		lc_log("link owners of link %u: its reference count cannot be read (%s)", link_id,
		       why.msg);
		return false;
	}
	if (refs > (long long)own_files + (long long)files)
		return false;
	lc_log("link owners of link %u: none (its reference count leaves room for its %zu pinned "
	       "file%s only)", link_id, files, files == 1 ? "" : "s");
	return true;
}
