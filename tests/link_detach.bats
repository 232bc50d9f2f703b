#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link detach: the hook is released, the link object lives on defunct in its holders.

load helpers

@test "detach id: the link is defunct, its holder keeps the fd, the device is free" {
	hold_xdp_link
	local lid=$HOLD_IDS prog=$HELD_PROG fd=$HELD_FD
	run lcj link detach id "$lid"
	assert_success
	assert_equal "$(jqo -c '[.id, .type, .prog_id, .ifindex, .devname, .devname_reason, .defunct]')" \
		"[$lid,\"xdp\",$prog,0,null,\"detached\",true]"
	assert_equal "$(jqo -c .pids)" "[{\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]"
	assert_equal "$(ip_xdp_prog_id veth0)" ""
	# still listed, still held by the same fd
	run lcj link list
	assert_equal "$(jqo --argjson id "$lid" -c '.[] | select(.id == $id) | [.defunct, .devname, .devname_reason, .pids[0].fd]')" \
		"[true,null,\"detached\",$fd]"
	[ "$(link_fd "$HOLD_PID" "$lid")" = "$fd" ]
	run lc link show id "$lid"
	assert_line --index 1 "	ifindex 0  devname (detached)  defunct"
}

@test "detach pinned, in text: prints who holds it" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS prog
	prog=$(ip_xdp_prog_id veth0)
	lc link pin id "$lid" "$BPFFS/l"
	run lc link detach pinned "$BPFFS/l"
	assert_success
	assert_line --index 0 --regexp "^$lid: xdp  prog $prog xdp_pass tag [0-9a-f]{16}\$"
	assert_line --index 1 "	ifindex 0  devname (detached)  defunct"
	assert_line --index 2 "	pinned $BPFFS/l"
	assert_line --index 3 "	pids lc-hold.bin($HOLD_PID) fd $(link_fd "$HOLD_PID" "$lid")"
	# the device takes a new attachment now
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_drop.bpf.o"
	run lcj link list dev veth0
	assert_equal "$(jqo -c 'map(.id)')" "[$HOLD_IDS]"
}

@test "detach: a link type without detach, a missing link" {
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1 sched_process_hang
	lcj_fails 1 "cannot detach link: Operation not supported" link detach id "$HOLD_IDS"
	run lcj link show id "$HOLD_IDS"
	assert_equal "$(jqo .defunct)" "false"
	lc_fails 1 "no link with id 4000000000" link detach id 4000000000
	lc_fails 2 "link detach: missing 'id' (or one of its alternatives)" link detach
}
