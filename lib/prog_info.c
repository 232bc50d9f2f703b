// SPDX-License-Identifier: GPL-2.0-only
/* prog_info.c: program info and turning a PROGSPEC into a program fd. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "grow.h"
#include "names.h"
#include "objfd.h"
#include "prog_info.h"
#include "regfile.h"
#include "strbuf.h"

int lc_prog_info_fd(int fd, struct lc_prog *p, struct lc_err *err)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	memset(p, 0, sizeof(*p));
	info.nr_map_ids = LC_PROG_MAX_MAPS;
	info.map_ids = (__u64)(unsigned long)p->map_ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return lc_err_set(err, -errno, "cannot read program info");
	p->id = info.id;
	p->type = info.type;
	memcpy(p->name, info.name, sizeof(p->name));
	p->name[sizeof(p->name) - 1] = '\0';
	for (int i = 0; i < BPF_TAG_SIZE; i++)
		snprintf(p->tag + 2 * i, 3, "%02x", info.tag[i]);
	p->load_time_ns = info.load_time;
	p->btf_id = info.btf_id;
	p->nr_map_ids = info.nr_map_ids < LC_PROG_MAX_MAPS ? info.nr_map_ids : LC_PROG_MAX_MAPS;
	return 0;
}

int lc_prog_fd_by_id(__u32 id, struct lc_err *err)
{
	int fd = bpf_prog_get_fd_by_id(id);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return lc_err_msg(err, -ENOENT, "no program with id %u", id);
	return lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot open program %u", id);
}

int lc_prog_fd_seen(__u32 id, int gone_code, struct lc_err *err, const char *gone_fmt, ...)
{
	int fd = lc_prog_fd_by_id(id, err);
	va_list ap;

	if (fd != -ENOENT)
		return fd;
	va_start(ap, gone_fmt);
	fd = lc_err_vmsg(err, gone_code, gone_fmt, ap);
	va_end(ap);
	return fd;
}

int lc_prog_info_id(__u32 id, struct lc_prog *p, struct lc_err *err)
{
	int fd = lc_prog_fd_by_id(id, err), rc;

	if (fd < 0)
		return fd;
	rc = lc_prog_info_fd(fd, p, err);
	close(fd);
	return rc;
}

int lc_prog_walk(lc_prog_visit_fn visit, void *arg, struct lc_err *err)
{
	struct lc_prog p;
	__u32 id = 0;
	int rc;

	for (;;) {
		if (bpf_prog_get_next_id(id, &id)) {
			if (errno == ENOENT)
				return 0;
			return lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN", "cannot iterate program IDs");
		}
		rc = lc_prog_info_id(id, &p, err);
		if (rc == -ENOENT)
			continue;       /* unloaded between the two calls */
		if (!rc)
			rc = visit(&p, arg);
		if (rc)
			return rc;
	}
}

long long lc_prog_load_epoch_ms(const struct lc_prog *p)
{
	struct timespec real, boot;

	long long boot_to_epoch_ns;

	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	/* in nanoseconds first: truncating each term to seconds made the result jitter by 1 s */
	boot_to_epoch_ns = (real.tv_sec - boot.tv_sec) * 1000000000LL + (real.tv_nsec - boot.tv_nsec);
	return (boot_to_epoch_ns + (long long)p->load_time_ns) / 1000000LL;
}

/* The slot of id in the hash index: its entry's, or the empty one where it would go. */
static size_t cache_slot(const struct lc_prog_cache *c, __u32 id)
{
	size_t mask = c->nslots - 1, i = (id * 2654435761u) & mask;

	while (c->slots[i] && c->v[c->slots[i] - 1].id != id)
		i = (i + 1) & mask;
	return i;
}

