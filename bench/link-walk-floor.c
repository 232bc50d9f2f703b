// SPDX-License-Identifier: GPL-2.0-only
/*
 * link-walk-floor.c: the least work any link listing must do, as the bench's yardstick:
 * per link BPF_LINK_GET_NEXT_ID, BPF_LINK_GET_FD_BY_ID, BPF_OBJ_GET_INFO_BY_FD, close.
 * Prints how many links it read.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

int main(void)
{
	struct bpf_link_info info;
	unsigned int links_read = 0;
	__u32 id = 0, len;
	int fd;

	while (!bpf_link_get_next_id(id, &id)) {
		fd = bpf_link_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bpf_obj_get_info_by_fd(fd, &info, &len))
			links_read++;
		close(fd);
	}
	printf("%u\n", links_read);
	return 0;
}
