// SPDX-License-Identifier: GPL-2.0-only
/* test_fdpass.c: unit tests of the hand-over protocol over socketpairs (no BPF needed). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "../../lib/handover.h"
#include "../../lib/link_exec.h"

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = -3;         /* ".", ".." and opendir's own fd */

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static void pair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		abort();
}

/* A link message carrying nfds copies of fd (or none). */
static void send_with_fds(int sock, __u32 magic, int fd, int nfds)
{
	struct lc_fdpass_link_msg msg = { .hdr = { magic, LC_FDPASS_VERSION, LC_FDPASS_LINK,
						   sizeof(msg), 42 }, .link_type = 6 };
	int fds[3] = { fd, fd, fd };
	struct lc_err err;

	if (lc_fdpass_send_msg(sock, &msg, sizeof(msg), fds, nfds, &err))
		abort();
}

static void test_addr_parse(void)
{
	struct lc_fdpass_addr a;
	struct lc_err err = { 0 };
	char longname[200];

	TAP_OK(!lc_fdpass_addr_parse("/run/x.sock", &a, &err) && !a.abstract &&
	       a.len == offsetof(struct sockaddr_un, sun_path) + 12, "path address, NUL counted");
	TAP_OK(!lc_fdpass_addr_parse("@name", &a, &err) && a.abstract && a.sun.sun_path[0] == 0 &&
	       !memcmp(a.sun.sun_path + 1, "name", 4) &&
	       a.len == offsetof(struct sockaddr_un, sun_path) + 5, "abstract address, no NUL");
	TAP_OK(lc_fdpass_addr_parse("@", &a, &err) == -EINVAL, "empty abstract name refused");
	TAP_STREQ(err.msg, "abstract socket name '@' is empty", "empty abstract name message");
	TAP_OK(lc_fdpass_addr_parse("", &a, &err) == -EINVAL, "empty path refused");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	TAP_OK(lc_fdpass_addr_parse(longname, &a, &err) == -ENAMETOOLONG, "long path refused");
}

static void test_check_hdr(void)
{
	struct lc_fdpass_link_msg msg = { .hdr = { LC_FDPASS_MAGIC, LC_FDPASS_VERSION,
						   LC_FDPASS_LINK, sizeof(msg), 7 } };
	struct lc_err err = { 0 };

	TAP_OK(!lc_fdpass_check_hdr(&msg, sizeof(msg), LC_FDPASS_LINK, sizeof(msg), &err), "good header");
	TAP_OK(lc_fdpass_check_hdr(&msg, 8, LC_FDPASS_LINK, sizeof(msg), &err) == -EPROTO, "short");
	TAP_OK(lc_fdpass_check_hdr(&msg, sizeof(msg), LC_FDPASS_ACK, sizeof(msg), &err) == -EPROTO,
	       "wrong kind");
	msg.hdr.version = 2;
	TAP_OK(lc_fdpass_check_hdr(&msg, sizeof(msg), LC_FDPASS_LINK, sizeof(msg), &err) ==
	       -EPROTONOSUPPORT, "newer version refused");
	TAP_STREQ(err.msg, "hand-over protocol version 2 is not supported (this end speaks 1)",
		  "version message");
	msg.hdr.version = LC_FDPASS_VERSION;
	msg.hdr.size = 64;
	TAP_OK(lc_fdpass_check_hdr(&msg, sizeof(msg), LC_FDPASS_LINK, sizeof(msg), &err) == -EPROTO,
	       "size field must match");
	msg.hdr.size = sizeof(msg);
	msg.hdr.magic = 1;
	TAP_OK(lc_fdpass_check_hdr(&msg, sizeof(msg), LC_FDPASS_LINK, sizeof(msg), &err) == -EPROTO,
	       "bad magic");
}

