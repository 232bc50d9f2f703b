// SPDX-License-Identifier: GPL-2.0-only
/* link_change.c: `linkctl link pin|unpin|detach|update`: the verbs that change a link. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "link.h"
#include "../lib/bpffs.h"
#include "../lib/objfd.h"

/* The kernel frees a link's ID when its last reference goes; allow it a moment. */
#define RELEASE_WAIT_STEPS 100
#define RELEASE_WAIT_NS 1000000L

/* Whether path already pins the link link_id (a re-run of the same pin). */
static bool pinned_there(const char *path, __u32 link_id)
{
	struct lc_err ignored;
	int fd = lc_obj_get_kind(path, LC_OBJ_LINK, &ignored);
	bool same = fd >= 0 && lc_obj_id(fd, LC_OBJ_LINK) == link_id;

	if (fd >= 0)
		close(fd);
	return same;
}

/*
 * pids: who holds the link besides the pin just made, scanned after it; a failing scan is
 * a warning, not a failure (the pin is made). pinned stays the pin made, as for every verb.
 */
static void print_pinned_holders(struct lc_ctx *ctx, __u32 link_id)
{
	struct lc_err err = { 0 };
	struct obj_scan scan;

	if (obj_scan_try_one(ctx, LC_OBJ_LINK, link_id, &scan, &err))
		cmd_warn(ctx, "link %u is pinned, but its holders cannot be listed: %s",
			 link_id, err.msg);
	print_owners(&ctx->out, &scan, link_id);
	obj_scan_close(&scan);
}

int do_link_pin(struct lc_ctx *ctx, const void *opts)
{
	const struct link_pin_opts *opt = opts;
	const char *path = opt->path;
	struct out *o = &ctx->out;
	struct lc_err err = { 0 };
	__u32 link_id;
	int fd, rc;

	fd = link_open_arg(&opt->ref, &err);
	if (fd < 0)
		return cmd_fail_err(ctx, &err);
	link_id = lc_obj_id(fd, LC_OBJ_LINK);
	rc = lc_bpffs_pin_fd(fd, path, &err);
	close(fd);
	if (rc && !(rc == -EEXIST && pinned_there(path, link_id)))
		return cmd_fail_err(ctx, &err);
	out_open_object(o, NULL);
	out_u32(o, "link_id", "pinned link %u", link_id);
	out_open_array(o, "pinned");
	out_str(o, NULL, " at %s", path);
	out_close_array(o);
	if (rc)     /* pinning it again is what a re-run of the same step does: no error */
		out_str(o, "note", " (%s)", "already pinned there");
	print_pinned_holders(ctx, link_id);
	out_text(o, "\n");
	out_close_object(o);
	return EXIT_OK;
}

/* True once no link has this ID any more; polls while we expect it to go. */
static bool link_released(__u32 link_id, bool expect_release)
{
	struct timespec pause = { 0, RELEASE_WAIT_NS };
	struct lc_err ignored;
	int fd;

	for (int step = 0;; step++) {
		fd = lc_link_fd_by_id(link_id, &ignored);
		if (fd == -ENOENT)
			return true;
		if (fd >= 0)
			close(fd);
		if (!expect_release || step == RELEASE_WAIT_STEPS)
			return false;
		nanosleep(&pause, NULL);
	}
}

/* Whether anything but the removed pin held the link when we scanned. */
static bool held_elsewhere(const struct obj_scan *s, __u32 link_id, const char *removed)
{
	const struct lc_pin *pin;
	const struct lc_owner *w;
	size_t npins = lc_pins_find(&s->pins, LC_OBJ_LINK, link_id, &pin);

	for (size_t i = 0; i < npins; i++)
		if (strcmp(pin[i].path, removed))
			return true;
	return lc_owners_find(&s->owners, link_id, &w) > 0;
}

/* The link's pins other than the one removed, and its owners, as scanned before. */
static void print_survivors(struct out *o, const struct obj_scan *s, __u32 link_id,
			    const char *removed)
{
	const struct lc_pin *pin;
	size_t npins = lc_pins_find(&s->pins, LC_OBJ_LINK, link_id, &pin);

	out_open_array(o, "pinned");
	for (size_t i = 0; i < npins; i++)
		if (strcmp(pin[i].path, removed))
			out_str(o, NULL, "\n\tpinned %s", pin[i].path);
	out_close_array(o);
	print_owners(o, s, link_id);
}

