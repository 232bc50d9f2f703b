// SPDX-License-Identifier: GPL-2.0-only
/*
 * cgroup_detach.c: remove exactly one program from a cgroup: a prog-attach one by
 * BPF_PROG_DETACH with its own fd, a link-owned one only when forced.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "cgroup_bpf.h"
#include "link_info.h"
#include "link_evict.h"
#include "names.h"
#include "prog_info.h"

/* The entry to detach: a prog-attach one if the program is there both ways (see attribute). */
static const struct lc_cgroup_prog *pick(const struct lc_cgroup_progs *p, __u32 type, __u32 prog_id)
{
	const struct lc_cgroup_prog *found = NULL;

	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].attach_type != type || p->v[i].prog_id != prog_id)
			continue;
		if (!p->v[i].link_id)
			return &p->v[i];
		found = found ? found : &p->v[i];
	}
	return found;
}

static int detach_prog(int cgroup_fd, const struct lc_cgroup_detach_res *res, struct lc_err *err)
{
	int prog_fd = lc_prog_fd_seen(res->att.prog_id, -ENOENT, err, "program %u left the cgroup "
				      "meanwhile; nothing detached", res->att.prog_id);
	int rc = 0;

	if (prog_fd < 0)
		return prog_fd;
	/* multi mode removes exactly this program; none/override have one, the one just seen */
	if (bpf_prog_detach2(prog_fd, cgroup_fd, res->att.attach_type))
		rc = lc_err_set_cap(err, -errno, "CAP_NET_ADMIN", "cannot detach program %u (%s)",
				    res->att.prog_id, lc_attach_type_str(res->att.attach_type));
	close(prog_fd);
	return rc;
}

/* The link must still be the one seen: this cgroup, type and program. */
static int check_link(int link_fd, const struct lc_cgroup_prog *att, struct lc_err *err)
{
	struct lc_link l;
	int rc = lc_link_info(link_fd, &l, err);

	if (rc)
		return rc;
	if (l.info.type != LC_LINK_TYPE_CGROUP || l.info.cgroup.cgroup_id != att->from_cgroup_id ||
	    l.info.cgroup.attach_type != att->attach_type || l.info.prog_id != att->prog_id)
		return lc_err_msg(err, -ENOENT, "link %u no longer runs program %u on the cgroup; "
				  "nothing detached", att->link_id, att->prog_id);
	return 0;
}

static int detach_link(struct lc_cgroup_detach_res *res, struct lc_err *err)
{
	int link_fd = lc_link_fd_by_id(res->att.link_id, err);
	int rc;

	if (link_fd < 0)
		return link_fd;
	rc = check_link(link_fd, &res->att, err);
	if (!rc)
		rc = lc_link_evict(link_fd, res->att.link_id, &res->unpinned, err);
	close(link_fd);
	return rc;
}

int lc_cgroup_detach(int cgroup_fd, __u32 attach_type, __u32 prog_id, bool force,
		     struct lc_cgroup_detach_res *res, struct lc_err *err)
{
	const struct lc_cgroup_prog *att;
	struct lc_cgroup_progs progs;
	struct lc_err ignored;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = lc_cgroup_progs_read(cgroup_fd, (int)attach_type, &progs, err);
	if (rc)
		return rc;
	att = pick(&progs, attach_type, prog_id);
	if (att)
		res->att = *att;
	lc_cgroup_progs_free(&progs);
	if (!att)
		return lc_err_msg(err, -ENOENT, "program %u is not attached to the cgroup as %s",
				  prog_id, lc_attach_type_str(attach_type));
	lc_prog_info_id(prog_id, &res->prog, &ignored);     /* a name for the report */
	if (!res->att.link_id)
		return detach_prog(cgroup_fd, res, err);
	if (!force) {
		res->link_owned = true;
		return lc_err_msg(err, -EBUSY, "bpf_link %u owns program %u on the cgroup",
				  res->att.link_id, prog_id);
	}
	return detach_link(res, err);
}
