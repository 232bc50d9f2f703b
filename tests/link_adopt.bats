#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link adopt: take a pinned link over (re-pin, hold or exec); the new owner exists before the
# old pin goes, and on any failure the old pin is left as it was.

load helpers
load handover

setup() {
	handover_setup
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/old" "$BPFFS/prog"
	read -r ID PROG <<<"$HOLD_IDS"
}
teardown() { lc_teardown; }

@test "adopt pin NEWPATH: same link under the new pin, old pin gone, still attached (JSON)" {
	run lcj link adopt pinned "$BPFFS/old" pin "$BPFFS/sub/new"
	assert_success
	assert_equal "$(jqo .link_id)" "$ID"
	assert_equal "$(jqo .type)" xdp
	assert_equal "$(jqo .prog_id)" "$PROG"
	assert_equal "$(jqo .unpinned)" "$BPFFS/old"
	assert_equal "$(jqo .pin_path)" "$BPFFS/sub/new"
	[ ! -e "$BPFFS/old" ]
	[ -e "$BPFFS/sub/new" ]
	assert_equal "$(xdp_prog)" "$PROG"
	assert_equal "$(link_owner_pids "$ID")" ""
	rm "$BPFFS/sub/new"
	wait_output "" xdp_prog
}

@test "adopt pin NEWPATH: text output; the new pin is made before the old one is removed" {
	# LeakSanitizer (make check ASAN=1) cannot run under ptrace
	run env ASAN_OPTIONS=detect_leaks=0 strace -qq -f -o "$T/trace" -e trace=bpf,unlink,unlinkat \
		"$LINKCTL" --bpffs "$BPFFS" -n "$NS" link adopt pinned "$BPFFS/old" pin "$BPFFS/new"
	assert_success
	assert_output "adopted link $ID: xdp  prog $PROG
	unpinned $BPFFS/old
	pinned $BPFFS/new"
	local pin_line unlink_line
	pin_line=$(grep -n 'BPF_OBJ_PIN' "$T/trace" | cut -d: -f1)
	unlink_line=$(grep -n "unlink.*\"$BPFFS/old\"" "$T/trace" | cut -d: -f1)
	[ -n "$pin_line" ] && [ -n "$unlink_line" ]
	[ "$pin_line" -lt "$unlink_line" ]
}

@test "adopt pin NEWPATH: an existing or off-bpffs new pin fails, the old pin stays (text and JSON)" {
	mkdir "$BPFFS/taken"
	assert_lc_error 1 "$BPFFS/taken already exists; not overwriting it" \
		link adopt pinned "$BPFFS/old" pin "$BPFFS/taken"
	assert_lc_error 1 "$T/x is not on a bpffs ($T is not a bpf filesystem)" \
		link adopt pinned "$BPFFS/old" pin "$T/x"
	[ -e "$BPFFS/old" ]
	assert_equal "$(xdp_prog)" "$PROG"
	assert_equal "$(link_owner_pids "$ID")" ""
}

@test "adopt: the old pin must exist and be a link (text and JSON)" {
	assert_lc_error 1 "cannot open pinned object $BPFFS/missing: No such file or directory" \
		link adopt pinned "$BPFFS/missing" pin "$BPFFS/new"
	assert_lc_error 1 "$BPFFS/prog pins a program, not a link" link adopt pinned "$BPFFS/prog"
	[ ! -e "$BPFFS/new" ]
	[ -e "$BPFFS/prog" ]
	assert_lc_error 2 "link adopt: missing 'pinned'" link adopt pin "$BPFFS/new"
	assert_lc_error 2 "link adopt: 'pin' and 'exec' exclude each other" \
		link adopt pinned "$BPFFS/old" pin "$BPFFS/new" exec -- true
	[ -e "$BPFFS/old" ]
}

@test "adopt without NEWPATH: this process holds the link until SIGTERM, then it detaches" {
	lc_bg adopt -j link adopt pinned "$BPFFS/old"
	local pid=$BG_PID
	wait_for test -s "$T/adopt.out"
	[ ! -e "$BPFFS/old" ]
	output=$(cat "$T/adopt.out")
	assert_equal "$(jqo .link_id)" "$ID"
	assert_equal "$(jqo .unpinned)" "$BPFFS/old"
	assert_equal "$(jqo .holder_pid)" "$pid"
	assert_equal "$(link_owner_pids "$ID")" "$pid"
	assert_equal "$(xdp_prog)" "$PROG"
	kill "$pid"
	wait_rc "$pid"
	assert_equal "$WAIT_RC" 0
	wait_output "" xdp_prog
}
