/* SPDX-License-Identifier: GPL-2.0-only */
/* print_xdp_dispatcher.h: the `dispatcher` part of an XDP hook's report, when libxdp's dispatcher runs it. */
#ifndef LC_PRINT_XDP_DISPATCHER_H
#define LC_PRINT_XDP_DISPATCHER_H

#include "print_fields.h"

/*
 * If prog_id on ifindex is a libxdp dispatcher: its "dispatcher" object (version, enabled
 * slots, libxdp's pin directory, each slot's priority, chain-call actions, program and
 * freplace link with pins and holders) and its text lines. Nothing otherwise.
 */
void print_xdp_dispatcher(struct lc_ctx *ctx, struct obj_scan *scan, __u32 ifindex, __u32 prog_id);

/* "; a libxdp dispatcher with prog 51 (slot 0, ...)": for refusals; "" when it is none. */
void format_xdp_dispatcher(__u32 ifindex, __u32 prog_id, char *buf, size_t len);

#endif
