// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_fdpass.c: the receive side of the hand-over wire format (lib/handover_msg.c) over a
 * real socketpair. Byte 0: bit 7 picks an ack (else a link message), bits 0-2 how many
 * fds ride along (0-4), bits 3-4 which kind (/dev/null, a pipe, a BPF map). The rest is
 * the message. Whatever arrives, no fd may stay open afterwards but the one accepted.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "../../lib/handover.h"

static int kind_fds[3] = { -1, -1, -1 };

static void open_kinds(void)
{
	int pipe_fds[2];

	kind_fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (!pipe2(pipe_fds, O_CLOEXEC)) {
		kind_fds[1] = pipe_fds[0];
		close(pipe_fds[1]);
	}
	/* a BPF object that is not a link (needs CAP_BPF; /dev/null stands in without it) */
	kind_fds[2] = bpf_map_create(BPF_MAP_TYPE_ARRAY, "lc_fuzz", 4, 4, 1, NULL);
	if (kind_fds[2] < 0)
		kind_fds[2] = kind_fds[0];
}

/* The lowest free fd: a leaked fd would take it, so it changes when one leaks. */
static int lowest_free_fd(void)
{
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int sv[2], fds[LC_FDPASS_SEND_FDS_MAX], nfds, before;
	struct lc_fdpass_link rx;
	struct lc_err err;

	if (kind_fds[0] < 0)
		open_kinds();
	if (size < 1 || size > 4096)
		return 0;
	nfds = data[0] & 7;
	if (nfds > LC_FDPASS_SEND_FDS_MAX)
		nfds = LC_FDPASS_SEND_FDS_MAX;
	for (int i = 0; i < nfds; i++)
		fds[i] = kind_fds[((data[0] >> 3) & 3) % 3];
	before = lowest_free_fd();
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return 0;
	if (lc_fdpass_send_msg(sv[1], data + 1, size - 1, fds, nfds, &err)) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	if (data[0] & 0x80) {
		lc_fdpass_recv_ack(sv[0], 42, 0, &err);
	} else {
		lc_fdpass_recv_link(sv[0], 0, &rx, &err);
		if (rx.fd >= 0)
			close(rx.fd);
	}
	close(sv[0]);
	close(sv[1]);
	assert(lowest_free_fd() == before);
	return 0;
}
