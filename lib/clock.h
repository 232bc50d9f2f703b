/* SPDX-License-Identifier: GPL-2.0-only */
/* clock.h: CLOCK_MONOTONIC in milliseconds, for deadlines and ticks across several waits. */
#ifndef LC_CLOCK_H
#define LC_CLOCK_H

long long lc_clock_ms(void);

#endif
