// SPDX-License-Identifier: GPL-2.0-only
/* test_mountinfo.c: mountinfo lines, escaped mount points, optional fields, lines that are not. */
#include <errno.h>

#include "tap.h"
#include "../../lib/mountinfo.h"

int main(void)
{
	struct lc_mount m;

	TAP_OK(!lc_mountinfo_parse("36 35 98:0 / /sys/fs/bpf rw,relatime shared:7 - bpf bpf rw\n", &m),
	       "a bpffs line parses");
	TAP_STREQ(m.path, "/sys/fs/bpf", "its mount point");
	TAP_STREQ(m.fstype, "bpf", "its fstype");
	TAP_OK(!lc_mountinfo_parse("40 25 0:35 / /sys/fs/cgroup/my\\040cg\\011x\\134y rw master:1 shared:2 - "
				   "cgroup2 none rw\n", &m), "a line with two optional fields parses");
	TAP_STREQ(m.path, "/sys/fs/cgroup/my cg\tx\\y", "\\040, \\011 and \\134 are unescaped");
	TAP_STREQ(m.fstype, "cgroup2", "the fstype after the separator");
	TAP_OK(!lc_mountinfo_parse("1 1 0:1 / /a\\9x rw - bpf bpf rw\n", &m) &&
	       !strcmp(m.path, "/a\\9x"), "a backslash not followed by three octal digits stays");
	TAP_OK(lc_mountinfo_parse("36 35 98:0 / /sys/fs/bpf rw,relatime\n", &m) == -EINVAL,
	       "a line without ' - ' is refused");
	TAP_OK(lc_mountinfo_parse("36 35 - bpf\n", &m) == -EINVAL, "a line too short is refused");
	return TAP_DONE();
}
