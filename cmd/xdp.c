// SPDX-License-Identifier: GPL-2.0-only
/* xdp.c: placeholder until the xdp object lands. */
#include "linkctl.h"

const struct cmd xdp_verbs[] = {
	{ 0 }
};
