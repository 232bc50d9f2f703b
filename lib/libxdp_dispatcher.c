// SPDX-License-Identifier: GPL-2.0-only
/*
 * libxdp_dispatcher.c: libxdp's dispatcher seen from outside libxdp: its config from the
 * .rodata map (xdp-tools lib/libxdp/xdp-dispatcher.c, prog_dispatcher.h), its components
 * from the freplace links that target it, its pins from bpffs. Read-only: linkctl changes
 * a dispatcher's programs through neither libxdp nor itself.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "bpffs.h"
#include "link_info.h"
#include "prog_info.h"
#include "strbuf.h"
#include "libxdp_dispatcher.h"

#define DISPATCHER_NAME "xdp_dispatcher"
#define CONFIG_MAP_NAME "xdp_disp.rodata"

/* struct xdp_dispatcher_config, version 2 */
struct dispatcher_config {
	__u8 magic;
	__u8 dispatcher_version;
	__u8 num_progs_enabled;
	__u8 is_xdp_frags;
	__u32 chain_call_actions[LC_XDP_DISPATCHER_SLOTS];
	__u32 run_prios[LC_XDP_DISPATCHER_SLOTS];
	__u32 program_flags[LC_XDP_DISPATCHER_SLOTS];
};

bool lc_xdp_dispatcher_name(const char *prog_name)
{
	return !strcmp(prog_name, DISPATCHER_NAME);
}

/* The config from the map named xdp_disp.rodata; 1: read, 0: no such map, -errno. */
static int read_config(int map_fd, struct dispatcher_config *conf)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info), key = 0;
	char value[512];

	if (bpf_obj_get_info_by_fd(map_fd, &info, &len))
		return -errno;
	if (strcmp(info.name, CONFIG_MAP_NAME) || info.value_size < sizeof(*conf) ||
	    info.value_size > sizeof(value))
		return 0;
	if (bpf_map_lookup_elem(map_fd, &key, value))
		return -errno;
	memcpy(conf, value, sizeof(*conf));
	return 1;
}

static int find_config(const struct lc_prog *p, struct dispatcher_config *conf)
{
	int rc = 0;

	for (__u32 i = 0; i < p->nr_map_ids && i < LC_PROG_MAX_MAPS && !rc; i++) {
		int fd = bpf_map_get_fd_by_id(p->map_ids[i]);

		if (fd < 0)
			return -errno;
		rc = read_config(fd, conf);
		close(fd);
	}
	return rc;
}

static void apply_config(struct lc_xdp_dispatcher *d, const struct dispatcher_config *conf)
{
	d->version = conf->dispatcher_version;
	d->num_progs_enabled = conf->num_progs_enabled;
	d->config_read = true;
	for (__u32 i = 0; i < LC_XDP_DISPATCHER_SLOTS; i++) {
		d->slots[i].slot = i;
		d->slots[i].run_prio = conf->run_prios[i];
		d->slots[i].chain_call_actions = conf->chain_call_actions[i];
	}
}

struct component_walk {
	struct lc_xdp_dispatcher *d;
	struct btf *btf;            /* the dispatcher's BTF: a slot's function name */
};

/* A tracing link whose target is the dispatcher fills the slot its function names. */
static int visit_link(int fd, const struct lc_link *l, void *arg)
{
	struct component_walk *w = arg;
	const struct btf_type *t;
	unsigned int slot;

	(void)fd;
	if (l->info.type != LC_LINK_TYPE_TRACING || l->info.tracing.target_obj_id != w->d->prog_id)
		return 0;
	t = w->btf ? btf__type_by_id(w->btf, l->info.tracing.target_btf_id) : NULL;
	if (!t || sscanf(btf__name_by_offset(w->btf, t->name_off), "prog%u", &slot) != 1 ||
	    slot >= LC_XDP_DISPATCHER_SLOTS)
		return 0;
	w->d->slots[slot].prog_id = l->info.prog_id;
	w->d->slots[slot].link_id = l->info.id;
	w->d->n_linked++;
	if (slot + 1 > w->d->n_slots)
		w->d->n_slots = slot + 1;
	return 0;
}

static void find_pin_dir(struct lc_xdp_dispatcher *d, __u32 ifindex)
{
	struct lc_bpffs_mounts mounts;
	struct lc_err ignored;
	struct stat st;

	if (lc_bpffs_mounts_read(&mounts, &ignored))
		return;
	for (int i = 0; i < mounts.count && !d->pin_dir[0]; i++) {
		snprintf(d->pin_dir, sizeof(d->pin_dir), "%s/xdp/dispatch-%u-%u", mounts.paths[i],
			 ifindex, d->prog_id);
		if (stat(d->pin_dir, &st) || !S_ISDIR(st.st_mode))
			d->pin_dir[0] = '\0';
	}
	lc_bpffs_mounts_free(&mounts);
}

int lc_xdp_dispatcher_read(__u32 prog_id, __u32 ifindex, struct lc_xdp_dispatcher *d,
			   struct lc_err *err)
{
	struct dispatcher_config conf = { 0 };
	struct component_walk w = { .d = d };
	struct lc_link_walk_stats stats;
	struct lc_prog p;
	int rc;

	memset(d, 0, sizeof(*d));
	d->prog_id = prog_id;
	rc = lc_prog_info_id(prog_id, &p, err);
	if (rc || p.type != BPF_PROG_TYPE_XDP || !lc_xdp_dispatcher_name(p.name))
		return rc;
	rc = find_config(&p, &conf);
	if (rc <= 0 || conf.magic != LC_XDP_DISPATCHER_MAGIC)
		return rc < 0 ? lc_err_set_cap(err, rc, "CAP_SYS_ADMIN", "cannot read the config of "
					       "dispatcher %u", prog_id) : 0;
	apply_config(d, &conf);
	d->n_slots = d->num_progs_enabled < LC_XDP_DISPATCHER_SLOTS ? d->num_progs_enabled
								     : LC_XDP_DISPATCHER_SLOTS;
	w.btf = p.btf_id ? btf__load_from_kernel_by_id(p.btf_id) : NULL;
	rc = lc_link_walk(visit_link, &w, &stats, err);
	btf__free(w.btf);
	if (rc)
		return rc;
	find_pin_dir(d, ifindex);
	return 1;
}

void lc_xdp_dispatcher_describe(const struct lc_xdp_dispatcher *d, char *buf, size_t len)
{
	struct lc_strbuf sb;

	lc_strbuf_init(&sb, buf, len);
	for (__u32 i = 0; i < d->n_slots; i++) {
		const struct lc_xdp_component *c = &d->slots[i];

		lc_strbuf_sep(&sb, ", ");
		if (c->prog_id)
			lc_strbuf_addf(&sb, "prog %u (slot %u, prio %u, link %u)", c->prog_id, i,
				       c->run_prio, c->link_id);
		else
			lc_strbuf_addf(&sb, "slot %u (prio %u, no program linked)", i, c->run_prio);
	}
	if (!sb.used)
		lc_strbuf_addf(&sb, "no component programs");
}
