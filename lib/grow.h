/* SPDX-License-Identifier: GPL-2.0-only */
/* grow.h: the one doubling-array helper behind every list lib/ and cmd/ build. */
#ifndef LC_GROW_H
#define LC_GROW_H

#include <stddef.h>

/*
 * Room for element n of an array of cap elements of elem bytes: returns the array
 * (moved if it had to grow; *cap updated) or NULL when out of memory, leaving the
 * old array as it was. Usage: v = lc_grow(a->v, &a->cap, a->n, sizeof(*v)).
 */
void *lc_grow(void *array, size_t *cap, size_t n, size_t elem);

#endif