static void test_recv_refusals(void)
{
	struct lc_fdpass_link rx;
	struct lc_err err = { 0 };
	int sv[2], pipefd[2], before;

	if (pipe2(pipefd, O_CLOEXEC))
		abort();
	before = count_fds();
	pair(sv);
	send_with_fds(sv[0], LC_FDPASS_MAGIC, pipefd[0], 1);
	TAP_OK(lc_fdpass_recv_link(sv[1], 1000, &rx, &err) == -EBADF && rx.fd == -1 &&
	       rx.link_id == 42, "a pipe fd is not a link");
	TAP_STREQ(err.msg, "the sender's fd is not a BPF object, not a link; refused", "pipe message");
	send_with_fds(sv[0], LC_FDPASS_MAGIC, pipefd[0], 2);
	TAP_OK(lc_fdpass_recv_link(sv[1], 1000, &rx, &err) == -EMSGSIZE, "two fds: truncated");
	send_with_fds(sv[0], LC_FDPASS_MAGIC, pipefd[0], 3);
	TAP_OK(lc_fdpass_recv_link(sv[1], 1000, &rx, &err) == -EMSGSIZE, "three fds: truncated");
	send_with_fds(sv[0], LC_FDPASS_MAGIC, -1, 0);
	TAP_OK(lc_fdpass_recv_link(sv[1], 1000, &rx, &err) == -EBADMSG, "no fd");
	send_with_fds(sv[0], 0xdead, pipefd[0], 1);
	TAP_OK(lc_fdpass_recv_link(sv[1], 1000, &rx, &err) == -EPROTO, "bad magic, fd closed");
	TAP_OK(lc_fdpass_recv_link(sv[1], 50, &rx, &err) == -ETIMEDOUT, "nothing sent: timeout");
	close(sv[0]);
	TAP_OK(lc_fdpass_recv_link(sv[1], 1000, &rx, &err) == -ECONNRESET, "sender gone");
	close(sv[1]);
	TAP_OK(count_fds() == before, "every received fd was closed");
	close(pipefd[0]);
	close(pipefd[1]);
}

static void test_acks(void)
{
	struct lc_err err = { 0 };
	int sv[2];

	pair(sv);
	TAP_OK(!lc_fdpass_send_ack(sv[1], 9, 0, NULL, &err) && !lc_fdpass_recv_ack(sv[0], 9, 1000, &err),
	       "positive ack");
	lc_fdpass_send_ack(sv[1], 9, -EACCES, "not today", &err);
	TAP_OK(lc_fdpass_recv_ack(sv[0], 9, 1000, &err) == -EACCES, "refusal carries -errno");
	TAP_STREQ(err.msg, "the receiver refused link 9: not today", "refusal message");
	lc_fdpass_send_ack(sv[1], 0, -EPERM, "who are you", &err);
	TAP_OK(lc_fdpass_recv_ack(sv[0], 9, 1000, &err) == -EPERM, "refusal before reading names link 0");
	lc_fdpass_send_ack(sv[1], 8, 0, NULL, &err);
	TAP_OK(lc_fdpass_recv_ack(sv[0], 9, 1000, &err) == -EPROTO, "ack about another link");
	TAP_OK(lc_fdpass_recv_ack(sv[0], 9, 50, &err) == -ETIMEDOUT, "no answer: timeout");
	TAP_STREQ(err.msg, "timed out waiting for the receiver's acknowledgement", "timeout message");
	for (int i = 0; i < 3; i++) {   /* statuses no errno has: refused as malformed, never negated */
		static const __s32 bad[] = { INT_MIN, -4096, 1 };
		struct lc_fdpass_ack_msg raw = { .hdr = { LC_FDPASS_MAGIC, LC_FDPASS_VERSION,
							  LC_FDPASS_ACK, sizeof(raw), 9 },
						 .status = bad[i] };

		lc_fdpass_send_msg(sv[1], &raw, sizeof(raw), NULL, 0, &err);
		TAP_OK(lc_fdpass_recv_ack(sv[0], 9, 1000, &err) == -EPROTO, "ack status out of the errno range");
	}
	TAP_STREQ(err.msg, "malformed acknowledgement (status 1)", "out-of-range status message");
	lc_fdpass_send_ack(sv[1], 9, -4095, NULL, &err);
	TAP_OK(lc_fdpass_recv_ack(sv[0], 9, 1000, &err) == -4095, "-MAX_ERRNO still a refusal");
	close(sv[1]);
	TAP_OK(lc_fdpass_recv_ack(sv[0], 9, 1000, &err) == -ECONNRESET, "receiver gone");
	TAP_OK(lc_fdpass_send_ack(sv[0], 9, 0, NULL, &err) == -EPIPE, "acking a vanished sender: EPIPE");
	close(sv[0]);
}

