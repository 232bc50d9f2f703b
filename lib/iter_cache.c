// SPDX-License-Identifier: GPL-2.0-only
/* iter_cache.c: when the iterator programs stay loaded (a batch, a shell), and their release. */
#include <stdatomic.h>

#include "iter_cache.h"
#include "link_iter.h"
#include "owners_iter.h"
#include "self_iter.h"

static atomic_int depth;

void lc_iter_cache_begin(void)
{
	atomic_fetch_add(&depth, 1);
}

void lc_iter_cache_end(void)
{
	if (atomic_fetch_sub(&depth, 1) != 1)
		return;
	lc_link_iter_cache_release();
	lc_owners_iter_cache_release();
	lc_self_iter_cache_release();
}

bool lc_iter_cache_on(void)
{
	return atomic_load(&depth) > 0;
}
