// SPDX-License-Identifier: GPL-2.0-only
/*
 * lc-pinprog.c: test helper that loads one program of an object and pins it, so tests
 * have a program that outlives the loader (for `prog show pinned` and `prog pinned PATH`).
 *
 *   lc-pinprog OBJ PATH [NAME]     pin NAME (default: the first program) at PATH
 *
 * Prints the program ID on stdout and exits; the pin keeps the program loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../lib/objfd.h"

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	struct bpf_object *obj;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: lc-pinprog OBJ PATH [NAME]\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "lc-pinprog: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	prog = argc == 4 ? bpf_object__find_program_by_name(obj, argv[3])
			 : bpf_object__next_program(obj, NULL);
	if (!prog || bpf_obj_pin(bpf_program__fd(prog), argv[2])) {
		fprintf(stderr, "lc-pinprog: cannot pin at %s: %s\n", argv[2], strerror(errno));
		bpf_object__close(obj);
		return 1;
	}
	printf("%u\n", lc_obj_id(bpf_program__fd(prog), LC_OBJ_PROG));
	bpf_object__close(obj);
	return 0;
}
