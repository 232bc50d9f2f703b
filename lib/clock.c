// SPDX-License-Identifier: GPL-2.0-only
/* clock.c: the one millisecond clock (see clock.h). */
#include <time.h>

#include "clock.h"

long long lc_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
