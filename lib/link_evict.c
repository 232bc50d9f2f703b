// SPDX-License-Identifier: GPL-2.0-only
/* link_evict.c: unpin a link everywhere and detach it, for the detach verbs' force. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "link.h"
#include "link_evict.h"

/* Keep only the pins of one link (the scan covers every link). */
static void pins_keep(struct lc_pins *pins, __u32 link_id)
{
	size_t kept = 0;

	for (size_t i = 0; i < pins->n; i++) {
		if (pins->v[i].kind == LC_OBJ_LINK && pins->v[i].id == link_id)
			pins->v[kept++] = pins->v[i];
		else
			free(pins->v[i].path);
	}
	pins->n = kept;
}

int lc_link_evict(int link_fd, __u32 link_id, struct lc_pins *unpinned, struct lc_err *err)
{
	int rc = lc_pins_scan(1u << LC_OBJ_LINK, unpinned, err);

	if (!rc)
		pins_keep(unpinned, link_id);
	for (size_t i = 0; !rc && i < unpinned->n; i++)
		if (unlink(unpinned->v[i].path) && errno != ENOENT)   /* gone already: fine */
			rc = lc_err_set(err, -errno, "cannot remove pin %s of link %u",
					unpinned->v[i].path, link_id);
	return rc ? rc : lc_link_detach(link_fd, err);
}
