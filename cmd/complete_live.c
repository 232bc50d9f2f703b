// SPDX-License-Identifier: GPL-2.0-only
/* complete_live.c: completion values read from the running system: IDs, devices, paths. */
#include <dirent.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <bpf/libbpf.h>

#include "complete.h"
#include "../lib/link_info.h"
#include "../lib/prog_info.h"
#include "../lib/regfile.h"

struct id_walk {
	struct complete_list *list;
	const char *cur;
};

static void add_id(struct id_walk *w, __u32 id)
{
	char num[16];

	snprintf(num, sizeof(num), "%u", id);
	complete_add_new(w->list, w->cur, num);
}

static int add_link_id(int fd, const struct lc_link *l, void *arg)
{
	(void)fd;
	add_id(arg, l->info.id);
	return 0;
}

static int add_prog_id(const struct lc_prog *p, void *arg)
{
	add_id(arg, p->id);
	return 0;
}

/* Without the privilege to walk, there is simply nothing to offer. */
void complete_link_ids(struct complete_list *list, const char *cur)
{
	struct id_walk w = { list, cur };
	struct lc_link_walk_stats stats;
	struct lc_err err = { 0 };

	lc_link_walk(add_link_id, &w, &stats, &err);
}

void complete_prog_ids(struct complete_list *list, const char *cur)
{
	struct id_walk w = { list, cur };
	struct lc_err err = { 0 };

	lc_prog_walk(add_prog_id, &w, &err);
}

/* Devices of the network namespace this process is in (the shell's, or -n's). */
void complete_devices(struct complete_list *list, const char *cur)
{
	struct if_nameindex *ifs = if_nameindex();

	for (struct if_nameindex *i = ifs; i && i->if_index; i++)
		complete_add_new(list, cur, i->if_name);
	if (ifs)
		if_freenameindex(ifs);
}

static bool entry_is_dir(DIR *d, const struct dirent *e)
{
	struct stat st;

	if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
		return e->d_type == DT_DIR;
	return !fstatat(dirfd(d), e->d_name, &st, 0) && S_ISDIR(st.st_mode);
}

static bool keep_entry(const char *name, bool is_dir, enum complete_files which)
{
	size_t len = strlen(name);

	if (which == FILES_DIRS)
		return is_dir;
	if (which == FILES_OBJECTS)
		return is_dir || (len > 2 && !strcmp(name + len - 2, ".o"));
	return true;
}

/* Entries of the directory part of cur whose names start with its last component. */
void complete_files(struct complete_list *list, const char *cur, enum complete_files which)
{
	const char *slash = strrchr(cur, '/');
	const char *base = slash ? slash + 1 : cur;
	int dir_len = slash ? (int)(slash - cur) + 1 : 0;
	char dir[4096], cand[4096 + 256];
	size_t before = list->n;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%.*s", dir_len, cur);
	d = opendir(dir_len ? dir : ".");
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' && base[0] != '.')
			continue;       /* hidden entries only when asked for */
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (strncmp(e->d_name, base, strlen(base)) ||
		    !keep_entry(e->d_name, entry_is_dir(d, e), which))
			continue;
		snprintf(cand, sizeof(cand), "%s%s", dir, e->d_name);
		complete_add_new(list, cur, cand);
	}
	closedir(d);
	list->filenames |= list->n > before;
}

void complete_pins(struct complete_list *list, const char *cur, const char *bpffs_root)
{
	size_t before = list->n;
	char root_dir[4096];
	struct stat st;

	if (cur[0] || !bpffs_root) {
		complete_files(list, cur, FILES_ANY);
		return;
	}
	snprintf(root_dir, sizeof(root_dir), "%s/", bpffs_root);
	complete_files(list, root_dir, FILES_ANY);
	/* an empty root: offer the root itself, the front end then adds its '/' */
	if (list->n == before && !stat(bpffs_root, &st) && S_ISDIR(st.st_mode)) {
		list->filenames = true;
		complete_add(list, cur, bpffs_root);
	}
}

void complete_netns_names(struct complete_list *list, const char *cur)
{
	struct dirent *e;
	DIR *d = opendir("/run/netns");

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			complete_add_new(list, cur, e->d_name);
	closedir(d);
}

/* Opening (not loading) the object is enough to read its programs' names and sections. */
void complete_obj_programs(struct complete_list *list, const char *cur, const char *obj_path,
			   bool by_section)
{
	struct lc_err ignored;
	struct bpf_object *obj = lc_bpf_object_open(obj_path, &ignored);
	struct bpf_program *prog;

	if (!obj)
		return;
	bpf_object__for_each_program(prog, obj)
		complete_add(list, cur, by_section ? bpf_program__section_name(prog)
						   : bpf_program__name(prog));
	bpf_object__close(obj);
}
