/* SPDX-License-Identifier: GPL-2.0-only */
/* fuzz_common.h: what the libFuzzer harnesses share: splitting an input into words. */
#ifndef LC_FUZZ_COMMON_H
#define LC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_WORDS 64

/*
 * The input as NUL-separated words in one malloc'd block (*block, freed by the caller);
 * words[0..n) point into it. At most FUZZ_MAX_WORDS words.
 */
static inline int fuzz_words(const uint8_t *data, size_t size, char **block, char **words)
{
	char *b = malloc(size + 1), *p;
	int n = 0;

	*block = b;
	if (!b)
		return 0;
	memcpy(b, data, size);
	b[size] = '\0';
	for (p = b; n < FUZZ_MAX_WORDS && p <= b + size; p += strlen(p) + 1)
		words[n++] = p;
	return n;
}

#endif