/* A larger index once it is half full (open addressing stays short that way). */
static int cache_rehash(struct lc_prog_cache *c)
{
	size_t nslots = c->nslots ? c->nslots * 2 : 64;
	size_t *slots = calloc(nslots, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	free(c->slots);
	c->slots = slots;
	c->nslots = nslots;
	for (size_t i = 0; c->v && i < c->n; i++)
		c->slots[cache_slot(c, c->v[i].id)] = i + 1;
	return 0;
}

static const struct lc_prog *cache_find(struct lc_prog_cache *c, __u32 id)
{
	size_t slot;

	if (!c->v)
		return NULL;
	if (c->last < c->n && c->v[c->last].id == id)
		return &c->v[c->last];
	if (!c->nslots)
		return NULL;
	slot = cache_slot(c, id);
	if (!c->slots[slot])
		return NULL;
	c->last = c->slots[slot] - 1;
	return &c->v[c->last];
}

const struct lc_prog *lc_prog_cache_put(struct lc_prog_cache *c, const struct lc_prog *p)
{
	const struct lc_prog *have = cache_find(c, p->id);
	struct lc_prog *v;

	if (have)
		return have;
	if ((c->n + 1) * 2 > c->nslots && cache_rehash(c))
		return NULL;
	v = lc_grow(c->v, &c->cap, c->n, sizeof(*v));
	if (!v)
		return NULL;
	c->v = v;
	c->v[c->n] = *p;
	c->slots[cache_slot(c, p->id)] = c->n + 1;
	c->last = c->n;
	return &c->v[c->n++];
}

const struct lc_prog *lc_prog_cache_get(struct lc_prog_cache *c, __u32 id)
{
	const struct lc_prog *have = cache_find(c, id);
	struct lc_err err;
	struct lc_prog p;

	if (have)
		return have;
	if (!id || lc_prog_info_id(id, &p, &err))
		return NULL;
	return lc_prog_cache_put(c, &p);
}

void lc_prog_cache_free(struct lc_prog_cache *c)
{
	free(c->v);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}

static int check_type(struct lc_prog_handle *h, __u32 want_type, struct lc_err *err)
{
	const char *want = lc_prog_type_str(want_type), *got = lc_prog_type_str(h->info.type);

	if (want_type == BPF_PROG_TYPE_UNSPEC || h->info.type == want_type)
		return 0;
	return lc_err_msg(err, -EINVAL, "program %u (%s) is of type %s, not %s", h->info.id,
			  h->info.name, got ? got : "unknown", want ? want : "unknown");
}

static bool prog_matches(struct bpf_program *prog, const struct lc_prog_spec *spec,
			 __u32 want_type)
{
	if (spec->prog_name)
		return !strcmp(bpf_program__name(prog), spec->prog_name);
	if (spec->section)
		return !strcmp(bpf_program__section_name(prog), spec->section);
	return want_type == BPF_PROG_TYPE_UNSPEC || bpf_program__type(prog) == want_type;
}

static const char *type_name(__u32 type)
{
	return lc_prog_type_str(type) ? lc_prog_type_str(type) : "unknown";
}

/* "a (section xdp), b (section xdp.frags)": every program of obj, or only those matching;
 * sections, since that is what 'sec SECTION' takes and two programs of a type differ there. */
static void list_programs(struct bpf_object *obj, const struct lc_prog_spec *spec, __u32 want_type,
			  bool matching_only, char *buf, size_t len)
{
	struct bpf_program *prog;
	struct lc_strbuf sb;

	lc_strbuf_init(&sb, buf, len);
	bpf_object__for_each_program(prog, obj) {
		if (matching_only && !prog_matches(prog, spec, want_type))
			continue;
		lc_strbuf_sep(&sb, ", ");
		lc_strbuf_addf(&sb, "%s (section %s)", bpf_program__name(prog),
			       bpf_program__section_name(prog));
	}
}

/* The one program of obj the spec selects, or an error naming the candidates. */
static struct bpf_program *pick_program(struct bpf_object *obj, const struct lc_prog_spec *spec,
					__u32 want_type, struct lc_err *err)
{
	struct bpf_program *prog, *chosen = NULL;
	char names[256];
	int matches = 0;

	bpf_object__for_each_program(prog, obj) {
		if (prog_matches(prog, spec, want_type)) {
			matches++;
			chosen = prog;
		}
	}
	list_programs(obj, spec, want_type, matches > 0, names, sizeof(names));
	if (matches > 1) {
		lc_err_msg(err, -EINVAL, "%s has %d %s programs: %s; choose one with 'name PROG' "
			   "or 'sec SECTION'", spec->path, matches,
			   spec->prog_name || spec->section ? "matching" : type_name(want_type), names);
		return NULL;
	}
	if (matches == 0 && (spec->prog_name || spec->section))
		lc_err_msg(err, -ENOENT, "%s has no program %s '%s' (it has %s)", spec->path,
			   spec->prog_name ? "named" : "in section",
			   spec->prog_name ? spec->prog_name : spec->section, names);
	else if (matches == 0)
		lc_err_msg(err, -ENOENT, "%s has no %s program (it has %s)", spec->path,
			   type_name(want_type), names);
	else if (want_type != BPF_PROG_TYPE_UNSPEC && bpf_program__type(chosen) != want_type)
		lc_err_msg(err, -EINVAL, "%s: %s is of type %s, not %s", spec->path,
			   bpf_program__name(chosen), type_name(bpf_program__type(chosen)),
			   type_name(want_type));
	else
		return chosen;
	return NULL;
}

/* What loading a program of this type needs besides CAP_BPF (the kernel's own split). */
static const char *load_caps(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
		return "CAP_BPF and CAP_PERFMON";
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_UNSPEC:
		return "CAP_BPF";
	default:            /* XDP, tc, cgroup, sockmap, lwt ...: networking types */
		return "CAP_BPF and CAP_NET_ADMIN";
	}
}