/* Scan with the --no-owners setting ignored: unpin's answer needs both scans. */
static int scan_holders(struct lc_ctx *ctx, struct obj_scan *scan)
{
	bool no_owners = ctx->no_owners;
	int rc;

	ctx->no_owners = false;
	rc = obj_scan_open(ctx, LC_OBJ_LINK, scan);
	ctx->no_owners = no_owners;
	return rc;
}

/*
 * Remove the pin at path, after recording who else holds the link (that is the
 * answer unpin gives) and what path is called in the pin scan. Our own fd is closed
 * before returning so that the caller's ID lookup sees whether the link lived on.
 */
static int unpin_path(struct lc_ctx *ctx, const char *path, struct obj_scan *scan,
		      __u32 *link_id, char *canon)
{
	struct lc_err err = { 0 };
	int fd, rc = 0;

	fd = lc_obj_get_kind(path, LC_OBJ_LINK, &err);
	if (fd < 0)
		return cmd_fail_err(ctx, &err);
	*link_id = lc_obj_id(fd, LC_OBJ_LINK);
	if (!realpath(path, canon)) {
		lc_err_set(&err, -errno, "cannot resolve %s", path);
		rc = cmd_fail_err(ctx, &err);
	} else if (!(rc = scan_holders(ctx, scan)) && lc_bpffs_unpin(path, &err)) {
		rc = cmd_fail_err(ctx, &err);
		obj_scan_close(scan);
	}
	close(fd);
	return rc;
}

int do_link_unpin(struct lc_ctx *ctx, const void *opts)
{
	const char *path = ((const struct link_unpin_opts *)opts)->path;
	struct out *o = &ctx->out;
	char canon[PATH_MAX];
	struct obj_scan scan;
	__u32 link_id = 0;
	bool released;
	int rc;

	rc = unpin_path(ctx, path, &scan, &link_id, canon);
	if (rc)
		return rc;
	released = link_released(link_id, !held_elsewhere(&scan, link_id, canon));
	out_open_object(o, NULL);
	out_u32(o, "link_id", "unpinned link %u", link_id);
	out_open_array(o, "unpinned");
	out_str(o, NULL, " from %s", path);
	out_close_array(o);
	out_json_bool(o, "released", released);
	out_text(o, released ? ": released, nothing else held it" : ": the link lives on");
	print_survivors(o, &scan, link_id, canon);
	out_text(o, "\n");
	out_close_object(o);
	obj_scan_close(&scan);
	return EXIT_OK;
}

int do_link_detach(struct lc_ctx *ctx, const void *opts)
{
	const struct link_detach_opts *opt = opts;
	struct lc_err err = { 0 };
	int fd, rc;

	fd = link_open_arg(&opt->ref, &err);
	if (fd < 0)
		return cmd_fail_err(ctx, &err);
	rc = lc_link_detach(fd, &err) ? cmd_fail_err(ctx, &err) : link_show_fd(ctx, fd);
	close(fd);
	return rc;
}

/* The new program must be of the link's program type; the kernel would say EINVAL. */
static int open_new_prog(int link_fd, const struct lc_prog_spec *spec, struct lc_prog_handle *h,
			 struct lc_err *err)
{
	struct lc_link link;
	struct lc_prog cur = { 0 };
	int rc;

	rc = lc_link_info(link_fd, &link, err);
	if (!rc)
		rc = lc_prog_info_id(link.info.prog_id, &cur, err);
	if (!rc)
		rc = lc_prog_open(spec, cur.type, h, err);
	return rc;
}

int do_link_update(struct lc_ctx *ctx, const void *opts)
{
	const struct link_update_opts *opt = opts;
	struct lc_prog_handle prog;
	struct lc_err err = { 0 };
	int fd, rc;

	if (opt->old_prog.given && !opt->old_prog.val)     /* 0 would mean "no check" */
		return cmd_usage(ctx, "link update: invalid ID '0' for 'old-prog'");
	fd = link_open_arg(&opt->ref, &err);
	if (fd < 0)
		return cmd_fail_err(ctx, &err);
	rc = open_new_prog(fd, &opt->prog, &prog, &err);
	if (!rc) {
		rc = lc_link_update(fd, prog.fd, opt->old_prog.val, &err);
		lc_prog_handle_close(&prog);    /* the link holds the program now */
	}
	rc = rc ? cmd_fail_err(ctx, &err) : link_show_fd(ctx, fd);
	close(fd);
	return rc;
}
