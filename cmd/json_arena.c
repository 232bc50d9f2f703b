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

static struct chunk *chunks;        /* the first one is reused after each rewind */
static struct chunk *current;       /* where the next allocation goes */
static bool active;

static bool in_arena(const void *p)
{
	for (const struct chunk *c = chunks; c; c = c->next)
		if ((const unsigned char *)p >= c->mem && (const unsigned char *)p < c->mem + CHUNK_SIZE)
			return true;
	return false;
}

static void *arena_malloc(size_t size)
{
	size_t need = (size + 15) & ~(size_t)15;

	if (!active || need > CHUNK_SIZE)
		return malloc(size);
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
	if (rewind && chunks) {
		current = NULL;     /* the next allocation starts the first chunk afresh */
	}
}

void json_arena_free(void)
{
	while (chunks) {
		struct chunk *next = chunks->next;

		free(chunks);
		chunks = next;
	}
	current = NULL;
	active = false;
}
