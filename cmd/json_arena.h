/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * json_arena.h: where cJSON's nodes live while one list element is built. A streamed
 * element is printed and then dropped whole, so its nodes and strings come from a bump
 * arena that is simply rewound: no malloc/free per node, no walk of the tree to free
 * it, which a listing of many links otherwise pays for every element (bench/link-list).
 *
 * cJSON's allocation hooks are process-wide; outside an element they are plain
 * malloc and free, and free ignores arena memory, so any cJSON use stays correct.
 */
#ifndef LC_JSON_ARENA_H
#define LC_JSON_ARENA_H

#include <stdbool.h>

/* Route cJSON's allocations through the arena hooks (once, before any cJSON call). */
void json_arena_install(void);
/* Allocations from now on come from the arena, until json_arena_end. */
void json_arena_begin(void);
/* Back to malloc; with rewind, everything allocated since begin is released at once. */
void json_arena_end(bool rewind);
/* Release the arena's memory (at exit); nothing built in it may be used after. */
void json_arena_free(void);

#endif
