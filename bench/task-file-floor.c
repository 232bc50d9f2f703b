// SPDX-License-Identifier: GPL-2.0-only
/*
 * task-file-floor.c: the least work finding the holders of a link through iter/task_file
 * takes: load a program that writes nothing (a light skeleton, as linkctl loads its own)
 * and run one pass over every task's files. With -p, prints the pass alone in ms.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "task_file_floor.lskel.h"

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct task_file_floor_bpf *skel = task_file_floor_bpf__open_and_load();
	int link_fd, iter_fd;
	char buf[4096];
	double start;

	if (!skel) {
		fprintf(stderr, "task-file-floor: cannot load the program\n");
		return 1;
	}
	start = now_ms();
	link_fd = bpf_link_create(skel->progs.lc_floor.prog_fd, 0, BPF_TRACE_ITER, NULL);
	iter_fd = link_fd < 0 ? -1 : bpf_iter_create(link_fd);
	if (iter_fd < 0) {
		fprintf(stderr, "task-file-floor: cannot run the program: %s\n", strerror(errno));
		return 1;
	}
	while (read(iter_fd, buf, sizeof(buf)) > 0)
		;
	if (argc > 1 && !strcmp(argv[1], "-p"))
		printf("%.3f\n", now_ms() - start);
	close(iter_fd);
	close(link_fd);
	task_file_floor_bpf__destroy(skel);
	return 0;
}
