/* SPDX-License-Identifier: GPL-2.0-only */
/* xdp_hooks.h: who owns each XDP hook (netlink or which bpf_link), and attach, replace, detach. */
#ifndef LC_XDP_HOOKS_H
#define LC_XDP_HOOKS_H

#include <stdbool.h>
#include <limits.h>
#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "link_info.h"
#include "link_iter.h"
#include "xdp_devs.h"
#include "pins.h"
#include "prog_info.h"

/*
 * The XDP state of the current netns from one RTM_GETLINK dump, with each occupied hook
 * attributed. Netlink cannot say whether a hook is link-owned. For one device
 * (only_ifindex), the device itself does: its hooks' link pointers, read in this thread's
 * namespace (lib/self_iter.h), whatever the host's other links. Otherwise one pass of the
 * link iterator (lib/link_iter.h) can: a device's mode is owned by the XDP link whose device
 * has the device's ifindex in THIS network namespace and that runs the program in that
 * mode (dev->exact). Where the iterator cannot run, the old rule (docs/man/linkctl-xdp.rst)
 * is used and dev->exact is false: an XDP link's info holds only an ifindex, so a mode is
 * taken to be owned by a bpf_link iff some XDP link has info.xdp.ifindex == the device's
 * ifindex and info.prog_id == the program in that mode; a link in another netns with the
 * same ifindex and program matches too (link_matches counts them, > 1 is ambiguous), so
 * destructive verbs refuse to act on such a match. only_ifindex != 0 keeps that device
 * alone. Links are read only when a kept device has a program (CAP_SYS_ADMIN is needed
 * for that, not for the dump).
 */
int lc_xdp_state_read(struct lc_xdp_devs *devs, __u32 only_ifindex, struct lc_err *err);

/*
 * The same attribution for a caller that dumped devs itself (lc_xdp_devs_dump) and walks
 * the links for its own ends too: one walk, repeated (after restart(arg)) while a link
 * is unsettled, that attributes the hooks and hands every link to visit as well. No
 * second look at hooks no link accounts for: a caller comparing reads over time (monitor)
 * keeps a releasing link as the owner itself.
 */
int lc_xdp_attribute_walk(struct lc_xdp_devs *devs, lc_link_visit_fn visit,
			  void (*restart)(void *arg), void *arg, struct lc_err *err);
/*
 * The exact attribution from one pass of the link iterator (lib/link_iter.h): passes are
 * repeated (no sleep) while a link being created owns a hook; recs (the caller frees it,
 * also on failure) keeps the last pass (every link) for a caller that wants the links
 * too. prog: a program from lc_link_iter_prog_open (every link), kept by a caller that
 * reads again and again; NULL: loaded for this call. Fails
 * where the iterator cannot run; the caller then uses lc_xdp_attribute_walk.
 */
int lc_xdp_attribute_iter(struct lc_xdp_devs *devs, struct lc_link_iter_prog *prog,
			  struct lc_link_recs *recs, struct lc_err *err);
/* The exact rule over devs (of the namespace netns_ino) for a pass already read. */
void lc_xdp_attribute_recs(struct lc_xdp_devs *devs, const struct lc_link_recs *recs,
			   unsigned long long netns_ino, bool *unsettled);
/* The rule itself: mode of dev runs XDP link l (its ifindex, and the program in that mode). */
bool lc_xdp_hook_runs_link(const struct lc_xdp_dev *dev, int mode, const struct lc_link *l);

/* Every occupied mode of dev, as a bit set of (1 << enum lc_xdp_mode). */
unsigned int lc_xdp_dev_modes(const struct lc_xdp_dev *dev);
/* The mode a verb acts on: mode itself if given (>= 0), else the only occupied mode of dev;
 * -1 when dev has no program, -2 when it has several and the caller must say which. */
int lc_xdp_only_mode(const struct lc_xdp_dev *dev, int mode);
/* -EBUSY with a message when more than one XDP link matches the hook (see the rule). */
int lc_xdp_check_unambiguous(const struct lc_xdp_dev *dev, int mode, struct lc_err *err);
/* XDP_FLAGS_*_MODE for a mode, 0 for -1 (the kernel's choice: drv when the driver has it). */
__u32 lc_xdp_mode_flag(int mode);

