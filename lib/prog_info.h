/* SPDX-License-Identifier: GPL-2.0-only */
/* prog_info.h: program info, a by-ID info cache for listings, and PROGSPEC resolution. */
#ifndef LC_PROG_INFO_H
#define LC_PROG_INFO_H

#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/types.h>

#include "err.h"

#define LC_PROG_MAX_MAPS 64

struct lc_prog {
	__u32 id;
	__u32 type;
	char name[BPF_OBJ_NAME_LEN];
	char tag[BPF_TAG_SIZE * 2 + 1];     /* hex, as bpftool prints it */
	__u64 load_time_ns;                 /* since boot */
	__u32 btf_id;
	__u32 nr_map_ids;
	__u32 map_ids[LC_PROG_MAX_MAPS];
};

int lc_prog_info_fd(int fd, struct lc_prog *p, struct lc_err *err);
int lc_prog_info_id(__u32 id, struct lc_prog *p, struct lc_err *err);
/*
 * Open a program by ID (O_CLOEXEC). -ENOENT says "no program with id N"; a caller to whom
 * a vanished program means something else ("left the chain meanwhile") writes its own
 * message over it.
 */
int lc_prog_fd_by_id(__u32 id, struct lc_err *err);
/*
 * lc_prog_fd_by_id for a program seen attached a moment ago: one gone since is gone_code
 * with the caller's words ("program 7 left the chain meanwhile; nothing detached").
 */
int lc_prog_fd_seen(__u32 id, int gone_code, struct lc_err *err, const char *gone_fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Called per program with its info; non-zero stops the walk and is returned. */
typedef int (*lc_prog_visit_fn)(const struct lc_prog *p, void *arg);
int lc_prog_walk(lc_prog_visit_fn visit, void *arg, struct lc_err *err);
/* Load time as milliseconds since the epoch (the kernel keeps it since boot). */
long long lc_prog_load_epoch_ms(const struct lc_prog *p);

/* Listings name the program of each link; most links share a few programs. */
struct lc_prog_cache {
	struct lc_prog *v;
	size_t n, cap;
	size_t last;            /* the entry found last: consecutive links often share it */
	size_t *slots, nslots;  /* hash index by ID: 1 + the entry's index, 0 empty */
};
/* NULL when the program cannot be read (it may have gone). */
const struct lc_prog *lc_prog_cache_get(struct lc_prog_cache *c, __u32 id);
/* Add a program read elsewhere (the link iterator reads it with the link); NULL: no memory. */
const struct lc_prog *lc_prog_cache_put(struct lc_prog_cache *c, const struct lc_prog *p);
void lc_prog_cache_free(struct lc_prog_cache *c);

enum lc_prog_spec_kind { LC_PROG_SPEC_NONE, LC_PROG_SPEC_ID, LC_PROG_SPEC_PINNED, LC_PROG_SPEC_FILE };

/* PROGSPEC := id ID | pinned PATH | OBJ.o [name PROG | sec SECTION] */
struct lc_prog_spec {
	enum lc_prog_spec_kind kind;
	__u32 id;
	const char *path;           /* pin (PINNED) or object file (FILE) */
	const char *prog_name;      /* FILE: pick by function name */
	const char *section;        /* FILE: pick by ELF section */
};

/* An opened program; from a file, the object stays open until lc_prog_handle_close. */
struct lc_prog_handle {
	int fd;
	struct bpf_object *obj;
	struct lc_prog info;
};

/*
 * Open (or load) the program a spec names and check it has type want_type
 * (BPF_PROG_TYPE_UNSPEC: any). From an object file only the chosen program is loaded;
 * with several candidates of want_type and no name/sec, the error lists them.
 */
int lc_prog_open(const struct lc_prog_spec *spec, __u32 want_type, struct lc_prog_handle *h,
		 struct lc_err *err);
void lc_prog_handle_close(struct lc_prog_handle *h);

#endif
