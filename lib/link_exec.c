// SPDX-License-Identifier: GPL-2.0-only
/* link_exec.c: exec a command with a bpf_link at fd 3 (socket-activation style environment). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "link_exec.h"
#include "objfd.h"

static const char *const handoff_env[] = {
	"LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "LINKCTL_LINK_ID", "LINKCTL_LINK_FD",
};

static bool is_executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

int lc_handoff_resolve(const char *argv0, char *path, size_t len, struct lc_err *err)
{
	const char *dirs = getenv("PATH"), *dir, *end;

	if (!argv0 || !*argv0)
		return lc_err_msg(err, -EINVAL, "no command to exec");
	if (strchr(argv0, '/')) {
		if (!is_executable(argv0))
			return lc_err_msg(err, -ENOENT, "%s is not an executable file", argv0);
		snprintf(path, len, "%s", argv0);
		return 0;
	}
	if (!dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin";
	for (dir = dirs; *dir; dir = *end ? end + 1 : end) {
		end = strchrnul(dir, ':');
		/* an empty $PATH element means the current directory */
		if (snprintf(path, len, "%.*s%s%s", (int)(end - dir), dir, end == dir ? "" : "/",
			     argv0) < (int)len && is_executable(path))
			return 0;
	}
	return lc_err_msg(err, -ENOENT, "%s: command not found", argv0);
}

/* fd 3 before we took it over, to put back if exec fails. */
struct fd3_saved {
	int flags;      /* FD_CLOEXEC or 0; -1 when fd 3 was not open */
	int copy;       /* a duplicate of what was there, -1 when none */
};

static int place_link(int link_fd, struct fd3_saved *saved, struct lc_err *err)
{
	saved->flags = fcntl(LC_HANDOFF_FD, F_GETFD);
	saved->copy = -1;
	if (link_fd == LC_HANDOFF_FD) {
		if (fcntl(LC_HANDOFF_FD, F_SETFD, 0))
			return lc_err_set(err, -errno, "cannot clear close-on-exec on fd 3");
		return 0;
	}
	if (saved->flags >= 0) {
		saved->copy = fcntl(LC_HANDOFF_FD, F_DUPFD_CLOEXEC, LC_HANDOFF_FD + 1);
		if (saved->copy < 0)
			return lc_err_set(err, -errno, "cannot set fd 3 aside");
	}
	if (dup2(link_fd, LC_HANDOFF_FD) < 0) {    /* dup2's copy is not close-on-exec */
		int code = -errno;

		if (saved->copy >= 0)
			close(saved->copy);
		return lc_err_set(err, code, "cannot move the link to fd 3");
	}
	return 0;
}

static void restore_fd3(int link_fd, const struct fd3_saved *saved)
{
	if (link_fd == LC_HANDOFF_FD) {
		fcntl(LC_HANDOFF_FD, F_SETFD, saved->flags);
		return;
	}
	if (saved->copy < 0) {
		close(LC_HANDOFF_FD);
		return;
	}
	dup3(saved->copy, LC_HANDOFF_FD, (saved->flags & FD_CLOEXEC) ? O_CLOEXEC : 0);
	close(saved->copy);
}

/* Whatever this process opened or inherited above fd 3 must not reach the command. */
static int cloexec_above_fd3(struct lc_err *err)
{
	long max = sysconf(_SC_OPEN_MAX);

	if (!close_range(LC_HANDOFF_FD + 1, ~0U, CLOSE_RANGE_CLOEXEC))
		return 0;
	if (errno != ENOSYS && errno != EINVAL)
		return lc_err_set(err, -errno, "cannot mark fds close-on-exec");
	for (int fd = LC_HANDOFF_FD + 1; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
		fcntl(fd, F_SETFD, FD_CLOEXEC);     /* EBADF for fds not open: fine */
	return 0;
}

static int set_env(__u32 link_id, struct lc_err *err)
{
	char pid[16], id[16], fd[16];
	const char *values[] = { "1", pid, "bpf_link", id, fd };

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	snprintf(id, sizeof(id), "%u", link_id);
	snprintf(fd, sizeof(fd), "%d", LC_HANDOFF_FD);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (setenv(handoff_env[i], values[i], 1))
			return lc_err_set(err, -errno, "cannot set %s", handoff_env[i]);
	return 0;
}

static void clear_env(void)
{
	for (size_t i = 0; i < sizeof(handoff_env) / sizeof(handoff_env[0]); i++)
		unsetenv(handoff_env[i]);
}

int lc_handoff_exec(int link_fd, char *const argv[], struct lc_err *err)
{
	char path[PATH_MAX];
	struct fd3_saved saved;
	__u32 link_id = lc_obj_id(link_fd, LC_OBJ_LINK);
	int rc;

	if (!link_id)
		return lc_err_msg(err, -EBADF, "fd %d is not a bpf_link", link_fd);
	if (!argv || !argv[0])
		return lc_err_msg(err, -EINVAL, "no command to hand link %u to", link_id);
	rc = lc_handoff_resolve(argv[0], path, sizeof(path), err);
	if (rc)
		return rc;
	rc = place_link(link_fd, &saved, err);
	if (rc)
		return rc;
	rc = cloexec_above_fd3(err);
	if (!rc)
		rc = set_env(link_id, err);
	if (!rc) {
		execv(path, argv);
		rc = lc_err_set(err, -errno, "cannot exec %s", path);
	}
	clear_env();
	restore_fd3(link_fd, &saved);
	return rc;
}
