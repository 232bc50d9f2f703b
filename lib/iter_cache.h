/* SPDX-License-Identifier: GPL-2.0-only */
/* iter_cache.h: the iterator programs kept loaded across the commands of a batch or a shell. */
#ifndef LC_ITER_CACHE_H
#define LC_ITER_CACHE_H

#include <stdbool.h>

/*
 * Loading an iterator program costs more than a pass of it (the kernel verifies it and
 * resolves its CO-RE relocations against its BTF), and the XDP verbs run a pass each:
 * a batch of a thousand of them loaded a thousand times. Between begin and end (they
 * nest), lib/ keeps each iterator program it loads, and a failure to load one, for the
 * next pass; end unloads them. Outside, each pass loads and unloads its own.
 */
void lc_iter_cache_begin(void);
void lc_iter_cache_end(void);
bool lc_iter_cache_on(void);

#endif
