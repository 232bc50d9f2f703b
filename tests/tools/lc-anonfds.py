#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# lc-anonfds.py: test helper: a process whose files on the kernel's shared anonymous inode
# are mostly not links (eventfds, epolls, a BPF map, the link's program), opened before and
# after two fds of one link: one by its ID ("bpf-link") and one from its pin.
#   lc-anonfds.py LINK_ID PIN PROG_ID     prints "ready FD_BY_ID FD_FROM_PIN", then sleeps
import ctypes
import os
import select
import struct
import sys
import time

SYS_BPF = 321                   # x86_64
BPF_MAP_CREATE = 0
BPF_OBJ_GET = 7
BPF_PROG_GET_FD_BY_ID = 13
BPF_LINK_GET_FD_BY_ID = 30
BPF_MAP_TYPE_ARRAY = 2

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 128)
    fd = libc.syscall(SYS_BPF, cmd, buf, 128)
    if fd < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"bpf({cmd}): {os.strerror(err)}")
    return fd


def others(keep):
    keep.extend(os.eventfd(0) for _ in range(3))
    keep.extend(select.epoll() for _ in range(3))
    keep.append(bpf(BPF_MAP_CREATE, struct.pack("IIII", BPF_MAP_TYPE_ARRAY, 4, 8, 1)))


def main():
    link_id, pin, prog_id = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3])
    keep = []
    others(keep)
    keep.append(bpf(BPF_PROG_GET_FD_BY_ID, struct.pack("III", prog_id, 0, 0)))
    by_id = bpf(BPF_LINK_GET_FD_BY_ID, struct.pack("III", link_id, 0, 0))
    others(keep)
    path = ctypes.create_string_buffer(pin)
    from_pin = bpf(BPF_OBJ_GET, struct.pack("QII", ctypes.addressof(path), 0, 0))
    others(keep)
    print(f"ready {by_id} {from_pin}", flush=True)
    while True:
        time.sleep(3600)


main()