static int open_from_file(const struct lc_prog_spec *spec, __u32 want_type,
			  struct lc_prog_handle *h, struct lc_err *err)
{
	struct bpf_program *prog, *chosen;
	int rc;

	h->obj = lc_bpf_object_open(spec->path, err);
	if (!h->obj)
		return err->code;
	chosen = pick_program(h->obj, spec, want_type, err);
	if (!chosen)
		return err->code;
	bpf_object__for_each_program(prog, h->obj)
		bpf_program__set_autoload(prog, prog == chosen);
	if (bpf_object__load(h->obj)) {
		rc = -errno;
		if (rc == -EPERM)   /* not the verifier: a missing capability */
			return lc_err_set_cap(err, rc, load_caps(bpf_program__type(chosen)),
					      "cannot load %s from %s", bpf_program__name(chosen),
					      spec->path);
		return lc_err_set(err, rc, "cannot load %s from %s (run with -d for the verifier "
				  "log)", bpf_program__name(chosen), spec->path);
	}
	h->fd = bpf_program__fd(chosen);
	return lc_prog_info_fd(h->fd, &h->info, err);
}

int lc_prog_open(const struct lc_prog_spec *spec, __u32 want_type, struct lc_prog_handle *h,
		 struct lc_err *err)
{
	int rc;

	memset(h, 0, sizeof(*h));
	h->fd = -1;
	switch (spec->kind) {
	case LC_PROG_SPEC_ID:
		h->fd = lc_prog_fd_by_id(spec->id, err);
		if (h->fd < 0)
			return h->fd;
		rc = lc_prog_info_fd(h->fd, &h->info, err);
		break;
	case LC_PROG_SPEC_PINNED:
		h->fd = lc_obj_get_kind(spec->path, LC_OBJ_PROG, err);
		if (h->fd < 0)
			return h->fd;
		rc = lc_prog_info_fd(h->fd, &h->info, err);
		break;
	case LC_PROG_SPEC_FILE:
		rc = open_from_file(spec, want_type, h, err);
		break;
	default:
		return lc_err_msg(err, -EINVAL, "no program given");
	}
	if (!rc)
		rc = check_type(h, want_type, err);
	if (rc)
		lc_prog_handle_close(h);
	return rc;
}

void lc_prog_handle_close(struct lc_prog_handle *h)
{
	if (h->obj)
		bpf_object__close(h->obj);      /* owns h->fd */
	else if (h->fd >= 0)
		close(h->fd);
	h->obj = NULL;
	h->fd = -1;
}
