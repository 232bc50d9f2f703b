// SPDX-License-Identifier: GPL-2.0-only
/*
 * lc-tfiles.c: test helper: a process whose worker thread has an fd table of its own
 * (unshare(CLONE_FILES)) and holds a raw_tracepoint link in it, under a thread name that
 * is not the process's. The process's /proc/PID/fd does not show the link; its owner is
 * still the process (its pid and comm).
 *
 *   lc-tfiles OBJ     prints "ready LINK_ID TID", then waits for SIGTERM/SIGINT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../lib/objfd.h"

static int prog_fd;

static void die(const char *what)
{
	fprintf(stderr, "lc-tfiles: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void *worker(void *arg)
{
	int link_fd;

	(void)arg;
	prctl(PR_SET_NAME, "lc-worker", 0, 0, 0);
	if (unshare(CLONE_FILES))
		die("unshare(CLONE_FILES)");
	link_fd = bpf_raw_tracepoint_open("sched_process_hang", prog_fd);
	if (link_fd < 0)
		die("bpf_raw_tracepoint_open");
	printf("ready %u %ld\n", lc_obj_id(link_fd, LC_OBJ_LINK), (long)syscall(SYS_gettid));
	fflush(stdout);
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	pthread_t thread;
	sigset_t set;
	int sig;

	if (argc != 2) {
		fprintf(stderr, "usage: lc-tfiles OBJ\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		die(argv[1]);
	prog = bpf_object__next_program(obj, NULL);
	if (!prog)
		die("no program");
	prog_fd = bpf_program__fd(prog);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);     /* the worker inherits the mask */
	if ((errno = pthread_create(&thread, NULL, worker, NULL)))
		die("pthread_create");
	sigwait(&set, &sig);
	return 0;
}
