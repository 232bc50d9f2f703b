/* SPDX-License-Identifier: GPL-2.0-only */
/* names.h: link, attach and program type names (libbpf's spelling); NULL when unknown. */
#ifndef LC_NAMES_H
#define LC_NAMES_H

const char *lc_link_type_str(unsigned int type);
int lc_link_type_parse(const char *name);       /* -1 when unknown */
const char *const *lc_link_type_names(unsigned int *count);  /* index = type; may hold NULLs */
const char *lc_attach_type_str(unsigned int type);
const char *lc_prog_type_str(unsigned int type);
int lc_prog_type_parse(const char *name);       /* -1 when unknown */

#endif
