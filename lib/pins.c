// SPDX-License-Identifier: GPL-2.0-only
/* pins.c: find the pins of links, programs and maps by opening every bpffs file once. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "grow.h"
#include "bpffs.h"
#include "pins.h"

/* bpffs trees are shallow; the bound only stops a pathological tree from recursing on. */
#define PINS_MAX_DEPTH 32

static int pins_push(struct lc_pins *p, enum lc_obj_kind kind, __u32 id, const char *path,
		     const struct stat *st)
{
	struct lc_pin *v = lc_grow(p->v, &p->cap, p->n, sizeof(*v));
	char *copy;

	if (!v)
		return -ENOMEM;
	p->v = v;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	p->v[p->n++] = (struct lc_pin){ .kind = kind, .id = id, .path = copy,
					.dev = st->st_dev, .ino = st->st_ino };
	return 0;
}

static int scan_file(const char *path, unsigned int kinds_mask, struct lc_pins *p)
{
	enum lc_obj_kind kind;
	struct stat st;
	__u32 id;
	int fd;

	if (lstat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;       /* not a BPF object, or gone: neither is a pin we can report */
	kind = lc_fd_kind(0, fd);
	id = (kinds_mask & (1u << kind)) ? lc_obj_id(fd, kind) : 0;
	close(fd);
	return id ? pins_push(p, kind, id, path, &st) : 0;
}

static int scan_dir(const char *dir, unsigned int kinds_mask, struct lc_pins *p, int depth)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if (depth > PINS_MAX_DEPTH || !(d = opendir(dir)))
		return 0;
	while (!rc && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "",
			     de->d_name) >= (int)sizeof(path))
			continue;
		if (de->d_type == DT_DIR)
			rc = scan_dir(path, kinds_mask, p, depth + 1);
		else if (de->d_type == DT_REG || de->d_type == DT_UNKNOWN)
			rc = scan_file(path, kinds_mask, p);
	}
	closedir(d);
	return rc;
}

static int pin_cmp(const void *a, const void *b)
{
	const struct lc_pin *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int file_cmp(const void *a, const void *b)
{
	const struct lc_pin *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return strcmp(x->path, y->path);
}

/*
 * A bind mount, or a bpffs mounted inside another, shows one pin file at two paths;
 * removing it through one removes both. Keep one path per file (the first by name).
 */
static void drop_same_files(struct lc_pins *p)
{
	size_t kept = 0;

	qsort(p->v, p->n, sizeof(*p->v), file_cmp);
	for (size_t i = 0; i < p->n; i++) {
		if (kept && p->v[kept - 1].dev == p->v[i].dev && p->v[kept - 1].ino == p->v[i].ino) {
			free(p->v[i].path);
			continue;
		}
		p->v[kept++] = p->v[i];
	}
	p->n = kept;
}

int lc_pins_scan(unsigned int kinds_mask, struct lc_pins *p, struct lc_err *err)
{
	struct lc_bpffs_mounts mounts;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = lc_bpffs_mounts_read(&mounts, err);
	if (rc)
		return rc;
	for (int i = 0; i < mounts.count && !rc; i++)
		rc = scan_dir(mounts.paths[i], kinds_mask, p, 0);
	lc_bpffs_mounts_free(&mounts);
	if (rc) {
		lc_pins_free(p);
		return lc_err_set(err, rc, "cannot record bpffs pins");
	}
	if (p->n) { /* qsort(NULL, 0, ...) is undefined behaviour */
		drop_same_files(p);
		qsort(p->v, p->n, sizeof(*p->v), pin_cmp);
	}
	return 0;
}

size_t lc_pins_find(const struct lc_pins *p, enum lc_obj_kind kind, __u32 id,
		    const struct lc_pin **first)
{
	size_t lo = 0, hi = p->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct lc_pin *m = &p->v[mid];

		if (m->kind < kind || (m->kind == kind && m->id < id))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < p->n && p->v[end].kind == kind && p->v[end].id == id; end++)
		;
	*first = lo < p->n ? &p->v[lo] : NULL;
	return end - lo;
}

void lc_pins_free(struct lc_pins *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].path);
	free(p->v);
	memset(p, 0, sizeof(*p));
}
