// SPDX-License-Identifier: GPL-2.0-only
/*
 * audit_findings.c: the node read once, then one source per finding code (the table at the end;
 * the cgroup and tc sources are in audit_findings_unowned.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_findings.h"
#include "bpffs.h"
#include "grow.h"
#include "link_info.h"
#include "xdp_hooks.h"

static const char *const code_names[LC_AUDIT_CODES] = {
	[LC_AUDIT_XDP_NETLINK] = "xdp-netlink",
	[LC_AUDIT_PIN_DIR_WRITABLE] = "pin-dir-writable",
	[LC_AUDIT_PIN_DEFUNCT] = "pin-defunct",
	[LC_AUDIT_PIN_NETNS_GONE] = "pin-netns-gone",
	[LC_AUDIT_CGROUP_PROG_ATTACH] = "cgroup-prog-attach",
	[LC_AUDIT_TC_CLS_BPF] = "tc-cls-bpf",
	[LC_AUDIT_TCX_PROG_ATTACH] = "tcx-prog-attach",
};

const char *lc_audit_code_str(enum lc_audit_code code)
{
	return code < LC_AUDIT_CODES ? code_names[code] : "unknown";
}

int lc_audit_code_parse(const char *name)
{
	for (int c = 0; c < LC_AUDIT_CODES; c++)
		if (!strcmp(name, code_names[c]))
			return c;
	return -1;
}

struct lc_audit_finding *lc_audit_add(struct lc_audit *a, enum lc_audit_code code,
				      struct lc_err *err)
{
	struct lc_audit_finding *v = lc_grow(a->v, &a->cap, a->n, sizeof(*v));

	if (!v) {
		lc_err_set(err, -ENOMEM, "cannot record an audit finding");
		return NULL;
	}
	a->v = v;
	v = &a->v[a->n++];
	memset(v, 0, sizeof(*v));
	v->code = code;
	return v;
}

/* Every XDP hook no bpf_link owns, in every namespace. */
static int find_xdp_netlink(struct lc_audit *a, struct lc_err *err)
{
	for (size_t i = 0; i < a->node.n; i++)
		for (size_t d = 0; d < a->node.v[i].devs.n; d++) {
			const struct lc_xdp_dev *dev = &a->node.v[i].devs.v[d];

			for (int m = 0; m < LC_XDP_MODES; m++) {
				struct lc_audit_finding *f;

				if (!dev->prog_id[m] || dev->link_id[m])
					continue;
				f = lc_audit_add(a, LC_AUDIT_XDP_NETLINK, err);
				if (!f)
					return err->code;
				f->ns = a->node.v[i].ns;
				f->ifindex = dev->ifindex;
				f->prog_id = dev->prog_id[m];
				f->mode = m;
				snprintf(f->devname, sizeof(f->devname), "%s", dev->name);
				snprintf(f->why, sizeof(f->why), "attached via netlink: no process or "
					 "pin owns it, and anyone with CAP_NET_ADMIN can replace it");
			}
		}
	return 0;
}

static bool has_holders(const struct lc_audit *a, __u32 link_id)
{
	const struct lc_owner *first;

	return lc_owners_find(&a->owners, link_id, &first) > 0;
}

static bool pin_unsafe(const char *path, struct lc_err *why)
{
	memset(why, 0, sizeof(*why));
	return lc_bpffs_check_pin_dirs(path, why) == -EPERM;
}

/* The first pin of each pinned link (pins are sorted by kind, then ID): n is its pin count. */
static bool first_link_pin(const struct lc_audit *a, size_t i, const struct lc_pin **first,
			   size_t *n)
{
	const struct lc_pin *p = &a->pins.v[i];

	if (p->kind != LC_OBJ_LINK || (i && a->pins.v[i - 1].kind == LC_OBJ_LINK &&
				       a->pins.v[i - 1].id == p->id))
		return false;
	*n = lc_pins_find(&a->pins, LC_OBJ_LINK, p->id, first);
	return *n > 0;
}

/* A link no process holds whose every pin sits under a directory another user controls. */
static int find_pin_dir_writable(struct lc_audit *a, struct lc_err *err)
{
	const struct lc_pin *first;
	struct lc_err why;
	size_t n, k;

	for (size_t i = 0; i < a->pins.n; i++) {
		if (!first_link_pin(a, i, &first, &n) || has_holders(a, first->id))
			continue;
		for (k = 0; k < n && pin_unsafe(first[k].path, &why); k++)
			;
		if (k < n)
			continue;       /* one safe pin keeps the link */
		for (k = 0; k < n; k++) {
			struct lc_audit_finding *f = lc_audit_add(a, LC_AUDIT_PIN_DIR_WRITABLE, err);

			if (!f)
				return err->code;
			pin_unsafe(first[k].path, &why);
			f->link_id = first->id;
			f->pin_path = first[k].path;
			snprintf(f->why, sizeof(f->why), "no process holds the link, and %s", why.msg);
		}
	}
	return 0;
}

/* Detached: from the iterator for device links, else the link's own info. */
static bool link_defunct(const struct lc_audit *a, __u32 link_id, __u32 *type)
{
	const struct lc_link_rec *r = lc_link_recs_find(&a->node.recs, link_id);
	struct lc_err ignored = { 0 };
	struct lc_link l;
	int fd;

	*type = r ? r->type : 0;
	if (r && r->dev_bound)
		return r->detached;
	fd = lc_link_fd_by_id(link_id, &ignored);
	if (fd < 0)
		return false;   /* gone meanwhile: its pins went with it */
	if (lc_link_info(fd, &l, &ignored))
		l.defunct = false;
	close(fd);
	*type = l.info.type;
	return l.defunct;
}

