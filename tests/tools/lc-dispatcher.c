// SPDX-License-Identifier: GPL-2.0-only
/*
 * lc-dispatcher.c: test helper that loads libxdp's own dispatcher object with a config as
 * libxdp writes it (magic, version 2, N enabled slots, run priorities 10, 20, ...; XDP_PASS
 * chains on), pins the program and prints its ID. On a kernel without trampolines no
 * freplace can fill the slots, but the hook is a dispatcher all the same.
 *
 *   lc-dispatcher DISPATCHER.o PIN N
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "../../lib/objfd.h"
#include "../../lib/libxdp_dispatcher.h"

struct config {             /* struct xdp_dispatcher_config, version 2 */
	__u8 magic, dispatcher_version, num_progs_enabled, is_xdp_frags;
	__u32 chain_call_actions[LC_XDP_DISPATCHER_SLOTS];
	__u32 run_prios[LC_XDP_DISPATCHER_SLOTS];
	__u32 program_flags[LC_XDP_DISPATCHER_SLOTS];
};

static int die(const char *what)
{
	fprintf(stderr, "lc-dispatcher: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void configure(struct bpf_object *obj, unsigned int n)
{
	struct bpf_map *rodata = bpf_object__find_map_by_name(obj, ".rodata");
	static char value[4096];
	struct config *conf = (struct config *)value;
	size_t size = 0;

	/* libbpf 1.1's initial value is read-only: a copy, changed, is set in its place */
	if (!rodata || !bpf_map__initial_value(rodata, &size) || size < sizeof(*conf) ||
	    size > sizeof(value))
		die("no .rodata config");
	memcpy(value, bpf_map__initial_value(rodata, &size), size);
	memset(conf, 0, sizeof(*conf));
	conf->magic = LC_XDP_DISPATCHER_MAGIC;
	conf->dispatcher_version = 2;
	conf->num_progs_enabled = (__u8)n;
	for (unsigned int i = 0; i < n; i++) {
		conf->run_prios[i] = 10 * (i + 1);
		conf->chain_call_actions[i] = (1u << XDP_PASS) | (1u << 31);
	}
	if (bpf_map__set_initial_value(rodata, value, size))
		die("set .rodata");
}

int main(int argc, char **argv)
{
	struct bpf_program *prog, *dispatcher = NULL;
	struct bpf_object *obj;

	if (argc != 4)
		return fprintf(stderr, "usage: lc-dispatcher DISPATCHER.o PIN N\n"), 2;
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		die(argv[1]);
	bpf_object__for_each_program(prog, obj) {
		bool is_dispatcher = !strcmp(bpf_program__name(prog), "xdp_dispatcher");

		bpf_program__set_autoload(prog, is_dispatcher);
		if (is_dispatcher)
			dispatcher = prog;
	}
	if (!dispatcher)
		die("no xdp_dispatcher program");
	configure(obj, (unsigned int)atoi(argv[3]));
	if (bpf_object__load(obj))
		die("load");
	if (bpf_obj_pin(bpf_program__fd(dispatcher), argv[2]))
		die(argv[2]);
	printf("%u\n", lc_obj_id(bpf_program__fd(dispatcher), LC_OBJ_PROG));
	return 0;
}
