/* SPDX-License-Identifier: GPL-2.0-only */
/* pins.h: every pin in every mounted bpffs, by object kind and ID. */
#ifndef LC_PINS_H
#define LC_PINS_H

#include <stddef.h>
#include <linux/types.h>

#include "err.h"
#include "objfd.h"

struct lc_pin {
	enum lc_obj_kind kind;
	__u32 id;
	char *path;             /* owned */
	unsigned long long dev, ino;    /* the pin file: one file seen through two mounts is one pin */
};

struct lc_pins {
	struct lc_pin *v;       /* sorted by kind, id, path */
	size_t n, cap;
};

/* Walk all bpffs mounts; kinds_mask is a bit set of (1 << enum lc_obj_kind). */
int lc_pins_scan(unsigned int kinds_mask, struct lc_pins *p, struct lc_err *err);
size_t lc_pins_find(const struct lc_pins *p, enum lc_obj_kind kind, __u32 id,
		    const struct lc_pin **first);
void lc_pins_free(struct lc_pins *p);

#endif
