/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cppcheck-libbpf.h: libbpf's function-like macros for cppcheck (`make analyze`), which
 * reads no system headers and would otherwise stop at them ("unknown macro").
 */
#define LIBBPF_OPTS(TYPE, NAME, ...) struct TYPE NAME = { .sz = sizeof(struct TYPE), __VA_ARGS__ }
#define bpf_object__for_each_program(pos, obj) \
	for ((pos) = bpf_object__next_program((obj), NULL); (pos); \
	     (pos) = bpf_object__next_program((obj), (pos)))
