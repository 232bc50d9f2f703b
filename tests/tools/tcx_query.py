#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# tcx_query.py: the tests' own witness of a tcx chain, written apart from linkctl's C:
# BPF_PROG_QUERY through ctypes (run inside the device's netns).
#   tcx_query.py IFINDEX ingress|egress         "revision R", then "PROG_ID LINK_ID" per entry
#   tcx_query.py IFINDEX ingress|egress PIN     also attach the program pinned at PIN the old
#                                               way (BPF_PROG_ATTACH, at the end), first
import ctypes
import os
import sys

BPF_PROG_ATTACH = 8
BPF_OBJ_GET = 7
BPF_PROG_QUERY = 16
SYS_BPF = 321                   # x86_64
ATTACH = {"ingress": 46, "egress": 47}


class QueryAttr(ctypes.Structure):
    _fields_ = [("target_ifindex", ctypes.c_uint32), ("attach_type", ctypes.c_uint32),
                ("query_flags", ctypes.c_uint32), ("attach_flags", ctypes.c_uint32),
                ("prog_ids", ctypes.c_uint64), ("count", ctypes.c_uint32),
                ("pad", ctypes.c_uint32), ("prog_attach_flags", ctypes.c_uint64),
                ("link_ids", ctypes.c_uint64), ("link_attach_flags", ctypes.c_uint64),
                ("revision", ctypes.c_uint64)]


class ObjGetAttr(ctypes.Structure):
    _fields_ = [("pathname", ctypes.c_uint64), ("bpf_fd", ctypes.c_uint32),
                ("file_flags", ctypes.c_uint32)]


class AttachAttr(ctypes.Structure):
    _fields_ = [("target_ifindex", ctypes.c_uint32), ("attach_bpf_fd", ctypes.c_uint32),
                ("attach_type", ctypes.c_uint32), ("attach_flags", ctypes.c_uint32)]


def bpf(libc, cmd, attr):
    rc = libc.syscall(SYS_BPF, cmd, ctypes.byref(attr), ctypes.sizeof(attr))
    if rc < 0:
        sys.exit("tcx_query: %s" % os.strerror(ctypes.get_errno()))
    return rc


def prog_attach(libc, pin):
    path = ctypes.create_string_buffer(pin.encode())
    fd = bpf(libc, BPF_OBJ_GET, ObjGetAttr(pathname=ctypes.addressof(path)))
    bpf(libc, BPF_PROG_ATTACH, AttachAttr(target_ifindex=int(sys.argv[1]), attach_bpf_fd=fd,
                                          attach_type=ATTACH[sys.argv[2]]))


def main():
    libc = ctypes.CDLL(None, use_errno=True)
    if len(sys.argv) > 3:
        prog_attach(libc, sys.argv[3])
    progs = (ctypes.c_uint32 * 64)()
    links = (ctypes.c_uint32 * 64)()
    attr = QueryAttr(target_ifindex=int(sys.argv[1]), attach_type=ATTACH[sys.argv[2]],
                     prog_ids=ctypes.addressof(progs), link_ids=ctypes.addressof(links),
                     count=64)
    bpf(libc, BPF_PROG_QUERY, attr)
    print("revision %d" % attr.revision)
    for i in range(attr.count):
        print("%d %d" % (progs[i], links[i]))


main()
