// SPDX-License-Identifier: GPL-2.0-only
/*
 * self-links-floor.c: the least work `link show id N` of a device link can do while the
 * kernel tells the device's namespace only to a BPF program: load the light skeleton
 * linkctl loads for it (bpf/self_links.bpf.c), open link N and run one pass of it over
 * this thread's files. Linked as linkctl is (libbpf static), so that the two start alike.
 *
 *   self-links-floor LINK_ID
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>

#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wconversion"
#include "self_links.lskel.h"

int main(int argc, char **argv)
{
	union bpf_iter_link_info linfo = { .task.tid = (__u32)syscall(SYS_gettid) };
	LIBBPF_OPTS(bpf_link_create_opts, opts, .iter_info = &linfo, .iter_info_len = sizeof(linfo));
	struct lc_self_links_bpf *skel;
	int link_fd, iter_link, iter_fd;
	char buf[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: self-links-floor LINK_ID\n");
		return 2;
	}
	link_fd = bpf_link_get_fd_by_id((__u32)strtoul(argv[1], NULL, 0));
	skel = link_fd < 0 ? NULL : lc_self_links_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "self-links-floor: cannot open the link or load the program: %s\n",
			strerror(errno));
		return 1;
	}
	skel->bss->lc_link_id = (__u32)strtoul(argv[1], NULL, 0);
	skel->bss->lc_link_fd = link_fd;
	iter_link = bpf_link_create(skel->progs.lc_self_links.prog_fd, 0, BPF_TRACE_ITER, &opts);
	iter_fd = iter_link < 0 ? -1 : bpf_iter_create(iter_link);
	if (iter_fd < 0) {
		fprintf(stderr, "self-links-floor: cannot run the program: %s\n", strerror(errno));
		return 1;
	}
	while (read(iter_fd, buf, sizeof(buf)) > 0)
		;
	close(iter_fd);
	close(iter_link);
	lc_self_links_bpf__destroy(skel);
	close(link_fd);
	return 0;
}
