// SPDX-License-Identifier: GPL-2.0-only
/* link.c: placeholder until the link object lands. */
#include "linkctl.h"

const struct cmd link_verbs[] = {
	{ 0 }
};
