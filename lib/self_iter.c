// SPDX-License-Identifier: GPL-2.0-only
/* self_iter.c: load bpf/self_iter.bpf.c (a light skeleton) and run it over this thread alone. */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>

#include "iter_cache.h"
#include "iter_run.h"
#include "netns.h"
#include "self_iter.h"
#include "../bpf/iter_records.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wconversion"
#include "self_iter.lskel.h"
#pragma GCC diagnostic pop

#define WHAT "the self iterator"

static struct lc_self_iter_bpf *load(struct lc_err *err)
{
	struct lc_self_iter_bpf *skel;
	int rc = lc_iter_allowed(WHAT, err);

	if (rc)
		return NULL;
	skel = lc_self_iter_bpf__open();
	if (!skel) {
		lc_err_set(err, -ENOMEM, "cannot open " WHAT);
		return NULL;
	}
	rc = lc_self_iter_bpf__load(skel);
	if (rc) {
		lc_err_set(err, rc < 0 ? rc : -EINVAL, "cannot load " WHAT);
		lc_self_iter_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

/* One pass of prog over this thread alone; the single record it writes into rec. */
static int run_self(int prog_fd, void *rec, size_t len, struct lc_err *err)
{
	union bpf_iter_link_info linfo = { .task.tid = (__u32)syscall(SYS_gettid) };
	LIBBPF_OPTS(bpf_link_create_opts, opts, .iter_info = &linfo, .iter_info_len = sizeof(linfo));
	int link_fd, iter_fd, rc = 0;
	ssize_t n;

	link_fd = bpf_link_create(prog_fd, 0, BPF_TRACE_ITER, &opts);
	if (link_fd < 0)
		return lc_err_set(err, -errno, "cannot attach " WHAT);
	iter_fd = bpf_iter_create(link_fd);
	if (iter_fd < 0)
		rc = lc_err_set(err, -errno, "cannot start " WHAT);
	for (unsigned int tries = 0; !rc && tries < 100; tries++) {
		n = read(iter_fd, rec, len);
		if (n < 0 && errno == EAGAIN)
			continue;
		if (n < 0)
			rc = lc_err_set(err, -errno, "cannot read " WHAT);
		else if ((size_t)n != len)
			rc = lc_err_msg(err, -ENOENT, WHAT " wrote no record");
		break;
	}
	if (iter_fd >= 0)
		close(iter_fd);
	close(link_fd);
	return rc;
}

/* The program kept by lc_iter_cache_begin, or one loaded for this call (*loaded). */
static struct {
	pthread_mutex_t lock;
	bool tried;
	struct lc_self_iter_bpf *skel;
	struct lc_err err;
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct lc_self_iter_bpf *get(bool *loaded, struct lc_err *err)
{
	*loaded = !lc_iter_cache_on();
	if (*loaded)
		return load(err);
	pthread_mutex_lock(&cache.lock);
	if (!cache.tried) {
		cache.tried = true;
		cache.skel = load(&cache.err);
	}
	if (!cache.skel)
		*err = cache.err;
	return cache.skel;
}

static void put(struct lc_self_iter_bpf *skel, bool loaded)
{
	if (loaded)
		lc_self_iter_bpf__destroy(skel);
	else
		pthread_mutex_unlock(&cache.lock);
}

void lc_self_iter_cache_release(void)
{
	pthread_mutex_lock(&cache.lock);
	lc_self_iter_bpf__destroy(cache.skel);
	cache.skel = NULL;
	cache.tried = false;
	pthread_mutex_unlock(&cache.lock);
}

int lc_self_xdp_hooks(__u32 ifindex, struct lc_self_hooks *h, struct lc_err *err)
{
	unsigned long long self_ino = lc_netns_self_ino();
	struct lc_self_hook_rec rec;
	struct lc_self_iter_bpf *skel;
	bool loaded;
	int rc;

	memset(h, 0, sizeof(*h));
	skel = get(&loaded, err);
	if (!skel)
		return err->code ? err->code : -EOPNOTSUPP;
	skel->bss->lc_ifindex = ifindex;
	rc = run_self(skel->progs.lc_self_hook.prog_fd, &rec, sizeof(rec), err);
	put(skel, loaded);
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

int lc_self_link_refs(int link_fd, long long *refs, struct lc_err *err)
{
	struct lc_self_link_rec rec;
	struct lc_self_iter_bpf *skel;
	bool loaded;
	int rc;

	skel = get(&loaded, err);
	if (!skel)
		return err->code ? err->code : -EOPNOTSUPP;
	skel->bss->lc_fd = (__u32)link_fd;
	rc = run_self(skel->progs.lc_self_links.prog_fd, &rec, sizeof(rec), err);
	put(skel, loaded);
	if (rc)
		return rc;
	if (rec.fd != (__u32)link_fd)
		return lc_err_msg(err, -ENOENT, WHAT " found no link at fd %d", link_fd);
	*refs = rec.refcnt;
	return 0;
}
