// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_proc_events.c: the proc connector's message parser (lib/proc_events.c) on any bytes,
 * as one datagram: it never reads past it, and says malformed or counts the exits it passed.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/proc_events.h"

static void count_exit(pid_t pid, pid_t tgid, void *arg)
{
	(void)pid;
	(void)tgid;
	(*(int *)arg)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of its own size, aligned as a receive buffer is: ASan sees every overread */
	void *buf = malloc(size ? size : 1);
	int exits = 0, rc, ack_err = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rc = lc_proc_events_parse(buf, size, count_exit, &exits);
	assert(rc == -EBADMSG || rc == exits);
	rc = lc_proc_events_find_ack(buf, size, 41, &ack_err);
	assert(rc == 0 || rc == 1);
	free(buf);
	return 0;
}
