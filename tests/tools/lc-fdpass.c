// SPDX-License-Identifier: GPL-2.0-only
/*
 * lc-fdpass.c: test helper for the hand-over: a sender and a receiver built on lib/handover.h
 * (as a daemon would use it), plus senders that misbehave on purpose.
 *
 *   lc-fdpass [-n NETNS] pin-xdp IFNAME OBJ PATH [PROG_PATH]
 *       attach OBJ's first XDP program with a bpf_link, pin the link at PATH (and the
 *       program at PROG_PATH), print "ready LINK_ID PROG_ID" and exit (the pins are
 *       then the only owners).
 *   lc-fdpass [-n NETNS] send SOCKET WHAT IFNAME OBJ [uid UID] [hangup] [late]
 *       WHAT: link (an XDP link on IFNAME) | prog | map (not links) | two (link and
 *       prog fds in one message) | none (header, no fd) | badmagic | big (300 bytes).
 *       uid: drop to UID (and its gid) before connecting. hangup: shut our receiving
 *       side before sending and never read the answer (the receiver's ack then fails).
 *       late: print "connected" on stderr, wait 2 s, then send (a receiver that refuses at
 *       once has closed by then: sending fails and the refusal must still be read).
 *       Prints "ready LINK_ID RC FDS_BEFORE FDS_AFTER" (RC: 0 acked, -errno otherwise;
 *       open fds before connecting and after the exchange), then holds everything
 *       until SIGTERM/SIGINT.
 *   lc-fdpass [-n NETNS] recv SOCKET [delay SECS] [nack] [note FILE]
 *       listen (root senders only), print "ready", take one link, append "received ID"
 *       to FILE, sleep SECS, acknowledge (or refuse: nack), append "ack RC", then hold
 *       the link until SIGTERM/SIGINT.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../lib/handover.h"
#include "../../lib/netns.h"
#include "../../lib/objfd.h"

struct send_opts {
	const char *socket, *what, *ifname, *obj;
	long uid;               /* -1: stay root */
	int hangup;
	int late;
};

static void die(const char *what, const char *why)
{
	fprintf(stderr, "lc-fdpass: %s: %s\n", what, why ? why : strerror(errno));
	exit(1);
}

/* Hold everything until SIGTERM/SIGINT end the process. */
static void wait_for_signal(void)
{
	for (;;)
		pause();
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = -1;         /* opendir's own fd is listed too */

	if (!d)
		die("/proc/self/fd", NULL);
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2;       /* "." and ".." */
}

static int xdp_link(const char *ifname, const char *path, int *prog_fd)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	int ifindex = (int)if_nametoindex(ifname), fd;

	if (!ifindex)
		die(ifname, NULL);
	if (!obj || bpf_object__load(obj))
		die(path, "cannot load");
	*prog_fd = bpf_program__fd(bpf_object__next_program(obj, NULL));
	fd = bpf_link_create(*prog_fd, ifindex, BPF_XDP, NULL);
	if (fd < 0)
		die("bpf_link_create", NULL);
	return fd;
}

static int pin_xdp(const char *ifname, const char *path, const char *pin, const char *prog_pin)
{
	int prog_fd, fd = xdp_link(ifname, path, &prog_fd);

	if (bpf_obj_pin(fd, pin))
		die(pin, NULL);
	if (prog_pin && bpf_obj_pin(prog_fd, prog_pin))
		die(prog_pin, NULL);
	printf("ready %u %u\n", lc_obj_id(fd, LC_OBJ_LINK), lc_obj_id(prog_fd, LC_OBJ_PROG));
	return 0;
}

/* A message built by hand, for the senders that misbehave. */
static int send_raw(int conn, __u32 magic, __u32 link_id, size_t size, const int *fds, int nfds)
{
	char buf[512] = { 0 };
	struct lc_fdpass_link_msg *msg = (void *)buf;
	struct lc_err err;

	*msg = (struct lc_fdpass_link_msg){ .hdr = { magic, LC_FDPASS_VERSION, LC_FDPASS_LINK,
				(__u32)size, link_id }, .link_type = BPF_LINK_TYPE_XDP };
	return lc_fdpass_send_msg(conn, buf, size, fds, nfds, &err);
}

static int send_what(int conn, const char *what, int link_fd, int prog_fd, int map_fd,
		     struct lc_err *err)
{
	__u32 id = lc_obj_id(link_fd, LC_OBJ_LINK);
	struct lc_fdpass_link sent;
	int two[2] = { link_fd, prog_fd };

	if (!strcmp(what, "link"))
		return lc_fdpass_send_link(conn, link_fd, &sent, err);
	if (!strcmp(what, "prog"))
		return send_raw(conn, LC_FDPASS_MAGIC, id, sizeof(struct lc_fdpass_link_msg), &prog_fd, 1);
	if (!strcmp(what, "map"))
		return send_raw(conn, LC_FDPASS_MAGIC, id, sizeof(struct lc_fdpass_link_msg), &map_fd, 1);
	if (!strcmp(what, "two"))
		return send_raw(conn, LC_FDPASS_MAGIC, id, sizeof(struct lc_fdpass_link_msg), two, 2);
	if (!strcmp(what, "none"))
		return send_raw(conn, LC_FDPASS_MAGIC, id, sizeof(struct lc_fdpass_link_msg), NULL, 0);
	if (!strcmp(what, "badmagic"))
		return send_raw(conn, 0x12345678, id, sizeof(struct lc_fdpass_link_msg), &link_fd, 1);
	if (!strcmp(what, "big"))
		return send_raw(conn, LC_FDPASS_MAGIC, id, 300, &link_fd, 1);
	die(what, "unknown WHAT");
	return -EINVAL;
}

