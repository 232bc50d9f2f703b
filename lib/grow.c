// SPDX-License-Identifier: GPL-2.0-only
/* grow.c: doubling growth for the arrays lib/ and cmd/ build (links, owners, pins, ...). */
#include <stdlib.h>

#include "grow.h"

/* Small lists stay small; large ones (10,000 links) double their way up. */
#define GROW_FIRST 16

void *lc_grow(void *array, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *grown;

	if (n < *cap)
		return array;
	ncap = *cap ? *cap * 2 : GROW_FIRST;
	grown = realloc(array, ncap * elem);
	if (grown)
		*cap = ncap;
	return grown;
}
