#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link unpin: remove a link pin (only a link pin) and say whether the link lives on.

load helpers

@test "unpin while a process holds the link: it lives on" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS fd
	fd=$(link_fd "$HOLD_PID" "$lid")
	lc link pin id "$lid" "$BPFFS/p"
	run lcj link unpin "$BPFFS/p"
	assert_success
	assert_equal "$(jqo -c .)" \
		"{\"link_id\":$lid,\"unpinned\":[\"$BPFFS/p\"],\"released\":false,\"pinned\":[],\"pids\":[{\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]}"
	[ ! -e "$BPFFS/p" ]
	run lcj link show id "$lid"
	assert_success
	assert_equal "$(jqo -c '[.devname, .pinned]')" '["veth0",[]]'
	lc link pin id "$lid" "$BPFFS/q"
	run lc link unpin "$BPFFS/q"
	assert_success
	assert_line --index 0 "unpinned link $lid from $BPFFS/q: the link lives on"
	assert_line --index 1 "	pids lc-hold.bin($HOLD_PID) fd $fd"
}

@test "unpin with another pin left: it lives on through that pin" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	lc link pin id "$lid" "$BPFFS/a"
	lc link pin id "$lid" "$BPFFS/d/b"
	drop_holder
	run lc link unpin "$BPFFS/a"
	assert_success
	assert_output "unpinned link $lid from $BPFFS/a: the link lives on
	pinned $BPFFS/d/b"
	run lcj link unpin "$BPFFS/d/b"
	assert_success
	assert_equal "$(jqo -c .)" "{\"link_id\":$lid,\"unpinned\":[\"$BPFFS/d/b\"],\"released\":true,\"pinned\":[],\"pids\":[]}"
}

@test "unpin of the last holder releases the link: the device is free again" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	lc link pin id "$lid" "$BPFFS/last"
	drop_holder
	[ -n "$(ip_xdp_prog_id veth0)" ]
	run lc link unpin "$BPFFS/last"
	assert_success
	assert_output "unpinned link $lid from $BPFFS/last: released, nothing else held it"
	lcj_fails 1 "no link with id $lid" link show id "$lid"
	assert_equal "$(ip_xdp_prog_id veth0)" ""
}

@test "unpin --no-owners still answers (it needs the scans)" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	lc link pin id "$HOLD_IDS" "$BPFFS/n"
	run "$LINKCTL" -j --no-owners link unpin "$BPFFS/n"
	assert_success
	assert_equal "$(jqo -c '[.released, (.pids | length)]')" '[false,1]'
}

@test "unpin refuses maps, programs and things that are not pins; they stay" {
	"$HOLD" pin-map "$BPF_DIR/counter_map.bpf.o" "$BPFFS/map"
	"$HOLD" pin-prog "$BPF_DIR/xdp_pass.bpf.o" "$BPFFS/prog"
	lcj_fails 1 "$BPFFS/map pins a map, not a link" link unpin "$BPFFS/map"
	[ -e "$BPFFS/map" ]
	lc_fails 1 "$BPFFS/prog pins a program, not a link" link unpin "$BPFFS/prog"
	[ -e "$BPFFS/prog" ]
	touch "$BATS_TEST_TMPDIR/file"
	lc_fails 1 "$BATS_TEST_TMPDIR/file is not on a bpffs, so it is not a pin" \
		link unpin "$BATS_TEST_TMPDIR/file"
	[ -e "$BATS_TEST_TMPDIR/file" ]
	mkdir "$BPFFS/dir"
	lcj_fails 1 "$BPFFS/dir is a directory, not a pin" link unpin "$BPFFS/dir"
	lc_fails 1 "cannot open pinned object $BPFFS/none: No such file or directory" \
		link unpin "$BPFFS/none"
	lc_fails 2 "link unpin: missing 'PATH'" link unpin
}

@test "unpin: a symlink to a pin is refused and the pin stays (text and JSON)" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	link_id=$HOLD_IDS
	run lc link pin id "$link_id" "$BPFFS/real"
	assert_success
	ln -s "$BPFFS/real" "$BATS_TEST_TMPDIR/alias"
	assert_refused 1 "cannot unpin $BATS_TEST_TMPDIR/alias: not a pin file (a symbolic link)" \
		link unpin "$BATS_TEST_TMPDIR/alias"
	[ -L "$BATS_TEST_TMPDIR/alias" ]
	[ -f "$BPFFS/real" ]
}