static void drop_to(long uid)
{
	if (uid < 0)
		return;
	if (setgroups(0, NULL) || setresgid((gid_t)uid, (gid_t)uid, (gid_t)uid) ||
	    setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid))
		die("dropping privileges", NULL);
}

static int do_send(const struct send_opts *o)
{
	struct lc_err err = { 0 };
	int prog_fd, link_fd = xdp_link(o->ifname, o->obj, &prog_fd);
	int map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "lcfdpass", 4, 4, 1, NULL);
	int before, conn, rc;

	if (map_fd < 0)
		die("bpf_map_create", NULL);
	drop_to(o->uid);
	before = count_fds();
	conn = lc_fdpass_connect(o->socket, 5000, &err);
	/* the receiver's ack must fail for sure, not only when it loses a race with close() */
	if (conn >= 0 && o->hangup)
		shutdown(conn, SHUT_RD);
	/* late: says it is connected (a test signals the receiver then), and gives the
	 * signal 2 s to land, ample even for a guest under emulation */
	if (o->late && conn >= 0) {
		fprintf(stderr, "connected\n");
		sleep(2);
	}
	rc = conn < 0 ? conn : send_what(conn, o->what, link_fd, prog_fd, map_fd, &err);
	if (!rc && !o->hangup)
		rc = lc_fdpass_recv_ack(conn, lc_obj_id(link_fd, LC_OBJ_LINK), 10000, &err);
	if (conn >= 0)
		close(conn);
	if (rc && err.msg[0])
		fprintf(stderr, "lc-fdpass: %s\n", err.msg);
	printf("ready %u %d %d %d\n", lc_obj_id(link_fd, LC_OBJ_LINK), rc, before, count_fds());
	wait_for_signal();
	return 0;
}

__attribute__((format(printf, 2, 3)))
static void note(const char *file, const char *fmt, ...)
{
	FILE *f = file ? fopen(file, "ae") : NULL;
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

static int do_recv(const char *socket, unsigned int delay, int nack, const char *note_file)
{
	struct lc_fdpass_listener l;
	struct lc_fdpass_link rx;
	struct lc_fdpass_peer peer;
	struct lc_err err = { 0 };
	int conn, rc;

	if (lc_fdpass_listen(socket, &l, &err))
		die("listen", err.msg);
	printf("ready\n");
	conn = lc_fdpass_accept(&l, -1, -1, &err);
	if (conn < 0 || lc_fdpass_peer_cred(conn, &peer, &err) ||
	    lc_fdpass_peer_allowed(&peer, NULL, 0, &err) || lc_fdpass_recv_link(conn, 5000, &rx, &err))
		die("recv", err.msg);
	lc_fdpass_listener_close(&l);
	note(note_file, "received %u\n", rx.link_id);
	sleep(delay);
	rc = lc_fdpass_send_ack(conn, rx.link_id, nack ? -EACCES : 0, nack ? "told to say no" : NULL,
				&err);
	note(note_file, "ack %d\n", rc);
	close(conn);
	if (nack)
		close(rx.fd);
	wait_for_signal();
	return 0;
}

static int send_main(int argc, char **argv)
{
	struct send_opts o = { .uid = -1 };

	if (argc < 6)
		return 2;
	o.socket = argv[2];
	o.what = argv[3];
	o.ifname = argv[4];
	o.obj = argv[5];
	for (int i = 6; i < argc; i++) {
		if (!strcmp(argv[i], "uid") && i + 1 < argc)
			o.uid = atol(argv[++i]);
		else if (!strcmp(argv[i], "hangup"))
			o.hangup = 1;
		else if (!strcmp(argv[i], "late"))
			o.late = 1;
		else
			return 2;
	}
	return do_send(&o);
}

static int recv_main(int argc, char **argv)
{
	unsigned int delay = 0;
	const char *note_file = NULL;
	int nack = 0;

	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "delay") && i + 1 < argc)
			delay = (unsigned int)atoi(argv[++i]);
		else if (!strcmp(argv[i], "note") && i + 1 < argc)
			note_file = argv[++i];
		else if (!strcmp(argv[i], "nack"))
			nack = 1;
		else
			return 2;
	}
	return do_recv(argv[2], delay, nack, note_file);
}

int main(int argc, char **argv)
{
	struct lc_err err;
	int rc = 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);   /* stdout is a fifo nobody reads after "ready" */
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		if (lc_netns_join(argv[2], &err))
			die("netns", err.msg);
		argc -= 2;
		argv += 2;
	}
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "pin-xdp"))
		rc = pin_xdp(argv[2], argv[3], argv[4], argc == 6 ? argv[5] : NULL);
	else if (argc >= 2 && !strcmp(argv[1], "send"))
		rc = send_main(argc, argv);
	else if (argc >= 3 && !strcmp(argv[1], "recv"))
		rc = recv_main(argc, argv);
	if (rc == 2)
		fprintf(stderr, "usage: lc-fdpass [-n NETNS] pin-xdp IFNAME OBJ PATH [PROG_PATH] | "
			"send SOCKET WHAT IFNAME OBJ [uid UID] [hangup] [late] | "
			"recv SOCKET [delay SECS] [nack] [note FILE]\n");
	return rc;
}