/*
 * The default pin of an XDP link: ROOT/linkctl/xdp/<netns inode>/<ifname>. ifindexes and
 * device names repeat across network namespaces; the netns inode tells them apart.
 */
int lc_xdp_default_pin(const char *bpffs_root, const char *ifname, char *buf, size_t len,
		       struct lc_err *err);

enum lc_xdp_via { LC_XDP_VIA_ANY, LC_XDP_VIA_LINK, LC_XDP_VIA_NETLINK };
const char *lc_xdp_via_str(enum lc_xdp_via via);

/* Why the kernel (or the rule) turned an attach or detach down. */
enum lc_xdp_conflict {
	LC_XDP_CONFLICT_NONE,
	LC_XDP_CONFLICT_OCCUPIED,   /* the hook already has a program and no replace was asked */
	LC_XDP_CONFLICT_LINK_OWNED, /* a bpf_link owns the hook: netlink or detach cannot touch it */
	LC_XDP_CONFLICT_NETLINK,    /* a link cannot take over a program attached via netlink */
	LC_XDP_CONFLICT_OTHER_MODE, /* native and generic XDP cannot be active together */
};

struct lc_xdp_attach_req {
	__u32 ifindex;
	const char *ifname;         /* for messages */
	int prog_fd;
	int mode;                   /* LC_XDP_MODE_*, or -1: the kernel's choice */
	enum lc_xdp_via via;        /* ANY: link for a new attachment, as attached for replace */
	bool replace;
	__u32 old_prog_id;          /* replace: the program expected at the hook (0: the current) */
	const char *pin_path;       /* new link: pinned here (NULL: the default pin, see above) */
	const char *bpffs_root;     /* where the default pin goes */
	bool allow_mount;           /* mount a bpffs at bpffs_root if none is there */
	bool keep_fd;               /* new link: not pinned; its fd is handed back in res->link_fd */
};

struct lc_xdp_attach_res {
	struct lc_xdp_dev dev;      /* the device after the attach, or when it was refused */
	int mode;                   /* the mode the program runs in, or the conflicting mode */
	enum lc_xdp_via via;
	__u32 link_id;              /* the new or updated link */
	__u32 replaced_prog_id;     /* replace: the program swapped out (0: the hook was empty) */
	bool link_updated;          /* an existing link now runs the program; its pins are as they were */
	char pin_path[PATH_MAX];    /* new link: where it is pinned */
	int link_fd;                /* keep_fd: the new link's fd (the caller owns it), else -1 */
	__u32 defunct_link_unpinned; /* a detached link found at the default pin and removed */
	enum lc_xdp_conflict conflict;
};

/*
 * Attach, or with replace swap atomically (never an instant without a program): a new
 * link is pinned (refused before attaching if the pin cannot be made; closed, hence
 * detached, if pinning fails); a
 * link-owned hook by BPF_LINK_UPDATE with BPF_F_REPLACE, a netlink one by XDP_FLAGS_REPLACE
 * with the expected program's fd. A stale old_prog_id fails and changes nothing.
 */
int lc_xdp_attach(const struct lc_xdp_attach_req *req, struct lc_xdp_attach_res *res,
		  struct lc_err *err);

struct lc_xdp_detach_res {
	struct lc_xdp_dev dev;      /* the device as it was before the detach */
	int mode;
	__u32 prog_id, link_id;     /* what was detached; link_id 0: via netlink */
	struct lc_prog prog;        /* its info, read before the detach may free it */
	struct lc_pins unpinned;    /* force: the link's pins removed (caller frees) */
	bool unheld;                /* force: after the detach no process held the link */
	enum lc_xdp_conflict conflict;
};

/*
 * Detach the program of one mode (-1: the only occupied one). A netlink attachment is
 * removed only if it still runs the program seen (XDP_FLAGS_REPLACE + expected fd). A
 * link-owned hook is refused (LC_XDP_CONFLICT_LINK_OWNED) unless force: then the link's
 * pins are removed and the link is detached; holders keep a defunct link fd.
 */
int lc_xdp_detach(__u32 ifindex, int mode, bool force, struct lc_xdp_detach_res *res,
		  struct lc_err *err);

#endif
