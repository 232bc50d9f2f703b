/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tap.h: a minimal TAP emitter for unit tests. TAP_DONE() prints the plan (1..N) last,
 * as TAP allows; tests/run checks it against the ok / not ok lines and the exit status,
 * so a test that dies midway fails even though the asserts it printed passed.
 */
#ifndef LC_TAP_H
#define LC_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

#define TAP_OK(cond, name) do { \
	tap_count++; \
	if (cond) { \
		printf("ok %d - %s\n", tap_count, name); \
	} else { \
		tap_failed++; \
		printf("not ok %d - %s (%s:%d)\n", tap_count, name, __FILE__, __LINE__); \
	} \
} while (0)

#define TAP_STREQ(got, want, name) do { \
	const char *g_ = (got), *w_ = (want); \
	TAP_OK(g_ && !strcmp(g_, w_), name); \
	if (!g_ || strcmp(g_, w_)) \
		printf("#   got '%s'\n#  want '%s'\n", g_ ? g_ : "(null)", w_); \
} while (0)

#define TAP_DONE() (printf("1..%d\n# %s: %d tests, %d failed\n", tap_count, __FILE__, \
			   tap_count, tap_failed), fflush(stdout), tap_failed ? 1 : 0)

#endif