/*
 * linkctl's default pins name the namespace of their device: ROOT/linkctl/xdp/<netns
 * inode>/<ifname> and ROOT/linkctl/tcx/<netns inode>/<ifname>/<dir>/<link id>. The inode
 * when path is one of those (for a link of that type), else 0.
 */
static unsigned long long default_pin_netns(const char *path, __u32 type)
{
	const char *dir = type == LC_LINK_TYPE_XDP ? "/linkctl/xdp/" :
			  type == LC_LINK_TYPE_TCX ? "/linkctl/tcx/" : NULL;
	int depth = type == LC_LINK_TYPE_XDP ? 1 : 3;   /* components after the inode */
	const char *p = dir ? strstr(path, dir) : NULL;
	unsigned long long ino;
	char *end;

	if (!p)
		return 0;
	ino = strtoull(p + strlen(dir), &end, 10);
	if (*end != '/' || end == p + strlen(dir))
		return 0;
	for (const char *c = end; *c; c++)
		depth -= *c == '/';
	return depth ? 0 : ino;
}

/* pin-netns-gone applies: no holder, and the namespace its default pin names is gone. */
static bool netns_gone(const struct lc_audit *a, const struct lc_pin *pin, __u32 type)
{
	unsigned long long ino = default_pin_netns(pin->path, type);

	return ino && !has_holders(a, pin->id) && !lc_netns_list_find(&a->node.netns, ino);
}

/* Pins of detached links: pin-netns-gone where it applies (and is looked for), else pin-defunct. */
static int find_pin_defunct(struct lc_audit *a, struct lc_err *err)
{
	bool gone_wanted = !(a->ignore & (1u << LC_AUDIT_PIN_NETNS_GONE));
	bool defunct_wanted = !(a->ignore & (1u << LC_AUDIT_PIN_DEFUNCT));
	const struct lc_pin *first;
	size_t n;
	__u32 type;

	for (size_t i = 0; i < a->pins.n; i++) {
		if (!first_link_pin(a, i, &first, &n) || !link_defunct(a, first->id, &type))
			continue;
		for (size_t k = 0; k < n; k++) {
			bool gone = gone_wanted && netns_gone(a, &first[k], type);
			struct lc_audit_finding *f;

			if (!gone && !defunct_wanted)
				continue;
			f = lc_audit_add(a, gone ? LC_AUDIT_PIN_NETNS_GONE : LC_AUDIT_PIN_DEFUNCT, err);
			if (!f)
				return err->code;
			f->link_id = first->id;
			f->pin_path = first[k].path;
			f->netns_ino = gone ? default_pin_netns(first[k].path, type) : 0;
			if (gone)
				snprintf(f->why, sizeof(f->why), "the link was detached with its device: "
					 "network namespace %llu is gone, no process holds the link, "
					 "only this pin keeps it", f->netns_ino);
			else
				snprintf(f->why, sizeof(f->why), "pins a detached (defunct) link: "
					 "it attaches nothing, and a new attach under this path fails");
		}
	}
	return 0;
}

/*
 * The sources, one row per way of finding something. A row runs unless its code is
 * ignored (find_pin_defunct serves two codes, and runs unless both are).
 */
static const struct audit_source {
	unsigned int codes;     /* bit set of (1 << code) the row reports */
	int (*run)(struct lc_audit *a, struct lc_err *err);
} sources[] = {
	{ 1u << LC_AUDIT_XDP_NETLINK, find_xdp_netlink },
	{ 1u << LC_AUDIT_PIN_DIR_WRITABLE, find_pin_dir_writable },
	{ 1u << LC_AUDIT_PIN_DEFUNCT | 1u << LC_AUDIT_PIN_NETNS_GONE, find_pin_defunct },
	{ 1u << LC_AUDIT_CGROUP_PROG_ATTACH, lc_audit_find_cgroup_prog_attach },
	{ 1u << LC_AUDIT_TC_CLS_BPF, lc_audit_find_tc_cls_bpf },
	{ 1u << LC_AUDIT_TCX_PROG_ATTACH, lc_audit_find_tcx_prog_attach },
};

static int read_node(struct lc_audit *a, struct lc_err *err)
{
	int rc = lc_xdp_node_read(&a->node, err);

	if (!rc)
		rc = lc_pins_scan(1u << LC_OBJ_LINK, &a->pins, err);
	if (!rc)
		rc = lc_owners_scan(LC_OBJ_LINK, &a->owners, err);
	for (size_t i = 0; !rc && i < a->node.n; i++)
		for (size_t d = 0; d < a->node.v[i].devs.n; d++)
			a->xdp_hooks += (size_t)__builtin_popcount(lc_xdp_dev_modes(&a->node.v[i].devs.v[d]));
	a->links = a->node.recs.n;
	for (size_t i = 0; i < a->node.recs.n; i++)
		a->tcx_links += a->node.recs.v[i].type == LC_LINK_TYPE_TCX;
	a->cgroups = a->cgroup_progs = a->tc_filters = a->tcx_progs = -1;
	return rc;
}

int lc_audit_run(struct lc_audit *a, struct lc_err *err)
{
	int rc = read_node(a, err);

	for (size_t i = 0; !rc && i < sizeof(sources) / sizeof(sources[0]); i++)
		if (sources[i].codes & ~a->ignore)
			rc = sources[i].run(a, err);
	if (rc)
		lc_audit_free(a);
	return rc;
}

void lc_audit_free(struct lc_audit *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].cgroup_path);
	free(a->v);
	lc_owners_free(&a->owners);
	lc_pins_free(&a->pins);
	lc_xdp_node_free(&a->node);
	a->v = NULL;
	a->n = a->cap = 0;
}
