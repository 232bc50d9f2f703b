// SPDX-License-Identifier: GPL-2.0-only
/* json_arena.c: a bump allocator in 64 KiB chunks behind cJSON's hooks, for one thread. */
#include <stdint.h>
#include <stdlib.h>
#include <cjson/cJSON.h>

#include "json_arena.h"

#define CHUNK_SIZE (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used;
	_Alignas(16) unsigned char mem[CHUNK_SIZE];
};

/* An allocation bigger than a chunk, made while the arena is active: freed at the rewind. */
struct big {
	struct big *next;
	size_t size;
	_Alignas(16) unsigned char mem[];
};

static struct chunk *chunks;        /* the first one is reused after each rewind */
static struct big *bigs;
static struct chunk *current;       /* where the next allocation goes */
static bool active;

static bool in_arena(const void *p)
{
	for (const struct chunk *c = chunks; c; c = c->next)
		if ((const unsigned char *)p >= c->mem && (const unsigned char *)p < c->mem + CHUNK_SIZE)
			return true;
	for (const struct big *b = bigs; b; b = b->next)
		if ((const unsigned char *)p >= b->mem && (const unsigned char *)p < b->mem + b->size)
			return true;
	return false;
}

static void *big_malloc(size_t size)
{
	struct big *b = malloc(sizeof(*b) + size);

	if (!b)
		return NULL;
	b->size = size;
	b->next = bigs;
	bigs = b;
	return b->mem;
}

static void free_bigs(void)
{
	while (bigs) {
		struct big *next = bigs->next;

		free(bigs);
		bigs = next;
	}
}

static void *arena_malloc(size_t size)
{
	size_t need = (size + 15) & ~(size_t)15;

	if (!active)
		return malloc(size);
	if (need > CHUNK_SIZE)
		return big_malloc(size);
	if (!current || current->used + need > CHUNK_SIZE) {
		struct chunk *next = current ? current->next : chunks;

		if (!next) {
			next = malloc(sizeof(*next));
			if (!next)
				return NULL;
			next->next = NULL;
			if (current)
				current->next = next;
			else
				chunks = next;
		}
		next->used = 0;
		current = next;
	}
	current->used += need;
	return current->mem + current->used - need;
}

static void arena_free(void *p)
{
	if (p && !in_arena(p))
		free(p);
}

void json_arena_install(void)
{
	cJSON_Hooks hooks = { .malloc_fn = arena_malloc, .free_fn = arena_free };

	cJSON_InitHooks(&hooks);
}

void json_arena_begin(void)
{
	active = true;
}

void json_arena_end(bool rewind)
{
	active = false;
	if (rewind) {
		current = NULL;     /* the next allocation starts the first chunk afresh */
		free_bigs();
	}
}

void json_arena_free(void)
{
	free_bigs();
	while (chunks) {
		struct chunk *next = chunks->next;

		free(chunks);
		chunks = next;
	}
	current = NULL;
	active = false;
}
