/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * complete.h: completion candidates, from the dispatcher tables (objects, verbs, the
 * verb's arg_spec keywords and choices) and from the live system (link and program
 * IDs, devices, pins, files). The shell's readline and bash completion both use it.
 */
#ifndef LC_COMPLETE_H
#define LC_COMPLETE_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "linkctl.h"

struct complete_list {
	char **v;               /* candidates, owned */
	size_t n, cap;
	bool filenames;         /* paths: the front end quotes them and marks directories */
};

/*
 * Candidates starting with cur for the word after the command words words[0..nwords)
 * (the object first; global options already consumed), read from an object table
 * (lc_objects, or a test's own). Adds to list.
 */
void lc_complete(const struct lc_ctx *ctx, const struct cmd *objects, int nwords,
		 char *const *words, const char *cur, struct complete_list *list);
void complete_list_free(struct complete_list *list);

/* Add cand if it starts with cur and is not there yet. */
void complete_add(struct complete_list *list, const char *cur, const char *cand);
/* The same for values unique by construction (IDs, directory entries): no search. */
void complete_add_new(struct complete_list *list, const char *cur, const char *cand);

/* Live values (cmd/complete_live.c). */
void complete_link_ids(struct complete_list *list, const char *cur);
void complete_prog_ids(struct complete_list *list, const char *cur);
void complete_devices(struct complete_list *list, const char *cur);
void complete_netns_names(struct complete_list *list, const char *cur);
/* Pinned paths: cur as a path, or the entries of bpffs_root while cur is empty. */
void complete_pins(struct complete_list *list, const char *cur, const char *bpffs_root);
enum complete_files { FILES_ANY, FILES_DIRS, FILES_OBJECTS /* directories and *.o */ };
void complete_files(struct complete_list *list, const char *cur, enum complete_files which);
/* Programs of an ELF object file, by function name or by section. */
void complete_obj_programs(struct complete_list *list, const char *cur, const char *obj_path,
			   bool by_section);

/*
 * `linkctl --complete CWORD WORD...`: bash completion's back end (cmd/complete_main.c);
 * options is main's getopt table of the global options.
 */
int lc_complete_main(int argc, char **argv, const struct option *options);

#endif
