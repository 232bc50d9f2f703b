// SPDX-License-Identifier: GPL-2.0-only
/* netns.c: setns(CLONE_NEWNET) into a named namespace as `ip -n` does. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"

#define NETNS_RUN_DIR "/run/netns"

int lc_netns_join(const char *name, struct lc_err *err)
{
	char path[PATH_MAX];
	int fd, rc = 0;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return lc_err_msg(err, -EINVAL, "invalid network namespace name '%s'", name);
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_err_set(err, -errno, "cannot open network namespace '%s'", name);
	if (setns(fd, CLONE_NEWNET))
		rc = lc_err_set_cap(err, -errno, "CAP_SYS_ADMIN",
				    "cannot join network namespace '%s'", name);
	close(fd);
	return rc;
}

unsigned long long lc_netns_self_ino(void)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st))
		return 0;
	return (unsigned long long)st.st_ino;
}
