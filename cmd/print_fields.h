/* SPDX-License-Identifier: GPL-2.0-only */
/* print_fields.h: pins, owners and program names, scanned once per command, printed alike everywhere. */
#ifndef LC_PRINT_FIELDS_H
#define LC_PRINT_FIELDS_H

#include <pthread.h>
#include <stdatomic.h>

#include "linkctl.h"
#include "../lib/owners.h"
#include "../lib/pins.h"
#include "../lib/prog_info.h"

struct obj_scan {
	enum lc_obj_kind kind;
	__u32 only_id;              /* owners of this object only; 0: of every one */
	int only_fd;                /* the caller's fd on that link (borrowed); -1: none */
	bool resolved;              /* false under --no-owners: pins and owners not looked up */
	struct lc_pins pins;
	struct lc_owners owners;
	struct lc_prog_cache progs;
	/* obj_scan_start: the scans run on a worker thread until obj_scan_wait */
	pthread_t worker;
	bool working;
	atomic_bool finished;       /* the worker is done: obj_scan_wait will not block */
	int worker_rc;
	struct lc_err worker_err;
};

/* Scan pins and owners of one object kind (skipped under --no-owners). */
int obj_scan_open(struct lc_ctx *ctx, enum lc_obj_kind kind, struct obj_scan *s);
/* For one object's pins and owners: the owner scan can skip the others' holders. */
int obj_scan_open_one(struct lc_ctx *ctx, enum lc_obj_kind kind, __u32 id, struct obj_scan *s);
void obj_scan_close(struct obj_scan *s);
/*
 * The scans into a scan already in use (s->kind set), keeping what it holds: a printer that
 * scans only once the first link-owned object shows up has filled its program cache by then.
 */
int obj_scan_resolve(struct lc_ctx *ctx, struct obj_scan *s);
/*
 * The same scans on a worker thread, so that the caller can walk the objects meanwhile
 * (with many links the walk is the longer of the two). obj_scan_wait
 * joins the worker and records a failure in ctx; obj_scan_close joins it too.
 */
int obj_scan_start(struct lc_ctx *ctx, enum lc_obj_kind kind, struct obj_scan *s);
/* obj_scan_start for one object: the owner scan can skip the others. */
int obj_scan_start_one(struct lc_ctx *ctx, enum lc_obj_kind kind, __u32 id, struct obj_scan *s);
/* obj_scan_start_one for link link_id, read through fd (ours on it, open until the wait). */
int obj_scan_start_link(struct lc_ctx *ctx, __u32 link_id, int fd, struct obj_scan *s);
int obj_scan_wait(struct lc_ctx *ctx, struct obj_scan *s);
/*
 * The scans of one object, here, for a command whose work is already done: a failure is
 * returned in err for the caller to warn about, not recorded in ctx as the command's.
 */
int obj_scan_try_one(struct lc_ctx *ctx, enum lc_obj_kind kind, __u32 id, struct obj_scan *s,
		     struct lc_err *err);
/* Whether obj_scan_wait would return at once (the worker is done, or there is none). */
bool obj_scan_done(struct obj_scan *s);

/* "pinned": [paths] / text "\n\tpinned PATH" lines. Nothing when not resolved. */
void print_pins(struct out *o, const struct obj_scan *s, __u32 id);
/* "pids": [{"pid","comm","fd"}] / text "\n\tpids comm(pid) fd F" lines. */
void print_owners(struct out *o, const struct obj_scan *s, __u32 id);
/* "type": a type's name, or (a type newer than linkctl, name NULL) its number, "unknown(N)" in text. */
void print_type(struct out *o, const char *name, __u32 type);
void print_link_type(struct out *o, __u32 type);
/* prog_id plus prog_name/prog_tag from the cache. */
void print_prog_ref(struct out *o, struct obj_scan *s, __u32 prog_id);
/* The same fields from info already read (p NULL: the program is gone). */
void print_prog_fields(struct out *o, __u32 prog_id, const struct lc_prog *p);
/*
 * What a detach detached: "attached" (via link, or via old_way), "link_id" and, for a link,
 * the pins it removed and the processes that still hold the link, defunct now.
 */
void print_detached(struct out *o, const struct obj_scan *s, __u32 link_id, const char *old_way,
		    const struct lc_pins *unpinned);
/* " (pinned P, Q; held by comm(pid) fd F)" for one-line messages; "" when not resolved. */
void format_pins_owners(const struct obj_scan *s, __u32 id, char *buf, size_t len);

#endif