static void test_listener(void)
{
	struct lc_fdpass_listener l, l2;
	struct lc_err err = { 0 };
	char dir[] = "/tmp/lc-unit-fdpass.XXXXXX", path[64], file[64];
	struct stat st;
	int fd;

	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/s", dir);
	snprintf(file, sizeof(file), "%s/f", dir);
	TAP_OK(!lc_fdpass_listen(path, &l, &err), "listen on a new path");
	TAP_OK(!stat(path, &st) && S_ISSOCK(st.st_mode) && (st.st_mode & 0777) == 0600, "mode 0600");
	TAP_OK(lc_fdpass_listen(path, &l2, &err) == -EADDRINUSE, "a live socket is refused");
	fd = lc_fdpass_connect(path, 1000, &err);
	TAP_OK(fd >= 0, "connect");
	close(fd);
	close(l.fd);                /* "crash": the socket file stays behind, stale */
	TAP_OK(!lc_fdpass_listen(path, &l, &err), "a stale socket of ours is replaced");
	lc_fdpass_listener_close(&l);
	TAP_OK(stat(path, &st) && errno == ENOENT, "closing removes the socket");
	TAP_OK(lc_fdpass_connect(path, 1000, &err) == -ENOENT, "connect: nobody listening");
	fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	close(fd);
	TAP_OK(lc_fdpass_listen(file, &l, &err) == -EEXIST && !stat(file, &st) && S_ISREG(st.st_mode),
	       "a regular file is never replaced");
	unlink(file);
	rmdir(dir);
}

static void test_peer_allowed(void)
{
	struct lc_fdpass_peer root = { .pid = 1, .uid = 0 }, user = { .pid = 2, .uid = 1000 };
	uid_t allow[] = { 1000 };
	struct lc_err err = { 0 };

	TAP_OK(!lc_fdpass_peer_allowed(&root, NULL, 0, &err), "root is allowed");
	TAP_OK(lc_fdpass_peer_allowed(&user, NULL, 0, &err) == -EPERM, "others are not");
	TAP_STREQ(err.msg, "peer pid 2 uid 1000 is not allowed (root only)", "refusal message");
	TAP_OK(!lc_fdpass_peer_allowed(&user, allow, 1, &err), "an allowed uid is");
}

static void test_resolve(void)
{
	char path[4096];
	struct lc_err err = { 0 };

	TAP_OK(!lc_handoff_resolve("sh", path, sizeof(path), &err) && path[0] == '/', "sh found on $PATH");
	TAP_OK(lc_handoff_resolve("no-such-cmd-lc", path, sizeof(path), &err) == -ENOENT,
	       "unknown command");
	TAP_OK(lc_handoff_resolve("/proc/self/status", path, sizeof(path), &err) == -ENOENT,
	       "not executable");
	TAP_OK(lc_handoff_resolve("/tmp", path, sizeof(path), &err) == -ENOENT, "a directory");
}

int main(void)
{
	test_addr_parse();
	test_check_hdr();
	test_recv_refusals();
	test_acks();
	test_listener();
	test_peer_allowed();
	test_resolve();
	return TAP_DONE();
}
