// SPDX-License-Identifier: GPL-2.0-only
/*
 * tcx_detach.c: remove exactly one program from a tcx chain: a prog-attach entry by
 * BPF_PROG_DETACH with its own fd, a link-owned one only when forced.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "link_info.h"
#include "link_evict.h"
#include "prog_info.h"
#include "tcx.h"

static int detach_prog(__u32 ifindex, enum lc_tcx_dir dir, __u32 prog_id, struct lc_err *err)
{
	int prog_fd = lc_prog_fd_seen(prog_id, -ENOENT, err, "program %u left the chain meanwhile; "
				      "nothing detached", prog_id), rc = 0;

	if (prog_fd < 0)
		return prog_fd;
	if (bpf_prog_detach2(prog_fd, (int)ifindex, lc_tcx_attach_type(dir)))
		rc = lc_err_set_cap(err, -errno, "CAP_NET_ADMIN", "cannot detach program %u from the "
				    "tcx %s chain", prog_id, lc_tcx_dir_str(dir));
	close(prog_fd);
	return rc;
}

/* The link must still be the one seen: tcx, this device and direction, this program. */
static int check_link(int link_fd, __u32 ifindex, enum lc_tcx_dir dir,
		      const struct lc_tcx_entry *e, struct lc_err *err)
{
	struct lc_link l;
	int rc = lc_link_info(link_fd, &l, err);

	if (rc)
		return rc;
	if (l.info.type != LC_LINK_TYPE_TCX || l.info.tcx.ifindex != ifindex ||
	    l.info.tcx.attach_type != lc_tcx_attach_type(dir) || l.info.prog_id != e->prog_id)
		return lc_err_msg(err, -ENOENT, "link %u no longer runs program %u in the chain; "
				  "nothing detached", e->link_id, e->prog_id);
	return 0;
}

static int detach_link(__u32 ifindex, enum lc_tcx_dir dir, struct lc_tcx_detach_res *res,
		       struct lc_err *err)
{
	int link_fd = lc_link_fd_by_id(res->entry.link_id, err);
	int rc;

	if (link_fd < 0)
		return link_fd;
	rc = check_link(link_fd, ifindex, dir, &res->entry, err);
	if (!rc)
		rc = lc_link_evict(link_fd, res->entry.link_id, &res->unpinned, err);
	close(link_fd);
	return rc;
}

int lc_tcx_detach(__u32 ifindex, enum lc_tcx_dir dir, __u32 prog_id, bool force,
		  struct lc_tcx_detach_res *res, struct lc_err *err)
{
	const struct lc_tcx_entry *e;
	struct lc_tcx_chain c;
	struct lc_err ignored;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = lc_tcx_chain_read(ifindex, dir, &c, err);
	if (rc)
		return rc;
	e = lc_tcx_chain_find(&c, prog_id);
	if (e)
		res->entry = *e;
	lc_tcx_chain_free(&c);
	if (!e)
		return lc_err_msg(err, -ENOENT, "program %u is not in the tcx %s chain", prog_id,
				  lc_tcx_dir_str(dir));
	lc_prog_info_id(prog_id, &res->prog, &ignored);     /* a name for the report */
	if (!res->entry.link_id)
		return detach_prog(ifindex, dir, prog_id, err);
	if (!force) {
		res->link_owned = true;
		return lc_err_msg(err, -EBUSY, "bpf_link %u owns program %u in the chain",
				  res->entry.link_id, prog_id);
	}
	return detach_link(ifindex, dir, res, err);
}
